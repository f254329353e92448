{#
    T_TWO_SIDED_EXPENSE_TOTAL_EQ_SUM_ITEMS — in a two-sided table, the expense side's 本年支出合计
    (支出合计) = Σ the expense lines printed above it, column by column (a 财政拨款收支总表 prints 合计 |
    一般公共预算 | 政府性基金 | 国有资本经营 on that side): the 功能分类 类 lines, or the lines by economic
    nature (福州: 人员经费, 公用支出, 项目支出 …). A line whose measure is a part of another line's on the
    same side (人员支出 under 人员经费) and 其中 lines are not summed. A side that prints no 本年支出合计
    line is not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where side = 'expense'

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
        'T_TWO_SIDED_EXPENSE_TOTAL_EQ_SUM_ITEMS', 'current_totals', 'items',
        'items.table_id = current_totals.table_id
            and items.column_index = current_totals.column_index
            and items.source_line < current_totals.source_line',
        join_type='left', no_terms_reason='rhs missing: no expense line above the total'
    ) }}

),

missing_checks as (

    {{ tie_missing_checks(
        'T_TWO_SIDED_EXPENSE_TOTAL_EQ_SUM_ITEMS', 'sides_without_total',
        "'lhs missing: no 本年支出合计 line on the expense side'", 'total'
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
