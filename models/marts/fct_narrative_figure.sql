{#
    One row per figure stated in the prose (情况说明) of the loaded documents: what it is about, which
    quantity of it (年初预算, 全年预算, 决算, 上年 …) and which money (一般公共预算, 财政拨款 …), the
    exact amount as printed and in 元, the change against the prior year the sentence states, the
    prior-year value that change implies (is_prior_year_derived), and the sentence and line it is
    printed on. Every version of a document is kept; filter on is_latest_version for the newest.
#}

with

figures as (

    select * from {{ ref('int_narrative_figures__measured') }}
    where {{ documents_to_build('document_id', versioned=true) }}

),

final as (

    select
        -- keys
        figure_id,
        document_id,
        department_key,
        fiscal_year,
        phase,
        is_latest_version,
        version_rank,

        -- where
        figure_seq,
        section_heading,

        -- subject
        subject_kind,
        subject_caption_zh,
        topic,
        subject_code,
        subject_text,
        parent_figure_id,
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
        prior_year_amount,
        prior_year_amount_yuan,

        -- source
        sentence,
        section_line,
        source_line,
        file_name

    from figures

)

select * from final
