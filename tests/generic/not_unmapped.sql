{#
    Lines whose measure is `unmapped`: a printed header (or, in two-sided and “三公” tables, a row
    label) that seeds/measure_map.csv does not know yet. Configured as a warning: the amounts are in
    the fact table, they only need a rule.
#}
{% test not_unmapped(model, column_name) %}

with

unmapped as (

    select * from {{ model }}
    where {{ column_name }} = 'unmapped'

),

final as (

    select * from unmapped

)

select * from final

{% endtest %}
