{#
    T_PERFORMANCE_BUDGET_EQ_PROJECT_LIST — a project's budget printed in its performance table
    (预算数 / 年度预算资金总额 / 资金总额) = its 合计 in the document's project list (项目支出预算情况表),
    the list line found by int_performance_projects__listed (equal or closest name). One check per
    project block, its lhs row the performance table's row printing the budget (or the block's first
    row); not_applicable when the document prints no project list, when no line of the list names the
    project, or when the performance table prints no budget.
#}

with

projects as (

    select * from {{ ref('int_performance_projects__listed') }}
    where
        {{ tie_rule_documents('document_id') }}
        and scope = 'project'

),

unit_factors as (

    select
        unit,
        {{ dbt.length(dbt.cast('yuan_factor', api.Column.translate_type('string'))) }} - 1 as unit_exponent

    from {{ ref('unit_factors') }}

),

performance_budgets as (

    select
        projects.document_id,
        projects.performance_project_id as pair_key,
        'performance' as statement,
        projects.table_id,
        coalesce(projects.budget_row_id, projects.first_row_id) as row_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        cast(null as {{ dbt.type_string() }}) as economic_code,
        projects.sub_unit_code,
        projects.project_name as line_label,
        'project_budget' as measure,
        cast(null as {{ dbt.type_string() }}) as header_path,
        projects.budget_amount as amount,
        projects.budget_decimals as amount_decimals,
        projects.budget_unit as source_unit,
        unit_factors.unit_exponent,
        projects.budget_source_line as source_line,
        case
            when
                projects.budget_amount is null
                then 'lhs missing: the performance table prints no budget for the project'
        end as missing_reason

    from projects
    left join unit_factors
        on projects.budget_unit = unit_factors.unit

),

listed_amounts as (

    select
        projects.document_id,
        projects.performance_project_id as pair_key,
        'project_expense' as statement,
        projects.listed_table_id as table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        'total' as measure,
        projects.listed_amount as amount,
        case when projects.listed_amount is null then 0 else 1 end as term_count,
        projects.listed_decimals as amount_decimals,
        projects.listed_unit as source_unit,
        unit_factors.unit_exponent,
        {{ dbt.cast('projects.listed_source_line', api.Column.translate_type('string')) }} as source_lines,
        case
            when not projects.document_has_project_list
                then 'rhs missing: the document prints no project list (项目支出表)'
            when projects.listed_row_id is null
                then 'rhs missing: no line of the project list names the project'
        end as missing_reason

    from projects
    left join unit_factors
        on projects.listed_unit = unit_factors.unit

),

checks as (

    {{ tie_pair_checks(
        'T_PERFORMANCE_BUDGET_EQ_PROJECT_LIST', 'performance_budgets', 'listed_amounts', "'performance'",
        "'project_expense'", 'lhs missing: no project performance table', 'rhs missing: no project list'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
