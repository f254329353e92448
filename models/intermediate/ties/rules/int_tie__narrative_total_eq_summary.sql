{#
    T_NARRATIVE_TOTAL_EQ_SUMMARY — a total the prose states (收入预算为10,650.53万元, 收入总计 6210.66 万元,
    财政拨款收入总计 …, 收支预算 …) = the same total in the 收支总表 (or 财政拨款收支总表): the line of the
    subject's side whose label measure is the subject's (本年收入合计 for 收入 / 收入预算, 收入总计 for
    收入总计), or the other of the two where the table prints only one (福州 prints only 收入总计), in
    the table's 合计 / 预算数 / 决算数 column. The first such table of the document is used. The income
    sources the prose lists (一般公共预算拨款收入 …) are not totals: they are checked against the
    whole by T_NARRATIVE_PARTS_EQ_TOTAL.

    Like with like: a total the words say is of 财政拨款 (财政拨款收入…, or under a 财政拨款 heading) is
    compared with the 财政拨款收支总表, an all-funds total with the 收支总表; the column is the one of
    the figure's scope (年初预算 / 全年预算 / 决算: a budget's columns are its 年初预算). A prior-year
    figure, an item's explanation, another money than the table's or a scope the table does not
    print makes the check not_applicable, with the reason.
#}

with

narrative_figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where
        {{ tie_rule_documents('document_id') }}
        and topic = 'statement_total'
        and table_statement in ('summary', 'fiscal_grant_summary')

),

figures as (

    -- the table of the figure's money: a 财政拨款 total is the 财政拨款收支总表's
    select
        *,
        case
            when
                table_statement = 'summary'
                and (
                    funding_scope = 'fiscal_grant'
                    or (funding_scope = 'general_budget' and fiscal_grant_is_general_budget)
                )
                then 'fiscal_grant_summary'
            else table_statement
        end as target_statement
    from narrative_figures

),

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and statement in ('summary', 'fiscal_grant_summary')
        and unscoped_measure = 'total'
        and label_measure in ('total', 'grand_total')
        and row_kind in ('table_total', 'group_total')

),

first_tables as (

    {{ first_tables('cells', per_statement=true) }}

),

table_scopes as (

    select
        table_id,
        min(table_funding_scope) as table_funding_scope
    from cells
    group by table_id

),

figure_tables as (

    -- whether the figure's table prints a column of its scope on the figure's side
    select
        figures.pair_key,
        table_scopes.table_funding_scope,
        max(case when cells.column_scope = figures.amount_scope then 1 else 0 end) = 1
            as is_scope_printed

    from figures
    inner join first_tables
        on
            figures.document_id = first_tables.document_id
            and figures.target_statement = first_tables.statement
    inner join table_scopes
        on first_tables.table_id = table_scopes.table_id
    inner join cells
        on
            first_tables.table_id = cells.table_id
            and figures.table_side = cells.side
    group by figures.pair_key, table_scopes.table_funding_scope

),

compared_figures as (

    select
        figures.*,
        figure_tables.table_funding_scope,
        figure_tables.is_scope_printed
    from figures
    left join figure_tables
        on figures.pair_key = figure_tables.pair_key

),

lhs as (

    {{ narrative_lhs('compared_figures', narrative_department_reason(
        'compared_figures', 'compared_figures.table_funding_scope', 'compared_figures.is_scope_printed'
    ), ['target_statement']) }}

),

candidates as (

    select
        figures.pair_key,
        cells.*,
        row_number() over (
            partition by figures.pair_key
            order by
                case when cells.label_measure = figures.measure then 0 else 1 end,
                cells.row_seq,
                cells.column_index
        ) as candidate_rank

    from figures
    inner join first_tables
        on
            figures.document_id = first_tables.document_id
            and figures.target_statement = first_tables.statement
    inner join cells
        on
            first_tables.table_id = cells.table_id
            and figures.table_side = cells.side
            and figures.amount_scope = cells.column_scope

),

table_totals as (

    {{ tie_single_figures('candidates', 'statement', 'label_measure', 'candidate_rank') }}

),

checks as (

    {{ tie_pair_checks(
        'T_NARRATIVE_TOTAL_EQ_SUMMARY', 'lhs', 'table_totals', "'narrative'", "lhs.target_statement",
        'lhs missing: no narrative total', 'rhs missing: no 收支总表 total line for the subject in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
