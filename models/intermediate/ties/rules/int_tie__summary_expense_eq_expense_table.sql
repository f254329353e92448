{#
    T_SUMMARY_EXPENSE_EQ_EXPENSE_TABLE — the 收支总表's expenditure = the 合计 of the 支出总表 (the 合计
    column of its first total row). With a 结转下年 column (招远) the 支出总表's 合计 is compared with the
    summary's 支出总计, otherwise with 本年支出合计; where the preferred line is not printed the other one
    is used (福州 prints only 支出总计). The first table of each kind in a document is used; a document
    with one of the two tables only is not_applicable.
#}

{{ summary_side_eq_side_table(
    'T_SUMMARY_EXPENSE_EQ_EXPENSE_TABLE', ref('int_tie__cells'), side='expense',
    carry_over_measures=['carry_forward'],
    summary_lines_zh='支出总计 / 本年支出合计', side_table_zh='支出总表'
) }}
