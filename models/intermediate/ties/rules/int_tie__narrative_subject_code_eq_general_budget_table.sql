{#
    T_NARRATIVE_SUBJECT_CODE_EQ_GENERAL_BUDGET_TABLE — the amount the prose states for a 功能分类 subject
    (（八）2101501-行政运行 2,535.54 万元) = that subject's 合计 in the 一般公共预算财政拨款支出表. Where the
    prose states a code more than once in one section (福州: 2101550（事业运行）1181.41万元 for the basic
    and 100万元 for the project part) the amounts are added up. On the table's side every row of the
    code is added up (a code printed under several sub-units); a row's figure is its 合计 cell, or
    the sum of its expense types (基本支出 + 项目支出 …) where the table prints no 合计 column.
#}

{%- set expense_types = ['basic', 'project', 'operating_expense', 'remit_to_superior', 'subsidiary_subsidy'] %}

with

figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where
        {{ documents_to_build('document_id') }}
        and subject_kind = 'function_subject'

),

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ documents_to_build('document_id') }}
        and statement = 'general_budget_expense'
        and subject_code is not null

),

figure_lines as (

    select
        document_id,
        section_line,
        subject_code,
        {{ source_line_list('source_line') }} as source_lines
    from figures
    group by document_id, section_line, subject_code

),

stated as (

    select
        figures.document_id,
        {{ dbt.concat([
            'figures.document_id', "'|'",
            dbt.cast('coalesce(figures.section_line, 0)', api.Column.translate_type('string')), "'|'",
            'figures.subject_code'
        ]) }} as pair_key,
        'narrative' as statement,
        cast(null as {{ dbt.type_string() }}) as table_id,
        min(figures.row_id) as row_id,
        figures.subject_code,
        cast(null as {{ dbt.type_string() }}) as economic_code,
        cast(null as {{ dbt.type_string() }}) as sub_unit_code,
        min(figures.line_label) as line_label,
        'total' as measure,
        min(figures.header_path) as header_path,
        sum(figures.amount) as amount,
        min(figures.amount_decimals) as amount_decimals,
        min(figures.source_unit) as source_unit,
        min(figures.unit_exponent) as unit_exponent,
        figure_lines.source_lines as source_line,
        case
            when count(distinct figures.source_unit) > 1
                then 'lhs not comparable: the code is stated in different units'
        end as missing_reason

    from figures
    inner join figure_lines
        on
            figures.document_id = figure_lines.document_id
            and coalesce(figures.section_line, 0) = coalesce(figure_lines.section_line, 0)
            and figures.subject_code = figure_lines.subject_code
    group by figures.document_id, figures.section_line, figures.subject_code, figure_lines.source_lines

),

first_tables as (

    {{ first_tables('cells') }}

),

tables_with_total_column as (

    select distinct table_id
    from cells
    where header_measure = 'total'

),

code_cells as (

    select cells.*
    from cells
    inner join first_tables
        on cells.table_id = first_tables.table_id
    left join tables_with_total_column
        on cells.table_id = tables_with_total_column.table_id
    where
        (tables_with_total_column.table_id is not null and cells.header_measure = 'total')
        or (
            tables_with_total_column.table_id is null
            and cells.header_measure in (
                '{{ expense_types | join("', '") }}'
            )
        )

),

code_line_numbers as (

    select distinct
        table_id,
        subject_code,
        source_line
    from code_cells

),

code_lines as (

    select
        table_id,
        subject_code,
        {{ source_line_list('source_line') }} as source_lines
    from code_line_numbers
    group by table_id, subject_code

),

table_figures as (

    select
        stated.document_id,
        stated.pair_key,
        'general_budget_expense' as statement,
        first_tables.table_id,
        stated.subject_code,
        'total' as measure,
        sum(code_cells.amount) as amount,
        count(code_cells.amount) as term_count,
        min(code_cells.amount_decimals) as amount_decimals,
        min(code_cells.source_unit) as source_unit,
        min(code_cells.unit_exponent) as unit_exponent,
        code_lines.source_lines,
        case
            when count(code_cells.row_id) = 0 then 'rhs missing: the 一般公共预算财政拨款支出表 prints no row for the code'
        end as missing_reason

    from stated
    inner join first_tables
        on stated.document_id = first_tables.document_id
    left join code_cells
        on
            first_tables.table_id = code_cells.table_id
            and stated.subject_code = code_cells.subject_code
    left join code_lines
        on
            first_tables.table_id = code_lines.table_id
            and stated.subject_code = code_lines.subject_code
    group by stated.document_id, stated.pair_key, first_tables.table_id, stated.subject_code, code_lines.source_lines

),

checks as (

    {{ tie_pair_checks(
        'T_NARRATIVE_SUBJECT_CODE_EQ_GENERAL_BUDGET_TABLE', 'stated', 'table_figures', "'narrative'",
        "'general_budget_expense'", 'lhs missing: no narrative figure for the code',
        'rhs missing: no 一般公共预算财政拨款支出表 in the document'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
