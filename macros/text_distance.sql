{#
    How different two names are, as a share of the longer one: the edit distance (insertions,
    deletions, substitutions) over the longer length, 0 for equal names. Dispatched because the edit
    distance is not a dbt cross-database macro and engines count it differently: DuckDB's
    levenshtein() counts bytes, so its lengths are taken in bytes too (a CJK character is three of
    each); Spark and Postgres (fuzzystrmatch) count characters.
#}
{% macro name_distance_ratio(left_expression, right_expression) -%}
    {{ return(adapter.dispatch('name_distance_ratio', 'budget_warehouse')(left_expression, right_expression)) }}
{%- endmacro %}

{% macro default__name_distance_ratio(left_expression, right_expression) -%}
    cast(
        cast(levenshtein({{ left_expression }}, {{ right_expression }}) as {{ dbt.type_numeric() }})
        / nullif(greatest({{ dbt.length(left_expression) }}, {{ dbt.length(right_expression) }}), 0)
    as {{ dbt.type_numeric() }})
{%- endmacro %}

{% macro duckdb__name_distance_ratio(left_expression, right_expression) -%}
    cast(
        cast(levenshtein({{ left_expression }}, {{ right_expression }}) as {{ dbt.type_numeric() }})
        / nullif(greatest(strlen({{ left_expression }}), strlen({{ right_expression }})), 0)
    as {{ dbt.type_numeric() }})
{%- endmacro %}
