{#
    Where a department sits, read from the start of its name against seeds/admin_divisions.csv:
    泉州市医疗保障局 -> 福建省 泉州市; 固安县医疗保障局 -> 河北省 廊坊市 固安县. A name may chain
    divisions (河北省廊坊市固安县…): up to three levels are followed, each inside the one before.
    The longest matching prefix wins. When that prefix names several places (鼓楼区 is in 福州 and
    南京), the department's documents decide if exactly one candidate's province or city is
    mentioned in them; otherwise the region stays null rather than a guess.
#}

with

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

document_texts as (

    select
        document_id,
        full_text
    from {{ ref('stg_raw__documents') }}

),

divisions as (

    select
        division_name,
        division_code,
        level as division_level,
        province,
        city,
        county

    from {{ ref('admin_divisions') }}

),

departments as (

    select distinct
        department_key,
        department_name_normalized

    from documents

),

level_1 as (

    select
        departments.department_key,
        divisions.*,
        divisions.division_name as matched_prefix

    from departments
    inner join divisions
        on departments.department_name_normalized like {{ dbt.concat(['divisions.division_name', "'%'"]) }}

),

level_2 as (

    select
        level_1.department_key,
        divisions.*,
        {{ dbt.concat(['level_1.matched_prefix', 'divisions.division_name']) }} as matched_prefix

    from level_1
    inner join departments
        on level_1.department_key = departments.department_key
    inner join divisions
        on
            departments.department_name_normalized
            like {{ dbt.concat(['level_1.matched_prefix', 'divisions.division_name', "'%'"]) }}
            and level_1.province = divisions.province
            and level_1.division_level <> divisions.division_level
            and (level_1.division_level = 'province' or level_1.city = divisions.city)

),

level_3 as (

    select
        level_2.department_key,
        divisions.*,
        {{ dbt.concat(['level_2.matched_prefix', 'divisions.division_name']) }} as matched_prefix

    from level_2
    inner join departments
        on level_2.department_key = departments.department_key
    inner join divisions
        on
            departments.department_name_normalized
            like {{ dbt.concat(['level_2.matched_prefix', 'divisions.division_name', "'%'"]) }}
            and level_2.province = divisions.province
            and divisions.division_level = 'county'
            and level_2.division_level = 'city'
            and level_2.city = divisions.city

),

candidates as (

    select * from level_1
    union all
    select * from level_2
    union all
    select * from level_3

),

measured as (

    select
        *,
        {{ dbt.length('matched_prefix') }} as matched_length

    from candidates

),

longest as (

    select
        *,
        max(matched_length) over (partition by department_key) as longest_match

    from measured

),

best as (

    select distinct
        department_key,
        division_code,
        division_name,
        division_level,
        province,
        city,
        county

    from longest
    where matched_length = longest_match

),

mentions as (

    select distinct
        best.department_key,
        best.division_code

    from best
    inner join documents
        on best.department_key = documents.department_key
    inner join document_texts
        on documents.document_id = document_texts.document_id
    where
        {{ dbt.position('best.province', 'document_texts.full_text') }} > 0
        or (best.city is not null and {{ dbt.position('best.city', 'document_texts.full_text') }} > 0)

),

counted as (

    select
        best.*,
        count(*) over (partition by best.department_key) as candidate_count,
        case when mentions.division_code is not null then 1 else 0 end as is_mentioned,
        sum(case when mentions.division_code is not null then 1 else 0 end)
            over (partition by best.department_key) as mentioned_count

    from best
    left join mentions
        on
            best.department_key = mentions.department_key
            and best.division_code = mentions.division_code

),

chosen as (

    select
        department_key,
        division_code,
        division_name,
        division_level,
        province,
        city,
        county,
        case
            when candidate_count = 1 then 'matched'
            else 'matched_by_document_text'
        end as region_status

    from counted
    where
        candidate_count = 1
        or (mentioned_count = 1 and is_mentioned = 1)

),

unresolved as (

    select distinct department_key
    from counted
    where candidate_count > 1 and mentioned_count <> 1

),

final as (

    select
        departments.department_key,
        chosen.division_code,
        chosen.division_name,
        chosen.division_level,
        chosen.province,
        chosen.city,
        chosen.county,
        case
            when chosen.department_key is not null then chosen.region_status
            when unresolved.department_key is not null then 'ambiguous'
            else 'unmatched'
        end as region_status

    from departments
    left join chosen
        on departments.department_key = chosen.department_key
    left join unresolved
        on departments.department_key = unresolved.department_key

)

select * from final
