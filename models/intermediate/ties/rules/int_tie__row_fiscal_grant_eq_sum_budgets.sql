{#
    T_ROW_FISCAL_GRANT_EQ_SUM_BUDGETS — on each row, 财政拨款 (小计) = 一般公共预算 + 政府性基金预算 +
    国有资本经营预算 (一般公共预算 taken as its parts where only they are printed, 福州). Rows without a
    财政拨款 cell, or without any budget cell, are not checked.
#}

{%- set budgets = [
    'general_budget', 'gov_fund', 'state_capital',
    'general_budget_core', 'admin_fees_and_fines', 'admin_fees', 'fines', 'other_budgeted_income'
] %}

{{ row_cell_eq_sum_cells(
    'T_ROW_FISCAL_GRANT_EQ_SUM_BUDGETS', ref('int_tie__cells'), ref('int_tie__measure_ancestors'),
    total_measure='fiscal_grant', term_measures=budgets
) }}
