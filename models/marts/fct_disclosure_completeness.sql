{#
    One row per loaded document and requirement of seeds/disclosure_requirements.csv: the nine
    standard tables (present / present_empty_with_note / present_empty_without_note / missing) and
    the five explanations (present / missing), with the evidence found, the points earned and the
    document's completeness score. The scoring is the seed's: a requirement met earns its weight, an
    empty standard table earns weight × credit_empty_with_note or × credit_empty_without_note, a
    missing one nothing; completeness_score = 100 × points earned / points possible.
#}

with

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

requirements as (

    select * from {{ ref('disclosure_requirements') }}

),

table_checks as (

    select
        document_id,
        requirement_id,
        status,
        table_count,
        cast(0 as {{ dbt.type_int() }}) as figure_count,
        is_listed_in_toc,
        table_id,
        evidence_source,
        evidence_text,
        evidence_line

    from {{ ref('int_disclosure__tables') }}

),

explanation_checks as (

    select
        document_id,
        requirement_id,
        status,
        table_count,
        figure_count,
        cast(null as {{ dbt.type_boolean() }}) as is_listed_in_toc,
        table_id,
        evidence_source,
        evidence_text,
        evidence_line

    from {{ ref('int_disclosure__explanations') }}

),

checks as (

    select * from table_checks
    union all
    select * from explanation_checks

),

scored as (

    select
        checks.*,
        requirements.requirement_kind,
        requirements.caption_zh,
        requirements.statement_kind,
        requirements.weight,
        cast(
            requirements.weight * case checks.status
                when 'present' then 1
                when 'present_empty_with_note' then requirements.credit_empty_with_note
                when 'present_empty_without_note' then requirements.credit_empty_without_note
                else 0
            end
            as decimal(6, 2)
        ) as points

    from checks
    inner join requirements
        on checks.requirement_id = requirements.requirement_id

),

per_document as (

    select
        document_id,
        sum(points) as document_points,
        sum(weight) as document_possible_points,
        sum(
            case
                when requirement_kind = 'table' and status not in ('present', 'present_empty_with_note') then 1
                else 0
            end
        ) as standard_tables_lacking

    from scored
    group by document_id

),

final as (

    select
        -- keys
        scored.document_id,
        documents.department_key,
        documents.fiscal_year,
        documents.phase,
        documents.is_latest_version,

        -- requirement
        scored.requirement_id,
        scored.requirement_kind,
        scored.caption_zh,
        scored.statement_kind,

        -- what was found
        scored.status,
        scored.table_count,
        scored.figure_count,
        scored.is_listed_in_toc,
        scored.table_id,
        scored.evidence_source,
        scored.evidence_text,
        scored.evidence_line,

        -- score
        scored.weight,
        scored.points,
        per_document.document_points,
        per_document.document_possible_points,
        cast(100 * per_document.document_points / per_document.document_possible_points as decimal(6, 2))
            as completeness_score,
        per_document.standard_tables_lacking = 0 as has_all_standard_tables,

        -- source
        documents.file_name

    from scored
    inner join documents
        on scored.document_id = documents.document_id
    inner join per_document
        on scored.document_id = per_document.document_id

)

select * from final
