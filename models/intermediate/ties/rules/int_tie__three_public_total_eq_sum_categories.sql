{#
    T_THREE_PUBLIC_TOTAL_EQ_SUM_CATEGORIES — “三公”经费 合计 = 因公出国（境）费 + 公务用车购置及运行维护费
    + 公务接待费, slot by slot (int_tie__three_public_figures): a category's parts (公务用车购置费 …) are
    summed only where the category itself is not printed. Every total line counts (固安 prints 合计 and
    “三公”经费小计). A table that prints no total is not_applicable.
#}

{%- set categories = [
    'overseas_travel', 'vehicles', 'reception',
    'research_overseas_travel', 'other_overseas_travel', 'vehicle_purchase', 'vehicle_operation'
] %}

with

figures as (

    select * from {{ ref('int_tie__three_public_figures') }}
    where {{ tie_rule_documents('document_id') }}

),

measure_ancestors as (

    select * from {{ ref('int_tie__measure_ancestors') }}

),

totals as (

    select * from figures
    where category = 'total'

),

category_figures as (

    select * from figures
    where category in ('{{ categories | join("', '") }}')

),

top_categories as (

    {{ top_most_terms('category_figures', 'measure_ancestors', 'category', ['table_id', 'slot']) }}

),

tables_without_total as (

    select figures.* from figures
    left join totals
        on figures.table_id = totals.table_id
    where totals.table_id is null

),

sum_checks as (

    {{ tie_sum_checks(
        'T_THREE_PUBLIC_TOTAL_EQ_SUM_CATEGORIES', 'totals', 'top_categories',
        'top_categories.table_id = totals.table_id and top_categories.slot = totals.slot',
        join_type='left', no_terms_reason='rhs missing: no category printed'
    ) }}

),

missing_checks as (

    {{ tie_missing_checks(
        'T_THREE_PUBLIC_TOTAL_EQ_SUM_CATEGORIES', 'tables_without_total',
        "'lhs missing: no 合计 in the “三公” table'", 'total'
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
