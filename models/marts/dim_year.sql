with

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

years as (

    select
        fiscal_year,
        count(*) as document_count,
        count(distinct department_key) as department_count,
        sum(case when phase = 'budget' then 1 else 0 end) as budget_document_count,
        sum(case when phase = 'final' then 1 else 0 end) as final_document_count

    from documents
    where fiscal_year is not null
    group by fiscal_year

),

final as (

    select
        fiscal_year,
        {{ dbt.concat([dbt.cast('fiscal_year', api.Column.translate_type('string')), "'年度'"]) }} as fiscal_year_label,
        document_count,
        department_count,
        budget_document_count,
        final_document_count

    from years

)

select * from final
