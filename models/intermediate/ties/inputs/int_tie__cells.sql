{#
    The additive amount cells of the budget statements (fct_budget_line, blank cells included), each
    with its row's role for the tie rules (int_tie__rows), the quantity its column prints and the
    money its table covers (macros/narrative_scopes.sql: what the narrative rules compare a figure
    with). Quantities and unit prices are left out: they do not add up. Every tie rule reads its
    figures from here.
#}

with

lines as (

    select
        *,
        {{ scope_header('header_path') }} as scope_header
    from {{ ref('fct_budget_line') }}
    where {{ documents_to_build('document_id') }}

),

tie_rows as (

    select * from {{ ref('int_tie__rows') }}
    where {{ documents_to_build('document_id') }}

),

measures as (

    select * from {{ ref('measures') }}

),

unit_factors as (

    select * from {{ ref('unit_factors') }}

),

joined as (

    select
        -- ids
        lines.budget_line_id,
        tie_rows.row_id,
        tie_rows.table_id,
        tie_rows.document_id,
        tie_rows.statement,
        tie_rows.measure_from_label,

        -- row
        tie_rows.row_seq,
        tie_rows.source_line,
        tie_rows.column_group,
        tie_rows.column_block,
        tie_rows.side,
        tie_rows.subject_code,
        tie_rows.subject_level,
        tie_rows.economic_code,
        tie_rows.economic_level,
        tie_rows.government_economic_code,
        tie_rows.sub_unit_code,
        tie_rows.line_label,
        tie_rows.label_measure,
        tie_rows.label_measure_group,
        tie_rows.row_kind,
        tie_rows.is_of_which,
        tie_rows.parent_row_id,
        tie_rows.is_top_level,
        tie_rows.is_part_of_side_line,

        -- column
        lines.column_index,
        lines.header_path,
        lines.header_measure,
        lines.measure,
        {{ header_amount_scope('lines.scope_header', 'lines.phase', 'lines.fiscal_year') }} as column_scope,
        {{ unscoped_measure('lines.header_measure') }} as unscoped_measure,
        {{ table_funding_scope('lines.statement', 'lines.table_title') }} as table_funding_scope,

        -- amount
        lines.amount,
        lines.amount_yuan,
        lines.amount_decimals,
        tie_rows.source_unit,
        -- the unit as a power of ten of 元 (万元 -> 4): figures of two units are compared exactly
        -- by shifting the decimal point (macros/ties.sql, tie_pair_checks), never by dividing
        {{ dbt.length(dbt.cast('unit_factors.yuan_factor', api.Column.translate_type('string'))) }} - 1
            as unit_exponent

    from lines
    inner join tie_rows
        on lines.row_id = tie_rows.row_id
    left join measures
        on lines.measure = measures.measure
    left join unit_factors
        on tie_rows.source_unit = unit_factors.unit
    where
        coalesce(measures.is_monetary, true)
        and lines.measure <> 'unit_price'

),

final as (

    select * from joined

)

select * from final
