{#
    Every check of every tie rule model (tie_rule_models(), macros/tie_rules.sql) has a document, a
    status of the four, and the rule_id of the registry row (seeds/tie_rules.csv) that names this
    model: a rule model never reports its checks under another rule's id. One test for all the rules,
    where each rule's .yml used to repeat the same tests on the same columns; fct_tie_check cannot
    prove it, as it does not record which model a check came from.
#}

with

rule_checks as (

    {% for rule_model in tie_rule_models() %}
        select
            '{{ rule_model }}' as rule_model,
            document_id,
            rule_id,
            status
        from {{ ref(rule_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

tie_rules as (

    select * from {{ ref('tie_rules') }}

),

joined as (

    select
        rule_checks.rule_model,
        rule_checks.document_id,
        rule_checks.rule_id,
        rule_checks.status,
        tie_rules.rule_id as registry_rule_id

    from rule_checks
    left join tie_rules
        on rule_checks.rule_model = tie_rules.model

),

final as (

    select * from joined
    where
        document_id is null
        or rule_id is null
        or registry_rule_id is null
        or rule_id <> registry_rule_id
        or status is null
        or status not in ('pass', 'rounding', 'fail', 'not_applicable')

)

select * from final
