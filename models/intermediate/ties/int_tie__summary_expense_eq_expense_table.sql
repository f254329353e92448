{#
    T_SUMMARY_EXPENSE_EQ_EXPENSE_TABLE — the 收支总表's expenditure = the 合计 of the 支出总表 (the 合计
    column of its first total row). With a 结转下年 column (招远) the 支出总表's 合计 is compared with the
    summary's 支出总计, otherwise with 本年支出合计; where the preferred line is not printed the other one
    is used (福州 prints only 支出总计). The first table of each kind in a document is used; a document
    with one of the two tables only is not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}

),

summary_tables as (

    select document_id, min(table_id) as table_id
    from cells
    where statement = 'summary'
    group by document_id

),

expense_tables as (

    select document_id, min(table_id) as table_id
    from cells
    where statement = 'expense'
    group by document_id

),

expense_scope as (

    select
        expense_tables.document_id,
        expense_tables.table_id,
        max(case when cells.header_measure in ('carry_forward') then 1 else 0 end)
            as has_carry_over_column

    from expense_tables
    inner join cells
        on expense_tables.table_id = cells.table_id
    group by expense_tables.document_id, expense_tables.table_id

),

summary_lines as (

    select
        cells.*,
        row_number() over (
            partition by cells.table_id
            order by
                case
                    when (cells.label_measure = 'grand_total') = (coalesce(expense_scope.has_carry_over_column, 0) = 1) then 0
                    else 1
                end,
                cells.source_line desc
        ) as preference

    from summary_tables
    inner join cells
        on summary_tables.table_id = cells.table_id
    left join expense_scope
        on summary_tables.document_id = expense_scope.document_id
    where cells.side = 'expense'
        and cells.header_measure = 'total'
        and cells.row_kind <> 'line'
        and cells.label_measure in ('grand_total', 'total')

),

summary_expense as (

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
            when summary_lines.row_id is null then 'lhs missing: no 支出总计 / 本年支出合计 line in the 收支总表'
        end as missing_reason

    from summary_tables
    left join summary_lines
        on summary_tables.table_id = summary_lines.table_id
        and summary_lines.preference = 1

),

expense_totals as (

    select
        cells.*,
        row_number() over (partition by cells.table_id order by cells.row_seq) as total_rank

    from expense_tables
    inner join cells
        on expense_tables.table_id = cells.table_id
    where cells.row_kind = 'table_total'
        and cells.header_measure = 'total'

),

expense_table_total as (

    select
        expense_tables.document_id,
        'document' as pair_key,
        'expense' as statement,
        expense_tables.table_id,
        expense_totals.subject_code,
        expense_totals.measure,
        expense_totals.amount,
        case when expense_totals.amount is null then 0 else 1 end as term_count,
        expense_totals.amount_decimals,
        expense_totals.source_unit,
        expense_totals.unit_exponent,
        {{ dbt.cast('expense_totals.source_line', api.Column.translate_type('string')) }} as source_lines,
        case
            when expense_totals.row_id is null then 'rhs missing: no 合计 row with a 合计 column in the 支出总表'
        end as missing_reason

    from expense_tables
    left join expense_totals
        on expense_tables.table_id = expense_totals.table_id
        and expense_totals.total_rank = 1

),

checks as (

    {{ tie_pair_checks(
        'T_SUMMARY_EXPENSE_EQ_EXPENSE_TABLE', 'summary_expense', 'expense_table_total', "'summary'", "'expense'",
        'lhs missing: no 收支总表 in the document', 'rhs missing: no 支出总表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
