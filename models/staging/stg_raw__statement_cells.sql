with

source as (

    select * from {{ source('raw', 'statement_cells') }}

),

final as (

    select
        -- ids
        cast(row_id as {{ dbt.type_string() }}) as row_id,
        cast(table_id as {{ dbt.type_string() }}) as table_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(column_index as {{ dbt.type_int() }}) as column_index,

        -- content
        cast(header_path as {{ dbt.type_string() }}) as header_path,
        cast(cell_text as {{ dbt.type_string() }}) as printed_text,
        cast(amount as {{ type_amount() }}) as amount,
        cast(decimals as {{ dbt.type_int() }}) as printed_decimals,

        -- source
        cast(source_line as {{ dbt.type_int() }}) as source_line

    from source

)

select * from final
