{#
    One row per department (by normalized name), with the region its name establishes
    (int_departments__regions) and the department code it prints.
#}

with

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

regions as (

    select * from {{ ref('int_departments__regions') }}

),

ranked_names as (

    select
        department_key,
        department_name,
        row_number() over (
            partition by department_key
            order by fiscal_year desc, version_rank asc, ingested_at desc, document_id asc
        ) as name_rank

    from documents
    where department_name is not null

),

ranked_codes as (

    select
        department_key,
        department_code,
        row_number() over (
            partition by department_key
            order by fiscal_year desc, version_rank asc, ingested_at desc, document_id asc
        ) as code_rank

    from documents
    where department_code is not null

),

distinct_codes as (

    select distinct
        department_key,
        department_code

    from documents
    where department_code is not null

),

printed_codes as (

    select
        department_key,
        {{ dbt.listagg('department_code', "', '", 'order by department_code') }} as department_codes_printed

    from distinct_codes
    group by department_key

),

document_counts as (

    select
        department_key,
        max(department_name_normalized) as department_name_normalized,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year,
        count(*) as document_count

    from documents
    group by department_key

),

final as (

    select
        document_counts.department_key,
        coalesce(ranked_names.department_name, document_counts.department_name_normalized) as department_name,
        regions.province,
        regions.city,
        regions.county,
        regions.division_level as administrative_level,
        case regions.division_level
            when 'province' then '省级'
            when 'city' then '市级'
            when 'county' then '县级'
        end as administrative_level_zh,
        regions.division_code,
        regions.region_status,
        ranked_codes.department_code,
        printed_codes.department_codes_printed,
        document_counts.first_fiscal_year,
        document_counts.last_fiscal_year,
        document_counts.document_count

    from document_counts
    left join ranked_names
        on
            document_counts.department_key = ranked_names.department_key
            and ranked_names.name_rank = 1
    left join ranked_codes
        on
            document_counts.department_key = ranked_codes.department_key
            and ranked_codes.code_rank = 1
    left join printed_codes
        on document_counts.department_key = printed_codes.department_key
    left join regions
        on document_counts.department_key = regions.department_key

)

select * from final
