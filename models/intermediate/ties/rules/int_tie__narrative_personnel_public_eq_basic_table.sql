{#
    T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE — 人员经费 / 公用经费 as the prose states them (人员支出
    4855.16 万元, 公用经费 598.69 万元) = the same in the 一般公共预算财政拨款基本支出表:
      1. the 人员经费 / 公用经费 cell of the table's first total row (固安, 招远);
      2. else the table's 人员经费合计 / 公用经费合计 lines (三明 prints the two groups side by side);
      3. else the sum of its 经济分类 类 lines (泉州, 福州 print one amount column by economic subject):
         人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助, 公用经费 = the other 类 (302 商品和服务支出,
         310 资本性支出 …), the split of 基本支出 used by the standard tables themselves.
    The first basic-expense table of the document is used.

    Like with like: 人员经费合计 / 公用经费合计 are compared with their own group, each in the column of the
    figure's scope (年初预算 / 全年预算 / 决算; a budget's columns are its 年初预算). A prior-year figure,
    an item's explanation, another money than the table's (财政拨款 against 一般公共预算 only where the
    document shows the two equal) or a scope the table does not print makes the check
    not_applicable, with the reason.
#}

with

figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where
        {{ tie_rule_documents('document_id') }}
        and subject_kind in ('personnel_costs', 'public_use_costs')

),

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and statement = 'general_budget_basic_expense'

),

first_tables as (

    {{ first_tables('cells') }}

),

total_rows as (

    select
        table_id,
        min(row_seq) as row_seq
    from cells
    where row_kind = 'table_total'
    group by table_id

),

printed as (

    -- 1 and 2: a cell of the measure on the total row, else on the group totals
    select
        cells.*,
        cells.unscoped_measure as split_measure,
        case when cells.row_kind = 'table_total' then 1 else 2 end as source_rank

    from cells
    left join total_rows
        on cells.table_id = total_rows.table_id
    where
        cells.unscoped_measure in ('personnel', 'public_use')
        and (
            (cells.row_kind = 'table_total' and cells.row_seq = total_rows.row_seq)
            or cells.row_kind = 'group_total'
        )

),

by_economic_class as (

    -- 3: 经济分类 类 lines, split into 人员经费 and 公用经费
    select
        cells.*,
        case when cells.economic_code in ('301', '303') then 'personnel' else 'public_use' end as split_measure,
        3 as source_rank

    from cells
    where
        cells.economic_level = 'class'
        and cells.row_kind = 'line'
        and cells.unscoped_measure = 'total'

),

candidate_cells as (

    select * from printed
    union all
    select * from by_economic_class

),

best_source as (

    select
        table_id,
        split_measure,
        column_scope as amount_scope,
        min(source_rank) as source_rank
    from candidate_cells
    where amount is not null
    group by table_id, split_measure, column_scope

),

counterpart_cells as (

    select
        candidate_cells.*,
        best_source.amount_scope
    from candidate_cells
    inner join best_source
        on
            candidate_cells.table_id = best_source.table_id
            and candidate_cells.split_measure = best_source.split_measure
            and candidate_cells.column_scope = best_source.amount_scope
            and candidate_cells.source_rank = best_source.source_rank

),

counterpart_line_numbers as (

    select distinct
        table_id,
        split_measure,
        amount_scope,
        source_line
    from counterpart_cells

),

counterpart_lines as (

    select
        table_id,
        split_measure,
        amount_scope,
        {{ source_line_list('source_line') }} as source_lines
    from counterpart_line_numbers
    group by table_id, split_measure, amount_scope

),

table_scopes as (

    select
        cells.table_id,
        min(cells.table_funding_scope) as table_funding_scope
    from cells
    inner join first_tables
        on cells.table_id = first_tables.table_id
    group by cells.table_id

),

printed_scopes as (

    select distinct
        table_id,
        column_scope as amount_scope
    from cells

),

compared_figures as (

    select
        figures.*,
        table_scopes.table_funding_scope,
        case when first_tables.table_id is not null then printed_scopes.table_id is not null end as is_scope_printed

    from figures
    left join first_tables
        on figures.document_id = first_tables.document_id
    left join table_scopes
        on first_tables.table_id = table_scopes.table_id
    left join printed_scopes
        on
            first_tables.table_id = printed_scopes.table_id
            and figures.amount_scope = printed_scopes.amount_scope

),

lhs as (

    {{ narrative_lhs('compared_figures', narrative_department_reason(
        'compared_figures', 'compared_figures.table_funding_scope', 'compared_figures.is_scope_printed'
    )) }}

),

table_figures as (

    select
        figures.document_id,
        figures.pair_key,
        'general_budget_basic_expense' as statement,
        first_tables.table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        figures.measure,
        sum(counterpart_cells.amount) as amount,
        count(counterpart_cells.amount) as term_count,
        min(counterpart_cells.amount_decimals) as amount_decimals,
        min(counterpart_cells.source_unit) as source_unit,
        min(counterpart_cells.unit_exponent) as unit_exponent,
        counterpart_lines.source_lines,
        case
            when count(counterpart_cells.row_id) = 0
                then 'rhs missing: the basic-expense table prints neither the figure nor 经济分类 类 lines'
        end as missing_reason

    from figures
    inner join first_tables
        on figures.document_id = first_tables.document_id
    left join counterpart_cells
        on
            first_tables.table_id = counterpart_cells.table_id
            and figures.measure = counterpart_cells.split_measure
            and figures.amount_scope = counterpart_cells.amount_scope
    left join counterpart_lines
        on
            first_tables.table_id = counterpart_lines.table_id
            and figures.measure = counterpart_lines.split_measure
            and figures.amount_scope = counterpart_lines.amount_scope
    group by
        figures.document_id, figures.pair_key, first_tables.table_id, figures.measure, counterpart_lines.source_lines

),

checks as (

    {{ tie_pair_checks(
        'T_NARRATIVE_PERSONNEL_PUBLIC_EQ_BASIC_TABLE', 'lhs', 'table_figures', "'narrative'",
        "'general_budget_basic_expense'", 'lhs missing: no narrative 人员经费 / 公用经费',
        'rhs missing: no 一般公共预算财政拨款基本支出表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
