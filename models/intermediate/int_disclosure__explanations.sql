{#
    For every loaded document and every explanation item of seeds/disclosure_requirements.csv (三公,
    机关运行经费, 政府采购, 国有资产, 绩效目标), whether the document gives it:
      * present: the prose states at least one figure of the item's topic (fct_narrative_figure,
        topic = evidence_topic), or the document publishes a table of the item's
        evidence_statement_kind (政府采购预算表, 固定资产占用情况表, 绩效目标表);
      * missing: neither.
    The evidence is the first such figure (its sentence and line), else the first such table.
#}

with

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

requirements as (

    select * from {{ ref('disclosure_requirements') }}
    where requirement_kind = 'explanation'

),

figures as (

    select * from {{ ref('int_narrative_figures__measured') }}

),

tables as (

    select * from {{ ref('stg_raw__statement_tables') }}

),

ranked_figures as (

    select
        document_id,
        topic,
        sentence,
        source_line,
        row_number() over (partition by document_id, topic order by figure_seq) as figure_rank,
        count(*) over (partition by document_id, topic) as figure_count

    from figures

),

ranked_tables as (

    select
        document_id,
        statement_kind,
        table_id,
        table_title,
        coalesce(title_line, first_line) as title_line,
        row_number() over (partition by document_id, statement_kind order by first_line) as table_rank,
        count(*) over (partition by document_id, statement_kind) as table_count

    from tables

),

checked as (

    select
        documents.document_id,
        requirements.requirement_id,
        coalesce(ranked_figures.figure_count, 0) as figure_count,
        coalesce(ranked_tables.table_count, 0) as table_count,
        ranked_figures.sentence,
        ranked_figures.source_line,
        ranked_tables.table_id,
        ranked_tables.table_title,
        ranked_tables.title_line

    from documents
    cross join requirements
    left join ranked_figures
        on
            documents.document_id = ranked_figures.document_id
            and requirements.evidence_topic = ranked_figures.topic
            and ranked_figures.figure_rank = 1
    left join ranked_tables
        on
            documents.document_id = ranked_tables.document_id
            and requirements.evidence_statement_kind = ranked_tables.statement_kind
            and ranked_tables.table_rank = 1

),

final as (

    select
        document_id,
        requirement_id,
        case when figure_count > 0 or table_count > 0 then 'present' else 'missing' end as status,
        figure_count,
        table_count,
        table_id,
        case
            when figure_count > 0 then 'narrative'
            when table_count > 0 then 'table'
        end as evidence_source,
        case when figure_count > 0 then sentence else table_title end as evidence_text,
        case when figure_count > 0 then source_line else title_line end as evidence_line

    from checked

)

select * from final
