{#
    T_NARRATIVE_TOTAL_EQ_SUMMARY — a total the prose states (收入预算为10,650.53万元, 收入总计 6210.66 万元,
    财政拨款收入总计 …, 收支预算 …) = the same total in the 收支总表 (or 财政拨款收支总表): the line of the
    subject's side whose label measure is the subject's (本年收入合计 for 收入 / 收入预算, 收入总计 for
    收入总计), or the other of the two where the table prints only one (福州 prints only 收入总计), in
    the table's 合计 / 预算数 / 决算数 column. The first such table of the document is used. The income
    sources the prose lists (一般公共预算拨款收入 …) are not totals: they are checked against the
    whole by T_NARRATIVE_PARTS_EQ_TOTAL.
#}

with

figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where
        {{ documents_to_build('document_id') }}
        and topic = 'statement_total'
        and table_statement in ('summary', 'fiscal_grant_summary')

),

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ documents_to_build('document_id') }}
        and statement in ('summary', 'fiscal_grant_summary')
        and header_measure = 'total'
        and label_measure in ('total', 'grand_total')
        and row_kind in ('table_total', 'group_total')

),

first_tables as (

    {{ first_tables('cells', per_statement=true) }}

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
            and figures.table_statement = first_tables.statement
    inner join cells
        on
            first_tables.table_id = cells.table_id
            and figures.table_side = cells.side

),

table_totals as (

    {{ tie_single_figures('candidates', 'statement', 'label_measure', 'candidate_rank') }}

),

checks as (

    {{ tie_pair_checks(
        'T_NARRATIVE_TOTAL_EQ_SUMMARY', 'figures', 'table_totals', "'narrative'", "figures.table_statement",
        'lhs missing: no narrative total', 'rhs missing: no 收支总表 total line for the subject in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
