{#
    Normalized text used to match printed headers and labels against seeds/measure_map.csv and the
    standard names of seeds/subject_codes.csv. The seed's `source_text` column is written in this
    normalized form:
      * every space removed (ASCII, full-width U+3000, no-break U+00A0);
      * full-width parentheses and colon turned half-width: （）： -> ():
      * quotation marks removed: “ ” " ‘ ’
#}
{% macro normalize_text(expression) -%}
    {%- set ns = namespace(sql=expression) -%}
    {%- for old, new in [
        (" ", ""), ("　", ""), (" ", ""),
        ("（", "("), ("）", ")"), ("：", ":"),
        ("“", ""), ("”", ""), ('"', ""), ("‘", ""), ("’", "")
    ] -%}
        {%- set ns.sql = dbt.replace(ns.sql, "'" ~ dbt.escape_single_quotes(old) ~ "'", "'" ~ new ~ "'") -%}
    {%- endfor -%}
    {{ ns.sql }}
{%- endmacro %}

{#
    A header path with the document's own years made relative: in a 2024 document `2024年预算数`
    becomes `本年预算数` and `2023年预算数` becomes `上年预算数`, so one seed row serves every year.
#}
{% macro normalize_header(header_expression, fiscal_year_expression) -%}
    {%- set current_year = dbt.concat([dbt.cast(fiscal_year_expression, api.Column.translate_type("string")), "'年'"]) -%}
    {%- set prior_year = dbt.concat([dbt.cast("(" ~ fiscal_year_expression ~ " - 1)", api.Column.translate_type("string")), "'年'"]) -%}
    {%- set plain = normalize_text(header_expression) -%}
    {{ dbt.replace(dbt.replace(plain, current_year, "'本年'"), prior_year, "'上年'") }}
{%- endmacro %}

{#
    A row label without its ordinal prefix and `其中:` marker:
      一、一般公共预算拨款收入 -> 一般公共预算拨款收入;  1. 因公出国（境）费 -> 因公出国(境)费;
      其中：（1）公务用车购置费 -> 公务用车购置费
#}
{% macro normalize_label(label_expression) -%}
    {%- set plain = normalize_text(label_expression) -%}
    {%- set ordinal = "^(其中:)?(([一二三四五六七八九十百零〇]+、)|([0-9]+[、.．])|([(][0-9一二三四五六七八九十]+[)]))?(其中:)?" -%}
    {{ regexp_replace_all(plain, "'" ~ ordinal ~ "'", "''") }}
{%- endmacro %}
