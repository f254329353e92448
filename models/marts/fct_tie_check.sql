{#
    One row per tie check: a rule of the registry (seeds/tie_rules.csv) applied at one place of one
    document (table, row, column or measure). Each rule is one model under
    models/intermediate/ties/rules/ (listed by tie_rule_models(), macros/tie_rules.sql); this mart is
    their union with the rule's description and severity and the document's department, year and
    phase. Status: pass (equal), rounding (within the rounding tolerance of the printed figures), fail
    (beyond it), not_applicable (a side is missing; the reason says which). Every version of a
    document is checked; filter on is_latest_version for the newest.

    The rule models are views. The pre-hook copies their checks into a table, one rule per statement,
    each committed (outside the model's transaction, which would hold them all in memory), dropped
    by the post-hook; in an incremental build for its new documents only (macros/tie_rules.sql,
    stage_tie_rule_checks). A check joins the registry row naming the model it came from: under
    another rule's id, or from a model the registry does not name, it gets no rule_id, which the
    tests of rule_id report.
#}

{{ config(
    pre_hook=before_begin("{{ stage_tie_rule_checks() }}"),
    post_hook=after_commit("{{ drop_tie_rule_checks() }}")
) }}

{%- for rule_model in tie_rule_models() %}
-- depends_on: {{ ref(rule_model) }}
{%- endfor %}

with

rule_checks as (

    -- the staged checks are those of the documents to build, unless the batch was too large to name
    select * from {{ tie_rule_checks_relation() }}
    where {{ documents_to_build('document_id', versioned=true) }}

),

tie_rules as (

    select * from {{ ref('tie_rules') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

joined as (

    select
        -- keys
        {{ surrogate_key([
            'rule_checks.rule_id', 'rule_checks.document_id', 'rule_checks.table_id',
            'rule_checks.counterpart_table_id', 'rule_checks.lhs_row_id', 'rule_checks.subject_code',
            'rule_checks.column_header', 'rule_checks.measure'
        ]) }} as tie_check_id,
        rule_checks.document_id,
        documents.department_key,
        documents.fiscal_year,
        documents.phase,
        documents.is_latest_version,

        -- rule
        tie_rules.rule_id,
        tie_rules.rule_group,
        tie_rules.severity,
        tie_rules.relation_zh,
        tie_rules.description as rule_description,

        -- where
        rule_checks.statement,
        rule_checks.counterpart_statement,
        rule_checks.table_id,
        rule_checks.counterpart_table_id,
        rule_checks.lhs_row_id,
        rule_checks.subject_code,
        rule_checks.economic_code,
        rule_checks.sub_unit_code,
        rule_checks.line_label,
        rule_checks.measure,
        rule_checks.column_header,

        -- figures
        rule_checks.lhs,
        rule_checks.rhs,
        rule_checks.term_count,
        rule_checks.difference,
        rule_checks.tolerance,
        rule_checks.source_unit,

        -- outcome
        rule_checks.status,
        rule_checks.not_applicable_reason,

        -- source
        rule_checks.lhs_source_lines,
        rule_checks.rhs_source_lines,
        documents.file_name

    from rule_checks
    left join tie_rules
        on
            rule_checks.rule_model = tie_rules.model
            and rule_checks.rule_id = tie_rules.rule_id
    inner join documents
        on rule_checks.document_id = documents.document_id

),

final as (

    select * from joined

)

select * from final
