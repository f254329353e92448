{#
    Figures stated in the prose of loaded documents, with what the subject is (seeds/narrative_subjects.csv),
    the amount and the change in 元, and the prior-year value the sentence implies:

        prior-year value = current amount − stated change        (比上年增加 5 → 5 less last year;
                                                                  减少 5 → the change is −5, so 5 more)

    It is derived only when the sentence states both the amount and the change in money
    (`与上年持平` is a change of 0; `与上年基本持平` and `与上年下降` without an amount give none), and
    not for a figure that is itself the prior year's. Counts of vehicles (辆) are not money: their
    amount_yuan is null.

    The figure's amount scope is resolved with the document: the words leave open (no scope word,
    or 预算 in a budget) what the document's phase says (a budget states its initial budget, final
    accounts their 决算), and a year printed before the amount other than the document's makes it
    another year's quantity.
#}

with

figures as (

    select * from {{ ref('stg_raw__narrative_figures') }}
    where {{ documents_to_build('document_id', versioned=true) }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

subjects as (

    select * from {{ ref('narrative_subjects') }}

),

unit_factors as (

    select * from {{ ref('unit_factors') }}

),

in_context as (

    select
        figures.*,
        parents.figure_id as parent_figure_id,
        documents.department_key,
        documents.fiscal_year,
        documents.phase,
        documents.is_latest_version,
        documents.version_rank,
        documents.file_name,
        subjects.caption_zh as subject_caption_zh,
        subjects.topic,
        subjects.measure as table_measure,
        amount_units.yuan_factor as amount_yuan_factor,
        change_units.yuan_factor as change_yuan_factor

    from figures
    inner join documents
        on figures.document_id = documents.document_id
    left join figures as parents
        on
            figures.document_id = parents.document_id
            and figures.parent_figure_seq = parents.figure_seq
    left join subjects
        on figures.subject_kind = subjects.subject_kind
    left join unit_factors as amount_units
        on figures.source_unit = amount_units.unit
    left join unit_factors as change_units
        on figures.change_unit = change_units.unit

),

converted as (

    select
        *,
        case
            when amount_scope_stated = 'prior_year' or scope_year < fiscal_year then 'prior_year'
            when scope_year > fiscal_year then 'unknown'
            when amount_scope_stated = 'unknown' and phase = 'budget' then 'initial_budget'
            when amount_scope_stated = 'unknown' and phase = 'final' then 'final'
            when amount_scope_stated = 'budget' and phase = 'budget' then 'initial_budget'
            else amount_scope_stated
        end as amount_scope,
        amount_yuan_factor is not null as is_monetary,
        cast(amount * amount_yuan_factor as {{ type_amount_yuan() }}) as amount_yuan,
        cast(change_amount * change_yuan_factor as {{ type_amount_yuan() }}) as change_amount_yuan,
        amount is not null
        and change_amount is not null
        and change_yuan_factor is not null
        and amount_scope_stated <> 'prior_year'
        and coalesce(scope_year, fiscal_year) >= fiscal_year as is_prior_year_derived

    from in_context

),

final as (

    select
        -- ids
        figure_id,
        document_id,
        department_key,
        fiscal_year,
        phase,
        is_latest_version,
        version_rank,
        figure_seq,
        parent_figure_id,

        -- subject
        section_heading,
        subject_kind,
        subject_caption_zh,
        topic,
        table_measure,
        subject_code,
        subject_text,
        is_item_explanation,
        item_path,

        -- which quantity and which money
        amount_scope,
        amount_scope_stated,
        scope_year,
        funding_scope,

        -- amount
        amount,
        source_unit,
        amount_decimals,
        is_monetary,
        amount_yuan,
        printed_amount,

        -- change against the prior year
        change_amount,
        change_unit,
        change_amount_yuan,
        change_direction,
        change_percent,
        printed_change,

        -- prior year, derived from the narrative
        is_prior_year_derived,
        case
            when is_prior_year_derived and change_unit = source_unit
                then cast(amount - change_amount as {{ type_amount() }})
        end as prior_year_amount,
        case
            when is_prior_year_derived
                then cast(amount_yuan - change_amount_yuan as {{ type_amount_yuan() }})
        end as prior_year_amount_yuan,

        -- source
        sentence,
        section_line,
        source_line,
        file_name

    from converted

)

select * from final
