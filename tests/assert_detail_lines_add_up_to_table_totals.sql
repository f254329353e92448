{{ config(severity='warn') }}

{#
    In every table whose measure comes from its columns, the detail lines (is_subtotal = false) of
    each column add up to the table's 合计 line. A difference is a property of the source (a page
    missing from the text rendering, rounding in the printed 合计) or a row classified wrongly; it
    is reported, not fixed. Known in the sample corpus: 招远 2024 收入/支出总体情况表 and 基本支出预算情况表
    lose their continuation pages; 固安 2024 prints 合计 0.01 below the sum of its lines.
#}

with

lines as (

    select * from {{ ref('fct_budget_line') }}

),

statement_rows as (

    select * from {{ ref('int_statement_rows__classified') }}

),

lines_with_rows as (

    select
        lines.*,
        statement_rows.label_normalized,
        statement_rows.measure_from_label

    from lines
    inner join statement_rows
        on lines.row_id = statement_rows.row_id

),

table_totals as (

    select
        table_id,
        column_group,
        header_path,
        sum(amount) as printed_total

    from lines_with_rows
    where label_normalized = '合计'
        and not measure_from_label
        and amount is not null
    group by table_id, column_group, header_path

),

detail_sums as (

    select
        table_id,
        column_group,
        header_path,
        sum(amount) as detail_sum

    from lines_with_rows
    where not is_subtotal
    group by table_id, column_group, header_path

),

final as (

    select
        table_totals.table_id,
        table_totals.column_group,
        table_totals.header_path,
        table_totals.printed_total,
        detail_sums.detail_sum

    from table_totals
    left join detail_sums
        on table_totals.table_id = detail_sums.table_id
        and table_totals.column_group = detail_sums.column_group
        and table_totals.header_path = detail_sums.header_path
    where coalesce(detail_sums.detail_sum, 0) <> table_totals.printed_total

)

select * from final
