with

statement_kinds as (

    select * from {{ ref('statement_kinds') }}

),

final as (

    select
        statement_kind as statement,
        caption_zh,
        is_budget_statement,
        measure_from_label,
        description

    from statement_kinds

)

select * from final
