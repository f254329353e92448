with

source as (

    select * from {{ source('raw', 'ingest_issues') }}

),

final as (

    select
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(file_name as {{ dbt.type_string() }}) as file_name,
        cast(line_number as {{ dbt.type_int() }}) as source_line,
        cast(severity as {{ dbt.type_string() }}) as severity,
        cast(message as {{ dbt.type_string() }}) as message,
        cast(part as {{ dbt.type_string() }}) as failed_part,
        cast(exception as {{ dbt.type_string() }}) as exception

    from source

)

select * from final
