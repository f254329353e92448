{#
    One row per performance indicator printed in the performance tables of the loaded documents
    (绩效目标表, 部门整体绩效目标表, 绩效自评表): who (department), when (fiscal year, phase), which
    project / special fund / department block, the three indicator levels (一级 / 二级 carried down
    where blank), the target as printed and parsed (operator, exact value, normalized unit, or the
    words of a qualitative target), and in final accounts the result, weight and score. Every
    version of a document is kept; filter on is_latest_version for the newest.
#}

with

indicators as (

    select * from {{ ref('int_performance_indicators__assessed') }}

),

projects as (

    select * from {{ ref('int_performance_projects__listed') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

joined as (

    select
        -- keys
        indicators.performance_indicator_id,
        indicators.document_id,
        documents.department_key,
        documents.fiscal_year,
        indicators.performance_project_id as project_key,

        -- document
        documents.phase,
        documents.is_latest_version,

        -- project
        projects.scope,
        projects.project_name,
        projects.project_code,
        projects.budget_amount as project_budget,
        projects.budget_unit as project_budget_unit,

        -- indicator
        indicators.level1_indicator,
        indicators.level2_indicator,
        indicators.level3_indicator,
        indicators.is_level1_carried,
        indicators.is_level2_carried,
        indicators.indicator_description,
        indicators.direction,

        -- target
        indicators.target_operator,
        indicators.target_value,
        indicators.target_unit,
        indicators.target_text,
        indicators.target_wording,
        indicators.is_qualitative,
        indicators.target_parse_status,
        indicators.target_basis,
        indicators.scoring_rule,

        -- result (final accounts)
        indicators.actual_value,
        indicators.actual_text,
        indicators.is_target_met,
        indicators.weight,
        indicators.score,
        indicators.deviation_reason,
        indicators.report_source_line,
        indicators.is_report_consistent,

        -- source
        indicators.table_id,
        indicators.indicator_seq,
        indicators.column_shift,
        indicators.source_line,
        indicators.line_text,
        documents.file_name

    from indicators
    inner join projects
        on indicators.performance_project_id = projects.performance_project_id
    inner join documents
        on indicators.document_id = documents.document_id

),

final as (

    select * from joined

)

select * from final
