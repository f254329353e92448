{#
    T_NARRATIVE_TOTAL_EQ_TABLE — a figure the prose states for a whole one-sided table (一般公共预算拨款支出
    10,650.53万元, 一般公共预算财政拨款基本支出 5032.25 万元, 政府性基金支出 0.00 万元, 基本支出 / 项目支出 of
    the 支出总表) = that table's figure: the cell of the subject's measure (合计, 基本支出, 项目支出 …) on the
    table's first total row. Where that row prints no 合计 cell the total is the sum of its expense
    types (福州's 一般公共预算支出表: 基本支出 + 项目支出); where the table prints no total row but a
    total per column group (三明's 基本支出表: 人员经费合计 | 公用经费合计) it is the sum of those. The first
    table of the kind in the document is used. A table published empty (空表: no row, or 0.00 / blank
    throughout, int_disclosure__tables) and printing no total totals 0, on the line of its note or
    title (福州's and 三明's 政府性基金 tables against `政府性基金支出0万元`).

    Like with like: a 基本支出 / 项目支出 the words say is of 一般公共预算 (or of 财政拨款, in a document
    showing its 财政拨款 to be all 一般公共预算) is the 一般公共预算财政拨款支出表's, not the 支出总表's;
    the cells are those of the figure's scope (年初预算 / 全年预算 / 决算). A prior-year figure, an item's
    explanation (`1、行政运行（项）。…其中基本支出…`), another money than the table's or a scope the
    table does not print makes the check not_applicable, with the reason.
#}

{%- set expense_types = ['basic', 'project', 'operating_expense', 'remit_to_superior', 'subsidiary_subsidy'] %}

with

narrative_figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where
        {{ tie_rule_documents('document_id') }}
        and table_statement in (
            'expense', 'general_budget_expense', 'general_budget_basic_expense', 'gov_fund_expense',
            'state_capital_expense'
        )
        and measure in (
            'total',
            '{{ expense_types | join("', '") }}'
        )

),

figures as (

    -- the table of the figure's money: an 一般公共预算 基本支出 is the 一般公共预算 table's
    select
        *,
        case
            when
                table_statement = 'expense'
                and (
                    funding_scope = 'general_budget'
                    or (funding_scope = 'fiscal_grant' and fiscal_grant_is_general_budget)
                )
                then 'general_budget_expense'
            else table_statement
        end as target_statement
    from narrative_figures

),

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

published_tables as (

    select * from {{ ref('int_disclosure__tables') }}
    where {{ tie_rule_documents('document_id') }}

),

tables_with_cells as (

    {{ first_tables('cells', per_statement=true) }}

),

empty_tables as (

    select
        document_id,
        statement_kind as statement,
        table_id,
        evidence_line

    from published_tables
    where status in ('present_empty_with_note', 'present_empty_without_note')

),

first_tables as (

    select
        coalesce(tables_with_cells.document_id, empty_tables.document_id) as document_id,
        coalesce(tables_with_cells.statement, empty_tables.statement) as statement,
        coalesce(tables_with_cells.table_id, empty_tables.table_id) as table_id,
        empty_tables.evidence_line as empty_table_line

    from tables_with_cells
    full outer join empty_tables
        on
            tables_with_cells.document_id = empty_tables.document_id
            and tables_with_cells.statement = empty_tables.statement

),

total_rows as (

    select
        table_id,
        min(row_seq) as row_seq
    from cells
    where row_kind = 'table_total'
    group by table_id

),

total_row_cells as (

    select cells.*
    from cells
    inner join total_rows
        on
            cells.table_id = total_rows.table_id
            and cells.row_seq = total_rows.row_seq

),

tables_with_total_cell as (

    select distinct
        table_id,
        column_scope as amount_scope
    from total_row_cells
    where unscoped_measure = 'total'

),

group_total_cells as (

    select cells.*
    from cells
    left join total_rows
        on cells.table_id = total_rows.table_id
    where
        cells.row_kind = 'group_total'
        and total_rows.table_id is null

),

figure_tables as (

    -- each figure with the first table of its kind in the document
    select
        figures.document_id,
        figures.pair_key,
        figures.target_statement,
        figures.measure,
        figures.amount_scope,
        first_tables.table_id,
        first_tables.empty_table_line

    from figures
    inner join first_tables
        on
            figures.document_id = first_tables.document_id
            and figures.target_statement = first_tables.statement

),

table_scopes as (

    select
        table_id,
        min(table_funding_scope) as table_funding_scope
    from cells
    group by table_id

),

printed_scopes as (

    select distinct
        table_id,
        column_scope as amount_scope
    from cells

),

compared_figures as (

    -- an empty table prints nothing in any column: its total is 0 whatever the scope
    select
        figures.*,
        coalesce(table_scopes.table_funding_scope, {{ table_funding_scope('figures.target_statement', "''") }})
            as table_funding_scope,
        case
            when figure_tables.empty_table_line is not null and table_scopes.table_id is null then true
            when figure_tables.table_id is not null then printed_scopes.table_id is not null
        end as is_scope_printed

    from figures
    left join figure_tables
        on figures.pair_key = figure_tables.pair_key
    left join table_scopes
        on figure_tables.table_id = table_scopes.table_id
    left join printed_scopes
        on
            figure_tables.table_id = printed_scopes.table_id
            and figures.amount_scope = printed_scopes.amount_scope

),

lhs as (

    {{ narrative_lhs('compared_figures', narrative_department_reason(
        'compared_figures', 'compared_figures.table_funding_scope', 'compared_figures.is_scope_printed'
    ), ['target_statement']) }}

),

counterpart_cells as (

    -- the cell of the measure on the total row
    select
        figure_tables.pair_key,
        total_row_cells.*
    from figure_tables
    inner join total_row_cells
        on
            figure_tables.table_id = total_row_cells.table_id
            and figure_tables.measure = total_row_cells.unscoped_measure
            and figure_tables.amount_scope = total_row_cells.column_scope

    union all

    -- a total the row does not print: its expense types
    select
        figure_tables.pair_key,
        total_row_cells.*
    from figure_tables
    inner join total_row_cells
        on
            figure_tables.table_id = total_row_cells.table_id
            and figure_tables.amount_scope = total_row_cells.column_scope
            and total_row_cells.unscoped_measure in (
                '{{ expense_types | join("', '") }}'
            )
    left join tables_with_total_cell
        on
            total_row_cells.table_id = tables_with_total_cell.table_id
            and figure_tables.amount_scope = tables_with_total_cell.amount_scope
    where
        figure_tables.measure = 'total'
        and tables_with_total_cell.table_id is null

    union all

    -- no total row: the column groups' totals
    select
        figure_tables.pair_key,
        group_total_cells.*
    from figure_tables
    inner join group_total_cells
        on
            figure_tables.table_id = group_total_cells.table_id
            and figure_tables.amount_scope = group_total_cells.column_scope
    where figure_tables.measure = 'total'

),

counterpart_line_numbers as (

    select distinct
        pair_key,
        source_line
    from counterpart_cells

),

counterpart_lines as (

    select
        pair_key,
        {{ source_line_list('source_line') }} as source_lines
    from counterpart_line_numbers
    group by pair_key

),

table_figures as (

    select
        figure_tables.document_id,
        figure_tables.pair_key,
        figure_tables.target_statement as statement,
        figure_tables.table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        figure_tables.measure,
        case
            when count(counterpart_cells.row_id) = 0 and figure_tables.empty_table_line is not null then 0
            else sum(counterpart_cells.amount)
        end as amount,
        count(counterpart_cells.amount) as term_count,
        min(counterpart_cells.amount_decimals) as amount_decimals,
        min(counterpart_cells.source_unit) as source_unit,
        min(counterpart_cells.unit_exponent) as unit_exponent,
        coalesce(
            counterpart_lines.source_lines,
            {{ dbt.cast('figure_tables.empty_table_line', api.Column.translate_type('string')) }}
        ) as source_lines,
        case
            when count(counterpart_cells.row_id) = 0 and figure_tables.empty_table_line is null
                then 'rhs missing: the table prints no total for the subject'
        end as missing_reason

    from figure_tables
    left join counterpart_cells
        on figure_tables.pair_key = counterpart_cells.pair_key
    left join counterpart_lines
        on figure_tables.pair_key = counterpart_lines.pair_key
    group by
        figure_tables.document_id, figure_tables.pair_key, figure_tables.target_statement, figure_tables.table_id,
        figure_tables.empty_table_line, figure_tables.measure, counterpart_lines.source_lines

),

checks as (

    {{ tie_pair_checks(
        'T_NARRATIVE_TOTAL_EQ_TABLE', 'lhs', 'table_figures', "'narrative'", "lhs.target_statement",
        'lhs missing: no narrative total', 'rhs missing: the document prints no table of the kind with figures'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
