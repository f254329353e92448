{#
    Performance blocks of the loaded documents (projects, special funds, the department as a whole),
    each project with the line of its document's project list (项目支出预算情况表, statement kind
    project_expense) that names it:
      * name: the line's label equals the project's name (both normalized);
      * similar_name: the two tables word the name slightly differently (DRG试点经费项目… against
        DRG试点工作经费项目…): among the projects and lines left unmatched, the pair whose names
        differ least, when each is the other's only closest and they differ by at most a quarter of
        the longer name.
    Only blocks of scope project are matched: a special fund or the department is no line of the list.
#}

with

projects as (

    select * from {{ ref('stg_raw__performance_projects') }}

),

documents as (

    select * from {{ ref('int_documents__loaded') }}

),

statement_rows as (

    select * from {{ ref('int_statement_rows__classified') }}
    where
        statement_kind = 'project_expense'
        and not is_subtotal
        and line_label is not null

),

budget_lines as (

    select * from {{ ref('int_budget_lines__measured') }}
    where measure = 'total'

),

printed_rows as (

    select * from {{ ref('stg_raw__statement_rows') }}

),

loaded_projects as (

    select
        projects.*,
        {{ normalize_label('projects.project_name') }} as name_normalized

    from projects
    inner join documents
        on projects.document_id = documents.document_id

),

list_lines as (

    select
        statement_rows.document_id,
        statement_rows.table_id,
        statement_rows.row_id,
        statement_rows.line_label,
        statement_rows.label_normalized,
        statement_rows.source_unit,
        budget_lines.amount,
        budget_lines.printed_decimals,
        budget_lines.source_line,
        row_number() over (
            partition by statement_rows.document_id, statement_rows.label_normalized
            order by budget_lines.source_line
        ) as label_rank

    from statement_rows
    inner join budget_lines
        on statement_rows.row_id = budget_lines.row_id

),

name_matches as (

    select
        loaded_projects.performance_project_id,
        list_lines.row_id,
        cast(0 as {{ dbt.type_numeric() }}) as name_distance

    from loaded_projects
    inner join list_lines
        on
            loaded_projects.document_id = list_lines.document_id
            and loaded_projects.name_normalized = list_lines.label_normalized
            and list_lines.label_rank = 1
    where loaded_projects.scope = 'project'

),

block_rows as (

    select
        loaded_projects.performance_project_id,
        min(case when printed_rows.source_line = loaded_projects.budget_source_line then printed_rows.row_id end)
            as budget_row_id,
        min(printed_rows.row_id) as first_row_id

    from loaded_projects
    inner join printed_rows
        on
            loaded_projects.table_id = printed_rows.table_id
            and printed_rows.source_line between loaded_projects.first_line and loaded_projects.last_line
    group by loaded_projects.performance_project_id

),

project_lists as (

    select distinct document_id
    from list_lines

),

unmatched_pairs as (

    select
        loaded_projects.performance_project_id,
        list_lines.row_id,
        {{ name_distance_ratio('loaded_projects.name_normalized', 'list_lines.label_normalized') }} as name_distance

    from loaded_projects
    inner join list_lines
        on loaded_projects.document_id = list_lines.document_id
    where
        loaded_projects.scope = 'project'
        and loaded_projects.performance_project_id not in (select name_matches.performance_project_id from name_matches)
        and list_lines.row_id not in (select name_matches.row_id from name_matches)

),

ranked_pairs as (

    select
        *,
        rank() over (partition by performance_project_id order by name_distance) as project_rank,
        rank() over (partition by row_id order by name_distance) as line_rank,
        count(*) over (partition by performance_project_id, name_distance) as project_ties,
        count(*) over (partition by row_id, name_distance) as line_ties

    from unmatched_pairs

),

similar_matches as (

    select
        performance_project_id,
        row_id,
        name_distance

    from ranked_pairs
    where
        project_rank = 1
        and line_rank = 1
        and project_ties = 1
        and line_ties = 1
        and name_distance <= 0.25

),

matches as (

    select
        performance_project_id,
        row_id,
        name_distance,
        'name' as list_match_method
    from name_matches

    union all

    select
        performance_project_id,
        row_id,
        name_distance,
        'similar_name' as list_match_method
    from similar_matches

),

final as (

    select
        loaded_projects.performance_project_id,
        loaded_projects.document_id,
        loaded_projects.table_id,
        loaded_projects.project_seq,
        loaded_projects.scope,
        loaded_projects.project_name,
        loaded_projects.project_name_source,
        loaded_projects.project_code,
        loaded_projects.sub_unit_code,
        loaded_projects.sub_unit_name,
        loaded_projects.goal,
        loaded_projects.budget_printed_text,
        loaded_projects.budget_amount,
        loaded_projects.budget_decimals,
        loaded_projects.budget_unit,
        loaded_projects.budget_source_line,
        loaded_projects.first_line,
        loaded_projects.last_line,
        block_rows.budget_row_id,
        block_rows.first_row_id,
        project_lists.document_id is not null as document_has_project_list,
        list_lines.table_id as listed_table_id,
        list_lines.row_id as listed_row_id,
        list_lines.line_label as listed_project_name,
        list_lines.amount as listed_amount,
        list_lines.printed_decimals as listed_decimals,
        list_lines.source_unit as listed_unit,
        list_lines.source_line as listed_source_line,
        matches.list_match_method,
        matches.name_distance as list_name_distance

    from loaded_projects
    left join matches
        on loaded_projects.performance_project_id = matches.performance_project_id
    left join list_lines
        on matches.row_id = list_lines.row_id
    left join project_lists
        on loaded_projects.document_id = project_lists.document_id
    left join block_rows
        on loaded_projects.performance_project_id = block_rows.performance_project_id

)

select * from final
