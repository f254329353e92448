{#
    None of the given columns of the model holds a null: one row per column that does, with its
    number of null rows, so a failure names the column (`budget-warehouse build` prints the rows of
    a failing test).

    This is the project's only not-null test, declared once per model, seed or source (its model-
    level `data_tests`, the list of its not-null columns), never as dbt's column-level `not_null`:
    dbt runs every test as a node of its own, with a fixed cost per node (about 0.1 s) whatever its
    query reads, so one node per not-null column made them most of the nodes of an incremental
    build (278 of ~464) and, on a full build, one scan of the model per column; one node per model
    reads each model once. The model comes through dbt's get_where_subquery
    (macros/data_test_scope.sql), so an incremental build tests the rows of its new documents only.
#}
{% test columns_not_null(model, column_names) %}

with

null_counts as (

    select
        {%- for column in column_names %}
        count(*) - count({{ column }}) as nulls_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}

    from {{ model }}

),

columns_with_nulls as (

    {%- for column in column_names %}
    select
        '{{ column }}' as column_name,
        nulls_{{ loop.index }} as null_rows
    from null_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select * from columns_with_nulls
    where null_rows > 0

)

select * from final

{% endtest %}
