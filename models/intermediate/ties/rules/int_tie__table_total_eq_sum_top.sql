{#
    T_TABLE_TOTAL_EQ_SUM_TOP — 合计 = Σ top-level rows, column by column, in every table whose measures
    are its columns (not the two-sided or “三公” tables, whose lines carry the measure).
    The lhs: the table's total rows (合计 / 总计, and an uncoded department row printed above the
    coded rows). The terms: the top-level rows, i.e. the rows with no printed ancestor: the 类 rows,
    or the 项 rows of a table that lists only 项, or the sub-unit rows; 其中 rows are never terms.
    A total with no row under it is compared with 0 (a table cut short fails), unless it is 0 or
    blank itself: then not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and not measure_from_label

),

totals as (

    select * from cells
    where row_kind = 'table_total'

),

top_rows as (

    select * from cells
    where is_top_level

),

checks as (

    {{ tie_sum_checks(
        'T_TABLE_TOTAL_EQ_SUM_TOP', 'totals', 'top_rows',
        'top_rows.table_id = totals.table_id and top_rows.column_index = totals.column_index',
        join_type='left', no_terms_reason='rhs missing: no rows under the total'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
