{{ config(severity='warn') }}

{#
    Printed amounts of a monetary measure whose table prints no unit, or a unit that
    seeds/unit_factors.csv does not know: amount_yuan stays null for them rather than a guess.
#}

with

lines as (

    select * from {{ ref('fct_budget_line') }}

),

measures as (

    select * from {{ ref('dim_measure') }}

),

final as (

    select
        lines.document_id,
        lines.table_id,
        lines.table_title,
        lines.source_unit,
        count(*) as amounts_without_yuan

    from lines
    inner join measures
        on lines.measure = measures.measure
    where
        measures.is_monetary
        and lines.amount is not null
        and lines.amount_yuan is null
    group by lines.document_id, lines.table_id, lines.table_title, lines.source_unit

)

select * from final
