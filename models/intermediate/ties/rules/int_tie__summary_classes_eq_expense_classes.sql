{#
    T_SUMMARY_CLASSES_EQ_EXPENSE_CLASSES — each 功能分类 类 line of the 收支总表's expense side = that 类 in
    the 支出总表's 合计 column: its 类 row, or the sum of its top-level rows where the table lists only
    款 / 项 (泉州). The summary lists every 类, the expense table only those with spending: a 类 printed
    as 0.00 or blank in the summary with no row in the expense table is not a check. A 类 on one side
    only is not_applicable (招远's 支出总表 is cut short before 221; 福州's summary has no 类 lines). The
    first table of each kind in a document is used.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and header_measure = 'total'

),

summary_tables as (

    {{ first_tables('cells', 'summary') }}

),

expense_tables as (

    {{ first_tables('cells', 'expense') }}

),

summary_classes as (

    select
        cells.document_id,
        cells.subject_code as pair_key,
        cells.statement,
        cells.table_id,
        cells.row_id,
        cells.subject_code,
        cells.economic_code,
        cells.sub_unit_code,
        cells.line_label,
        cells.measure,
        cells.header_path,
        cells.amount,
        cells.amount_decimals,
        cells.source_unit,
        cells.unit_exponent,
        cells.source_line,
        cast(null as {{ dbt.type_string() }}) as missing_reason

    from summary_tables
    inner join cells
        on summary_tables.table_id = cells.table_id
    where
        cells.side = 'expense'
        and cells.subject_level = 'class'

),

expense_classes as (

    select
        cells.document_id,
        substring(cells.subject_code, 1, 3) as pair_key,
        cells.statement,
        cells.table_id,
        substring(cells.subject_code, 1, 3) as subject_code,
        'total' as measure,
        sum(cells.amount) as amount,
        count(cells.amount) as term_count,
        min(cells.amount_decimals) as amount_decimals,
        cells.source_unit,
        cells.unit_exponent,
        {{ source_line_list('cells.source_line') }} as source_lines,
        cast(null as {{ dbt.type_string() }}) as missing_reason

    from expense_tables
    inner join cells
        on expense_tables.table_id = cells.table_id
    where
        cells.is_top_level
        and cells.subject_code is not null
    group by
        cells.document_id,
        substring(cells.subject_code, 1, 3),
        cells.statement,
        cells.table_id,
        cells.source_unit,
        cells.unit_exponent

),

paired as (

    {{ tie_pair_checks(
        'T_SUMMARY_CLASSES_EQ_EXPENSE_CLASSES', 'summary_classes', 'expense_classes', "'summary'", "'expense'",
        'lhs missing: the 收支总表 prints no line for this 类', 'rhs missing: the 支出总表 prints no row of this 类'
    ) }}

),

checks as (

    select * from paired
    where not (counterpart_table_id is null and coalesce(lhs_amount, 0) = 0)

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
