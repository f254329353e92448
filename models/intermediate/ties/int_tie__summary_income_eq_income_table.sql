{#
    T_SUMMARY_INCOME_EQ_INCOME_TABLE — the 收支总表's income = the 合计 of the 收入总表 (the 合计 column of
    its first total row). The 收入总表's 合计 covers the columns it prints: with a carry-over column
    (上年结转, 使用非财政拨款结余: budgets) it is all income, so it is compared with the summary's 收入总计;
    without one (决算 收入决算表) it is the current year's, compared with 本年收入合计. Where the preferred
    line is not printed the other one is used (泉州 prints only 收入合计). The first table of each kind
    in a document is used; a document with one of the two tables only is not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}

),

summary_tables as (

    select document_id, min(table_id) as table_id
    from cells
    where statement = 'summary'
    group by document_id

),

income_tables as (

    select document_id, min(table_id) as table_id
    from cells
    where statement = 'income'
    group by document_id

),

income_scope as (

    select
        income_tables.document_id,
        income_tables.table_id,
        max(case when cells.header_measure in ('carry_over', 'non_fiscal_balance_used') then 1 else 0 end)
            as has_carry_over_column

    from income_tables
    inner join cells
        on income_tables.table_id = cells.table_id
    group by income_tables.document_id, income_tables.table_id

),

summary_lines as (

    select
        cells.*,
        row_number() over (
            partition by cells.table_id
            order by
                case
                    when (cells.label_measure = 'grand_total') = (coalesce(income_scope.has_carry_over_column, 0) = 1) then 0
                    else 1
                end,
                cells.source_line desc
        ) as preference

    from summary_tables
    inner join cells
        on summary_tables.table_id = cells.table_id
    left join income_scope
        on summary_tables.document_id = income_scope.document_id
    where cells.side = 'income'
        and cells.header_measure = 'total'
        and cells.row_kind <> 'line'
        and cells.label_measure in ('grand_total', 'total')

),

summary_income as (

    select
        summary_tables.document_id,
        'document' as pair_key,
        'summary' as statement,
        summary_tables.table_id,
        summary_lines.row_id,
        summary_lines.subject_code,
        summary_lines.economic_code,
        summary_lines.sub_unit_code,
        summary_lines.line_label,
        coalesce(summary_lines.measure, 'total') as measure,
        summary_lines.header_path,
        summary_lines.amount,
        summary_lines.amount_decimals,
        summary_lines.source_unit,
        summary_lines.unit_exponent,
        summary_lines.source_line,
        case
            when summary_lines.row_id is null then 'lhs missing: no 收入总计 / 本年收入合计 line in the 收支总表'
        end as missing_reason

    from summary_tables
    left join summary_lines
        on summary_tables.table_id = summary_lines.table_id
        and summary_lines.preference = 1

),

income_totals as (

    select
        cells.*,
        row_number() over (partition by cells.table_id order by cells.row_seq) as total_rank

    from income_tables
    inner join cells
        on income_tables.table_id = cells.table_id
    where cells.row_kind = 'table_total'
        and cells.header_measure = 'total'

),

income_table_total as (

    select
        income_tables.document_id,
        'document' as pair_key,
        'income' as statement,
        income_tables.table_id,
        income_totals.subject_code,
        income_totals.measure,
        income_totals.amount,
        case when income_totals.amount is null then 0 else 1 end as term_count,
        income_totals.amount_decimals,
        income_totals.source_unit,
        income_totals.unit_exponent,
        {{ dbt.cast('income_totals.source_line', api.Column.translate_type('string')) }} as source_lines,
        case
            when income_totals.row_id is null then 'rhs missing: no 合计 row with a 合计 column in the 收入总表'
        end as missing_reason

    from income_tables
    left join income_totals
        on income_tables.table_id = income_totals.table_id
        and income_totals.total_rank = 1

),

checks as (

    {{ tie_pair_checks(
        'T_SUMMARY_INCOME_EQ_INCOME_TABLE', 'summary_income', 'income_table_total', "'summary'", "'income'",
        'lhs missing: no 收支总表 in the document', 'rhs missing: no 收入总表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
