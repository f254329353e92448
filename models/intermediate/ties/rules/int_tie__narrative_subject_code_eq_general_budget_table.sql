{#
    T_NARRATIVE_SUBJECT_CODE_EQ_GENERAL_BUDGET_TABLE — the amount the prose states for a 功能分类 subject
    (（八）2101501-行政运行 2,535.54 万元) = that subject's 合计 in the 一般公共预算财政拨款支出表. Where the
    prose states a code more than once in one section (福州: 2101550（事业运行）1181.41万元 for the basic
    and 100万元 for the project part) the amounts are added up. On the table's side every row of the
    code is added up (a code printed under several sub-units); a row's figure is its 合计 cell, or
    the sum of its expense types (基本支出 + 项目支出 …) where the table prints no 合计 column.

    Item by item: an item-by-item explanation (`2、行政运行（项）。全年预算为 36.00 万元，支出决算为 35.18
    万元`) is compared scope by scope, each figure with the code's cells of the column of its scope
    (年初预算 / 全年预算 / 决算; a budget's columns are its 年初预算), never with a total. An item named
    without its code is looked up by name among the table's 项 rows (a trailing （项） or 支出 aside), and by its
    款's name too when the prose prints it; a name no row or several rows carry makes the check
    not_applicable, as do a prior-year figure, another money than 一般公共预算 and a scope the table
    does not print.
#}

{%- set expense_types = ['basic', 'project', 'operating_expense', 'remit_to_superior', 'subsidiary_subsidy'] %}

with

figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where
        {{ tie_rule_documents('document_id') }}
        and subject_kind = 'function_subject'

),

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ tie_rule_documents('document_id') }}
        and statement = 'general_budget_expense'
        and subject_code is not null

),

first_tables as (

    {{ first_tables('cells') }}

),

table_scopes as (

    select
        table_id,
        min(table_funding_scope) as table_funding_scope
    from cells
    group by table_id

),

item_rows as (

    -- the 项 rows of each document's table, by name (a trailing 支出 aside), with their 款's name
    select distinct
        cells.document_id,
        cells.subject_code,
        {{ subject_name('cells.line_label') }} as item_name,
        {{ subject_name('sections.line_label') }} as section_name

    from cells
    inner join first_tables
        on cells.table_id = first_tables.table_id
    left join cells as sections
        on
            cells.table_id = sections.table_id
            and sections.subject_code = substring(cells.subject_code, 1, 5)
    where {{ dbt.length('cells.subject_code') }} = 7

),

named_items as (

    -- a figure naming its item without the code: the codes of the rows of that name
    select
        figures.row_id,
        count(distinct item_rows.subject_code) as code_count,
        min(item_rows.subject_code) as subject_code

    from figures
    inner join item_rows
        on
            figures.document_id = item_rows.document_id
            and {{ subject_name('figures.line_label') }} = item_rows.item_name
            and (
                item_rows.section_name is null
                or {{ dbt.position("'/'", "coalesce(figures.item_path, '')") }} = 0
                or {{ dbt.position('item_rows.section_name', normalize_text('figures.item_path')) }} > 0
            )
    where figures.subject_code is null
    group by figures.row_id

),

coded_figures as (

    select
        figures.*,
        coalesce(figures.subject_code, case when named_items.code_count = 1 then named_items.subject_code end)
            as item_code,
        case
            when figures.subject_code is not null or named_items.code_count = 1 then null
            when named_items.code_count > 1
                then {{ dbt.concat([
                    "'lhs not comparable: the item''s name ('", 'figures.line_label',
                    "') is carried by several 项 of the table'"
                ]) }}
            when first_tables.table_id is not null
                then {{ dbt.concat([
                    "'rhs missing: no 项 of the 一般公共预算财政拨款支出表 is named '", 'figures.line_label'
                ]) }}
        end as naming_reason

    from figures
    left join named_items
        on figures.row_id = named_items.row_id
    left join first_tables
        on figures.document_id = first_tables.document_id

),

printed_scopes as (

    select distinct
        cells.document_id,
        cells.column_scope as amount_scope
    from cells
    inner join first_tables
        on cells.table_id = first_tables.table_id

),

checked_figures as (

    select
        coded_figures.*,
        coalesce(
            coded_figures.scope_reason,
            {{ funding_mismatch_reason(
                'coded_figures.funding_scope', 'table_scopes.table_funding_scope',
                'coded_figures.fiscal_grant_is_general_budget'
            ) }},
            coded_figures.naming_reason,
            case
                when first_tables.table_id is not null and printed_scopes.document_id is null
                    then {{ dbt.concat([
                        "'rhs missing: the table prints no column of the figure''s scope ('",
                        'coded_figures.amount_scope', "')'"
                    ]) }}
            end
        ) as figure_reason

    from coded_figures
    left join first_tables
        on coded_figures.document_id = first_tables.document_id
    left join table_scopes
        on first_tables.table_id = table_scopes.table_id
    left join printed_scopes
        on
            coded_figures.document_id = printed_scopes.document_id
            and coded_figures.amount_scope = printed_scopes.amount_scope

),

grouped as (

    -- the figures of one code, section and scope; a figure that cannot be compared stands alone
    select
        *,
        {{ dbt.concat([
            'document_id', "'|'",
            dbt.cast('coalesce(section_line, 0)', api.Column.translate_type('string')), "'|'",
            "coalesce(item_code, row_id)", "'|'", 'amount_scope', "'|'",
            "case when figure_reason is null then '' else row_id end"
        ]) }} as pair_key_stated
    from checked_figures

),

figure_lines as (

    select
        pair_key_stated,
        {{ source_line_list('source_line') }} as source_lines
    from grouped
    group by pair_key_stated

),

stated as (

    select
        grouped.document_id,
        grouped.pair_key_stated as pair_key,
        'narrative' as statement,
        cast(null as {{ dbt.type_string() }}) as table_id,
        min(grouped.row_id) as row_id,
        grouped.item_code as subject_code,
        cast(null as {{ dbt.type_string() }}) as economic_code,
        cast(null as {{ dbt.type_string() }}) as sub_unit_code,
        min(grouped.line_label) as line_label,
        'total' as measure,
        grouped.amount_scope,
        min(grouped.header_path) as header_path,
        sum(grouped.amount) as amount,
        min(grouped.amount_decimals) as amount_decimals,
        min(grouped.source_unit) as source_unit,
        min(grouped.unit_exponent) as unit_exponent,
        figure_lines.source_lines as source_line,
        case
            when min(grouped.figure_reason) is not null then min(grouped.figure_reason)
            when count(distinct grouped.source_unit) > 1
                then 'lhs not comparable: the code is stated in different units'
        end as missing_reason

    from grouped
    inner join figure_lines
        on grouped.pair_key_stated = figure_lines.pair_key_stated
    group by
        grouped.document_id, grouped.pair_key_stated, grouped.item_code, grouped.amount_scope, figure_lines.source_lines

),

tables_with_total_column as (

    select distinct
        table_id,
        column_scope as amount_scope
    from cells
    where unscoped_measure = 'total'

),

code_cells as (

    select
        cells.*,
        cells.column_scope as amount_scope
    from cells
    inner join first_tables
        on cells.table_id = first_tables.table_id
    left join tables_with_total_column
        on
            cells.table_id = tables_with_total_column.table_id
            and cells.column_scope = tables_with_total_column.amount_scope
    where
        (tables_with_total_column.table_id is not null and cells.unscoped_measure = 'total')
        or (
            tables_with_total_column.table_id is null
            and cells.unscoped_measure in (
                '{{ expense_types | join("', '") }}'
            )
        )

),

code_line_numbers as (

    select distinct
        table_id,
        subject_code,
        amount_scope,
        source_line
    from code_cells

),

code_lines as (

    select
        table_id,
        subject_code,
        amount_scope,
        {{ source_line_list('source_line') }} as source_lines
    from code_line_numbers
    group by table_id, subject_code, amount_scope

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
            and stated.amount_scope = code_cells.amount_scope
    left join code_lines
        on
            first_tables.table_id = code_lines.table_id
            and stated.subject_code = code_lines.subject_code
            and stated.amount_scope = code_lines.amount_scope
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
