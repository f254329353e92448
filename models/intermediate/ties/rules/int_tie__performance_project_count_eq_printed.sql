{#
    T_PERFORMANCE_PROJECT_COUNT_EQ_PRINTED — the number of projects the prose says carry performance
    targets (共设置40个项目绩效目标) = the number of project performance tables the document prints:
    the blocks the prose counts (int_tie__performance_counted_projects: the project blocks, or the
    special-fund blocks of a document printing none). One check per document, against its first such
    sentence (the one T_PERFORMANCE_FUNDS_EQ_SUM_PROJECT_BUDGETS reads); a document printing project
    blocks but no such sentence, or the sentence but no project block, is not_applicable. A count is
    not rounded: the tolerance is 0. rhs_source_lines are the first lines of the blocks counted.
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

stated_counts as (

    {{ performance_sentence_lhs(
        'fund_totals', 'project_count', '项目绩效目标个数', 'project_count', '0', "'个'", '0'
    ) }}

),

printed_counts as (

    select
        document_id,
        'document' as pair_key,
        'performance' as statement,
        min(table_id) as table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        'project_count' as measure,
        count(*) as amount,
        count(*) as term_count,
        0 as amount_decimals,
        '个' as source_unit,
        0 as unit_exponent,
        {{ source_line_list('first_line') }} as source_lines,
        cast(null as {{ dbt.type_string() }}) as missing_reason

    from counted_projects
    group by document_id

),

checks as (

    {{ tie_pair_checks(
        'T_PERFORMANCE_PROJECT_COUNT_EQ_PRINTED', 'stated_counts', 'printed_counts', "'performance'",
        "'performance'", 'lhs missing: the prose states no number of projects with performance targets',
        'rhs missing: no project performance table'
    ) }}

),

final as (

    {{ tie_check_result('checks', exact_tolerance='0') }}

)

select * from final
