{#
    One row per prior-year value a document gives, for a year before the document's own:
      * derived from the narrative (is_derived_from_narrative): the current amount a sentence states
        minus the change it states against the prior year (2024年预算安排17.00万元，比上年减少7.50万元
        → 2023: 17.00 − (−7.50) = 24.50 万元);
      * stated in the narrative as the prior year's (上年决算数为…, 2023年支出决算…, amount_scope
        prior_year): never compared with the document's current-year tables, kept here;
      * printed in a table: the prior-year columns of the “三公” table (2023年预算数), whose measure
        (prior_year_reception …) names the same subject as the narrative's 公务接待费.
    Query it next to fct_narrative_figure / fct_budget_line of the prior year's own document, when
    the warehouse has one, to see whether the two years agree.
#}

with

figures as (

    select * from {{ ref('int_narrative_figures__measured') }}
    where is_prior_year_derived

),

stated_figures as (

    select * from {{ ref('int_narrative_figures__measured') }}
    where
        amount_scope = 'prior_year'
        and amount is not null
        and is_monetary
        and subject_kind <> 'unclassified'

),

budget_lines as (

    select * from {{ ref('int_budget_lines__measured') }}

),

statement_rows as (

    select * from {{ ref('int_statement_rows__classified') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

measures as (

    select * from {{ ref('measures') }}

),

subjects as (

    select * from {{ ref('narrative_subjects') }}

),

derived as (

    select
        figures.figure_id as prior_year_value_id,
        figures.document_id,
        figures.department_key,
        figures.fiscal_year - 1 as fiscal_year,
        figures.fiscal_year as stated_in_fiscal_year,
        figures.phase,
        figures.is_latest_version,
        figures.subject_kind,
        figures.subject_code,
        figures.subject_text,
        figures.prior_year_amount as amount,
        figures.source_unit,
        figures.prior_year_amount_yuan as amount_yuan,
        true as is_derived_from_narrative,
        'narrative_change' as value_source,
        figures.amount as current_amount,
        figures.change_amount,
        figures.change_unit,
        figures.figure_id,
        cast(null as {{ dbt.type_string() }}) as budget_line_id,
        figures.sentence as source_text,
        figures.source_line

    from figures

),

stated as (

    select
        stated_figures.figure_id as prior_year_value_id,
        stated_figures.document_id,
        stated_figures.department_key,
        coalesce(stated_figures.scope_year, stated_figures.fiscal_year - 1) as fiscal_year,
        stated_figures.fiscal_year as stated_in_fiscal_year,
        stated_figures.phase,
        stated_figures.is_latest_version,
        stated_figures.subject_kind,
        stated_figures.subject_code,
        stated_figures.subject_text,
        stated_figures.amount,
        stated_figures.source_unit,
        stated_figures.amount_yuan,
        false as is_derived_from_narrative,
        'narrative_stated' as value_source,
        cast(null as {{ type_amount() }}) as current_amount,
        cast(null as {{ type_amount() }}) as change_amount,
        cast(null as {{ dbt.type_string() }}) as change_unit,
        stated_figures.figure_id,
        cast(null as {{ dbt.type_string() }}) as budget_line_id,
        stated_figures.sentence as source_text,
        stated_figures.source_line

    from stated_figures

),

prior_year_cells as (

    select
        budget_lines.budget_line_id,
        budget_lines.header_path,
        budget_lines.amount,
        budget_lines.amount_yuan,
        budget_lines.printed_text,
        budget_lines.source_line,
        statement_rows.source_unit,
        documents.document_id,
        documents.department_key,
        documents.fiscal_year,
        documents.phase,
        documents.is_latest_version,
        subjects.subject_kind

    from budget_lines
    inner join statement_rows
        on budget_lines.row_id = statement_rows.row_id
    inner join documents
        on statement_rows.document_id = documents.document_id
    inner join measures
        on budget_lines.measure = measures.measure
    inner join subjects
        on
            subjects.topic = 'three_public'
            and {{ dbt.concat(["'prior_year_'", 'subjects.measure']) }} = budget_lines.measure
    where
        measures.measure_group = 'prior_year'
        and statement_rows.statement_kind = 'three_public'
        and budget_lines.amount is not null

),

printed as (

    select
        budget_line_id as prior_year_value_id,
        document_id,
        department_key,
        fiscal_year - 1 as fiscal_year,
        fiscal_year as stated_in_fiscal_year,
        phase,
        is_latest_version,
        subject_kind,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        header_path as subject_text,
        amount,
        source_unit,
        amount_yuan,
        false as is_derived_from_narrative,
        'table' as value_source,
        cast(null as {{ type_amount() }}) as current_amount,
        cast(null as {{ type_amount() }}) as change_amount,
        cast(null as {{ dbt.type_string() }}) as change_unit,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        budget_line_id,
        printed_text as source_text,
        source_line

    from prior_year_cells

),

unioned as (

    select * from derived
    union all
    select * from stated
    union all
    select * from printed

),

final as (

    select * from unioned

)

select * from final
