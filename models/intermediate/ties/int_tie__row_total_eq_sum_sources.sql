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

with

cells as (

    select * from {{ ref('int_tie__cells') }}

),

measure_ancestors as (

    select * from {{ ref('int_tie__measure_ancestors') }}

),

fund_flow_rows as (

    select distinct row_id from cells
    where header_measure = 'carry_forward'

),

totals as (

    select cells.* from cells
    left join fund_flow_rows
        on cells.row_id = fund_flow_rows.row_id
    where cells.header_measure = 'total'
        and fund_flow_rows.row_id is null

),

sources as (

    select * from cells
    where header_measure in ('{{ sources | join("', '") }}')

),

top_sources as (

    {{ top_most_terms('sources', 'measure_ancestors', 'header_measure', ['row_id']) }}

),

checks as (

    {{ tie_sum_checks(
        'T_ROW_TOTAL_EQ_SUM_SOURCES', 'totals', 'top_sources',
        'top_sources.row_id = totals.row_id'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
