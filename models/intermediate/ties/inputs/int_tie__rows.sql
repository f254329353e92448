{#
    The data rows of the budget statements, with what the tie rules need to know about each row:
      * its kind: the table's total (a 合计 / 总计 row, or an uncoded row printed above the coded
        rows such as a department row), a column group's own total (人员经费合计), a sub-unit row
        (单位代码 and no subject code), or a line;
      * the level of its codes: 功能分类 类 / 款 / 项 by length (3 / 5 / 7 digits), 经济分类 类 / 款
        (3 / 5 digits);
      * its nearest printed ancestor (parent_row_id) within the table and column block (a block is
        the columns under one group header: 三明 prints 公用经费 over two side-by-side groups): the
        款 above a 项, the 类 above a 款 (or a 项 when no 款 is printed), the 经济分类 类 above a 款
        (under the same 政府经济分类 code), the sub-unit row above a unit's coded rows. A code printed
        twice (招远 prints 301 under 501 and again under 505) takes the nearest row printed before it;
      * whether it is an 其中 (of which) line, never added into a sum;
      * in a two-sided table, whether a line's measure is a part of a measure printed on a line of the
        same side (一般公共预算拨款收入 under 财政拨款; seeds/measure_hierarchy.csv).
#}

with

statement_rows as (

    select * from {{ ref('int_statement_rows__classified') }}
    where
        {{ documents_to_build('document_id') }}
        and is_budget_statement

),

measures as (

    select * from {{ ref('measures') }}

),

measure_ancestors as (

    select * from {{ ref('int_tie__measure_ancestors') }}

),

rows_in_context as (

    select
        statement_rows.row_id,
        statement_rows.table_id,
        statement_rows.document_id,
        statement_rows.statement_kind as statement,
        statement_rows.measure_from_label,
        statement_rows.row_seq,
        statement_rows.source_line,
        statement_rows.column_group,
        coalesce(
            statement_rows.group_header,
            {{ dbt.cast('statement_rows.column_group', api.Column.translate_type('string')) }}
        ) as column_block,
        statement_rows.side,
        statement_rows.subject_code,
        statement_rows.economic_code,
        statement_rows.government_economic_code,
        statement_rows.sub_unit_code,
        statement_rows.line_label,
        statement_rows.label_normalized,
        statement_rows.label_measure,
        measures.measure_group as label_measure_group,
        statement_rows.subtotal_reason,
        statement_rows.source_unit,
        coalesce({{ normalize_text('statement_rows.line_label') }}, '') like '其中%' as is_of_which,
        case {{ dbt.length('statement_rows.subject_code') }}
            when 3 then 'class'
            when 5 then 'section'
            when 7 then 'item'
        end as subject_level,
        case
            when statement_rows.subject_code is null then
                case {{ dbt.length('statement_rows.economic_code') }}
                    when 3 then 'class'
                    when 5 then 'section'
                end
        end as economic_level,
        statement_rows.subject_code is null
        and statement_rows.economic_code is null
        and statement_rows.government_economic_code is null
        and statement_rows.sub_unit_code is null as is_uncoded

    from statement_rows
    left join measures
        on statement_rows.label_measure = measures.measure

),

kinds as (

    select
        *,
        case
            when is_uncoded and (
                subtotal_reason = 'above_coded_rows'
                or (subtotal_reason = 'total_label' and label_normalized in ('合计', '总计'))
            ) then 'table_total'
            when is_uncoded and subtotal_reason = 'total_label' then 'group_total'
            when
                subject_code is null
                and economic_code is null
                and government_economic_code is null
                and sub_unit_code is not null then 'sub_unit'
            else 'line'
        end as row_kind

    from rows_in_context

),

function_ancestors as (

    select
        child.row_id,
        parent.row_id as parent_row_id,
        {{ dbt.length('parent.subject_code') }} as parent_depth,
        parent.row_seq as parent_row_seq,
        child.row_seq

    from kinds as child
    inner join kinds as parent
        on
            child.table_id = parent.table_id
            and child.column_block = parent.column_block
            and coalesce(parent.sub_unit_code, '') = coalesce(child.sub_unit_code, '')
            and parent.subject_code in (substring(child.subject_code, 1, 3), substring(child.subject_code, 1, 5))
            and {{ dbt.length('parent.subject_code') }} < {{ dbt.length('child.subject_code') }}

),

economic_ancestors as (

    select
        child.row_id,
        parent.row_id as parent_row_id,
        {{ dbt.length('parent.economic_code') }} as parent_depth,
        parent.row_seq as parent_row_seq,
        child.row_seq

    from kinds as child
    inner join kinds as parent
        on
            child.table_id = parent.table_id
            and child.column_block = parent.column_block
            and coalesce(parent.sub_unit_code, '') = coalesce(child.sub_unit_code, '')
            and parent.economic_code = substring(child.economic_code, 1, 3)
    where
        child.subject_code is null
        and parent.subject_code is null
        and {{ dbt.length('child.economic_code') }} > 3
        and (
            parent.government_economic_code is null
            or child.government_economic_code like {{ dbt.concat(['parent.government_economic_code', "'%'"]) }}
        )

),

sub_unit_ancestors as (

    select
        child.row_id,
        parent.row_id as parent_row_id,
        0 as parent_depth,
        parent.row_seq as parent_row_seq,
        child.row_seq

    from kinds as child
    inner join kinds as parent
        on
            child.table_id = parent.table_id
            and child.sub_unit_code = parent.sub_unit_code
    where
        parent.row_kind = 'sub_unit'
        and (child.subject_code is not null or child.economic_code is not null)

),

ancestors as (

    select * from function_ancestors
    union all
    select * from economic_ancestors
    union all
    select * from sub_unit_ancestors

),

ranked_ancestors as (

    select
        row_id,
        parent_row_id,
        row_number() over (
            partition by row_id
            order by
                parent_depth desc,
                case when parent_row_seq < row_seq then 0 else 1 end,
                abs(row_seq - parent_row_seq)
        ) as ancestor_rank

    from ancestors

),

parents as (

    select
        row_id,
        parent_row_id
    from ranked_ancestors
    where ancestor_rank = 1

),

side_parts as (

    select distinct part.row_id

    from kinds as part
    inner join measure_ancestors
        on part.label_measure = measure_ancestors.measure
    inner join kinds as whole
        on
            part.table_id = whole.table_id
            and part.side = whole.side
            and measure_ancestors.ancestor_measure = whole.label_measure
    where part.side is not null

),

final as (

    select
        -- ids
        kinds.row_id,
        kinds.table_id,
        kinds.document_id,
        kinds.statement,
        kinds.measure_from_label,

        -- position
        kinds.row_seq,
        kinds.source_line,
        kinds.column_group,
        kinds.column_block,
        kinds.side,

        -- codes and label
        kinds.subject_code,
        kinds.subject_level,
        kinds.economic_code,
        kinds.economic_level,
        kinds.government_economic_code,
        kinds.sub_unit_code,
        kinds.line_label,
        kinds.label_normalized,
        kinds.label_measure,
        kinds.label_measure_group,

        -- role in the table
        kinds.row_kind,
        kinds.subtotal_reason,
        kinds.is_of_which,
        parents.parent_row_id,
        kinds.row_kind in ('line', 'sub_unit')
        and parents.parent_row_id is null
        and not kinds.is_of_which as is_top_level,
        side_parts.row_id is not null as is_part_of_side_line,

        kinds.source_unit

    from kinds
    left join parents
        on kinds.row_id = parents.row_id
    left join side_parts
        on kinds.row_id = side_parts.row_id

)

select * from final
