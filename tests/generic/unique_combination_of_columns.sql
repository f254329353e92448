{#
    The combination of the given columns is unique (a stand-in for dbt_utils' test of the same name:
    dbt packages cannot be installed in this project). Scoped to a build's new documents
    (macros/data_test_scope.sql), the combinations of the new rows must be unique in the whole model.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set scoped_model = scoped_test_model() -%}
{%- if scoped_model is not none -%}

{{ unique_in_whole(model, scoped_test_whole(scoped_model), combination_of_columns) }}

{%- else -%}

with

grouped as (

    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences

    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}

),

final as (

    select * from grouped
    where occurrences > 1

)

select * from final

{%- endif %}

{% endtest %}
