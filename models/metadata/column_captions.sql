{#
    The Chinese caption of every mart and of every column of a mart, compiled from the `caption_zh`
    meta of the marts' .yml files (the one place captions are kept). Exports (ingest/export.py) read
    it to head spreadsheet columns.
#}

{%- set captions = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.fqn[1] == 'marts' -%}
        {%- set model_caption = node.meta.get('caption_zh') or node.config.meta.get('caption_zh') or node.name -%}
        {%- for column in node.columns.values() -%}
            {%- set column_caption = column.meta.get('caption_zh') or column.name -%}
            {%- do captions.append({
                'model_name': node.name,
                'model_caption': model_caption,
                'column_name': column.name,
                'column_position': loop.index,
                'caption_zh': column_caption,
                'description': column.description or ''
            }) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}

with

captions as (

    {% for caption in captions | sort(attribute='model_name') %}
    select
        cast('{{ dbt.escape_single_quotes(caption.model_name) }}' as {{ dbt.type_string() }}) as model_name,
        cast('{{ dbt.escape_single_quotes(caption.model_caption) }}' as {{ dbt.type_string() }}) as model_caption,
        cast('{{ dbt.escape_single_quotes(caption.column_name) }}' as {{ dbt.type_string() }}) as column_name,
        cast({{ caption.column_position }} as {{ dbt.type_int() }}) as column_position,
        cast('{{ dbt.escape_single_quotes(caption.caption_zh) }}' as {{ dbt.type_string() }}) as caption_zh,
        cast('{{ dbt.escape_single_quotes(caption.description | replace('\n', ' ') | trim) }}' as {{ dbt.type_string() }}) as description
    {% if not loop.last %}union all{% endif %}
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as model_caption,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_int() }}) as column_position,
        cast(null as {{ dbt.type_string() }}) as caption_zh,
        cast(null as {{ dbt.type_string() }}) as description
    where 1 = 0
    {% endfor %}

),

final as (

    select * from captions

)

select * from final
