{#
    Exact decimal types for amounts. Printed amounts are DECIMAL(24, 6) in the raw layer; amounts in
    元 need more integer digits (万元 x 10^4, 亿元 x 10^8), so they use the widest portable decimal.
#}
{% macro type_amount() -%}
    decimal(24, 6)
{%- endmacro %}

{% macro type_amount_yuan() -%}
    decimal(38, 6)
{%- endmacro %}
