{#
    T_SUB_UNIT_EQ_SUM_ROWS — 单位小计 = Σ its rows, column by column: a sub-unit row (单位代码, no
    subject code; 福州 prints one above each unit's rows) against the top-level coded rows of that unit.
    A sub-unit row with no coded row under it is a detail row (the unit's only line), not checked.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

units as (

    select * from cells
    where row_kind = 'sub_unit'

),

unit_rows as (

    select * from cells
    where not is_of_which

),

checks as (

    {{ tie_sum_checks(
        'T_SUB_UNIT_EQ_SUM_ROWS', 'units', 'unit_rows',
        'unit_rows.parent_row_id = units.row_id and unit_rows.column_index = units.column_index'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
