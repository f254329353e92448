-- 卫生健康支出 (功能分类 类 210) by department and fiscal year, from each document's 支出总表
-- (statement `expense`, every fund source), newest version of each document only.
--   health_expenditure_yuan   sum of the detail lines coded 210xxxx (no 类/款/合计 double counting)
--   printed_class_total_yuan  the 210 类 line as printed, where the table prints one
--   summary_class_total_yuan  the 卫生健康支出 line of the 收支总表, for comparison
-- A difference between the three columns points at a table the text rendering lost part of.

with

lines as (

    select * from {{ ref('fct_budget_line') }}
    where is_latest_version

),

departments as (

    select * from {{ ref('dim_department') }}

),

health_lines as (

    select
        department_key,
        fiscal_year,
        phase,
        sum(case when statement = 'expense' and not is_subtotal then amount_yuan end)
            as health_expenditure_yuan,
        sum(case when statement = 'expense' and subject_code = '210' then amount_yuan end)
            as printed_class_total_yuan,
        sum(case when statement = 'summary' and subject_code = '210' then amount_yuan end)
            as summary_class_total_yuan

    from lines
    where
        measure = 'total'
        and subject_code like '210%'
    group by department_key, fiscal_year, phase

),

final as (

    select
        departments.department_name,
        departments.province,
        departments.city,
        departments.county,
        health_lines.fiscal_year,
        health_lines.phase,
        health_lines.health_expenditure_yuan,
        health_lines.printed_class_total_yuan,
        health_lines.summary_class_total_yuan

    from health_lines
    inner join departments
        on health_lines.department_key = departments.department_key

)

select * from final
order by department_name, fiscal_year, phase
