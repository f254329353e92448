{#
    Performance indicators of the loaded documents, each assessed where the document prints a result
    (final accounts):
      * is_target_met compares the 实际完成值 with the target by the target's operator (≥ 130000 人
        against 139327 → true); null when either is not a number (a worded target is not judged here);
      * the same indicator restated in the prose of the project's 绩效自评报告 (same document, same
        project name, same indicator name), and whether the report's 目标值 / 完成值 / 分值 / 得分 are
        those of the table (is_report_consistent; null when the report does not restate it).
#}

with

indicators as (

    select * from {{ ref('stg_raw__performance_indicators') }}

),

projects as (

    select * from {{ ref('stg_raw__performance_projects') }}

),

report_statements as (

    select * from {{ ref('stg_raw__performance_report_statements') }}

),

named_indicators as (

    select
        indicators.*,
        {{ normalize_text('projects.project_name') }} as project_name_normalized,
        {{ normalize_text('indicators.level3_indicator') }} as level3_normalized

    from indicators
    inner join projects
        on indicators.performance_project_id = projects.performance_project_id

),

restated as (

    select
        report_statements.*,
        {{ normalize_text('report_statements.project_name') }} as project_name_normalized,
        {{ normalize_text('report_statements.level3_indicator') }} as level3_normalized

    from report_statements

),

assessed as (

    select
        named_indicators.*,
        case
            when named_indicators.actual_value is null or named_indicators.target_value is null then null
            when
                named_indicators.target_operator = '>='
                then named_indicators.actual_value >= named_indicators.target_value
            when
                named_indicators.target_operator = '<='
                then named_indicators.actual_value <= named_indicators.target_value
            when
                named_indicators.target_operator = '='
                then named_indicators.actual_value = named_indicators.target_value
            when
                named_indicators.target_operator = '>'
                then named_indicators.actual_value > named_indicators.target_value
            when
                named_indicators.target_operator = '<'
                then named_indicators.actual_value < named_indicators.target_value
        end as is_target_met,
        restated.source_line as report_source_line,
        restated.target_text as report_target_text,
        restated.actual_text as report_actual_text,
        restated.weight as report_weight,
        restated.score as report_score,
        case
            when restated.source_line is null then null
            when
                named_indicators.target_value is not null
                and (restated.target_value is null or restated.target_value <> named_indicators.target_value) then false
            when
                named_indicators.target_value is null
                and coalesce(restated.target_text, '') <> coalesce(named_indicators.target_wording, '') then false
            when
                named_indicators.actual_value is not null
                and (restated.actual_value is null or restated.actual_value <> named_indicators.actual_value) then false
            when
                named_indicators.actual_value is null
                and coalesce(restated.actual_text, '') <> coalesce(named_indicators.actual_text, '') then false
            when coalesce(restated.weight, -1) <> coalesce(named_indicators.weight, -1) then false
            when coalesce(restated.score, -1) <> coalesce(named_indicators.score, -1) then false
            else true
        end as is_report_consistent

    from named_indicators
    left join restated
        on
            named_indicators.document_id = restated.document_id
            and named_indicators.project_name_normalized = restated.project_name_normalized
            and named_indicators.level3_normalized = restated.level3_normalized

),

final as (

    select * from assessed

)

select * from final
