{#
    Every 功能分类 and 经济分类 code in the corpus and every parent above it (项 -> 款 -> 类), with
    the standard name and hierarchy of seeds/subject_codes.csv where the code is listed there, the
    names the documents print for it, and a flag when a document prints it under another name
    (泉州 prints 2210202 as 提租补贴 and as 租房补贴). bridge_subject_code_name holds one row per
    printed name.
#}

with

printed as (

    select * from {{ ref('int_subject_codes__printed') }}

),

standard_codes as (

    select * from {{ ref('subject_codes') }}

),

printed_codes as (

    select distinct
        subject_code,
        classification

    from printed

),

parents_of_items as (

    select
        substring(subject_code, 1, 5) as subject_code,
        classification

    from printed_codes
    where {{ dbt.length('subject_code') }} = 7

),

parents_of_sections as (

    select
        substring(subject_code, 1, 3) as subject_code,
        classification

    from printed_codes
    where {{ dbt.length('subject_code') }} in (5, 7)

),

printed_flags as (

    select distinct subject_code from printed_codes

),

all_codes as (

    select
        subject_code,
        classification
    from printed_codes
    union
    select
        subject_code,
        classification
    from parents_of_items
    union
    select
        subject_code,
        classification
    from parents_of_sections

),

names as (

    select distinct
        subject_code,
        printed_name,
        printed_name_normalized

    from printed
    where printed_name is not null

),

names_compared as (

    select
        names.*,
        case
            when standard_codes.standard_name is null then null
            else names.printed_name_normalized = {{ normalize_text('standard_codes.standard_name') }}
        end as is_standard_name

    from names
    left join standard_codes
        on names.subject_code = standard_codes.subject_code

),

printed_names as (

    select
        subject_code,
        {{ dbt.listagg('printed_name', "' | '", 'order by printed_name') }} as printed_names,
        count(*) as printed_name_count

    from names_compared
    group by subject_code

),

nonstandard_names as (

    select
        subject_code,
        {{ dbt.listagg('printed_name', "' | '", 'order by printed_name') }} as nonstandard_names

    from names_compared
    where not is_standard_name
    group by subject_code

),

final as (

    select
        all_codes.subject_code,
        all_codes.classification,
        coalesce(
            standard_codes.level,
            case {{ dbt.length('all_codes.subject_code') }} when 3 then 1 when 5 then 2 when 7 then 3 end
        ) as level,
        case {{ dbt.length('all_codes.subject_code') }}
            when 3 then '类'
            when 5 then '款'
            when 7 then '项'
        end as level_name,
        coalesce(
            standard_codes.parent_code,
            case {{ dbt.length('all_codes.subject_code') }}
                when 7 then substring(all_codes.subject_code, 1, 5)
                when 5 then substring(all_codes.subject_code, 1, 3)
            end
        ) as parent_code,
        standard_codes.standard_name,
        standard_codes.subject_code is not null as is_in_standard_list,
        printed_flags.subject_code is not null as is_printed,
        printed_names.printed_names,
        coalesce(printed_names.printed_name_count, 0) as printed_name_count,
        nonstandard_names.nonstandard_names,
        nonstandard_names.subject_code is not null as has_nonstandard_name

    from all_codes
    left join standard_codes
        on all_codes.subject_code = standard_codes.subject_code
    left join printed_flags
        on all_codes.subject_code = printed_flags.subject_code
    left join printed_names
        on all_codes.subject_code = printed_names.subject_code
    left join nonstandard_names
        on all_codes.subject_code = nonstandard_names.subject_code

)

select * from final
