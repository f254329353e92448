{#
    T_SECTION_EQ_SUM_ITEMS — 功能分类 款 = Σ 项, column by column: a 款 row (5 digits) against the 项 rows
    (7 digits) printed under it. A 款 row with no 项 printed under it is a detail row, not checked.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

sections as (

    select * from cells
    where subject_level = 'section'

),

items as (

    select * from cells
    where not is_of_which

),

checks as (

    {{ tie_sum_checks(
        'T_SECTION_EQ_SUM_ITEMS', 'sections', 'items',
        'items.parent_row_id = sections.row_id and items.column_index = sections.column_index'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
