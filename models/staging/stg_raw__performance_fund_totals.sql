with

source as (

    select * from {{ source('raw', 'performance_fund_totals') }}

),

final as (

    select
        -- ids
        cast(document_id as {{ dbt.type_string() }}) as document_id,

        -- statement
        cast(project_count as {{ dbt.type_int() }}) as project_count,
        cast(amount_text as {{ dbt.type_string() }}) as amount_printed_text,
        cast(amount as {{ type_amount() }}) as amount,
        cast(decimals as {{ dbt.type_int() }}) as amount_decimals,
        cast(unit as {{ dbt.type_string() }}) as source_unit,
        cast(sentence as {{ dbt.type_string() }}) as sentence,

        -- source
        cast(source_line as {{ dbt.type_int() }}) as source_line

    from source

)

select * from final
