{#
    T_TWO_SIDED_INCOME_EQ_EXPENSE — in a two-sided table, 收入总计 = 支出总计: each side's closing line
    (总计, or the 收入合计 / 支出合计 line where no 总计 is printed, 泉州), in its 合计 column. A side
    without a closing line is not_applicable.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and side is not null
        and header_measure = 'total'

),

closing_candidates as (

    select
        *,
        row_number() over (
            partition by table_id, side
            order by case when label_measure = 'grand_total' then 0 else 1 end, source_line desc
        ) as closing_rank

    from cells
    where
        label_measure = 'grand_total'
        or (label_measure = 'total' and row_kind <> 'line')

),

closing_lines as (

    select * from closing_candidates
    where closing_rank = 1

),

income_closing as (

    select
        document_id,
        table_id as pair_key,
        statement,
        table_id,
        row_id,
        subject_code,
        economic_code,
        sub_unit_code,
        line_label,
        measure,
        header_path,
        amount,
        amount_decimals,
        source_unit,
        unit_exponent,
        source_line,
        cast(null as {{ dbt.type_string() }}) as missing_reason

    from closing_lines
    where side = 'income'

),

expense_closing as (

    select
        document_id,
        table_id as pair_key,
        statement,
        table_id,
        subject_code,
        measure,
        amount,
        case when amount is null then 0 else 1 end as term_count,
        amount_decimals,
        source_unit,
        unit_exponent,
        {{ dbt.cast('source_line', api.Column.translate_type('string')) }} as source_lines,
        cast(null as {{ dbt.type_string() }}) as missing_reason

    from closing_lines
    where side = 'expense'

),

checks as (

    {{ tie_pair_checks(
        'T_TWO_SIDED_INCOME_EQ_EXPENSE', 'income_closing', 'expense_closing', 'expense_closing.statement', 'income_closing.statement',
        'lhs missing: no 收入总计 / 收入合计 line', 'rhs missing: no 支出总计 / 支出合计 line'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
