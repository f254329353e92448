{#
    Per document, whether it shows its 财政拨款 to be all 一般公共预算 money, so that a figure the prose
    states of the one may be compared with a table of the other (macros/narrative_scopes.sql,
    funding_mismatch_reason). Shown by the document's first 财政拨款收支总表, in either of two ways:
      * its income side: 本年收入合计 (收入总计 where it prints no 本年收入合计) equals the 一般公共预算
        income line(s) printed above it;
      * its expense side: on 本年支出合计 (支出总计), the 合计 column equals the 一般公共预算 column.
    Equal within the rounding of the two printed figures. A document without the table shows nothing.
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ documents_to_build('document_id') }}
        and statement = 'fiscal_grant_summary'
        and amount is not null

),

first_tables as (

    {{ first_tables('cells') }}

),

table_cells as (

    select cells.*
    from cells
    inner join first_tables
        on cells.table_id = first_tables.table_id

),

total_lines as (

    -- the side's 本年合计 line, else its 总计
    select
        side,
        row_id,
        document_id,
        row_number() over (
            partition by document_id, side
            order by case label_measure when 'total' then 0 else 1 end, row_seq
        ) as line_rank

    from table_cells
    where label_measure in ('total', 'grand_total')

),

income_total as (

    select
        table_cells.document_id,
        min(table_cells.amount) as amount,
        min(table_cells.amount_decimals) as amount_decimals

    from table_cells
    inner join total_lines
        on table_cells.row_id = total_lines.row_id
    where
        total_lines.side = 'income'
        and total_lines.line_rank = 1
        and table_cells.header_measure = 'total'
    group by table_cells.document_id

),

income_general_budget as (

    select
        document_id,
        sum(amount) as amount,
        min(amount_decimals) as amount_decimals,
        count(*) as term_count

    from table_cells
    where
        side = 'income'
        and label_measure = 'general_budget'
        and header_measure = 'total'
    group by document_id

),

expense_columns as (

    select
        table_cells.document_id,
        min(case when table_cells.header_measure = 'total' then table_cells.amount end) as total_amount,
        min(case when table_cells.header_measure = 'general_budget' then table_cells.amount end)
            as general_budget_amount,
        min(table_cells.amount_decimals) as amount_decimals

    from table_cells
    inner join total_lines
        on table_cells.row_id = total_lines.row_id
    where
        total_lines.side = 'expense'
        and total_lines.line_rank = 1
        and table_cells.header_measure in ('total', 'general_budget')
    group by table_cells.document_id

),

documents as (

    select document_id from first_tables

),

final as (

    select
        documents.document_id,
        coalesce(
            abs(income_total.amount - income_general_budget.amount) <= {{ rounding_tolerance(
                coarsest_decimals('income_total.amount_decimals', 'income_general_budget.amount_decimals'),
                'income_general_budget.term_count'
            ) }},
            false
        )
        or coalesce(
            abs(expense_columns.total_amount - expense_columns.general_budget_amount) <= {{ rounding_tolerance(
                'expense_columns.amount_decimals', 1
            ) }},
            false
        ) as fiscal_grant_is_general_budget

    from documents
    left join income_total
        on documents.document_id = income_total.document_id
    left join income_general_budget
        on documents.document_id = income_general_budget.document_id
    left join expense_columns
        on documents.document_id = expense_columns.document_id

)

select * from final
