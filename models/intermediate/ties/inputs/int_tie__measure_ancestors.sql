{#
    Every (measure, ancestor) pair of seeds/measure_hierarchy.csv, followed up to three levels
    (一般公共预算 < 财政拨款 < 本年收入): a measure whose ancestor is printed beside it is not summed again.
#}

with

hierarchy as (

    select * from {{ ref('measure_hierarchy') }}

),

parents as (

    select
        measure,
        parent_measure as ancestor_measure,
        1 as distance

    from hierarchy

),

grandparents as (

    select
        parents.measure,
        hierarchy.parent_measure as ancestor_measure,
        2 as distance

    from parents
    inner join hierarchy
        on parents.ancestor_measure = hierarchy.measure

),

great_grandparents as (

    select
        grandparents.measure,
        hierarchy.parent_measure as ancestor_measure,
        3 as distance

    from grandparents
    inner join hierarchy
        on grandparents.ancestor_measure = hierarchy.measure

),

final as (

    select * from parents
    union all
    select * from grandparents
    union all
    select * from great_grandparents

)

select * from final
