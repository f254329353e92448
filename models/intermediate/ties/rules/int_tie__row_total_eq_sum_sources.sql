{#
    T_ROW_TOTAL_EQ_SUM_SOURCES — on each row, 合计 = Σ its fund sources: 财政拨款 (or its three budgets),
    财政专户, 单位资金, 事业 / 经营 / 上级补助 / 附属单位上缴 / 其他收入, 使用非财政拨款结余, 上年结转; with
    本年收入 小计 printed (固安), 合计 = 本年收入 + 上年结转. Of each family only the top-most measure
    printed on the row counts (seeds/measure_hierarchy.csv). Also the expense lines of a
    财政拨款收支总表 (合计 = 一般公共预算 + 政府性基金 + 国有资本经营) and of a “三公” table by fund.
    A row that also prints 年末结转和结余 is a fund-flow row (上年结转 + 本年收入 = 本年支出 + 年末结转;
    its 合计 is spending), not checked here.
#}

{%- set sources = [
    'current_year_total', 'fiscal_grant', 'general_budget', 'gov_fund', 'state_capital',
    'general_budget_core', 'admin_fees_and_fines', 'admin_fees', 'fines', 'other_budgeted_income',
    'fiscal_special_account', 'special_account_and_service_income', 'unit_funds', 'business_income',
    'operating_income', 'superior_subsidy', 'subsidiary_remittance', 'other_income', 'other_funds',
    'non_fiscal_balance_used', 'carry_over'
] %}

{{ row_cell_eq_sum_cells(
    'T_ROW_TOTAL_EQ_SUM_SOURCES', ref('int_tie__cells'), ref('int_tie__measure_ancestors'),
    total_measure='total', term_measures=sources, unless_row_prints='carry_forward'
) }}
