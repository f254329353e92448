{#
    The documents an incremental model builds in this run, as a where-clause condition:
        where {{ documents_to_build('cells.document_id') }}
    A document is immutable (document_id is a hash of its text), so its rows change only when the
    project's logic or seeds do, and then ingest.build runs a full refresh. An incremental run
    builds the loaded documents not in the model yet and, for a model carrying a document's version
    flags (versioned=true), the documents whose flags changed because a newer text of the same
    department, year and phase arrived. Outside an incremental run: every document.
#}
{% macro documents_to_build(document_id_expression, versioned=false) -%}
    {%- if is_incremental() -%}
        {{ document_id_expression }} in (
            select documents.document_id
            from {{ ref('int_documents__loaded') }} as documents
            left join (
                select distinct
                    document_id{% if versioned %},
                    is_latest_version,
                    version_rank{% endif %}
                from {{ this }}
            ) as built
                on documents.document_id = built.document_id
            where built.document_id is null
            {%- if versioned %}
                or built.is_latest_version <> documents.is_latest_version
                or built.version_rank <> documents.version_rank
            {%- endif %}
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
