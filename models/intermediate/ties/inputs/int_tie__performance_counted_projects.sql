{#
    The performance blocks a document's prose counts when it states how many projects carry
    performance targets (共设置2个项目绩效目标): its project blocks, or, in a document printing none,
    its special-fund blocks (三明's 专项资金绩效自评表, which its prose counts as the projects
    self-evaluated); the department as a whole is never counted. Read by the performance rules that
    compare the prose with the printed blocks: their number and the sum of their budgets.
#}

with

projects as (

    select * from {{ ref('int_performance_projects__listed') }}
    where
        {{ documents_to_build('document_id') }}
        and scope in ('project', 'special_fund')

),

counted_scopes as (

    select
        document_id,
        case when max(case when scope = 'project' then 1 else 0 end) = 1 then 'project' else 'special_fund' end
            as counted_scope

    from projects
    group by document_id

),

final as (

    select
        projects.performance_project_id,
        projects.document_id,
        projects.table_id,
        projects.scope,
        projects.project_name,
        projects.budget_amount,
        projects.budget_decimals,
        projects.budget_unit,
        projects.budget_source_line,
        projects.first_line

    from projects
    inner join counted_scopes
        on
            projects.document_id = counted_scopes.document_id
            and projects.scope = counted_scopes.counted_scope

)

select * from final
