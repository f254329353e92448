{#
    One row per performance block of the loaded documents: a project (项目支出绩效目标表), a special
    fund (专项资金绩效目标 / 自评表) or the department as a whole (部门整体绩效目标), with its budget as
    printed in its performance table and, for projects, the line of the document's project list
    (项目支出预算情况表) naming it, where the document has one.
#}

with

projects as (

    select * from {{ ref('int_performance_projects__listed') }}

),

indicators as (

    select * from {{ ref('stg_raw__performance_indicators') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

unit_factors as (

    select * from {{ ref('unit_factors') }}

),

indicator_counts as (

    select
        performance_project_id,
        count(*) as indicator_count

    from indicators
    group by performance_project_id

),

final as (

    select
        -- keys
        projects.performance_project_id as project_key,
        projects.document_id,
        documents.department_key,
        documents.fiscal_year,

        -- document
        documents.phase,
        documents.is_latest_version,

        -- project
        projects.scope,
        projects.project_name,
        projects.project_name_source,
        projects.project_code,
        projects.sub_unit_code,
        projects.sub_unit_name,
        projects.goal,

        -- budget
        projects.budget_amount,
        projects.budget_unit,
        cast(projects.budget_amount * unit_factors.yuan_factor as {{ type_amount_yuan() }}) as budget_amount_yuan,
        projects.budget_printed_text,

        -- project list
        projects.listed_project_name,
        projects.listed_amount,
        projects.listed_unit,
        projects.list_match_method,
        projects.list_name_distance,

        -- indicators
        coalesce(indicator_counts.indicator_count, 0) as indicator_count,

        -- source
        projects.table_id,
        projects.project_seq,
        projects.first_line,
        projects.last_line,
        projects.budget_source_line,
        projects.listed_row_id,
        projects.listed_source_line,
        documents.file_name

    from projects
    inner join documents
        on projects.document_id = documents.document_id
    left join unit_factors
        on projects.budget_unit = unit_factors.unit
    left join indicator_counts
        on projects.performance_project_id = indicator_counts.performance_project_id

)

select * from final
