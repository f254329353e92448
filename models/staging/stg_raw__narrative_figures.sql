with

source as (

    select * from {{ source('raw', 'narrative_figures') }}

),

final as (

    select
        -- ids
        cast(figure_id as {{ dbt.type_string() }}) as figure_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(figure_seq as {{ dbt.type_int() }}) as figure_seq,
        cast(parent_figure_seq as {{ dbt.type_int() }}) as parent_figure_seq,

        -- what the figure is about
        cast(section as {{ dbt.type_string() }}) as section_heading,
        cast(subject_kind as {{ dbt.type_string() }}) as subject_kind,
        cast(subject_code as {{ dbt.type_string() }}) as subject_code,
        cast(subject_text as {{ dbt.type_string() }}) as subject_text,
        cast(is_item_explanation as {{ dbt.type_boolean() }}) as is_item_explanation,
        cast(item_path as {{ dbt.type_string() }}) as item_path,

        -- which quantity and which money, as the words say
        cast(amount_scope as {{ dbt.type_string() }}) as amount_scope_stated,
        cast(scope_year as {{ dbt.type_int() }}) as scope_year,
        cast(funding_scope as {{ dbt.type_string() }}) as funding_scope,

        -- amount
        cast(amount as {{ type_amount() }}) as amount,
        cast(unit as {{ dbt.type_string() }}) as source_unit,
        cast(decimals as {{ dbt.type_int() }}) as amount_decimals,
        cast(printed_amount as {{ dbt.type_string() }}) as printed_amount,

        -- change against the prior year
        cast(change_amount as {{ type_amount() }}) as change_amount,
        cast(change_unit as {{ dbt.type_string() }}) as change_unit,
        cast(change_direction as {{ dbt.type_string() }}) as change_direction,
        cast(change_percent as {{ type_amount() }}) as change_percent,
        cast(printed_change as {{ dbt.type_string() }}) as printed_change,

        -- source
        cast(sentence as {{ dbt.type_string() }}) as sentence,
        cast(section_line as {{ dbt.type_int() }}) as section_line,
        cast(source_line as {{ dbt.type_int() }}) as source_line

    from source

)

select * from final
