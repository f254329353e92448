{#
    T_CLASS_EQ_SUM_SECTIONS — 功能分类 类 = Σ 款, column by column: a 类 row (3 digits) against the rows
    whose nearest printed ancestor it is (its 款 rows, or its 项 rows where no 款 is printed). A 类 row
    with nothing printed under it is a detail row, not checked.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

classes as (

    select * from cells
    where subject_level = 'class'

),

children as (

    select * from cells
    where not is_of_which

),

checks as (

    {{ tie_sum_checks(
        'T_CLASS_EQ_SUM_SECTIONS', 'classes', 'children',
        'children.parent_row_id = classes.row_id and children.column_index = classes.column_index'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
