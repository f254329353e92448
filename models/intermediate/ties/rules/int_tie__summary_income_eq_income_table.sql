{#
    T_SUMMARY_INCOME_EQ_INCOME_TABLE — the 收支总表's income = the 合计 of the 收入总表 (the 合计 column of
    its first total row). The 收入总表's 合计 covers the columns it prints: with a carry-over column
    (上年结转, 使用非财政拨款结余: budgets) it is all income, so it is compared with the summary's 收入总计;
    without one (决算 收入决算表) it is the current year's, compared with 本年收入合计. Where the preferred
    line is not printed the other one is used (泉州 prints only 收入合计). The first table of each kind
    in a document is used; a document with one of the two tables only is not_applicable.
#}

{{ summary_side_eq_side_table(
    'T_SUMMARY_INCOME_EQ_INCOME_TABLE', ref('int_tie__cells'), side='income',
    carry_over_measures=['carry_over', 'non_fiscal_balance_used'],
    summary_lines_zh='收入总计 / 本年收入合计', side_table_zh='收入总表'
) }}
