{#
    Whole tie rule models shared by rules that differ only in their parameters (a side, the measures
    summed, the captions of their not_applicable reasons). Each rule keeps its own model file, with
    its doc comment, calling one of these; the arithmetic they use is in macros/ties.sql. Each reads
    its per-document inputs through tie_rule_documents(), below.
#}

{#
    The tie rule models are views (dbt_project.yml): one node per rule would cost an incremental
    build a temporary table, introspection, a delete+insert and a record of documents built per
    rule, 32 times, where the rule's own query over the new documents takes milliseconds. A view is
    created by a full build only: its SQL changes only with the project, which makes the next build
    a full one (budget_warehouse/build.py), so an incremental build leaves the views out.

    fct_tie_check's pre-hook (stage_tie_rule_checks) copies the views' checks into a table, one rule
    per statement, which the model reads: one query over the 32 rules would hold
    every rule's intermediate results at once, under the 1 GB memory limit of the profile (measured
    at 3,000 documents: 110 s against 43 s one rule at a time). In an incremental build it first
    names the documents it builds in the DuckDB session variable tie_rule_documents, and every rule
    view reads its per-document inputs where that list holds the document. DuckDB binds the
    variable as a constant, so the filter reaches the scans of the inputs, beneath the rules' joins,
    windows and aggregations; a filter on the view's output (or an anti-join on the built documents)
    does not, and would compute every rule over every document. The variable is unset outside that
    pre-hook (a full build, a reader, a dbt unit test): every document.
#}

{#
    Where-clause condition on each per-document input of a tie rule model (not on seeds or
    cross-document lookups): where {{ tie_rule_documents('cells.document_id') }}
#}
{% macro tie_rule_documents(document_id_expression) -%}
    (getvariable('tie_rule_documents') is null
        or list_contains(getvariable('tie_rule_documents'), {{ document_id_expression }}))
{%- endmacro %}

{#
    The table of the checks of every rule for the documents fct_tie_check builds, with the model each
    came from (rule_model); it exists while fct_tie_check builds. A table of the warehouse written
    one committed statement at a time (the hooks run outside the model's transaction): DuckDB keeps
    a temporary table, or the rows of a transaction not yet committed, in memory, and the checks of
    every document (a full build) do not fit under the memory limit beside the mart's own query
    (measured at 3,000 documents: out of memory; committed, 1.2 GB peak).
#}
{% macro tie_rule_checks_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema=generate_schema_name('intermediate', none),
                                  identifier='fct_tie_check__rule_checks')) }}
{%- endmacro %}

{#
    pre-hook of fct_tie_check: in an incremental build, the documents it builds (documents_to_build,
    versioned: new ones and those whose version flags changed) become the rule views' documents, an
    empty list when there is none, unset when there are more than tie_rule_documents_listed_at_most();
    otherwise the variable is unset (every document). Then each rule
    view's checks are added to tie_rule_checks_relation(), one rule per statement.
#}
{% macro stage_tie_rule_checks() -%}
    {%- if is_incremental() -%}
    set variable tie_rule_documents = (
        select case
            when count(*) <= {{ tie_rule_documents_listed_at_most() }}
                then coalesce(list(document_id), cast([] as {{ dbt.type_string() }}[]))
        end
        from {{ ref('int_documents__loaded') }}
        where {{ documents_to_build('document_id', versioned=true) }}
    );
    {%- else -%}
    reset variable tie_rule_documents;
    {%- endif %}
    {% for rule_model in tie_rule_models() -%}
    {%- set rule_checks -%}
    select '{{ rule_model }}' as rule_model, * from {{ ref(rule_model) }}
    {%- endset -%}
    {%- if loop.first -%}
    create or replace table {{ tie_rule_checks_relation() }} as {{ rule_checks }};
    {%- else -%}
    insert into {{ tie_rule_checks_relation() }} {{ rule_checks }};
    {%- endif %}
    {% endfor -%}
    reset variable tie_rule_documents
{%- endmacro %}

{#
    The most documents an incremental build names in tie_rule_documents. list_contains compares a
    row with every element of the list: cheap for a nightly handful, but measured on 20 million
    rows 2.7 s for 300 documents and 24 s for 3,000, per scan of an input. A larger batch leaves the
    variable unset, the views compute every document, and fct_tie_check keeps the new ones
    (documents_to_build). A var, so that a test can take that path with a few documents.
#}
{% macro tie_rule_documents_listed_at_most() -%}
    {{ var('tie_rule_documents_listed_at_most', 100) }}
{%- endmacro %}

{#
    post-hook of fct_tie_check: the staged checks are dropped.
#}
{% macro drop_tie_rule_checks() -%}
    drop table if exists {{ tie_rule_checks_relation() }}
{%- endmacro %}

{#
    The tie rule models (models/intermediate/ties/rules/), one per row of seeds/tie_rules.csv in the
    registry's order: fct_tie_check unions them. Written out because dbt resolves a model's refs when it parses the project,
    before any seed is loaded; tests/test_ties.py checks the list, the registry and the folder agree.
#}
{% macro tie_rule_models() -%}
    {{ return([
        'int_tie__table_total_eq_sum_top',
        'int_tie__class_eq_sum_sections',
        'int_tie__section_eq_sum_items',
        'int_tie__economic_class_eq_sum_sections',
        'int_tie__group_total_eq_sum_economic_classes',
        'int_tie__sub_unit_eq_sum_rows',
        'int_tie__three_public_total_eq_sum_categories',
        'int_tie__three_public_vehicles_eq_purchase_plus_operation',
        'int_tie__row_total_eq_basic_plus_project',
        'int_tie__row_basic_eq_personnel_plus_public',
        'int_tie__row_total_eq_sum_sources',
        'int_tie__row_fiscal_grant_eq_sum_budgets',
        'int_tie__two_sided_income_total_eq_sum_items',
        'int_tie__two_sided_expense_total_eq_sum_items',
        'int_tie__two_sided_grand_total_eq_current_plus_carry',
        'int_tie__two_sided_income_eq_expense',
        'int_tie__summary_income_eq_income_table',
        'int_tie__summary_expense_eq_expense_table',
        'int_tie__summary_classes_eq_expense_classes',
        'int_tie__fiscal_grant_general_budget_eq_general_budget_table',
        'int_tie__general_budget_basic_eq_basic_table',
        'int_tie__general_budget_economic_eq_general_budget_table',
        'int_tie__project_list_eq_expense_project',
        'int_tie__performance_budget_eq_project_list',
        'int_tie__performance_funds_eq_sum_project_budgets',
        'int_tie__performance_project_count_eq_printed',
        'int_tie__narrative_total_eq_summary',
        'int_tie__narrative_total_eq_table',
        'int_tie__narrative_subject_code_eq_general_budget_table',
        'int_tie__narrative_three_public_eq_table',
        'int_tie__narrative_personnel_public_eq_basic_table',
        'int_tie__narrative_parts_eq_total'
    ]) }}
{%- endmacro %}

{#
    The 收支总表's income (or expenditure) = the 合计 of the one-sided table of that side (收入总表 /
    支出总表): the 合计 column of its first total row. With a carry-over column in that table
    (`carry_over_measures`) its 合计 covers more than the year's, so it is compared with the
    summary's 收入总计 / 支出总计 (label measure grand_total), otherwise with 本年收入合计 / 本年支出合计
    (total); where the preferred line is not printed the other one is used. The first table of each
    kind in a document is used; a document with one of the two tables only is not_applicable.
#}
{% macro summary_side_eq_side_table(rule_id, cells, side, carry_over_measures, summary_lines_zh, side_table_zh) -%}
with

cells as (

    select * from {{ cells }}
    where {{ tie_rule_documents('document_id') }}

),

summary_tables as (

    {{ first_tables('cells', 'summary') }}

),

side_tables as (

    {{ first_tables('cells', side) }}

),

side_scope as (

    select
        side_tables.document_id,
        side_tables.table_id,
        max(case when cells.header_measure in ('{{ carry_over_measures | join("', '") }}') then 1 else 0 end)
            as has_carry_over_column

    from side_tables
    inner join cells
        on side_tables.table_id = cells.table_id
    group by side_tables.document_id, side_tables.table_id

),

summary_lines as (

    select
        cells.*,
        row_number() over (
            partition by cells.table_id
            order by
                case
                    when (cells.label_measure = 'grand_total') = (coalesce(side_scope.has_carry_over_column, 0) = 1) then 0
                    else 1
                end,
                cells.source_line desc
        ) as preference

    from summary_tables
    inner join cells
        on summary_tables.table_id = cells.table_id
    left join side_scope
        on summary_tables.document_id = side_scope.document_id
    where cells.side = '{{ side }}'
        and cells.header_measure = 'total'
        and cells.row_kind <> 'line'
        and cells.label_measure in ('grand_total', 'total')

),

summary_side as (

    select
        summary_tables.document_id,
        'document' as pair_key,
        'summary' as statement,
        summary_tables.table_id,
        summary_lines.row_id,
        summary_lines.subject_code,
        summary_lines.economic_code,
        summary_lines.sub_unit_code,
        summary_lines.line_label,
        coalesce(summary_lines.measure, 'total') as measure,
        summary_lines.header_path,
        summary_lines.amount,
        summary_lines.amount_decimals,
        summary_lines.source_unit,
        summary_lines.unit_exponent,
        summary_lines.source_line,
        case
            when summary_lines.row_id is null then 'lhs missing: no {{ summary_lines_zh }} line in the 收支总表'
        end as missing_reason

    from summary_tables
    left join summary_lines
        on summary_tables.table_id = summary_lines.table_id
        and summary_lines.preference = 1

),

side_totals as (

    select
        cells.*,
        row_number() over (partition by cells.table_id order by cells.row_seq) as total_rank

    from side_tables
    inner join cells
        on side_tables.table_id = cells.table_id
    where cells.row_kind = 'table_total'
        and cells.header_measure = 'total'

),

side_table_total as (

    select
        side_tables.document_id,
        'document' as pair_key,
        '{{ side }}' as statement,
        side_tables.table_id,
        side_totals.subject_code,
        side_totals.measure,
        side_totals.amount,
        case when side_totals.amount is null then 0 else 1 end as term_count,
        side_totals.amount_decimals,
        side_totals.source_unit,
        side_totals.unit_exponent,
        {{ dbt.cast('side_totals.source_line', api.Column.translate_type('string')) }} as source_lines,
        case
            when side_totals.row_id is null then 'rhs missing: no 合计 row with a 合计 column in the {{ side_table_zh }}'
        end as missing_reason

    from side_tables
    left join side_totals
        on side_tables.table_id = side_totals.table_id
        and side_totals.total_rank = 1

),

checks as (

    {{ tie_pair_checks(
        rule_id, 'summary_side', 'side_table_total', "'summary'", "'" ~ side ~ "'",
        'lhs missing: no 收支总表 in the document', 'rhs missing: no ' ~ side_table_zh ~ ' in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
{%- endmacro %}

{#
    In a two-sided table, one side's 本年收入合计 / 本年支出合计 (label measure total, not a plain line)
    = Σ the lines of that side printed above it, column by column. A line whose measure is a part of
    another line's on the same side (is_part_of_side_line) and 其中 lines are not summed. A total with
    no line above it is compared with 0 unless it is itself 0 or blank (then not_applicable); a side
    that prints no such total line is not_applicable.
#}
{% macro two_sided_total_eq_sum_lines(rule_id, cells, side, total_zh) -%}
with

cells as (

    select * from {{ cells }}
    where {{ tie_rule_documents('document_id') }}
        and side = '{{ side }}'

),

current_totals as (

    select * from cells
    where label_measure = 'total'
        and row_kind <> 'line'

),

items as (

    select * from cells
    where row_kind = 'line'
        and not is_of_which
        and not is_part_of_side_line

),

sides_without_total as (

    select cells.* from cells
    left join current_totals
        on cells.table_id = current_totals.table_id
    where current_totals.table_id is null

),

sum_checks as (

    {{ tie_sum_checks(
        rule_id, 'current_totals', 'items',
        'items.table_id = current_totals.table_id
            and items.column_index = current_totals.column_index
            and items.source_line < current_totals.source_line',
        join_type='left', no_terms_reason='rhs missing: no ' ~ side ~ ' line above the total'
    ) }}

),

missing_checks as (

    {{ tie_missing_checks(
        rule_id, 'sides_without_total',
        "'lhs missing: no " ~ total_zh ~ " line on the " ~ side ~ " side'", 'total'
    ) }}

),

checks as (

    select * from sum_checks
    union all
    select * from missing_checks

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
{%- endmacro %}

{#
    On each row, the cell of `total_measure` = Σ the cells of `term_measures` printed on the same row,
    of each family only the top-most measure printed (seeds/measure_hierarchy.csv, relation
    int_tie__measure_ancestors). Rows without a term cell are not checked. With
    `unless_row_prints`, a row that also prints a cell of that measure is not checked (a fund-flow
    row printing 年末结转: its 合计 is spending, not the sum of its sources).
#}
{% macro row_cell_eq_sum_cells(rule_id, cells, measure_ancestors, total_measure, term_measures, unless_row_prints=none) -%}
with

cells as (

    select * from {{ cells }}
    where {{ tie_rule_documents('document_id') }}

),

measure_ancestors as (

    select * from {{ measure_ancestors }}

),
{%- if unless_row_prints is not none %}

excluded_rows as (

    select distinct row_id from cells
    where header_measure = '{{ unless_row_prints }}'

),

totals as (

    select cells.* from cells
    left join excluded_rows
        on cells.row_id = excluded_rows.row_id
    where cells.header_measure = '{{ total_measure }}'
        and excluded_rows.row_id is null

),
{%- else %}

totals as (

    select * from cells
    where header_measure = '{{ total_measure }}'

),
{%- endif %}

terms as (

    select * from cells
    where header_measure in ('{{ term_measures | join("', '") }}')

),

top_terms as (

    {{ top_most_terms('terms', 'measure_ancestors', 'header_measure', ['row_id']) }}

),

checks as (

    {{ tie_sum_checks(rule_id, 'totals', 'top_terms', 'top_terms.row_id = totals.row_id') }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
{%- endmacro %}

{#
    The lhs of a performance rule (tie_pair_checks): per document, the first sentence of `sentences`
    (stg_raw__performance_fund_totals rows, with any columns the rule joins to them) stating how many
    projects carry performance targets (共设置2个项目绩效目标，共涉及财政拨款资金4,023.00万元), labelled
    by the count it states (2个项目). The figure, its decimals, unit, unit exponent and
    missing_reason (none: no reason) are SQL expressions over the columns of `sentences`, unqualified.
#}
{% macro performance_sentence_lhs(sentences, measure, header_path, amount, amount_decimals, source_unit, unit_exponent, missing_reason=none) -%}
    select
        document_id,
        'document' as pair_key,
        'performance' as statement,
        cast(null as {{ dbt.type_string() }}) as table_id,
        cast(null as {{ dbt.type_string() }}) as row_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        cast(null as {{ dbt.type_string() }}) as economic_code,
        cast(null as {{ dbt.type_string() }}) as sub_unit_code,
        {{ dbt.concat([dbt.cast('project_count', api.Column.translate_type('string')), "'个项目'"]) }} as line_label,
        '{{ measure }}' as measure,
        '{{ header_path }}' as header_path,
        {{ amount }} as amount,
        {{ amount_decimals }} as amount_decimals,
        {{ source_unit }} as source_unit,
        {{ unit_exponent }} as unit_exponent,
        source_line,
        {{ missing_reason if missing_reason is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as missing_reason

    from (
        select
            {{ sentences }}.*,
            row_number() over (partition by {{ sentences }}.document_id order by {{ sentences }}.source_line)
                as statement_rank

        from {{ sentences }}
    ) as ranked_sentences
    where statement_rank = 1
{%- endmacro %}
