with

source as (

    select * from {{ source('raw', 'performance_projects') }}

),

final as (

    select
        -- ids
        cast(performance_project_id as {{ dbt.type_string() }}) as performance_project_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(table_id as {{ dbt.type_string() }}) as table_id,
        cast(project_seq as {{ dbt.type_int() }}) as project_seq,

        -- project
        cast(scope as {{ dbt.type_string() }}) as scope,
        cast(project_name as {{ dbt.type_string() }}) as project_name,
        cast(name_source as {{ dbt.type_string() }}) as project_name_source,
        cast(project_code as {{ dbt.type_string() }}) as project_code,
        cast(sub_unit_code as {{ dbt.type_string() }}) as sub_unit_code,
        cast(sub_unit_name as {{ dbt.type_string() }}) as sub_unit_name,
        cast(goal as {{ dbt.type_string() }}) as goal,

        -- budget
        cast(budget_text as {{ dbt.type_string() }}) as budget_printed_text,
        cast(budget_amount as {{ type_amount() }}) as budget_amount,
        cast(budget_decimals as {{ dbt.type_int() }}) as budget_decimals,
        cast(budget_unit as {{ dbt.type_string() }}) as budget_unit,

        -- source
        cast(budget_line as {{ dbt.type_int() }}) as budget_source_line,
        cast(first_line as {{ dbt.type_int() }}) as first_line,
        cast(last_line as {{ dbt.type_int() }}) as last_line

    from source

)

select * from final
