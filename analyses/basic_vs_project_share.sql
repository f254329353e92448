-- 基本支出 vs 项目支出 per department, year and phase, from the 支出总表 (statement `expense`),
-- newest version of each document only. Where a 支出总表 prints 基本支出 only through its parts
-- (福州: 人员支出 + 对个人和家庭的补助 + 公用支出), the parts are added up.
-- Shares are percentages of 基本支出 + 项目支出.

with

lines as (

    select * from {{ ref('fct_budget_line') }}
    where
        is_latest_version
        and statement = 'expense'
        and not is_subtotal

),

departments as (

    select * from {{ ref('dim_department') }}

),

by_document as (

    select
        department_key,
        fiscal_year,
        phase,
        sum(case when measure = 'basic' then amount_yuan end) as basic_printed_yuan,
        sum(case when measure in ('wages_and_benefits', 'family_subsidy', 'public_use') then amount_yuan end)
            as basic_from_parts_yuan,
        coalesce(sum(case when measure = 'project' then amount_yuan end), 0) as project_yuan

    from lines
    group by department_key, fiscal_year, phase

),

combined as (

    select
        department_key,
        fiscal_year,
        phase,
        coalesce(basic_printed_yuan, basic_from_parts_yuan, 0) as basic_yuan,
        project_yuan

    from by_document

),

final as (

    select
        departments.department_name,
        departments.province,
        departments.city,
        combined.fiscal_year,
        combined.phase,
        combined.basic_yuan,
        combined.project_yuan,
        combined.basic_yuan + combined.project_yuan as basic_and_project_yuan,
        cast(
            100 * combined.basic_yuan / nullif(combined.basic_yuan + combined.project_yuan, 0)
            as decimal(9, 2)
        ) as basic_share_percent,
        cast(
            100 * combined.project_yuan / nullif(combined.basic_yuan + combined.project_yuan, 0)
            as decimal(9, 2)
        ) as project_share_percent

    from combined
    inner join departments
        on combined.department_key = departments.department_key

)

select * from final
order by department_name, fiscal_year, phase
