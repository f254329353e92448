{#
    Incremental per-document models. A document is immutable (document_id is a hash of its text), so
    a model's rows for it change only when the project's logic or seeds do (ingest.build then runs a
    full refresh) or, for a model carrying version flags, when a newer text of the same department,
    year and phase arrives. An incremental run therefore builds only the documents the model has not
    built yet, and deletes and inserts their rows (delete+insert on document_id, dbt_project.yml).

    Which documents a model has built is recorded, per model, in the table documents_built_relation()
    by the post-hook record_documents_built(), in the transaction of the model's build. The model's
    own rows cannot tell: a tie rule yields no row for a document it does not apply to (the sub-unit
    rule for a document printing no sub-unit), and that document would be rebuilt on every run; nor
    can ingested_at, which is one timestamp per ingest run, so a watermark on it rebuilds the whole
    last batch. The record assumes a model's inputs hold every loaded document when it builds, as
    they do when the whole project is built (ingest.build); after a build of only some models
    (dbt build --select), build with --full-refresh.
#}

{#
    The table of the documents each incremental model has built, with the version flags they had then
    and the start of the build that built them (macros/data_test_scope.sql tests the latest build's).
#}
{% macro documents_built_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema=generate_schema_name('metadata', none),
                                  identifier='incremental_documents_built')) }}
{%- endmacro %}

{#
    on-run-start: create the table of documents built when it is missing.
#}
{% macro create_documents_built() -%}
    {%- set built = documents_built_relation() -%}
    {%- if execute %}{% do adapter.create_schema(built) %}{% endif -%}
    create table if not exists {{ built }} (
        model_name {{ dbt.type_string() }},
        document_id {{ dbt.type_string() }},
        is_latest_version {{ dbt.type_boolean() }},
        version_rank {{ dbt.type_int() }},
        built_at {{ dbt.type_timestamp() }}
    );
    {#- a warehouse built before builds were timed: its documents count as built before any later one #}
    alter table {{ built }} add column if not exists built_at {{ dbt.type_timestamp() }}
{%- endmacro %}

{#
    The documents an incremental model builds in this run, as a where-clause condition on each of
    its per-document inputs (not on seeds or cross-document lookups):
        where {{ documents_to_build('cells.document_id') }}
    In an incremental run: the documents the model has not built yet and, for a model carrying a
    document's version flags (versioned=true), those whose is_latest_version or version_rank changed
    since it built them. Outside an incremental run (first build, full refresh): every document;
    so too in a dbt unit test, which runs the model on its given rows alone (an is_incremental
    override there does not reach a macro the model calls).
#}
{% macro documents_to_build(document_id_expression, versioned=false) -%}
    {%- if versioned %}{% set documents = ref('int_documents__loaded') %}{% endif -%}
    {%- if model.resource_type != 'unit_test' and is_incremental() -%}
        {{ document_id_expression }} not in (
            select built.document_id
            from {{ documents_built_relation() }} as built
            {%- if versioned %}
            inner join {{ documents }} as documents
                on built.document_id = documents.document_id
                and built.is_latest_version = documents.is_latest_version
                and built.version_rank = documents.version_rank
            {%- endif %}
            where built.model_name = '{{ this.identifier }}'
        )
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#
    post-hook of every model (dbt_project.yml), a no-op unless the model is incremental: after a
    build, the model holds every loaded document with its current version flags, so that is what is
    recorded (the entries whose flags changed replaced, the new documents added).
#}
{% macro record_documents_built() -%}
    {%- if model.config.materialized == 'incremental' -%}
    {%- set built = documents_built_relation() -%}
    {%- set documents = ref('int_documents__loaded') -%}
    delete from {{ built }}
    where model_name = '{{ this.identifier }}'
        and document_id in (
            select recorded.document_id
            from {{ built }} as recorded
            left join {{ documents }} as documents
                on recorded.document_id = documents.document_id
                and recorded.is_latest_version = documents.is_latest_version
                and recorded.version_rank = documents.version_rank
            where recorded.model_name = '{{ this.identifier }}'
                and documents.document_id is null
        );
    insert into {{ built }} (model_name, document_id, is_latest_version, version_rank, built_at)
    select
        '{{ this.identifier }}',
        documents.document_id,
        documents.is_latest_version,
        documents.version_rank,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
    from {{ documents }} as documents
    where documents.document_id not in (
        select document_id from {{ built }}
        where model_name = '{{ this.identifier }}'
    )
    {%- endif -%}
{%- endmacro %}
