{#
    T_ROW_FISCAL_GRANT_EQ_SUM_BUDGETS — on each row, 财政拨款 (小计) = 一般公共预算 + 政府性基金预算 +
    国有资本经营预算 (一般公共预算 taken as its parts where only they are printed, 福州). Rows without a
    财政拨款 cell, or without any budget cell, are not checked.
#}

{%- set budgets = [
    'general_budget', 'gov_fund', 'state_capital',
    'general_budget_core', 'admin_fees_and_fines', 'admin_fees', 'fines', 'other_budgeted_income'
] %}

with

cells as (

    select * from {{ ref('int_tie__cells') }}

),

measure_ancestors as (

    select * from {{ ref('int_tie__measure_ancestors') }}

),

grants as (

    select * from cells
    where header_measure = 'fiscal_grant'

),

budgets as (

    select * from cells
    where header_measure in ('{{ budgets | join("', '") }}')

),

top_budgets as (

    {{ top_most_terms('budgets', 'measure_ancestors', 'header_measure', ['row_id']) }}

),

checks as (

    {{ tie_sum_checks(
        'T_ROW_FISCAL_GRANT_EQ_SUM_BUDGETS', 'grants', 'top_budgets',
        'top_budgets.row_id = grants.row_id'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
