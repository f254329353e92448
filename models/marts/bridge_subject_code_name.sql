{#
    One row per code and name printed beside it: every name variant a document uses, whether it is
    the standard name, and where it is printed.
#}

with

printed as (

    select * from {{ ref('int_subject_codes__printed') }}
    where printed_name is not null

),

standard_codes as (

    select * from {{ ref('subject_codes') }}

),

variants as (

    select
        subject_code,
        printed_name,
        max(printed_name_normalized) as printed_name_normalized,
        count(*) as line_count,
        count(distinct document_id) as document_count,
        count(distinct department_key) as department_count,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year

    from printed
    group by subject_code, printed_name

),

final as (

    select
        {{ surrogate_key(['variants.subject_code', 'variants.printed_name']) }} as subject_code_name_key,
        variants.subject_code,
        variants.printed_name,
        standard_codes.standard_name,
        case
            when standard_codes.standard_name is null then null
            else variants.printed_name_normalized = {{ normalize_text('standard_codes.standard_name') }}
        end as is_standard_name,
        variants.line_count,
        variants.document_count,
        variants.department_count,
        variants.first_fiscal_year,
        variants.last_fiscal_year

    from variants
    left join standard_codes
        on variants.subject_code = standard_codes.subject_code

)

select * from final
