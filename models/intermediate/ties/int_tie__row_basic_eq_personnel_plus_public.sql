{#
    T_ROW_BASIC_EQ_PERSONNEL_PLUS_PUBLIC — on each row, 基本支出 = 人员经费 + 公用经费 (人员经费 taken as
    人员支出 + 对个人和家庭的补助 where it is printed split that way). Rows without a 基本支出 cell, or
    without any of its parts, are not checked.
#}

{%- set basic_parts = ['personnel', 'public_use', 'wages_and_benefits', 'family_subsidy'] %}

with

cells as (

    select * from {{ ref('int_tie__cells') }}

),

measure_ancestors as (

    select * from {{ ref('int_tie__measure_ancestors') }}

),

basics as (

    select * from cells
    where header_measure = 'basic'

),

parts as (

    select * from cells
    where header_measure in ('{{ basic_parts | join("', '") }}')

),

top_parts as (

    {{ top_most_terms('parts', 'measure_ancestors', 'header_measure', ['row_id']) }}

),

checks as (

    {{ tie_sum_checks(
        'T_ROW_BASIC_EQ_PERSONNEL_PLUS_PUBLIC', 'basics', 'top_parts',
        'top_parts.row_id = basics.row_id'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
