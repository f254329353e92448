{#
    The figures of the “三公” tables, each with its category and the slot it adds up in:
      * a row-wise table names the category on the row (1、因公出国（境）费 …; the row's label measure):
        the categories add up column by column (固安 prints 合计 | 一般公共预算 | … per category);
      * a column-wise table names it in the column header (招远: 合计 | 因公出国（境）经费 | 公务用车… for
        the previous and the current year side by side): the categories add up along the row, year
        by year (上年预算数 columns are the prior year's, prior_year_* measures).
#}

with

cells as (

    select * from {{ ref('int_tie__cells') }}
    where
        {{ documents_to_build('document_id') }}
        and statement = 'three_public'

),

final as (

    select
        cells.*,
        case
            when cells.label_measure is not null then cells.label_measure
            when substring(cells.header_measure, 1, 11) = 'prior_year_' then substring(cells.header_measure, 12)
            else cells.header_measure
        end as category,
        case
            when cells.label_measure is not null
                then
                    {{ dbt.concat(["'column '", dbt.cast('cells.column_index', api.Column.translate_type('string'))]) }}
            when substring(cells.header_measure, 1, 11) = 'prior_year_'
                then {{ dbt.concat(['cells.row_id', "' prior year'"]) }}
            else {{ dbt.concat(['cells.row_id', "' current year'"]) }}
        end as slot

    from cells

)

select * from final
