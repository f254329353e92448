{#
    T_ECONOMIC_CLASS_EQ_SUM_SECTIONS — 经济分类 类 = Σ 款, column by column: an economic 类 row (3 digits,
    no 功能分类 code) against the 款 rows (5 digits) printed under it within its column block and under
    the same 政府经济分类 code (招远 prints 301 once under 501 and once under 505). A 类 row with no 款
    printed under it is a detail row, not checked.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

classes as (

    select * from cells
    where economic_level = 'class'

),

sections as (

    select * from cells
    where not is_of_which

),

checks as (

    {{ tie_sum_checks(
        'T_ECONOMIC_CLASS_EQ_SUM_SECTIONS', 'classes', 'sections',
        'sections.parent_row_id = classes.row_id and sections.column_index = classes.column_index'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
