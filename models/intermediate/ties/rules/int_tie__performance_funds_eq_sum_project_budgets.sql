{#
    T_PERFORMANCE_FUNDS_EQ_SUM_PROJECT_BUDGETS — the funds the prose says the projects with
    performance targets involve (共设置2个项目绩效目标，共涉及财政拨款资金4,023.00万元) = the sum of the
    budgets printed in those projects' performance tables. The projects summed are the blocks the
    prose counts (int_tie__performance_counted_projects: the project blocks, or the special-fund
    blocks of a document printing none). One check per document, against its first such sentence; a
    document printing performance projects but no such sentence, or the sentence but no performance
    tables, is not_applicable; so is a sentence counting more or fewer projects than the document
    prints (福州: 40 projects, six printed): its funds cover other projects than those summed, and
    T_PERFORMANCE_PROJECT_COUNT_EQ_PRINTED reports the difference. The line label states the count
    the prose gives; term_count is the number of budgets summed.
#}

with

fund_totals as (

    select * from {{ ref('stg_raw__performance_fund_totals') }}
    where {{ tie_rule_documents('document_id') }}

),

counted_projects as (

    select * from {{ ref('int_tie__performance_counted_projects') }}
    where {{ tie_rule_documents('document_id') }}

),

unit_factors as (

    select
        unit,
        {{ dbt.length(dbt.cast('yuan_factor', api.Column.translate_type('string'))) }} - 1 as unit_exponent

    from {{ ref('unit_factors') }}

),

printed_counts as (

    select
        document_id,
        count(*) as printed_count

    from counted_projects
    group by document_id

),

sentences as (

    select
        fund_totals.*,
        unit_factors.unit_exponent,
        case
            when printed_counts.printed_count <> fund_totals.project_count
                then {{ dbt.concat([
                    "'lhs not comparable: the prose counts '",
                    dbt.cast('fund_totals.project_count', api.Column.translate_type('string')),
                    "' projects, the document prints '",
                    dbt.cast('printed_counts.printed_count', api.Column.translate_type('string'))
                ]) }}
        end as not_comparable_reason

    from fund_totals
    left join unit_factors
        on fund_totals.source_unit = unit_factors.unit
    left join printed_counts
        on fund_totals.document_id = printed_counts.document_id

),

stated_funds as (

    {{ performance_sentence_lhs(
        'sentences', 'project_budget', '涉及资金', 'amount', 'amount_decimals', 'source_unit', 'unit_exponent',
        missing_reason='not_comparable_reason'
    ) }}

),

summed_budgets as (

    select
        counted_projects.document_id,
        'document' as pair_key,
        'performance' as statement,
        min(counted_projects.table_id) as table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        'project_budget' as measure,
        sum(counted_projects.budget_amount) as amount,
        count(counted_projects.budget_amount) as term_count,
        min(counted_projects.budget_decimals) as amount_decimals,
        min(counted_projects.budget_unit) as source_unit,
        min(unit_factors.unit_exponent) as unit_exponent,
        {{ source_line_list('counted_projects.budget_source_line') }} as source_lines,
        case
            when count(counted_projects.budget_amount) = 0
                then 'rhs missing: the performance tables print no project budget'
            when count(distinct counted_projects.budget_unit) > 1
                then 'rhs not comparable: the project budgets are printed in different units'
        end as missing_reason

    from counted_projects
    left join unit_factors
        on counted_projects.budget_unit = unit_factors.unit
    group by counted_projects.document_id

),

checks as (

    {{ tie_pair_checks(
        'T_PERFORMANCE_FUNDS_EQ_SUM_PROJECT_BUDGETS', 'stated_funds', 'summed_budgets', "'performance'",
        "'performance'", 'lhs missing: the prose states no funds for the projects with performance targets',
        'rhs missing: no project performance table'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
