with

measures as (

    select * from {{ ref('measures') }}

),

final as (

    select
        measure,
        caption_zh,
        measure_group,
        is_monetary,
        description

    from measures

)

select * from final
