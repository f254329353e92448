{#
    Documents that landed (status loaded), each tied to its department. Every version of a document
    is kept; is_latest_version says which one is the newest text of its department, year and phase.
#}

with

documents as (

    select * from {{ ref('stg_raw__documents') }}

),

loaded as (

    select * from documents
    where load_status = 'loaded'

),

named as (

    select
        *,
        coalesce(
            nullif({{ normalize_text('department_name') }}, ''),
            '未识别部门'
        ) as department_name_normalized

    from loaded

),

final as (

    select
        document_id,
        {{ surrogate_key(['department_name_normalized']) }} as department_key,
        department_name,
        department_name_normalized,
        department_code,
        fiscal_year,
        phase,
        document_title,
        file_name,
        version_rank,
        is_latest_version,
        ingested_at

    from named

)

select * from final
