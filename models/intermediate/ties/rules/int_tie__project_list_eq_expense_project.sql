{#
    T_PROJECT_LIST_EQ_EXPENSE_PROJECT — the 合计 of the project list (项目支出表) = the 项目支出 of the
    支出总表's 合计 row. The first table of each kind in a document is used; a document with one of the
    two tables only is not_applicable (most documents publish no project list).
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

project_tables as (

    {{ first_tables('cells', 'project_expense') }}

),

expense_tables as (

    {{ first_tables('cells', 'expense') }}

),

first_total_rows as (

    select
        table_id,
        min(row_seq) as total_row_seq
    from cells
    where row_kind = 'table_total'
    group by table_id

),

total_row_cells as (

    select cells.*
    from first_total_rows
    inner join cells
        on
            first_total_rows.table_id = cells.table_id
            and first_total_rows.total_row_seq = cells.row_seq

),

project_list_total as (

    select
        project_tables.document_id,
        'document' as pair_key,
        'project_expense' as statement,
        project_tables.table_id,
        total_row_cells.row_id,
        total_row_cells.subject_code,
        total_row_cells.economic_code,
        total_row_cells.sub_unit_code,
        total_row_cells.line_label,
        'total' as measure,
        total_row_cells.header_path,
        total_row_cells.amount,
        total_row_cells.amount_decimals,
        total_row_cells.source_unit,
        total_row_cells.unit_exponent,
        total_row_cells.source_line,
        case
            when total_row_cells.row_id is null then 'lhs missing: no 合计 row with a 合计 column in the 项目支出表'
        end as missing_reason

    from project_tables
    left join total_row_cells
        on
            project_tables.table_id = total_row_cells.table_id
            and total_row_cells.header_measure = 'total'

),

expense_project as (

    select
        expense_tables.document_id,
        'document' as pair_key,
        'expense' as statement,
        expense_tables.table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        'project' as measure,
        total_row_cells.amount,
        case when total_row_cells.amount is null then 0 else 1 end as term_count,
        total_row_cells.amount_decimals,
        total_row_cells.source_unit,
        total_row_cells.unit_exponent,
        {{ dbt.cast('total_row_cells.source_line', api.Column.translate_type('string')) }} as source_lines,
        case
            when total_row_cells.row_id is null then 'rhs missing: no 项目支出 figure on the 合计 row of the 支出总表'
        end as missing_reason

    from expense_tables
    left join total_row_cells
        on
            expense_tables.table_id = total_row_cells.table_id
            and total_row_cells.header_measure = 'project'

),

checks as (

    {{ tie_pair_checks(
        'T_PROJECT_LIST_EQ_EXPENSE_PROJECT', 'project_list_total', 'expense_project',
        "'project_expense'", "'expense'",
        'lhs missing: no 项目支出表 in the document', 'rhs missing: no 支出总表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
