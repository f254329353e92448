with

source as (

    select * from {{ source('raw', 'document_pages') }}

),

final as (

    select
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(page_number as {{ dbt.type_int() }}) as page_number,
        cast(first_line as {{ dbt.type_int() }}) as first_line,
        cast(last_line as {{ dbt.type_int() }}) as last_line

    from source

)

select * from final
