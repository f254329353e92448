{#
    T_NARRATIVE_PARTS_EQ_TOTAL — a figure the prose breaks down (…支出预算177881.12万元，其中：人员支出
    5040.99万元，对个人和家庭补助支出902.98万元，公用支出590.13万元，项目支出55897万元) = the sum of the
    parts it lists after 其中 / 包括 (fct_narrative_figure.parent_figure_id). Only lists of two parts or
    more are checked: a single 其中 figure is an "of which", not a breakdown. Parts stated in another
    unit than the whole make the check not_applicable.
#}

with

figures as (

    select * from {{ ref('int_tie__narrative_figures') }}
    where {{ tie_rule_documents('document_id') }}

),

parts as (

    select
        figures.*,
        wholes.source_unit as whole_unit

    from figures
    inner join figures as wholes
        on figures.parent_figure_id = wholes.row_id

),

part_line_numbers as (

    select distinct
        parent_figure_id,
        source_line
    from parts

),

part_lines as (

    select
        parent_figure_id,
        {{ source_line_list('source_line') }} as source_lines
    from part_line_numbers
    group by parent_figure_id

),

summed_parts as (

    select
        parts.document_id,
        parts.parent_figure_id as pair_key,
        'narrative' as statement,
        cast(null as {{ dbt.type_string() }}) as table_id,
        cast(null as {{ dbt.type_string() }}) as subject_code,
        cast(null as {{ dbt.type_string() }}) as measure,
        sum(parts.amount) as amount,
        count(parts.amount) as term_count,
        min(parts.amount_decimals) as amount_decimals,
        min(parts.source_unit) as source_unit,
        min(parts.unit_exponent) as unit_exponent,
        part_lines.source_lines,
        case
            when max(case when parts.source_unit <> parts.whole_unit then 1 else 0 end) = 1
                then 'rhs not comparable: parts stated in another unit than the whole'
        end as missing_reason

    from parts
    inner join part_lines
        on parts.parent_figure_id = part_lines.parent_figure_id
    group by parts.document_id, parts.parent_figure_id, part_lines.source_lines
    having count(*) > 1

),

wholes as (

    select figures.*
    from figures
    inner join summed_parts
        on figures.row_id = summed_parts.pair_key

),

checks as (

    {{ tie_pair_checks(
        'T_NARRATIVE_PARTS_EQ_TOTAL', 'wholes', 'summed_parts', "'narrative'", "'narrative'",
        'lhs missing: no whole', 'rhs missing: no parts'
    ) }}

),

final as (

    {{ tie_check_result('checks') }}

)

select * from final
