{#
    True when a note states that a table has nothing to show: 没有 / 无 / 未 / 空表 / 不涉及
    (`本部门 2024 年没有使用政府性基金预算拨款安排的支出`, `无政府基金预算财政拨款预算，空表列示`).
    Used by int_disclosure__tables to tell an empty table explained by a note from one that is not.
#}
{% macro states_absence(text_expression) -%}
    {%- set absence_words = ['没有', '无', '未', '空表', '不涉及'] -%}
    ({% for word in absence_words %}{{ text_expression }} like '%{{ word }}%'{% if not loop.last %} or {% endif %}{% endfor %})
{%- endmacro %}
