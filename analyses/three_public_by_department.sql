-- “三公”经费 (因公出国（境）费, 公务用车购置及运行维护费, 公务接待费) by department, year and phase,
-- from the “三公” table (statement `three_public`), newest version of each document only.
-- Row-wise tables give the category in the row label, column-wise ones (招远) in the column; both
-- end up in the same measures. Only the all-funds column counts (a 一般公共预算 column of the same
-- row keeps measure general_budget). printed_total_yuan is the table's own 合计.

with

lines as (

    select * from {{ ref('fct_budget_line') }}
    where
        is_latest_version
        and statement = 'three_public'

),

departments as (

    select * from {{ ref('dim_department') }}

),

by_document as (

    select
        department_key,
        fiscal_year,
        phase,
        sum(case when measure = 'overseas_travel' then amount_yuan end) as overseas_travel_yuan,
        sum(case when measure = 'vehicles' then amount_yuan end) as vehicles_yuan,
        sum(case when measure = 'vehicle_purchase' then amount_yuan end) as vehicle_purchase_yuan,
        sum(case when measure = 'vehicle_operation' then amount_yuan end) as vehicle_operation_yuan,
        sum(case when measure = 'reception' then amount_yuan end) as reception_yuan,
        max(case when measure = 'total' then amount_yuan end) as printed_total_yuan

    from lines
    group by department_key, fiscal_year, phase

),

final as (

    select
        departments.department_name,
        departments.province,
        departments.city,
        by_document.fiscal_year,
        by_document.phase,
        by_document.overseas_travel_yuan,
        by_document.vehicles_yuan,
        by_document.vehicle_purchase_yuan,
        by_document.vehicle_operation_yuan,
        by_document.reception_yuan,
        coalesce(by_document.overseas_travel_yuan, 0)
        + coalesce(by_document.vehicles_yuan, 0)
        + coalesce(by_document.reception_yuan, 0) as three_public_yuan,
        by_document.printed_total_yuan

    from by_document
    inner join departments
        on by_document.department_key = departments.department_key

)

select * from final
order by department_name, fiscal_year, phase
