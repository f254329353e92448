{#
    T_NARRATIVE_THREE_PUBLIC_EQ_TABLE — a “三公” figure the prose states (公务接待费0.32万元, 公务用车购置及
    运维费0.00万元, “三公”经费预算安排2.32万元) = the same category in the “三公” table
    (int_tie__three_public_figures): the current year's figure (not a 上年 column), in the table's
    amount column (合计 / 预算数 / 决算数) for a row-wise table or the category's own column for a
    column-wise one; the table's total line first where it prints several (合计, “三公”经费小计). A
    category the table leaves blank counts as 0. The first “三公” table of the document is used.

    Like with like: the column is the one of the figure's scope (`“三公”经费财政拨款支出预算为…万元，支出
    决算为…万元`: the 预算 figure with the table's 预算数 column, the 决算 figure with its 决算数; a budget's
    columns are its 年初预算). A prior-year figure, an item's explanation, another money than the
    table's (一般公共预算 against a 财政拨款 table only where the document shows the two equal) or a
    scope the table does not print makes the check not_applicable, with the reason.
#}

with

figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where
        {{ tie_rule_documents('document_id') }}
        and topic = 'three_public'

),

table_figures_all as (

    select * from {{ ref('int_tie__three_public_figures') }}
    where
        {{ tie_rule_documents('document_id') }}
        and {{ dbt.position("'prior_year_'", 'unscoped_measure') }} = 0
        and (label_measure is null or unscoped_measure = 'total')

),

first_tables as (

    {{ first_tables('table_figures_all') }}

),

table_scopes as (

    select
        table_figures_all.table_id,
        min(table_figures_all.table_funding_scope) as table_funding_scope
    from table_figures_all
    inner join first_tables
        on table_figures_all.table_id = first_tables.table_id
    group by table_figures_all.table_id

),

printed_scopes as (

    select distinct
        table_id,
        column_scope as amount_scope
    from table_figures_all

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

candidates as (

    select
        figures.pair_key,
        table_figures_all.*,
        row_number() over (
            partition by figures.pair_key
            order by
                case table_figures_all.row_kind when 'table_total' then 0 when 'group_total' then 1 else 2 end,
                table_figures_all.row_seq,
                table_figures_all.column_index
        ) as candidate_rank

    from figures
    inner join first_tables
        on figures.document_id = first_tables.document_id
    inner join table_figures_all
        on
            first_tables.table_id = table_figures_all.table_id
            and figures.measure = table_figures_all.category
            and figures.amount_scope = table_figures_all.column_scope

),

table_figures as (

    {{ tie_single_figures('candidates', "'three_public'", 'category', 'candidate_rank') }}

),

checks as (

    {{ tie_pair_checks(
        'T_NARRATIVE_THREE_PUBLIC_EQ_TABLE', 'lhs', 'table_figures', "'narrative'", "'three_public'",
        'lhs missing: no narrative “三公” figure', 'rhs missing: the “三公” table prints no such category'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
