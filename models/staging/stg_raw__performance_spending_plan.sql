with

source as (

    select * from {{ source('raw', 'performance_spending_plan') }}

),

final as (

    select
        -- ids
        cast(spending_milestone_id as {{ dbt.type_string() }}) as spending_milestone_id,
        cast(performance_project_id as {{ dbt.type_string() }}) as performance_project_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(table_id as {{ dbt.type_string() }}) as table_id,
        cast(milestone_seq as {{ dbt.type_int() }}) as milestone_seq,

        -- milestone
        cast(milestone as {{ dbt.type_string() }}) as milestone_printed_text,
        cast(month as {{ dbt.type_int() }}) as milestone_month,

        -- planned share
        cast(percent_text as {{ dbt.type_string() }}) as percent_printed_text,
        cast(cumulative_percent as {{ type_amount() }}) as cumulative_percent,

        -- source
        cast(milestone_line as {{ dbt.type_int() }}) as milestone_source_line,
        cast(source_line as {{ dbt.type_int() }}) as source_line

    from source

)

select * from final
