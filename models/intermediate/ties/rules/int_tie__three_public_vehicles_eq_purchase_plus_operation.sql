{#
    T_THREE_PUBLIC_VEHICLES_EQ_PURCHASE_PLUS_OPERATION — 公务用车购置及运行维护费 = 公务用车购置费 +
    公务用车运行维护费, slot by slot (int_tie__three_public_figures). Where neither part is printed the
    line is not checked.
#}

with

figures as (

    select * from {{ ref('int_tie__three_public_figures') }}
    where {{ tie_rule_documents('document_id') }}

),

vehicles as (

    select * from figures
    where category = 'vehicles'

),

parts as (

    select * from figures
    where category in ('vehicle_purchase', 'vehicle_operation')

),

checks as (

    {{ tie_sum_checks(
        'T_THREE_PUBLIC_VEHICLES_EQ_PURCHASE_PLUS_OPERATION', 'vehicles', 'parts',
        'parts.table_id = vehicles.table_id and parts.slot = vehicles.slot'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
