{#
    Every cell of a data row of a budget statement, with its canonical measure and its amount in 元.

    The measure comes from seeds/measure_map.csv:
      * header_measure: the rule matching the cell's normalized header path (years made relative);
      * label_measure: the rule matching the row's label, in tables whose measure comes from the row
        (收支总表, 财政拨款收支总表, “三公” table);
      * measure: the label's measure where the column only says "the amount" (header measure total),
        the header's measure otherwise (a 一般公共预算 column of a 财政拨款收支总表 stays general_budget).
        In those tables a row whose label names no measure and no 功能分类 类 is `unmapped`, as is every
        cell whose header has no rule: visible, never dropped.
#}

with

cells as (

    select * from {{ ref('stg_raw__statement_cells') }}
    where {{ documents_to_build('document_id') }}

),

statement_rows as (

    select * from {{ ref('int_statement_rows__classified') }}
    where
        is_budget_statement
        and {{ documents_to_build('document_id') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

measure_map as (

    select * from {{ ref('measure_map') }}
    where match_on = 'header'

),

measures as (

    select * from {{ ref('measures') }}

),

unit_factors as (

    select * from {{ ref('unit_factors') }}

),

cells_in_context as (

    select
        cells.row_id,
        cells.column_index,
        cells.header_path,
        cells.printed_text,
        cells.amount,
        cells.printed_decimals,
        cells.source_line,
        statement_rows.table_id,
        statement_rows.document_id,
        statement_rows.statement_kind,
        statement_rows.side,
        statement_rows.label_measure,
        statement_rows.measure_from_label,
        statement_rows.subject_code,
        statement_rows.line_label,
        statement_rows.source_unit,
        documents.fiscal_year,
        {{ normalize_header('cells.header_path', 'documents.fiscal_year') }} as header_normalized

    from cells
    inner join statement_rows
        on cells.row_id = statement_rows.row_id
    inner join documents
        on statement_rows.document_id = documents.document_id

),

header_rule_candidates as (

    select
        cells_in_context.row_id,
        cells_in_context.column_index,
        measure_map.measure,
        row_number() over (
            partition by cells_in_context.row_id, cells_in_context.column_index
            order by
                case when measure_map.statement_kind = '*' then 1 else 0 end,
                case when measure_map.side = '*' then 1 else 0 end
        ) as rule_rank

    from cells_in_context
    inner join measure_map
        on
            cells_in_context.header_normalized = measure_map.source_text
            and measure_map.statement_kind in (cells_in_context.statement_kind, '*')
            and measure_map.side in (coalesce(cells_in_context.side, '*'), '*')

),

header_rules as (

    select
        row_id,
        column_index,
        measure as header_measure

    from header_rule_candidates
    where rule_rank = 1

),

measured as (

    select
        cells_in_context.*,
        header_rules.header_measure,
        case
            when header_rules.header_measure is null then 'unmapped'
            when cells_in_context.measure_from_label and header_rules.header_measure = 'total'
                then
                    case
                        when cells_in_context.label_measure is not null then cells_in_context.label_measure
                        when cells_in_context.subject_code is not null then 'total'
                        when cells_in_context.line_label is null then 'total'
                        else 'unmapped'
                    end
            else header_rules.header_measure
        end as measure

    from cells_in_context
    left join header_rules
        on
            cells_in_context.row_id = header_rules.row_id
            and cells_in_context.column_index = header_rules.column_index

),

converted as (

    select
        measured.*,
        case
            when measures.is_monetary
                then cast(
                    measured.amount * unit_factors.yuan_factor
                    as {{ type_amount_yuan() }}
                )
        end as amount_yuan

    from measured
    left join measures
        on measured.measure = measures.measure
    left join unit_factors
        on measured.source_unit = unit_factors.unit

),

final as (

    select
        {{ dbt.concat(['row_id', "'-'", dbt.cast('column_index', api.Column.translate_type('string'))]) }}
            as budget_line_id,
        document_id,
        row_id,
        column_index,
        header_path,
        header_normalized,
        header_measure,
        label_measure,
        measure,
        printed_text,
        amount,
        amount_yuan,
        printed_decimals,
        source_line

    from converted

)

select * from final
