{#
    T_TWO_SIDED_INCOME_TOTAL_EQ_SUM_ITEMS — in a two-sided table (收支总表, 财政拨款收支总表), the income
    side's 本年收入合计 (收入合计) = Σ the income lines printed above it. A line whose measure is a part
    of another line's on the same side (一般公共预算拨款收入 under 一、财政拨款) and 其中 lines are not
    summed. A side that prints no 本年收入合计 line (福州 closes with 收入总计 only) is not_applicable.
#}

{{ two_sided_total_eq_sum_lines(
    'T_TWO_SIDED_INCOME_TOTAL_EQ_SUM_ITEMS', ref('int_tie__cells'), side='income', total_zh='本年收入合计'
) }}
