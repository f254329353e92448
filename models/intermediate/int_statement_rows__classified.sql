{#
    Data rows of the statement tables of loaded documents, with what the rest of the project needs
    to know about each row:
      * the normalized label, and the measure its label names in tables whose measure comes from the
        row (seeds/statement_kinds.csv measure_from_label; rules in seeds/measure_map.csv);
      * the 功能分类 类 named by an uncoded expense-side row of a two-sided table
        (八、社会保障和就业支出 -> 208, from the standard names of seeds/subject_codes.csv);
      * whether the row is an aggregate of other rows of its table (is_subtotal): a 合计 / 总计 / 小计
        row, a 类 or 款 row with its 款 / 项 rows below, a sub-unit row above that unit's coded rows,
        or an uncoded row printed above the first coded row of a coded table (a department row).
#}

with

statement_rows as (

    select * from {{ ref('stg_raw__statement_rows') }}
    where
        row_role = 'data'
        and {{ documents_to_build('document_id') }}

),

tables as (

    select * from {{ ref('stg_raw__statement_tables') }}
    where {{ documents_to_build('document_id') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

statement_kinds as (

    select * from {{ ref('statement_kinds') }}

),

measure_map as (

    select * from {{ ref('measure_map') }}
    where match_on = 'label'

),

function_classes as (

    select
        subject_code,
        {{ normalize_text('standard_name') }} as standard_name_normalized

    from {{ ref('subject_codes') }}
    where
        classification = 'function'
        and {{ dbt.length('subject_code') }} = 3

),

rows_in_context as (

    select
        statement_rows.*,
        tables.statement_kind,
        tables.table_seq,
        tables.table_title,
        tables.source_unit,
        coalesce(statement_kinds.is_budget_statement, true) as is_budget_statement,
        coalesce(statement_kinds.measure_from_label, false) as measure_from_label,
        {{ normalize_label('statement_rows.line_label') }} as label_normalized

    from statement_rows
    inner join tables
        on statement_rows.table_id = tables.table_id
    inner join documents
        on statement_rows.document_id = documents.document_id
    left join statement_kinds
        on tables.statement_kind = statement_kinds.statement_kind

),

label_rule_candidates as (

    select
        rows_in_context.row_id,
        measure_map.measure,
        row_number() over (
            partition by rows_in_context.row_id
            order by
                case when measure_map.statement_kind = '*' then 1 else 0 end,
                case when measure_map.side = '*' then 1 else 0 end
        ) as rule_rank

    from rows_in_context
    inner join measure_map
        on
            rows_in_context.label_normalized = measure_map.source_text
            and measure_map.statement_kind in (rows_in_context.statement_kind, '*')
            and measure_map.side in (coalesce(rows_in_context.side, '*'), '*')
    where rows_in_context.measure_from_label

),

label_rules as (

    select
        row_id,
        measure as label_measure
    from label_rule_candidates
    where rule_rank = 1

),

derived_subjects as (

    select
        rows_in_context.row_id,
        function_classes.subject_code as derived_subject_code

    from rows_in_context
    inner join function_classes
        on rows_in_context.label_normalized = function_classes.standard_name_normalized
    where
        rows_in_context.measure_from_label
        and rows_in_context.side = 'expense'
        and rows_in_context.subject_code is null

),

code_aggregates as (

    select distinct parent.row_id

    from rows_in_context as parent
    inner join rows_in_context as child
        on
            parent.table_id = child.table_id
            and parent.column_group = child.column_group
            and coalesce(child.sub_unit_code, '') = coalesce(parent.sub_unit_code, '')
            and parent.row_id <> child.row_id
    where
        (
            parent.subject_code is not null
            and child.subject_code like {{ dbt.concat(['parent.subject_code', "'%'"]) }}
            and {{ dbt.length('child.subject_code') }} > {{ dbt.length('parent.subject_code') }}
        )
        or (
            parent.subject_code is null
            and parent.economic_code is not null
            and child.economic_code like {{ dbt.concat(['parent.economic_code', "'%'"]) }}
            and {{ dbt.length('child.economic_code') }} > {{ dbt.length('parent.economic_code') }}
            and (
                parent.government_economic_code is null
                or child.government_economic_code like {{ dbt.concat(['parent.government_economic_code', "'%'"]) }}
            )
        )

),

unit_aggregates as (

    select distinct parent.row_id

    from rows_in_context as parent
    inner join rows_in_context as child
        on
            parent.table_id = child.table_id
            and parent.sub_unit_code = child.sub_unit_code
            and parent.row_id <> child.row_id
    where
        parent.subject_code is null
        and parent.economic_code is null
        and (child.subject_code is not null or child.economic_code is not null)

),

first_coded_rows as (

    select
        table_id,
        min(row_seq) as first_coded_row_seq

    from rows_in_context
    where
        subject_code is not null
        or economic_code is not null
        or government_economic_code is not null
        or sub_unit_code is not null
    group by table_id

),

classified as (

    select
        rows_in_context.*,
        label_rules.label_measure,
        derived_subjects.derived_subject_code,
        case
            when
                rows_in_context.label_normalized like '%合计'
                or rows_in_context.label_normalized like '%总计'
                or rows_in_context.label_normalized like '%小计'
                then 'total_label'
            when code_aggregates.row_id is not null then 'code_aggregate'
            when unit_aggregates.row_id is not null then 'sub_unit_aggregate'
            when
                rows_in_context.subject_code is null
                and rows_in_context.economic_code is null
                and rows_in_context.government_economic_code is null
                and rows_in_context.sub_unit_code is null
                and rows_in_context.row_seq < first_coded_rows.first_coded_row_seq
                then 'above_coded_rows'
        end as subtotal_reason

    from rows_in_context
    left join label_rules
        on rows_in_context.row_id = label_rules.row_id
    left join derived_subjects
        on rows_in_context.row_id = derived_subjects.row_id
    left join code_aggregates
        on rows_in_context.row_id = code_aggregates.row_id
    left join unit_aggregates
        on rows_in_context.row_id = unit_aggregates.row_id
    left join first_coded_rows
        on rows_in_context.table_id = first_coded_rows.table_id

),

final as (

    select
        -- ids
        row_id,
        table_id,
        document_id,
        row_seq,

        -- statement
        statement_kind,
        table_seq,
        table_title,
        source_unit,
        is_budget_statement,
        measure_from_label,

        -- layout
        side,
        column_group,
        group_header,

        -- labels
        line_label,
        line_label_extra,
        label_normalized,
        label_measure,

        -- codes
        coalesce(subject_code, derived_subject_code) as subject_code,
        case
            when subject_code is not null and is_code_from_name then 'row_name'
            when subject_code is not null then 'printed'
            when derived_subject_code is not null then 'row_label'
        end as subject_code_source,
        economic_code,
        government_economic_code,
        sub_unit_code,

        -- aggregates
        subtotal_reason is not null as is_subtotal,
        subtotal_reason,

        -- source
        is_realigned,
        source_line

    from classified

)

select * from final
