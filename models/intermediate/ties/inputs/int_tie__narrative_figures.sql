{#
    The money figures stated in the prose (int_narrative_figures__measured), shaped as the lhs of a
    tie (macros/ties.sql, tie_pair_checks): one figure per (document_id, pair_key = figure_id), its
    statement 'narrative', its row the figure (row_id = figure_id), its subject text as line label,
    with the table that prints the same subject (seeds/narrative_subjects.csv: statement_kind, side,
    measure) for the narrative rules to look the counterpart up. Changes stated on their own (no
    amount) and vehicle counts are left out.

    Each figure carries what the rules need to compare like with like: its amount scope, the money
    its words name (unknown when none), whether it explains one 功能分类 项, whether its document shows its 财政拨款 to be all
    一般公共预算 (int_tie__funding_equivalences), and scope_reason: why no table of the document's year
    can print it (a prior-year figure, another year's).
#}

with

figures as (

    select * from {{ ref('int_narrative_figures__measured') }}
    where
        {{ documents_to_build('document_id') }}
        and amount is not null
        and is_monetary

),

subjects as (

    select * from {{ ref('narrative_subjects') }}

),

funding_equivalences as (

    select * from {{ ref('int_tie__funding_equivalences') }}
    where {{ documents_to_build('document_id') }}

),

unit_factors as (

    select
        unit,
        {{ dbt.length(dbt.cast('yuan_factor', api.Column.translate_type('string'))) }} - 1 as unit_exponent

    from {{ ref('unit_factors') }}

),

final as (

    select
        figures.document_id,
        figures.figure_id as pair_key,
        'narrative' as statement,
        cast(null as {{ dbt.type_string() }}) as table_id,
        figures.figure_id as row_id,
        figures.figure_seq,
        figures.parent_figure_id,
        figures.subject_kind,
        figures.topic,
        subjects.statement_kind as table_statement,
        subjects.side as table_side,
        subjects.measure,
        figures.subject_code,
        cast(null as {{ dbt.type_string() }}) as economic_code,
        cast(null as {{ dbt.type_string() }}) as sub_unit_code,
        figures.subject_text as line_label,
        figures.section_heading as header_path,
        figures.section_line,
        figures.amount,
        figures.amount_decimals,
        figures.source_unit,
        unit_factors.unit_exponent,
        figures.source_line,
        figures.phase,
        figures.fiscal_year,
        figures.amount_scope,
        figures.funding_scope,
        figures.is_item_explanation,
        figures.item_path,
        coalesce(funding_equivalences.fiscal_grant_is_general_budget, false) as fiscal_grant_is_general_budget,
        case
            when figures.amount_scope = 'prior_year'
                then 'lhs is a prior-year figure (上年): kept in fct_prior_year_value, compared with no table of the year'
            when figures.amount_scope = 'unknown'
                then 'lhs is of another year than the document''s: compared with no table of the year'
        end as scope_reason,
        cast(null as {{ dbt.type_string() }}) as missing_reason

    from figures
    inner join subjects
        on figures.subject_kind = subjects.subject_kind
    inner join unit_factors
        on figures.source_unit = unit_factors.unit
    left join funding_equivalences
        on figures.document_id = funding_equivalences.document_id

)

select * from final
