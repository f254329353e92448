{#
    Shared arithmetic of the tie rules (models/intermediate/ties/rules/, registry
    seeds/tie_rules.csv), so that every rule states its tolerance and computes its status the same way.
#}

{#
    The value of one unit of the last printed digit, exactly: 2 decimals -> 0.01, 0 -> 1. Negative
    decimals express a coarser figure in a finer unit (a 万元 figure with 2 decimals is, in 元, a figure
    rounded to the hundred: -2 -> 100). A CASE of literals, because power() gives a float.
#}
{% macro last_digit_unit(decimals_expression) -%}
    case {{ decimals_expression }}
        {%- for decimals in range(-8, 7) %}
        when {{ decimals }} then cast({{ '1' ~ '0' * (-decimals) if decimals <= 0 else '0.' ~ '0' * (decimals - 1) ~ '1' }} as {{ type_amount() }})
        {%- endfor %}
    end
{%- endmacro %}

{#
    Rounding tolerance of a sum of n printed figures against a printed total: each of the n + 1
    figures is rounded to its last printed digit, so each is off by at most half a unit of that
    digit, and the sum by at most 0.5 × (n + 1) units (0.005 × (n + 1) 万元 for 万元 figures with two
    decimals). `decimals_expression` is the coarsest printed decimals among the figures involved.
#}
{% macro rounding_tolerance(decimals_expression, n_expression) -%}
    cast(0.5 * ({{ n_expression }} + 1) * {{ last_digit_unit(decimals_expression) }} as {{ type_amount() }})
{%- endmacro %}

{#
    Status of a tie: pass (equal), rounding (within the tolerance), fail (beyond it), or
    not_applicable when a side is missing (the reason is not null).
#}
{% macro tie_status(lhs, rhs, tolerance, not_applicable_reason='null') -%}
    case
        when {{ not_applicable_reason }} is not null then 'not_applicable'
        when {{ lhs }} = {{ rhs }} then 'pass'
        when abs({{ lhs }} - {{ rhs }}) <= {{ tolerance }} then 'rounding'
        else 'fail'
    end
{%- endmacro %}

{#
    The columns every tie rule model returns, in one order, from a relation `checks` holding per
    check: the location columns, lhs_amount (null when the lhs cell is blank or missing), rhs_amount
    (the sum of the printed terms, null when no term is printed), term_count (printed terms),
    coarsest_decimals (of the printed figures), source_unit, missing_side_reason (which side is
    missing, null when both are there) and the source lines.

    Blank cells are zeros (blank means zero in these documents), on either side. A check where
    nothing at all is printed (lhs and every term blank, both sides present) is not reported: there
    is nothing to tie (招远 leaves most columns of its tables blank). A missing side is reported, as
    not_applicable with its reason.

    `exact_tolerance` replaces the rounding tolerance for a rule comparing figures that are not
    rounded (a count of printed projects: 0, stated in the rule's registry row).
#}
{% macro tie_check_result(checks, exact_tolerance=none) -%}
    {%- set reason = checks ~ '.missing_side_reason' -%}
    {%- set lhs = 'coalesce(' ~ checks ~ '.lhs_amount, 0)' -%}
    {%- set rhs = 'coalesce(' ~ checks ~ '.rhs_amount, 0)' -%}
    {%- if exact_tolerance is none -%}
        {%- set tolerance = rounding_tolerance(checks ~ '.coarsest_decimals', checks ~ '.term_count') -%}
    {%- else -%}
        {%- set tolerance = 'cast(' ~ exact_tolerance ~ ' as ' ~ type_amount() ~ ')' -%}
    {%- endif -%}
    select
        cast({{ checks }}.document_id as {{ dbt.type_string() }}) as document_id,
        cast({{ checks }}.rule_id as {{ dbt.type_string() }}) as rule_id,
        cast({{ checks }}.statement as {{ dbt.type_string() }}) as statement,
        cast({{ checks }}.counterpart_statement as {{ dbt.type_string() }}) as counterpart_statement,
        cast({{ checks }}.table_id as {{ dbt.type_string() }}) as table_id,
        cast({{ checks }}.counterpart_table_id as {{ dbt.type_string() }}) as counterpart_table_id,
        cast({{ checks }}.lhs_row_id as {{ dbt.type_string() }}) as lhs_row_id,
        cast({{ checks }}.subject_code as {{ dbt.type_string() }}) as subject_code,
        cast({{ checks }}.economic_code as {{ dbt.type_string() }}) as economic_code,
        cast({{ checks }}.sub_unit_code as {{ dbt.type_string() }}) as sub_unit_code,
        cast({{ checks }}.line_label as {{ dbt.type_string() }}) as line_label,
        cast({{ checks }}.measure as {{ dbt.type_string() }}) as measure,
        cast({{ checks }}.column_header as {{ dbt.type_string() }}) as column_header,
        cast(case when {{ reason }} is null then {{ lhs }} else {{ checks }}.lhs_amount end as {{ type_amount() }}) as lhs,
        cast(case when {{ reason }} is null then {{ rhs }} else {{ checks }}.rhs_amount end as {{ type_amount() }}) as rhs,
        cast({{ checks }}.term_count as {{ dbt.type_int() }}) as term_count,
        cast(case when {{ reason }} is null then {{ lhs }} - {{ rhs }} end as {{ type_amount() }}) as difference,
        case when {{ reason }} is null then {{ tolerance }} end as tolerance,
        cast({{ checks }}.source_unit as {{ dbt.type_string() }}) as source_unit,
        cast({{ tie_status(lhs, rhs, tolerance, reason) }} as {{ dbt.type_string() }}) as status,
        cast({{ reason }} as {{ dbt.type_string() }}) as not_applicable_reason,
        cast({{ checks }}.lhs_source_lines as {{ dbt.type_string() }}) as lhs_source_lines,
        cast({{ checks }}.rhs_source_lines as {{ dbt.type_string() }}) as rhs_source_lines
    from {{ checks }}
    where {{ checks }}.missing_side_reason is not null
        or {{ checks }}.lhs_amount is not null
        or {{ checks }}.rhs_amount is not null
{%- endmacro %}

{#
    Source lines of a group of figures as text, in printed order: '13,14,15'; null when none.
    `line_expression` is a line number (an integer).
#}
{% macro source_line_list(line_expression) -%}
    {{ return(adapter.dispatch('source_line_list', 'budget_warehouse')(line_expression)) }}
{%- endmacro %}

{% macro default__source_line_list(line_expression) -%}
    {{ dbt.listagg(dbt.cast(line_expression, api.Column.translate_type('string')), "','", 'order by ' ~ line_expression) }}
{%- endmacro %}

{#- DuckDB keeps a sort state per group for an ordered aggregate (string_agg … order by): over a
    million lines in tens of thousands of groups that alone exhausts the memory limit. Collecting
    the lines unordered and sorting each group's list costs a fraction of it. -#}
{% macro duckdb__source_line_list(line_expression) -%}
    nullif(array_to_string(list_sort(list({{ line_expression }}) filter (where {{ line_expression }} is not null)), ','), '')
{%- endmacro %}

{#
    The coarser of two printed decimals (fewer digits after the point); null only when both are.
#}
{% macro coarsest_decimals(first, second) -%}
    case
        when {{ first }} is null then {{ second }}
        when {{ second }} is null or {{ first }} < {{ second }} then {{ first }}
        else {{ second }}
    end
{%- endmacro %}

{#
    Checks of "a printed figure = the sum of other printed figures", one per lhs cell: `lhs` and
    `terms` are relations of int_tie__cells rows, `on` pairs a term with its lhs cell.
      * join_type 'inner': only lhs cells that have terms are checked (a 类 row with no 款 printed
        under it is a detail row, not an aggregate);
        'left': every lhs cell is checked; with no term at all it is compared with 0 (a total that
        no printed row accounts for fails), unless it is itself 0 or blank: then `no_terms_reason`.
    rhs_source_lines lists each line of the terms once (terms on one row share its line).
#}
{% macro tie_sum_checks(rule_id, lhs, terms, on, join_type='inner', no_terms_reason=none) -%}
    {#- The sums and the lists of lines are aggregated apart, each over only the columns it needs: an
        ordered list aggregate over the whole lhs × terms pairing buffers it in memory, which at scale
        exhausts the database's memory limit. lhs cells are one per budget_line_id. -#}
    select
        '{{ rule_id }}' as rule_id,
        {{ lhs }}.document_id,
        {{ lhs }}.statement,
        {{ lhs }}.statement as counterpart_statement,
        {{ lhs }}.table_id,
        {{ lhs }}.table_id as counterpart_table_id,
        {{ lhs }}.row_id as lhs_row_id,
        {{ lhs }}.subject_code,
        {{ lhs }}.economic_code,
        {{ lhs }}.sub_unit_code,
        {{ lhs }}.line_label,
        {{ lhs }}.measure,
        {{ lhs }}.header_path as column_header,
        {{ lhs }}.amount as lhs_amount,
        term_sums.rhs_amount,
        term_sums.term_count,
        {{ coarsest_decimals(lhs ~ '.amount_decimals', 'term_sums.term_decimals') }} as coarsest_decimals,
        {{ lhs }}.source_unit,
        {%- if no_terms_reason %}
        case
            when term_sums.term_rows = 0 and coalesce({{ lhs }}.amount, 0) = 0 then '{{ no_terms_reason }}'
        end as missing_side_reason,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as missing_side_reason,
        {%- endif %}
        {{ dbt.cast(lhs ~ '.source_line', api.Column.translate_type('string')) }} as lhs_source_lines,
        term_lines.source_lines as rhs_source_lines

    from {{ lhs }}
    inner join (
        select
            {{ lhs }}.budget_line_id,
            sum({{ terms }}.amount) as rhs_amount,
            count({{ terms }}.amount) as term_count,
            min({{ terms }}.amount_decimals) as term_decimals,
            count({{ terms }}.row_id) as term_rows
        from {{ lhs }}
        {{ join_type }} join {{ terms }}
            on {{ on }}
        group by {{ lhs }}.budget_line_id
    ) as term_sums
        on {{ lhs }}.budget_line_id = term_sums.budget_line_id
    left join (
        select budget_line_id, {{ source_line_list('source_line') }} as source_lines
        from (
            select distinct {{ lhs }}.budget_line_id, {{ terms }}.source_line
            from {{ lhs }}
            inner join {{ terms }}
                on {{ on }}
        ) as paired_lines
        group by budget_line_id
    ) as term_lines
        on {{ lhs }}.budget_line_id = term_lines.budget_line_id
{%- endmacro %}

{#
    The rows of `terms` whose measure has no ancestor (seeds/measure_hierarchy.csv, relation
    `ancestors` = int_tie__measure_ancestors) among the terms of the same group: where 财政拨款 and
    its 一般公共预算 are both printed, only 财政拨款 is summed.
#}
{% macro top_most_terms(terms, ancestors, measure_column, group_columns) -%}
    select {{ terms }}.*
    from {{ terms }}
    where not exists (
        select 1
        from {{ ancestors }}
        inner join {{ terms }} as wholes
            on wholes.{{ measure_column }} = {{ ancestors }}.ancestor_measure
        where {{ ancestors }}.measure = {{ terms }}.{{ measure_column }}
        {%- for column in group_columns %}
            and wholes.{{ column }} = {{ terms }}.{{ column }}
        {%- endfor %}
    )
{%- endmacro %}

{#
    One not_applicable check per table of `relation` (rows with document_id, statement, table_id,
    source_unit): the lhs the rule looks for is not printed there. `reason` is a SQL expression
    (aggregates over the table's rows allowed). Same columns as tie_sum_checks.
#}
{% macro tie_missing_checks(rule_id, relation, reason, measure) -%}
    select
        '{{ rule_id }}' as rule_id,
        {{ relation }}.document_id,
        {{ relation }}.statement,
        {{ relation }}.statement as counterpart_statement,
        {{ relation }}.table_id,
        {{ relation }}.table_id as counterpart_table_id,
        cast(null as {{ dbt.type_string() }}) as lhs_row_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        cast(null as {{ dbt.type_string() }}) as economic_code,
        cast(null as {{ dbt.type_string() }}) as sub_unit_code,
        cast(null as {{ dbt.type_string() }}) as line_label,
        '{{ measure }}' as measure,
        cast(null as {{ dbt.type_string() }}) as column_header,
        cast(null as {{ type_amount() }}) as lhs_amount,
        cast(null as {{ type_amount() }}) as rhs_amount,
        0 as term_count,
        cast(null as {{ dbt.type_int() }}) as coarsest_decimals,
        {{ relation }}.source_unit,
        {{ reason }} as missing_side_reason,
        cast(null as {{ dbt.type_string() }}) as lhs_source_lines,
        cast(null as {{ dbt.type_string() }}) as rhs_source_lines
    from {{ relation }}
    group by
        {{ relation }}.document_id,
        {{ relation }}.statement,
        {{ relation }}.table_id,
        {{ relation }}.source_unit
{%- endmacro %}

{#
    Checks of one figure against another, usually of two tables of a document: `lhs` holds one
    figure per (document_id, pair_key), `rhs` one figure or a pre-summed group of figures per
    (document_id, pair_key) (columns amount, term_count, amount_decimals, source_lines, table_id,
    statement, source_unit, unit_exponent). `lhs_statement` / `rhs_statement` are SQL expressions
    naming a side's statement when that side is absent. Either side may be absent (full outer join): the check
    is then not_applicable with `lhs_missing` / `rhs_missing` as the reason; a side present but
    without its figure carries its own missing_reason. The lhs's own reason comes first: a figure
    that cannot be compared says why, whether or not a counterpart was found. When the two sides are printed in different
    units the rhs is brought to the lhs unit exactly, by shifting the decimal point (万元 = 10^4 元),
    and so are its printed decimals.
#}
{% macro tie_pair_checks(rule_id, lhs, rhs, lhs_statement, rhs_statement, lhs_missing, rhs_missing) -%}
    {%- set same_unit = 'coalesce(' ~ lhs ~ '.source_unit, ' ~ rhs ~ ".source_unit, '') = coalesce(" ~ rhs ~ '.source_unit, ' ~ lhs ~ ".source_unit, '')" -%}
    {%- set shift = '(' ~ lhs ~ '.unit_exponent - ' ~ rhs ~ '.unit_exponent)' -%}
    select
        '{{ rule_id }}' as rule_id,
        coalesce({{ lhs }}.document_id, {{ rhs }}.document_id) as document_id,
        coalesce({{ lhs }}.statement, {{ lhs_statement }}) as statement,
        coalesce({{ rhs }}.statement, {{ rhs_statement }}) as counterpart_statement,
        {{ lhs }}.table_id,
        {{ rhs }}.table_id as counterpart_table_id,
        {{ lhs }}.row_id as lhs_row_id,
        coalesce({{ lhs }}.subject_code, {{ rhs }}.subject_code) as subject_code,
        {{ lhs }}.economic_code,
        {{ lhs }}.sub_unit_code,
        {{ lhs }}.line_label,
        coalesce({{ lhs }}.measure, {{ rhs }}.measure) as measure,
        {{ lhs }}.header_path as column_header,
        {{ lhs }}.amount as lhs_amount,
        case
            when {{ same_unit }} then {{ rhs }}.amount
            else {{ rhs }}.amount * {{ last_digit_unit(shift) }}
        end as rhs_amount,
        coalesce({{ rhs }}.term_count, 0) as term_count,
        {{ coarsest_decimals(
            lhs ~ '.amount_decimals',
            'case when ' ~ same_unit ~ ' then ' ~ rhs ~ '.amount_decimals else ' ~ rhs ~ '.amount_decimals + ' ~ shift ~ ' end'
        ) }} as coarsest_decimals,
        coalesce({{ lhs }}.source_unit, {{ rhs }}.source_unit) as source_unit,
        case
            when {{ lhs }}.document_id is null then '{{ lhs_missing }}'
            when {{ lhs }}.missing_reason is not null then {{ lhs }}.missing_reason
            when {{ rhs }}.document_id is null then '{{ rhs_missing }}'
            else {{ rhs }}.missing_reason
        end as missing_side_reason,
        {{ dbt.cast(lhs ~ '.source_line', api.Column.translate_type('string')) }} as lhs_source_lines,
        {{ rhs }}.source_lines as rhs_source_lines

    from {{ lhs }}
    full outer join {{ rhs }}
        on {{ lhs }}.document_id = {{ rhs }}.document_id
        and {{ lhs }}.pair_key = {{ rhs }}.pair_key
{%- endmacro %}

{#
    The first table of each kind per document: per document (and statement kind, with
    `per_statement`) the lowest table_id among the rows of `relation`, of statement kind `statement`
    when given. The tables the cross-table and narrative rules compare.
#}
{% macro first_tables(relation, statement=none, per_statement=false) -%}
    select document_id, {% if per_statement %}statement, {% endif %}min(table_id) as table_id
    from {{ relation }}
    {%- if statement is not none %}
    where statement = '{{ statement }}'
    {%- endif %}
    group by document_id{% if per_statement %}, statement{% endif %}
{%- endmacro %}

{#
    One printed figure per (document_id, pair_key) as a side of tie_pair_checks: the rows of
    `relation` (int_tie__cells columns and pair_key) ranked first by `rank_column`, of statement
    `statement` and measure `measure` (SQL expressions), one term, no missing_reason.
#}
{% macro tie_single_figures(relation, statement, measure, rank_column) -%}
    select
        document_id,
        pair_key,
        {{ statement }} as statement,
        table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        {{ measure }} as measure,
        amount,
        1 as term_count,
        amount_decimals,
        source_unit,
        unit_exponent,
        {{ dbt.cast('source_line', api.Column.translate_type('string')) }} as source_lines,
        cast(null as {{ dbt.type_string() }}) as missing_reason

    from {{ relation }}
    where {{ rank_column }} = 1
{%- endmacro %}
