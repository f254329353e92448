{#
    Every 功能分类 / 经济分类 code printed in (or read from a 类 name of) a data row, with the name
    printed beside it. Which label names which code:
      * a row with a 功能分类 code and no 经济分类 code: the label names the 功能分类 code
        (for a code read from a 类 name, the label without its ordinal);
      * a row with a 部门经济分类 code and no 功能分类 code: the label names it, and the extra label
        names the 政府经济分类 code printed on the same row;
      * a row with only a 政府经济分类 code: the label names it.
    Rows carrying both a 功能分类 and an 经济分类 code record the codes without a name.
#}

with

statement_rows as (

    select * from {{ ref('int_statement_rows__classified') }}
    where {{ documents_to_build('document_id') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

function_codes as (

    select
        row_id,
        document_id,
        subject_code,
        'function' as classification,
        case
            when economic_code is not null or government_economic_code is not null then null
            when subject_code_source = 'row_label' then label_normalized
            else trim(line_label)
        end as printed_name

    from statement_rows
    where subject_code is not null

),

economic_department_codes as (

    select
        row_id,
        document_id,
        economic_code as subject_code,
        'economic_department' as classification,
        case when subject_code is null then trim(line_label) end as printed_name

    from statement_rows
    where economic_code is not null

),

economic_government_codes as (

    select
        row_id,
        document_id,
        government_economic_code as subject_code,
        'economic_government' as classification,
        case
            when subject_code is not null then null
            when economic_code is not null then trim(line_label_extra)
            else trim(line_label)
        end as printed_name

    from statement_rows
    where government_economic_code is not null

),

unioned as (

    select * from function_codes
    union all
    select * from economic_department_codes
    union all
    select * from economic_government_codes

),

final as (

    select
        unioned.row_id,
        unioned.document_id,
        documents.department_key,
        documents.fiscal_year,
        unioned.subject_code,
        unioned.classification,
        nullif(unioned.printed_name, '') as printed_name,
        nullif({{ normalize_text('unioned.printed_name') }}, '') as printed_name_normalized

    from unioned
    inner join documents
        on unioned.document_id = documents.document_id

)

select * from final
