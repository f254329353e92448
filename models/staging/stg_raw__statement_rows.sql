with

source as (

    select * from {{ source('raw', 'statement_rows') }}

),

final as (

    select
        -- ids
        cast(row_id as {{ dbt.type_string() }}) as row_id,
        cast(table_id as {{ dbt.type_string() }}) as table_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(row_seq as {{ dbt.type_int() }}) as row_seq,

        -- layout
        cast(row_role as {{ dbt.type_string() }}) as row_role,
        cast(column_group as {{ dbt.type_int() }}) as column_group,
        cast(side as {{ dbt.type_string() }}) as side,
        cast(group_header as {{ dbt.type_string() }}) as group_header,

        -- labels
        cast(printed_sequence as {{ dbt.type_string() }}) as printed_sequence,
        cast(label as {{ dbt.type_string() }}) as line_label,
        cast(label_extra as {{ dbt.type_string() }}) as line_label_extra,

        -- codes (completed to full form by ingest)
        cast(subject_code as {{ dbt.type_string() }}) as subject_code,
        cast(economic_code as {{ dbt.type_string() }}) as economic_code,
        cast(government_economic_code as {{ dbt.type_string() }}) as government_economic_code,
        cast(sub_unit_code as {{ dbt.type_string() }}) as sub_unit_code,
        cast(codes_printed as {{ dbt.type_string() }}) as codes_printed,
        cast(codes_from_name as {{ dbt.type_boolean() }}) as is_code_from_name,

        -- source
        cast(realigned as {{ dbt.type_boolean() }}) as is_realigned,
        cast(source_line as {{ dbt.type_int() }}) as source_line,
        cast(line_text as {{ dbt.type_string() }}) as line_text

    from source

)

select * from final
