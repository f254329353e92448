{#
    T_TWO_SIDED_EXPENSE_TOTAL_EQ_SUM_ITEMS — in a two-sided table, the expense side's 本年支出合计
    (支出合计) = Σ the expense lines printed above it, column by column (a 财政拨款收支总表 prints 合计 |
    一般公共预算 | 政府性基金 | 国有资本经营 on that side): the 功能分类 类 lines, or the lines by economic
    nature (福州: 人员经费, 公用支出, 项目支出 …). A line whose measure is a part of another line's on the
    same side (人员支出 under 人员经费) and 其中 lines are not summed. A side that prints no 本年支出合计
    line is not_applicable.
#}

{{ two_sided_total_eq_sum_lines(
    'T_TWO_SIDED_EXPENSE_TOTAL_EQ_SUM_ITEMS', ref('int_tie__cells'), side='expense', total_zh='本年支出合计'
) }}
