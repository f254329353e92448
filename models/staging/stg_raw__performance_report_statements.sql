with

source as (

    select * from {{ source('raw', 'performance_report_statements') }}

),

final as (

    select
        -- ids
        cast(document_id as {{ dbt.type_string() }}) as document_id,

        -- indicator
        cast(project_name as {{ dbt.type_string() }}) as project_name,
        cast(level1 as {{ dbt.type_string() }}) as level1_indicator,
        cast(level2 as {{ dbt.type_string() }}) as level2_indicator,
        cast(level3 as {{ dbt.type_string() }}) as level3_indicator,
        cast(unit_text as {{ dbt.type_string() }}) as unit_printed_text,

        -- figures
        cast(target_text as {{ dbt.type_string() }}) as target_text,
        cast(target_value as {{ type_amount() }}) as target_value,
        cast(actual_text as {{ dbt.type_string() }}) as actual_text,
        cast(actual_value as {{ type_amount() }}) as actual_value,
        cast(weight as {{ type_amount() }}) as weight,
        cast(score as {{ type_amount() }}) as score,

        -- source
        cast(title_line as {{ dbt.type_int() }}) as report_title_line,
        cast(source_line as {{ dbt.type_int() }}) as source_line

    from source

)

select * from final
