with

source as (

    select * from {{ source('raw', 'statement_tables') }}

),

final as (

    select
        -- ids
        cast(table_id as {{ dbt.type_string() }}) as table_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(table_seq as {{ dbt.type_int() }}) as table_seq,

        -- what the table is
        cast(title as {{ dbt.type_string() }}) as table_title,
        cast(statement_kind as {{ dbt.type_string() }}) as statement_kind,
        cast(kind_source as {{ dbt.type_string() }}) as kind_source,
        cast(unit as {{ dbt.type_string() }}) as source_unit,
        cast(unit_source as {{ dbt.type_string() }}) as unit_source,
        cast(note as {{ dbt.type_string() }}) as table_note,

        -- layout
        cast(header_rows as {{ dbt.type_int() }}) as header_row_count,
        cast(row_count as {{ dbt.type_int() }}) as row_count,
        cast(page_count as {{ dbt.type_int() }}) as page_count,

        -- source lines
        cast(title_line as {{ dbt.type_int() }}) as title_line,
        cast(unit_line as {{ dbt.type_int() }}) as unit_line,
        cast(note_line as {{ dbt.type_int() }}) as note_line,
        cast(first_line as {{ dbt.type_int() }}) as first_line,
        cast(last_line as {{ dbt.type_int() }}) as last_line

    from source

)

select * from final
