with

source as (

    select * from {{ source('raw', 'documents') }}

),

final as (

    select
        -- ids
        cast(document_id as {{ dbt.type_string() }}) as document_id,

        -- file
        cast(file_name as {{ dbt.type_string() }}) as file_name,
        cast(file_path as {{ dbt.type_string() }}) as file_path,
        cast(sha256 as {{ dbt.type_string() }}) as sha256,
        cast(size_bytes as {{ dbt.type_bigint() }}) as size_bytes,
        cast(encoding as {{ dbt.type_string() }}) as text_encoding,
        cast(full_text as {{ dbt.type_string() }}) as full_text,
        cast(line_count as {{ dbt.type_int() }}) as line_count,

        -- what the document is
        cast(title as {{ dbt.type_string() }}) as document_title,
        cast(department_name as {{ dbt.type_string() }}) as department_name,
        cast(fiscal_year as {{ dbt.type_int() }}) as fiscal_year,
        cast(phase as {{ dbt.type_string() }}) as phase,
        cast(department_code as {{ dbt.type_string() }}) as department_code,
        cast(department_source as {{ dbt.type_string() }}) as department_source,
        cast(fiscal_year_source as {{ dbt.type_string() }}) as fiscal_year_source,
        cast(phase_source as {{ dbt.type_string() }}) as phase_source,

        -- load status and versions
        cast(status as {{ dbt.type_string() }}) as load_status,
        cast(quarantine_reason as {{ dbt.type_string() }}) as quarantine_reason,
        cast(quarantine_line as {{ dbt.type_int() }}) as quarantine_line,
        cast(version_rank as {{ dbt.type_int() }}) as version_rank,
        cast(is_latest_version as {{ dbt.type_boolean() }}) as is_latest_version,

        -- timestamps
        cast(file_modified_at as {{ dbt.type_timestamp() }}) as file_modified_at,
        cast(ingested_at as {{ dbt.type_timestamp() }}) as ingested_at,

        -- lineage of the parse
        cast(parser_version as {{ dbt.type_string() }}) as parser_version

    from source

)

select * from final
