{#
    Every tie check's status follows from its figures, whichever rule produced it: not_applicable
    exactly when a reason is given; otherwise difference = lhs − rhs, pass when it is 0, rounding
    when it is within the tolerance, fail beyond it (macros/ties.sql, tie_status).
#}

with

checks as (

    select * from {{ ref('fct_tie_check') }}

),

final as (

    select *
    from checks
    where
        (status = 'not_applicable') <> (not_applicable_reason is not null)
        or (
            status <> 'not_applicable'
            and (
                lhs is null
                or rhs is null
                or tolerance is null
                or difference <> lhs - rhs
                or (status = 'pass' and difference <> 0)
                or (status = 'rounding' and (difference = 0 or abs(difference) > tolerance))
                or (status = 'fail' and abs(difference) <= tolerance)
            )
        )

)

select * from final
