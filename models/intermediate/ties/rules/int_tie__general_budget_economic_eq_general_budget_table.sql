{#
    T_GENERAL_BUDGET_ECONOMIC_EQ_GENERAL_BUDGET_TABLE — the 合计 of the 一般公共预算支出经济分类情况表 = the
    合计 of the 一般公共预算财政拨款支出表: the same money, by economic and by functional classification.
    Compared measure by measure on the first total row of each table: 合计 always (a missing figure is
    not_applicable), 基本支出 and 项目支出 where both tables print them. The economic side is its 合计
    (预算数 / 决算数) column; the functional side its 合计 column, or, where it has none (福州: 基本支出 |
    项目支出), the sum of that row's 基本支出 + 项目支出 (+ 上缴上级 / 经营 / 对附属单位). Of a measure printed
    in several columns the first is taken. The first table of each kind in a document is used; a
    document with one of the two tables only is not_applicable.
#}

{%- set expense_types = ['basic', 'project', 'remit_to_superior', 'operating_expense', 'subsidiary_subsidy'] %}
{%- set compared_measures = ['total', 'basic', 'project'] %}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where {{ tie_rule_documents('document_id') }}

),

economic_tables as (

    {{ first_tables('cells', 'general_budget_economic') }}

),

budget_tables as (

    {{ first_tables('cells', 'general_budget_expense') }}

),

total_rows as (

    select
        table_id,
        min(row_seq) as total_row_seq
    from cells
    where row_kind = 'table_total'
    group by table_id

),

-- the figures of the first total row of each compared table, the first column of each measure ranked 1
total_row_figures as (

    select
        cells.*,
        row_number() over (partition by cells.table_id, cells.header_measure order by cells.column_index)
            as column_rank,
        max(case when cells.header_measure = 'total' then 1 else 0 end) over (partition by cells.table_id)
            as has_total_column

    from total_rows
    inner join cells
        on
            total_rows.table_id = cells.table_id
            and total_rows.total_row_seq = cells.row_seq
    where
        cells.statement in ('general_budget_economic', 'general_budget_expense')
        and cells.header_measure in (
            'total',
            '{{ expense_types | join("', '") }}'
        )

),

economic_figures as (

    select total_row_figures.*
    from economic_tables
    inner join total_row_figures
        on economic_tables.table_id = total_row_figures.table_id
    where
        total_row_figures.column_rank = 1
        and total_row_figures.header_measure in (
            '{{ compared_measures | join("', '") }}'  -- noqa: LT05
        )

),

budget_figures as (

    select total_row_figures.*
    from budget_tables
    inner join total_row_figures
        on budget_tables.table_id = total_row_figures.table_id
    where total_row_figures.column_rank = 1

),

-- 合计 for every document with either table; 基本支出 / 项目支出 only where both total rows print them
compared as (

    select
        document_id,
        'total' as measure
    from economic_tables
    union
    select
        document_id,
        'total' as measure
    from budget_tables
    union
    select
        economic_figures.document_id,
        economic_figures.header_measure as measure
    from economic_figures
    inner join budget_figures
        on
            economic_figures.document_id = budget_figures.document_id
            and economic_figures.header_measure = budget_figures.header_measure
    where economic_figures.header_measure <> 'total'

),

economic_total as (

    select
        economic_tables.document_id,
        compared.measure as pair_key,
        'general_budget_economic' as statement,
        economic_tables.table_id,
        economic_figures.row_id,
        economic_figures.subject_code,
        economic_figures.economic_code,
        economic_figures.sub_unit_code,
        economic_figures.line_label,
        compared.measure,
        economic_figures.header_path,
        economic_figures.amount,
        economic_figures.amount_decimals,
        economic_figures.source_unit,
        economic_figures.unit_exponent,
        economic_figures.source_line,
        case
            when economic_figures.row_id is null then 'lhs missing: no 合计 figure on a 合计 row of the 一般公共预算支出经济分类情况表'
        end as missing_reason

    from economic_tables
    inner join compared
        on economic_tables.document_id = compared.document_id
    left join economic_figures
        on
            economic_tables.table_id = economic_figures.table_id
            and compared.measure = economic_figures.header_measure

),

budget_terms as (

    select
        budget_tables.document_id,
        budget_tables.table_id,
        compared.measure,
        budget_figures.row_id,
        budget_figures.amount,
        budget_figures.amount_decimals,
        budget_figures.source_unit,
        budget_figures.unit_exponent,
        budget_figures.source_line

    from budget_tables
    inner join compared
        on budget_tables.document_id = compared.document_id
    left join budget_figures
        on
            budget_tables.table_id = budget_figures.table_id
            and (
                (compared.measure <> 'total' and compared.measure = budget_figures.header_measure)
                or (
                    compared.measure = 'total' and budget_figures.has_total_column = 1
                    and budget_figures.header_measure = 'total'
                )
                or (
                    compared.measure = 'total' and budget_figures.has_total_column = 0
                    and budget_figures.header_measure in (
                        '{{ expense_types | join("', '") }}'  -- noqa: LT05
                    )
                )
            )

),

budget_total as (

    select
        document_id,
        measure as pair_key,
        'general_budget_expense' as statement,
        table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        measure,
        sum(amount) as amount,
        count(amount) as term_count,
        min(amount_decimals) as amount_decimals,
        min(source_unit) as source_unit,
        min(unit_exponent) as unit_exponent,
        {{ dbt.cast('min(source_line)', api.Column.translate_type('string')) }} as source_lines,
        case
            when count(row_id) = 0 then 'rhs missing: no 合计 (or 基本支出 + 项目支出) figure on a 合计 row of the 一般公共预算财政拨款支出表'
        end as missing_reason

    from budget_terms
    group by document_id, table_id, measure

),

checks as (

    {{ tie_pair_checks(
        'T_GENERAL_BUDGET_ECONOMIC_EQ_GENERAL_BUDGET_TABLE', 'economic_total', 'budget_total',
        "'general_budget_economic'", "'general_budget_expense'",
        'lhs missing: no 一般公共预算支出经济分类情况表 in the document',
        'rhs missing: no 一般公共预算财政拨款支出表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
