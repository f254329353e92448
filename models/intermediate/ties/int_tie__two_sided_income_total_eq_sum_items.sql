{#
    T_TWO_SIDED_INCOME_TOTAL_EQ_SUM_ITEMS — in a two-sided table (收支总表, 财政拨款收支总表), the income
    side's 本年收入合计 (收入合计) = Σ the income lines printed above it. A line whose measure is a part
    of another line's on the same side (一般公共预算拨款收入 under 一、财政拨款) and 其中 lines are not
    summed. A side that prints no 本年收入合计 line (福州 closes with 收入总计 only) is not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where side = 'income'

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
        'T_TWO_SIDED_INCOME_TOTAL_EQ_SUM_ITEMS', 'current_totals', 'items',
        'items.table_id = current_totals.table_id
            and items.column_index = current_totals.column_index
            and items.source_line < current_totals.source_line',
        join_type='left', no_terms_reason='rhs missing: no income line above the total'
    ) }}

),

missing_checks as (

    {{ tie_missing_checks(
        'T_TWO_SIDED_INCOME_TOTAL_EQ_SUM_ITEMS', 'sides_without_total',
        "'lhs missing: no 本年收入合计 line on the income side'", 'total'
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
