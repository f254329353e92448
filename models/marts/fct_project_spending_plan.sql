{#
    One row per milestone of a project's spending plan (资金支出计划) printed in the performance tables
    of the loaded documents: the share of the project's budget planned to be spent by then
    (cumulative, as printed: 3月底 25%, 6月底 50% …), the month the milestone closes, the share planned
    within the period since the previous milestone, and the amounts those shares are of the budget
    printed in the same table. "What share is planned to be spent by June": the row of the latest
    milestone_month <= 6 of each project. Every version of a document is kept; filter on
    is_latest_version for the newest.
#}

with

milestones as (

    select * from {{ ref('stg_raw__performance_spending_plan') }}

),

projects as (

    select * from {{ ref('int_performance_projects__listed') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

unit_factors as (

    select * from {{ ref('unit_factors') }}

),

sequenced as (

    select
        milestones.*,
        -- the first milestone's period starts at 0; after an unreadable percentage it is unknown
        milestones.cumulative_percent - lag(milestones.cumulative_percent, 1, cast(0 as {{ type_amount() }})) over (
            partition by milestones.performance_project_id
            order by milestones.milestone_seq
        ) as period_percent

    from milestones

),

joined as (

    select
        -- keys
        sequenced.spending_milestone_id,
        sequenced.document_id,
        documents.department_key,
        documents.fiscal_year,
        sequenced.performance_project_id as project_key,

        -- document
        documents.phase,
        documents.is_latest_version,

        -- project
        projects.project_name,
        projects.project_code,
        projects.budget_amount as project_budget,
        projects.budget_unit as project_budget_unit,

        -- milestone
        sequenced.milestone_seq,
        sequenced.milestone_printed_text as milestone,
        sequenced.milestone_month,

        -- planned spending
        sequenced.cumulative_percent,
        cast(sequenced.period_percent as {{ type_amount() }}) as period_percent,
        sequenced.percent_printed_text as percent_text,
        cast(
            projects.budget_amount * sequenced.cumulative_percent * cast(0.01 as {{ type_amount() }})
            as {{ type_amount() }}
        ) as cumulative_amount,
        cast(
            projects.budget_amount * sequenced.cumulative_percent * cast(0.01 as {{ type_amount() }})
            * unit_factors.yuan_factor as {{ type_amount_yuan() }}
        ) as cumulative_amount_yuan,

        -- source
        sequenced.table_id,
        sequenced.milestone_source_line,
        sequenced.source_line,
        documents.file_name

    from sequenced
    inner join projects
        on sequenced.performance_project_id = projects.performance_project_id
    inner join documents
        on sequenced.document_id = documents.document_id
    left join unit_factors
        on projects.budget_unit = unit_factors.unit

),

final as (

    select * from joined

)

select * from final
