{#
    The scopes the narrative tie rules compare: which quantity a table column prints (年初预算,
    全年预算, 决算, 上年 …) and which money a table covers (一般公共预算, 财政拨款, all funds …), read from
    the words the document prints, with the same vocabulary as the prose's grammar
    (ingest/narrative/scopes.py).
#}

{#
    A header path with only its scope words left to read: without spaces and without the words that
    hold 预算 / 决算 / 上年 but are no scope (一般公共预算, 政府性基金预算 …, 部门预算, 上年结转 / 上年结余).
    One regular expression, computed once per header (header_amount_scope reads it a dozen times).
#}
{% macro scope_header(header_expression) -%}
    {{ regexp_replace_all(
        header_expression,
        "'[ 　 ]|一般公共预算|政府性基金预算|国有资本经营预算|基金预算|预决算|部门预算|部门决算|上年结转|上年结余'",
        "''"
    ) }}
{%- endmacro %}

{#
    The quantity a column prints, from its scope_header: 上年 or the year before the document's (a
    prior-year column), 年初预算, 全年预算 / 调整后预算, 调整预算 (the adjusted budget or the adjustment:
    only the same words match it), 决算 / 实际 / 执行数, or 预算 not said which; a
    header naming none prints the document's own quantity (a budget's 年初预算, final accounts' 决算).
#}
{% macro header_amount_scope(scope_header_expression, phase_expression, fiscal_year_expression) -%}
    {%- set header = scope_header_expression -%}
    {%- set prior_year = dbt.concat([
        dbt.cast('(' ~ fiscal_year_expression ~ ' - 1)', api.Column.translate_type('string')), "'年'"
    ]) -%}
    case
        when {{ dbt.position("'上年'", header) }} > 0 or {{ dbt.position(prior_year, header) }} > 0 then 'prior_year'
        when {{ dbt.position("'年初预算'", header) }} > 0 then 'initial_budget'
        when {{ dbt.position("'全年预算'", header) }} > 0 or {{ dbt.position("'调整后'", header) }} > 0
            then 'full_year_budget'
        when {{ dbt.position("'调整'", header) }} > 0 and {{ dbt.position("'预算'", header) }} > 0 then 'adjusted_budget'
        when
            {{ dbt.position("'决算'", header) }} > 0
            or {{ dbt.position("'实际'", header) }} > 0
            or {{ dbt.position("'执行数'", header) }} > 0
            then 'final'
        when {{ dbt.position("'预算'", header) }} > 0 and {{ phase_expression }} = 'budget' then 'initial_budget'
        when {{ dbt.position("'预算'", header) }} > 0 then 'budget'
        when {{ phase_expression }} = 'budget' then 'initial_budget'
        when {{ phase_expression }} = 'final' then 'final'
        else 'unknown'
    end
{%- endmacro %}

{#
    A measure without the scope its name carries: the columns printed beside a final account's 决算数
    are measures of their own (年初预算数 initial_budget, 全年预算数 full_year_budget, their 基本支出 /
    项目支出 …, seeds/measures.csv group budget_scope) whose scope is the column's (column_scope); the
    narrative rules compare a figure's measure with what the column prints under that scope.
#}
{% macro unscoped_measure(measure_expression) -%}
    case
        when {{ measure_expression }} in ('initial_budget', 'full_year_budget', 'budget_adjusted') then 'total'
        when {{ measure_expression }} in ('initial_budget_basic', 'full_year_budget_basic') then 'basic'
        when {{ measure_expression }} in ('initial_budget_project', 'full_year_budget_project') then 'project'
        else {{ measure_expression }}
    end
{%- endmacro %}

{#
    A 功能分类 subject's name as prose and tables print it alike: normalized (normalize_label), without
    a trailing level mark (行政运行（项）) and without a trailing 支出 (事业运行支出 and 事业运行 are one).
#}
{% macro subject_name(name_expression) -%}
    {{ regexp_replace_all(
        regexp_replace_all(normalize_label(name_expression), "'[(](类|款|项)[)]$'", "''"),
        "'(支出)+$'",
        "''"
    ) }}
{%- endmacro %}

{#
    The money a table covers, from its title: 一般公共预算, 政府性基金, 国有资本经营, 财政拨款; a title naming
    none covers what its kind does: all funds for the 收支总表 / 收入总表 / 支出总表, 财政拨款 for the
    财政拨款收支总表 and the “三公” table (三公 are paid from 财政拨款 by definition), 一般公共预算 for its
    tables.
#}
{% macro table_funding_scope(statement_expression, title_expression) -%}
    case
        when {{ dbt.position("'一般公共预算'", title_expression) }} > 0 then 'general_budget'
        when
            {{ dbt.position("'政府性基金'", title_expression) }} > 0
            or {{ dbt.position("'基金预算'", title_expression) }} > 0
            then 'gov_fund'
        when {{ dbt.position("'国有资本经营'", title_expression) }} > 0 then 'state_capital'
        when {{ dbt.position("'财政拨款'", title_expression) }} > 0 then 'fiscal_grant'
        when {{ statement_expression }} in ('summary', 'income', 'expense') then 'all_funds'
        when {{ statement_expression }} in ('fiscal_grant_summary', 'three_public') then 'fiscal_grant'
        when {{ statement_expression }} in (
            'general_budget_expense', 'general_budget_basic_expense', 'general_budget_economic'
        ) then 'general_budget'
        when {{ statement_expression }} = 'gov_fund_expense' then 'gov_fund'
        when {{ statement_expression }} = 'state_capital_expense' then 'state_capital'
        else 'unknown'
    end
{%- endmacro %}

{#
    Why a narrative figure of `figure_funding` money cannot be compared with a table of
    `table_funding` money, null when it can: the same money; a figure whose words name none (it is
    the money of the table its subject is reported in); or 财政拨款 against 一般公共预算 in a document
    that shows its 财政拨款 to be all 一般公共预算 (`fiscal_grant_is_general_budget`,
    int_tie__funding_equivalences).
#}
{% macro funding_mismatch_reason(figure_funding, table_funding, fiscal_grant_is_general_budget) -%}
    case
        when
            {{ figure_funding }} = 'unknown'
            or {{ figure_funding }} = {{ table_funding }}
            or (
                {{ figure_funding }} in ('fiscal_grant', 'general_budget')
                and {{ table_funding }} in ('fiscal_grant', 'general_budget')
                and coalesce({{ fiscal_grant_is_general_budget }}, false)
            )
            then null
        else {{ dbt.concat([
            "'lhs not comparable: a '", figure_funding, "' figure against a '", table_funding,
            "' table (the prose names other money than the table prints)'"
        ]) }}
    end
{%- endmacro %}

{#
    A narrative figure shaped as the lhs of tie_pair_checks (macros/ties.sql): the columns it reads
    from `figures` (int_tie__narrative_figures rows) and `extra_columns`, with `reason` (a SQL
    expression over them, null when the figure can be compared) as its missing_reason.
#}
{% macro narrative_lhs(figures, reason, extra_columns=[]) -%}
    select
        {%- for column in extra_columns %}
        {{ figures }}.{{ column }},
        {%- endfor %}
        {{ figures }}.document_id,
        {{ figures }}.pair_key,
        {{ figures }}.statement,
        {{ figures }}.table_id,
        {{ figures }}.row_id,
        {{ figures }}.subject_code,
        {{ figures }}.economic_code,
        {{ figures }}.sub_unit_code,
        {{ figures }}.line_label,
        {{ figures }}.measure,
        {{ figures }}.header_path,
        {{ figures }}.amount,
        {{ figures }}.amount_decimals,
        {{ figures }}.source_unit,
        {{ figures }}.unit_exponent,
        {{ figures }}.source_line,
        {{ reason }} as missing_reason
    from {{ figures }}
{%- endmacro %}

{#
    Why a narrative figure cannot be compared with a department-level table figure, null when it
    can: no table of the year prints it (scope_reason), it explains one item (compared with that
    item's row only, never with a total), its money is not the table's, or the table prints no
    column of its scope (`scope_printed`: a boolean SQL expression, null when the table is absent).
#}
{% macro narrative_department_reason(figures, table_funding, scope_printed) -%}
    coalesce(
        {{ figures }}.scope_reason,
        case
            when {{ figures }}.is_item_explanation
                then {{ dbt.concat([
                    "'lhs not comparable: the figure explains one item ('",
                    "coalesce(" ~ figures ~ ".item_path, '')",
                    "'), compared with its row only'"
                ]) }}
        end,
        {{ funding_mismatch_reason(
            figures ~ '.funding_scope', table_funding, figures ~ '.fiscal_grant_is_general_budget'
        ) }},
        case
            when not {{ scope_printed }}
                then {{ dbt.concat([
                    "'rhs missing: the table prints no column of the figure''s scope ('", figures ~ ".amount_scope", "')'"
                ]) }}
        end
    )
{%- endmacro %}
