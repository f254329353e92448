{#
    T_FISCAL_GRANT_GENERAL_BUDGET_EQ_GENERAL_BUDGET_TABLE — the 财政拨款收支总表's 一般公共预算 = the 合计 of
    the 一般公共预算财政拨款支出表.
    The lhs: the 一般公共预算 column of the 财政拨款收支总表's 本年支出合计 line; where the expense side has
    no such column (泉州, 福州), the income line 一般公共预算拨款(收入) (budgets: income = spending).
    The rhs: the 合计 column of the 一般公共预算财政拨款支出表's first total row; where the table has no
    合计 column (福州: 基本支出 | 项目支出), the sum of that row's 基本支出 + 项目支出 (+ 上缴上级 / 经营 /
    对附属单位). The first table of each kind in a document is used; a document with one of the two
    tables only is not_applicable.
#}

{%- set expense_types = ['basic', 'project', 'remit_to_superior', 'operating_expense', 'subsidiary_subsidy'] %}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

grant_tables as (

    {{ first_tables('cells', 'fiscal_grant_summary') }}

),

budget_tables as (

    {{ first_tables('cells', 'general_budget_expense') }}

),

grant_candidates as (

    select
        cells.*,
        row_number() over (
            partition by cells.table_id
            order by case when cells.side = 'expense' then 0 else 1 end, cells.source_line
        ) as preference

    from grant_tables
    inner join cells
        on grant_tables.table_id = cells.table_id
    where (
        cells.side = 'expense'
        and cells.label_measure = 'total'
        and cells.row_kind <> 'line'
        and cells.header_measure = 'general_budget'
    )
    or (
        cells.side = 'income'
        and cells.label_measure = 'general_budget'
        and cells.header_measure = 'total'
    )

),

grant_general_budget as (

    select
        grant_tables.document_id,
        'document' as pair_key,
        'fiscal_grant_summary' as statement,
        grant_tables.table_id,
        grant_candidates.row_id,
        grant_candidates.subject_code,
        grant_candidates.economic_code,
        grant_candidates.sub_unit_code,
        grant_candidates.line_label,
        'general_budget' as measure,
        grant_candidates.header_path,
        grant_candidates.amount,
        grant_candidates.amount_decimals,
        grant_candidates.source_unit,
        grant_candidates.unit_exponent,
        grant_candidates.source_line,
        case
            when grant_candidates.row_id is null then 'lhs missing: no 一般公共预算 figure in the 财政拨款收支总表'
        end as missing_reason

    from grant_tables
    left join grant_candidates
        on
            grant_tables.table_id = grant_candidates.table_id
            and grant_candidates.preference = 1

),

total_rows as (

    select
        budget_tables.table_id,
        min(cells.row_seq) as total_row_seq

    from budget_tables
    inner join cells
        on budget_tables.table_id = cells.table_id
    where cells.row_kind = 'table_total'
    group by budget_tables.table_id

),

total_row_cells as (

    select
        cells.*,
        max(case when cells.header_measure = 'total' then 1 else 0 end) over (partition by cells.row_id)
            as has_total_column

    from total_rows
    inner join cells
        on
            total_rows.table_id = cells.table_id
            and total_rows.total_row_seq = cells.row_seq

),

total_figures as (

    select * from total_row_cells
    where
        (has_total_column = 1 and header_measure = 'total')
        or (
            has_total_column = 0
            and header_measure in (
                '{{ expense_types | join("', '") }}'
            )
        )

),

budget_table_total as (

    select
        budget_tables.document_id,
        'document' as pair_key,
        'general_budget_expense' as statement,
        budget_tables.table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        'total' as measure,
        sum(total_figures.amount) as amount,
        count(total_figures.amount) as term_count,
        min(total_figures.amount_decimals) as amount_decimals,
        min(total_figures.source_unit) as source_unit,
        min(total_figures.unit_exponent) as unit_exponent,
        {{ dbt.cast('min(total_figures.source_line)', api.Column.translate_type('string')) }} as source_lines,
        case
            when count(total_figures.row_id) = 0 then 'rhs missing: no 合计 row in the 一般公共预算财政拨款支出表'
        end as missing_reason

    from budget_tables
    left join total_figures
        on budget_tables.table_id = total_figures.table_id
    group by budget_tables.document_id, budget_tables.table_id

),

checks as (

    {{ tie_pair_checks(
        'T_FISCAL_GRANT_GENERAL_BUDGET_EQ_GENERAL_BUDGET_TABLE', 'grant_general_budget', 'budget_table_total',
        "'fiscal_grant_summary'", "'general_budget_expense'",
        'lhs missing: no 财政拨款收支总表 in the document', 'rhs missing: no 一般公共预算财政拨款支出表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
