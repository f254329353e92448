with

source as (

    select * from {{ source('raw', 'document_toc') }}

),

final as (

    select
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(line_number as {{ dbt.type_int() }}) as source_line,
        cast(entry_title as {{ dbt.type_string() }}) as entry_title,
        cast(statement_kind as {{ dbt.type_string() }}) as statement_kind

    from source

)

select * from final
