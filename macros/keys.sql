{#
    A surrogate key from a list of column expressions: md5 of the values joined by '|', nulls as
    '_null_'. Written here because dbt packages (dbt_utils) are not installed in this project.
#}
{% macro surrogate_key(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(" ~ dbt.cast(expression, api.Column.translate_type("string")) ~ ", '_null_')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
