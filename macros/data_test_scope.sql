{#
    Data tests scoped to what a build changed. An incremental build (ingest.build without
    --full-checks) passes the var data_tests_scope = 'latest_documents': the generic tests of an
    incremental model then read only the rows of the documents its latest build added or rebuilt
    (recorded with their build time in documents_built_relation(), macros/incremental.sql), because
    its rows of the other documents are the ones those tests passed before and no build has
    touched since. The tests about the whole run set-based over those rows against the whole
    model: a relationship looks its new rows up in the whole dimension, a unique key of a new row
    must be unique in the whole model. A full refresh, --full-checks and a plain `dbt build` (the
    var's default, 'all') test every row. Tests of models that are rebuilt in full (tables, views)
    and the singular tests are never scoped.
#}

{#
    Whether the tests of this run are scoped (a build with data_tests_scope = 'latest_documents'
    that is not a full refresh).
#}
{% macro data_tests_scoped() -%}
    {{ return(var('data_tests_scope', 'all') == 'latest_documents' and not flags.FULL_REFRESH) }}
{%- endmacro %}

{#
    The incremental model the running generic test is attached to, as its graph node; none when the
    tests are not scoped, for a test of a source, a table or a view, and at parse time.
#}
{% macro scoped_test_model() -%}
    {%- set attached = model.get('attached_node') if model is mapping else none -%}
    {%- if not execute or not attached or not data_tests_scoped() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.nodes.get(attached) -%}
    {%- if node and node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
        {{ return(node) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#
    The rows of `relation` (the scoped model) from the documents of its latest build.
#}
{% macro latest_documents_condition(node) -%}
    {%- set built = documents_built_relation() -%}
    document_id in (
        select document_id from {{ built }}
        where model_name = '{{ node.alias }}'
            and built_at = (select max(built_at) from {{ built }} where model_name = '{{ node.alias }}')
    )
{%- endmacro %}

{#
    The relation a generic test reads (dbt's get_where_subquery, overridden): the test's own `where`
    config as dbt applies it, and for a scoped test the latest build's documents only.
#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where %}{% do conditions.append('(' ~ where ~ ')') %}{% endif -%}
    {%- set node = scoped_test_model() -%}
    {%- if node is not none %}{% do conditions.append(latest_documents_condition(node)) %}{% endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#
    The whole relation behind a scoped test (its `where` config applied, not the scope): what the
    keys of the new rows must be unique in.
#}
{% macro scoped_test_whole(node) -%}
    {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_whole') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#
    dbt's unique test (overridden): scoped, the values of the new rows that occur more than once in
    the whole model; otherwise dbt's own query.
#}
{% macro default__test_unique(model, column_name) -%}
    {%- set node = scoped_test_model() -%}
    {%- if node is none -%}
        {{ dbt.default__test_unique(model, column_name) }}
    {%- else -%}
        {{ unique_in_whole(model, scoped_test_whole(node), [column_name], nulls_counted=false) }}
    {%- endif -%}
{%- endmacro %}

{#
    The combinations of `columns` of the rows of `scoped` that occur more than once in `whole`, with
    their number of occurrences; null equal to null, as `group by` counts them, unless
    `nulls_counted` is false (dbt's unique test leaves nulls out).
#}
{% macro unique_in_whole(scoped, whole, columns, nulls_counted=true) -%}
with

new_keys as (

    select distinct {{ columns | join(', ') }}
    from {{ scoped }}
    {%- if not nulls_counted %}
    where {% for column in columns %}{{ column }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
    {%- endif %}

),

whole_keys as (

    select {% for column in columns %}whole_rows.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
    from {{ whole }} as whole_rows
    inner join new_keys
        on {% for column in columns -%}
            whole_rows.{{ column }} is not distinct from new_keys.{{ column }}
            {%- if not loop.last %} and {% endif %}
        {%- endfor %}

),

final as (

    select
        {{ columns | join(', ') }},
        count(*) as n_records

    from whole_keys
    group by {{ columns | join(', ') }}
    having count(*) > 1

)

select * from final
{%- endmacro %}
