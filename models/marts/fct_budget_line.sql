{#
    One row per amount cell of the budget statements of the loaded documents: every cell of every
    data row of a budget statement (seeds/statement_kinds.csv is_budget_statement), blank cells
    included (amount null). Every version of a document is kept; filter on is_latest_version for
    the newest text of a department, year and phase.
#}

with

budget_lines as (

    select * from {{ ref('int_budget_lines__measured') }}
    where {{ documents_to_build('document_id', versioned=true) }}

),

statement_rows as (

    select * from {{ ref('int_statement_rows__classified') }}
    where {{ documents_to_build('document_id', versioned=true) }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

pages as (

    select * from {{ ref('stg_raw__document_pages') }}

),

joined as (

    select
        -- keys
        budget_lines.budget_line_id,
        statement_rows.document_id,
        documents.department_key,
        documents.fiscal_year,

        -- document
        documents.phase,
        documents.is_latest_version,
        documents.version_rank,

        -- statement
        statement_rows.statement_kind as statement,
        statement_rows.table_id,
        statement_rows.table_seq,
        statement_rows.table_title,
        statement_rows.side,
        statement_rows.column_group,

        -- line
        statement_rows.subject_code,
        statement_rows.subject_code_source,
        statement_rows.economic_code,
        statement_rows.government_economic_code,
        statement_rows.sub_unit_code,
        statement_rows.line_label,
        statement_rows.line_label_extra,
        statement_rows.is_subtotal,
        statement_rows.subtotal_reason,

        -- measure
        budget_lines.header_path,
        budget_lines.measure,
        budget_lines.header_measure,
        budget_lines.label_measure,

        -- amount
        statement_rows.source_unit,
        budget_lines.amount,
        budget_lines.amount_yuan,
        budget_lines.printed_decimals as amount_decimals,
        budget_lines.printed_text,
        budget_lines.amount is null as is_blank,

        -- source
        budget_lines.row_id,
        budget_lines.column_index,
        statement_rows.is_realigned,
        budget_lines.source_line,
        pages.page_number as source_page,
        documents.file_name

    from budget_lines
    inner join statement_rows
        on budget_lines.row_id = statement_rows.row_id
    inner join documents
        on statement_rows.document_id = documents.document_id
    left join pages
        on
            statement_rows.document_id = pages.document_id
            and budget_lines.source_line between pages.first_line and pages.last_line

),

final as (

    select * from joined

)

select * from final
