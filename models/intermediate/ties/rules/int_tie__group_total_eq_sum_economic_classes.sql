{#
    T_GROUP_TOTAL_EQ_SUM_ECONOMIC_CLASSES — 人员经费合计 / 公用经费合计 = Σ their 经济分类 类: a column
    group's own total row (a 合计 line other than the table's: 三明's 基本支出决算表 prints 人员经费 and
    公用经费 side by side, each closed by its own 合计) against the 经济分类 类 rows printed in that
    group's columns (公用经费 spans two side-by-side groups there). The total's cells under one header
    are taken together: the 公用经费合计 line prints its figure under the second of the two groups.
    Only groups that print 经济分类 类 rows are checked.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and not measure_from_label

),

group_total_cells as (

    select * from cells
    where row_kind = 'group_total'

),

group_totals as (

    select
        min(budget_line_id) as budget_line_id,
        document_id,
        statement,
        table_id,
        row_id,
        column_block,
        subject_code,
        economic_code,
        sub_unit_code,
        line_label,
        min(measure) as measure,
        header_path,
        sum(amount) as amount,
        min(amount_decimals) as amount_decimals,
        source_unit,
        source_line

    from group_total_cells
    group by
        document_id,
        statement,
        table_id,
        row_id,
        column_block,
        subject_code,
        economic_code,
        sub_unit_code,
        line_label,
        header_path,
        source_unit,
        source_line

),

economic_classes as (

    select * from cells
    where
        economic_level = 'class'
        and not is_of_which

),

checks as (

    {{ tie_sum_checks(
        'T_GROUP_TOTAL_EQ_SUM_ECONOMIC_CLASSES', 'group_totals', 'economic_classes',
        'economic_classes.table_id = group_totals.table_id
            and economic_classes.column_block = group_totals.column_block
            and economic_classes.header_path = group_totals.header_path'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
