{#
    Every amount cell of a budget statement in the raw layer is one line of fct_budget_line:
    per document and statement, as many lines as cells and the same exact sum (decimals, no
    float). A missing, duplicated or altered line shows as the (document, statement) whose
    counts or sums differ; a side with no row at all counts 0 cells.
#}

with

cells as (

    select * from {{ ref('stg_raw__statement_cells') }}

),

statement_rows as (

    select * from {{ ref('stg_raw__statement_rows') }}

),

statement_tables as (

    select * from {{ ref('stg_raw__statement_tables') }}

),

documents as (

    select * from {{ ref('stg_raw__documents') }}

),

statements as (

    select * from {{ ref('dim_statement') }}

),

lines as (

    select * from {{ ref('fct_budget_line') }}

),

raw_cells as (

    select
        cells.document_id,
        statement_tables.statement_kind as statement,
        count(*) as raw_cells,
        sum(cells.amount) as raw_amount_sum

    from cells
    inner join statement_rows
        on cells.row_id = statement_rows.row_id
    inner join statement_tables
        on cells.table_id = statement_tables.table_id
    inner join documents
        on cells.document_id = documents.document_id
    inner join statements
        on statement_tables.statement_kind = statements.statement
    where
        statement_rows.row_role = 'data'
        and documents.load_status = 'loaded'
        and statements.is_budget_statement
    group by cells.document_id, statement_tables.statement_kind

),

fact_lines as (

    select
        document_id,
        statement,
        count(*) as fact_lines,
        sum(amount) as fact_amount_sum

    from lines
    group by document_id, statement

),

final as (

    select
        coalesce(raw_cells.document_id, fact_lines.document_id) as document_id,
        coalesce(raw_cells.statement, fact_lines.statement) as statement,
        coalesce(raw_cells.raw_cells, 0) as raw_cells,
        coalesce(fact_lines.fact_lines, 0) as fact_lines,
        raw_cells.raw_amount_sum,
        fact_lines.fact_amount_sum

    from raw_cells
    full outer join fact_lines
        on
            raw_cells.document_id = fact_lines.document_id
            and raw_cells.statement = fact_lines.statement
    where
        coalesce(raw_cells.raw_cells, 0) <> coalesce(fact_lines.fact_lines, 0)
        or raw_cells.raw_amount_sum is distinct from fact_lines.fact_amount_sum

)

select * from final
