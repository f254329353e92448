{#
    T_GENERAL_BUDGET_BASIC_EQ_BASIC_TABLE — the 基本支出 of the 一般公共预算财政拨款支出表's 合计 row = the
    合计 of the 一般公共预算财政拨款基本支出表: the 合计 column of its first total row, or, where it prints
    no 合计 row but a total per column group (三明: 人员经费合计 | 公用经费合计), the sum of those. The first
    table of each kind in a document is used; a document with one of the two tables only is
    not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

budget_tables as (

    {{ first_tables('cells', 'general_budget_expense') }}

),

basic_tables as (

    {{ first_tables('cells', 'general_budget_basic_expense') }}

),

budget_total_rows as (

    select
        table_id,
        min(row_seq) as total_row_seq
    from cells
    where row_kind = 'table_total'
    group by table_id

),

budget_basic_cells as (

    select cells.*
    from budget_tables
    inner join budget_total_rows
        on budget_tables.table_id = budget_total_rows.table_id
    inner join cells
        on
            budget_total_rows.table_id = cells.table_id
            and budget_total_rows.total_row_seq = cells.row_seq
    where cells.header_measure = 'basic'

),

budget_basic as (

    select
        budget_tables.document_id,
        'document' as pair_key,
        'general_budget_expense' as statement,
        budget_tables.table_id,
        budget_basic_cells.row_id,
        budget_basic_cells.subject_code,
        budget_basic_cells.economic_code,
        budget_basic_cells.sub_unit_code,
        budget_basic_cells.line_label,
        'basic' as measure,
        budget_basic_cells.header_path,
        budget_basic_cells.amount,
        budget_basic_cells.amount_decimals,
        budget_basic_cells.source_unit,
        budget_basic_cells.unit_exponent,
        budget_basic_cells.source_line,
        case
            when budget_basic_cells.row_id is null then 'lhs missing: no 基本支出 figure on the 合计 row of the 一般公共预算财政拨款支出表'
        end as missing_reason

    from budget_tables
    left join budget_basic_cells
        on budget_tables.table_id = budget_basic_cells.table_id

),

basic_total_figures as (

    select
        cells.*,
        case when cells.row_kind = 'table_total' then 0 else 1 end as figure_kind,
        min(case when cells.row_kind = 'table_total' then 0 else 1 end) over (partition by cells.table_id)
            as best_figure_kind,
        min(case when cells.row_kind = 'table_total' then cells.row_seq end) over (partition by cells.table_id)
            as total_row_seq,
        row_number() over (partition by cells.table_id, cells.source_line order by cells.column_index)
            as line_rank

    from basic_tables
    inner join cells
        on basic_tables.table_id = cells.table_id
    where
        (cells.row_kind = 'table_total' and cells.header_measure = 'total')
        or cells.row_kind = 'group_total'

),

basic_table_total as (

    select
        basic_tables.document_id,
        'document' as pair_key,
        'general_budget_basic_expense' as statement,
        basic_tables.table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        'total' as measure,
        sum(basic_total_figures.amount) as amount,
        count(basic_total_figures.amount) as term_count,
        min(basic_total_figures.amount_decimals) as amount_decimals,
        min(basic_total_figures.source_unit) as source_unit,
        min(basic_total_figures.unit_exponent) as unit_exponent,
        {{ source_line_list('case when basic_total_figures.line_rank = 1 then basic_total_figures.source_line end') }}
            as source_lines,
        case
            when count(basic_total_figures.row_id) = 0 then 'rhs missing: no 合计 row in the 一般公共预算财政拨款基本支出表'
        end as missing_reason

    from basic_tables
    left join basic_total_figures
        on
            basic_tables.table_id = basic_total_figures.table_id
            and basic_total_figures.figure_kind = basic_total_figures.best_figure_kind
            and (basic_total_figures.figure_kind = 1 or basic_total_figures.row_seq = basic_total_figures.total_row_seq)
    group by basic_tables.document_id, basic_tables.table_id

),

checks as (

    {{ tie_pair_checks(
        'T_GENERAL_BUDGET_BASIC_EQ_BASIC_TABLE', 'budget_basic', 'basic_table_total',
        "'general_budget_expense'", "'general_budget_basic_expense'",
        'lhs missing: no 一般公共预算财政拨款支出表 in the document',
        'rhs missing: no 一般公共预算财政拨款基本支出表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
