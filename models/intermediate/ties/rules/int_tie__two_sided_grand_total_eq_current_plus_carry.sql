{#
    T_TWO_SIDED_GRAND_TOTAL_EQ_CURRENT_PLUS_CARRY — on each side of a two-sided table, 总计 = 本年合计 +
    the lines printed between it and 总计: 上年结转, 年初结转和结余, 使用非财政拨款结余, 上级补助收入 … on
    the income side; 结余分配, 年末结转和结余, 结转下年, 上缴上级支出 … on the expense side. Lines that
    name a fund source there (一般公共预算拨款 / 政府性基金 / 国有资本经营 printed under 年初财政拨款结转和
    结余, 固安 and 三明) break the carry-over down and are not summed; nor are 其中 lines. A side without
    a 本年合计 line (福州) sums its top-most lines above 总计 instead. Column by column; a side that prints
    no 总计 line (泉州 closes with 收入合计 / 支出合计) is not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and side is not null

),

grand_totals as (

    select * from cells
    where label_measure = 'grand_total'

),

current_totals as (

    select * from cells
    where
        label_measure = 'total'
        and row_kind <> 'line'

),

current_lines as (

    select
        grand_totals.budget_line_id as grand_line_id,
        max(current_totals.source_line) as current_line

    from grand_totals
    inner join current_totals
        on
            grand_totals.table_id = current_totals.table_id
            and grand_totals.side = current_totals.side
            and grand_totals.source_line > current_totals.source_line
    group by grand_totals.budget_line_id

),

terms as (

    select
        cells.*,
        grand_totals.budget_line_id as grand_line_id

    from grand_totals
    left join current_lines
        on grand_totals.budget_line_id = current_lines.grand_line_id
    inner join cells
        on
            grand_totals.table_id = cells.table_id
            and grand_totals.side = cells.side
            and grand_totals.column_index = cells.column_index
            and grand_totals.source_line > cells.source_line
    where
        (
            current_lines.current_line is not null
            and (
                (cells.source_line = current_lines.current_line and cells.row_kind <> 'line')
                or (
                    cells.source_line > current_lines.current_line
                    and cells.row_kind = 'line'
                    and not cells.is_of_which
                    and coalesce(cells.label_measure_group, '') <> 'fund_source'
                )
            )
        )
        or (
            current_lines.current_line is null
            and cells.row_kind = 'line'
            and not cells.is_of_which
            and not cells.is_part_of_side_line
        )

),

sides_without_grand_total as (

    select distinct
        cells.document_id,
        cells.statement,
        cells.table_id,
        cells.side,
        cells.source_unit

    from cells
    left join grand_totals
        on
            cells.table_id = grand_totals.table_id
            and cells.side = grand_totals.side
    where grand_totals.table_id is null

),

sum_checks as (

    {{ tie_sum_checks(
        'T_TWO_SIDED_GRAND_TOTAL_EQ_CURRENT_PLUS_CARRY', 'grand_totals', 'terms',
        'terms.grand_line_id = grand_totals.budget_line_id',
        join_type='left', no_terms_reason='rhs missing: no line above the 总计'
    ) }}

),

missing_checks as (

    {{ tie_missing_checks(
        'T_TWO_SIDED_GRAND_TOTAL_EQ_CURRENT_PLUS_CARRY', 'sides_without_grand_total',
        dbt.concat([
            "'lhs missing: no 总计 line on the '",
            dbt.listagg('sides_without_grand_total.side', "' and '", 'order by sides_without_grand_total.side desc'),
            "' side'"
        ]), 'grand_total'
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
