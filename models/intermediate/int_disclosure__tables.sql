{#
    For every loaded document and every standard table of seeds/disclosure_requirements.csv, whether
    the document publishes it:
      * present: a table of that statement kind with at least one non-zero amount in its data rows;
      * present_empty_with_note: such tables exist but print no non-zero amount (blank, or 0.00
        throughout), and a note says why: the note printed under the table, or a label printed in
        the table's own rows, that states the absence (macros/disclosure.sql:
        `本部门 2024 年没有使用政府性基金预算拨款安排的支出`, `无政府基金预算财政拨款预算，空表列示`);
      * present_empty_without_note: empty and no such note;
      * missing: no table of that kind (is_listed_in_toc says whether the table of contents names one).
#}

with

documents as (

    select * from {{ ref('int_documents__loaded') }}
    where {{ documents_to_build('document_id') }}

),

requirements as (

    select * from {{ ref('disclosure_requirements') }}
    where requirement_kind = 'table'

),

tables as (

    select * from {{ ref('stg_raw__statement_tables') }}
    where {{ documents_to_build('document_id') }}

),

data_rows as (

    select * from {{ ref('stg_raw__statement_rows') }}
    where
        {{ documents_to_build('document_id') }}
        and row_role = 'data'

),

cells as (

    select * from {{ ref('stg_raw__statement_cells') }}
    where {{ documents_to_build('document_id') }}

),

toc as (

    select * from {{ ref('stg_raw__document_toc') }}
    where {{ documents_to_build('document_id') }}

),

nonzero_amounts as (

    select
        data_rows.table_id,
        count(*) as nonzero_amount_count

    from cells
    inner join data_rows
        on cells.row_id = data_rows.row_id
    where cells.amount <> 0
    group by data_rows.table_id

),

notes_in_rows as (

    select
        data_rows.table_id,
        data_rows.line_label as note_text,
        data_rows.source_line as note_line,
        row_number() over (partition by data_rows.table_id order by data_rows.source_line) as note_rank

    from data_rows
    where {{ states_absence('data_rows.line_label') }}

),

table_facts as (

    select
        tables.table_id,
        tables.document_id,
        tables.statement_kind,
        tables.table_title,
        tables.title_line,
        tables.first_line,
        coalesce(nonzero_amounts.nonzero_amount_count, 0) as nonzero_amount_count,
        case
            when {{ states_absence('tables.table_note') }} then tables.table_note
            else notes_in_rows.note_text
        end as note_text,
        case
            when {{ states_absence('tables.table_note') }} then tables.note_line
            else notes_in_rows.note_line
        end as note_line

    from tables
    left join nonzero_amounts
        on tables.table_id = nonzero_amounts.table_id
    left join notes_in_rows
        on
            tables.table_id = notes_in_rows.table_id
            and notes_in_rows.note_rank = 1

),

ranked_tables as (

    select
        *,
        row_number() over (
            partition by document_id, statement_kind
            order by nonzero_amount_count desc, first_line asc
        ) as table_rank,
        count(*) over (partition by document_id, statement_kind) as table_count,
        sum(nonzero_amount_count) over (partition by document_id, statement_kind) as kind_nonzero_amount_count

    from table_facts

),

listed as (

    select distinct
        document_id,
        statement_kind

    from toc

),

checked as (

    select
        documents.document_id,
        requirements.requirement_id,
        requirements.statement_kind,
        coalesce(ranked_tables.table_count, 0) as table_count,
        listed.document_id is not null as is_listed_in_toc,
        ranked_tables.table_id,
        ranked_tables.table_title,
        ranked_tables.title_line,
        ranked_tables.first_line,
        ranked_tables.note_text,
        ranked_tables.note_line,
        case
            when ranked_tables.table_id is null then 'missing'
            when ranked_tables.kind_nonzero_amount_count > 0 then 'present'
            when ranked_tables.note_text is not null then 'present_empty_with_note'
            else 'present_empty_without_note'
        end as status

    from documents
    cross join requirements
    left join ranked_tables
        on
            documents.document_id = ranked_tables.document_id
            and requirements.statement_kind = ranked_tables.statement_kind
            and ranked_tables.table_rank = 1
    left join listed
        on
            documents.document_id = listed.document_id
            and requirements.statement_kind = listed.statement_kind

),

final as (

    select
        document_id,
        requirement_id,
        statement_kind,
        status,
        table_count,
        is_listed_in_toc,
        table_id,
        case
            when status = 'present_empty_with_note' then 'table_note'
            when status <> 'missing' then 'table'
        end as evidence_source,
        case
            when status = 'present_empty_with_note' then note_text
            else table_title
        end as evidence_text,
        case
            when status = 'present_empty_with_note' then note_line
            else coalesce(title_line, first_line)
        end as evidence_line

    from checked

)

select * from final
