with

source as (

    select * from {{ source('raw', 'performance_indicators') }}

),

final as (

    select
        -- ids
        cast(performance_indicator_id as {{ dbt.type_string() }}) as performance_indicator_id,
        cast(performance_project_id as {{ dbt.type_string() }}) as performance_project_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(table_id as {{ dbt.type_string() }}) as table_id,
        cast(indicator_seq as {{ dbt.type_int() }}) as indicator_seq,

        -- indicator
        cast(level1 as {{ dbt.type_string() }}) as level1_indicator,
        cast(level2 as {{ dbt.type_string() }}) as level2_indicator,
        cast(level3 as {{ dbt.type_string() }}) as level3_indicator,
        cast(level1_carried as {{ dbt.type_boolean() }}) as is_level1_carried,
        cast(level2_carried as {{ dbt.type_boolean() }}) as is_level2_carried,
        cast(description as {{ dbt.type_string() }}) as indicator_description,
        cast(scoring_rule as {{ dbt.type_string() }}) as scoring_rule,
        cast(basis as {{ dbt.type_string() }}) as target_basis,
        cast(direction as {{ dbt.type_string() }}) as direction,

        -- target
        cast(target_text as {{ dbt.type_string() }}) as target_text,
        cast(target_operator as {{ dbt.type_string() }}) as target_operator,
        cast(target_value as {{ type_amount() }}) as target_value,
        cast(target_unit as {{ dbt.type_string() }}) as target_unit,
        cast(target_is_qualitative as {{ dbt.type_boolean() }}) as is_qualitative,
        cast(target_wording as {{ dbt.type_string() }}) as target_wording,
        cast(target_parse_status as {{ dbt.type_string() }}) as target_parse_status,

        -- result (final accounts)
        cast(actual_text as {{ dbt.type_string() }}) as actual_text,
        cast(actual_value as {{ type_amount() }}) as actual_value,
        cast(weight_text as {{ dbt.type_string() }}) as weight_printed_text,
        cast(weight as {{ type_amount() }}) as weight,
        cast(score_text as {{ dbt.type_string() }}) as score_printed_text,
        cast(score as {{ type_amount() }}) as score,
        cast(deviation_reason as {{ dbt.type_string() }}) as deviation_reason,

        -- source
        cast(column_shift as {{ dbt.type_int() }}) as column_shift,
        cast(source_line as {{ dbt.type_int() }}) as source_line,
        cast(line_text as {{ dbt.type_string() }}) as line_text

    from source

)

select * from final
