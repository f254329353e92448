"""What the report shows, read from the marts in a few set-based queries (never one per document).

Every query covers the latest version of every loaded document at once; the rows come back sorted
by document so that `pages` can cut them into one page per document in a single pass. The printed
text of a line is quoted from `raw.documents.full_text` by its line number (the raw layer keeps the
text as printed; nothing is parsed again).
"""

from collections.abc import Iterator
from itertools import groupby

import duckdb

# The latest version of every loaded document: what the report is about.
LOADED_DOCUMENTS = """
    select document_id, file_name, department_name, fiscal_year, phase, ingested_at
    from raw.documents
    where status = 'loaded' and is_latest_version
"""

DOCUMENTS = f"""
with loaded as ({LOADED_DOCUMENTS}),

completeness as (
    select document_id, any_value(department_key) as department_key, any_value(completeness_score) as score
    from marts.fct_disclosure_completeness
    group by document_id
),

-- The largest failing gap in money (counts of projects are not comparable with amounts).
ties as (
    select
        tie.document_id,
        any_value(tie.department_key) as department_key,
        count(*) as checked,
        count(*) filter (where tie.status = 'pass') as passed,
        count(*) filter (where tie.status = 'rounding') as rounding,
        count(*) filter (where tie.status = 'fail') as failed,
        count(*) filter (where tie.status = 'not_applicable') as not_applicable,
        max(abs(tie.difference) * unit.yuan_factor) filter (where tie.status = 'fail') as largest_gap_yuan
    from marts.fct_tie_check as tie
    left join reference.unit_factors as unit on tie.source_unit = unit.unit
    group by tie.document_id
)

select
    loaded.document_id,
    loaded.file_name,
    coalesce(department.department_name, loaded.department_name) as department_name,
    department.province,
    department.city,
    department.county,
    loaded.fiscal_year,
    loaded.phase,
    completeness.score,
    coalesce(ties.checked, 0),
    coalesce(ties.passed, 0),
    coalesce(ties.rounding, 0),
    coalesce(ties.failed, 0),
    coalesce(ties.not_applicable, 0),
    ties.largest_gap_yuan
from loaded
left join completeness on loaded.document_id = completeness.document_id
left join ties on loaded.document_id = ties.document_id
left join marts.dim_department as department
    on coalesce(completeness.department_key, ties.department_key) = department.department_key
order by loaded.document_id
"""

QUARANTINED = """
select file_name, quarantine_reason, quarantine_line
from raw.documents
where status = 'quarantined'
order by file_name
"""

# The failing ties, with what a reader needs to find both sides in the document.
FAILING_TIES = f"""
with loaded as ({LOADED_DOCUMENTS}),

failing as (
    select
        tie.document_id, tie.rule_id, tie.rule_group, tie.relation_zh, tie.statement, tie.counterpart_statement,
        tie.table_id, tie.counterpart_table_id, tie.line_label, tie.subject_code, tie.economic_code,
        tie.sub_unit_code, tie.measure, tie.column_header, tie.lhs, tie.rhs, tie.term_count, tie.difference,
        tie.tolerance, tie.source_unit, tie.lhs_source_lines, tie.rhs_source_lines
    from marts.fct_tie_check as tie
    inner join loaded on tie.document_id = loaded.document_id
    where tie.status = 'fail'
),

-- The printed titles of the tables that failing ties name (not of every table).
tables as (
    select table_id, any_value(table_title) as table_title
    from marts.fct_budget_line
    where table_id in (select table_id from failing union select counterpart_table_id from failing)
    group by table_id
)

select
    tie.document_id,
    tie.rule_id,
    tie.rule_group,
    tie.relation_zh,
    coalesce(
        lhs_table.table_title, statement.caption_zh, case when tie.statement = 'narrative' then '文字说明' end, tie.statement
    ) as lhs_table,
    coalesce(rhs_table.table_title, counterpart.caption_zh, tie.counterpart_statement) as rhs_table,
    tie.line_label,
    tie.subject_code,
    tie.economic_code,
    tie.sub_unit_code,
    coalesce(tie.column_header, measure.caption_zh, tie.measure) as column_caption,
    tie.lhs,
    tie.rhs,
    tie.term_count,
    tie.difference,
    tie.tolerance,
    tie.source_unit,
    tie.lhs_source_lines,
    tie.rhs_source_lines
from failing as tie
left join tables as lhs_table on tie.table_id = lhs_table.table_id
left join tables as rhs_table on tie.counterpart_table_id = rhs_table.table_id
left join marts.dim_statement as statement on tie.statement = statement.statement
left join marts.dim_statement as counterpart on tie.counterpart_statement = counterpart.statement
left join marts.dim_measure as measure on tie.measure = measure.measure
order by tie.document_id, tie.rule_id, tie.lhs_source_lines, tie.rhs_source_lines, tie.line_label, column_caption
"""

# Every line a failing tie cites, with the place of its document in raw.documents (rowid), so that
# the documents' texts can be read a range of rows at a time (`cited_lines`).
CITED = f"""
with loaded as ({LOADED_DOCUMENTS}),

failing as (
    select tie.document_id, tie.lhs_source_lines, tie.rhs_source_lines
    from marts.fct_tie_check as tie
    inner join loaded on tie.document_id = loaded.document_id
    where tie.status = 'fail'
),

cited as (
    select distinct document_id, cast(trim(unnest(string_split(lhs_source_lines, ','))) as integer) as line
    from failing
    where lhs_source_lines is not null
    union
    select distinct document_id, cast(trim(unnest(string_split(rhs_source_lines, ','))) as integer) as line
    from failing
    where rhs_source_lines is not null
)

select documents.rowid as document_row, cited.document_id, cited.line
from cited
inner join raw.documents as documents on cited.document_id = documents.document_id
order by documents.rowid, cited.line
"""

# The texts of the documents stored in a range of rows; the range filter reaches DuckDB's scan, so
# a batch reads only its part of the table.
TEXTS_IN_ROWS = """
select document_id, full_text
from raw.documents
where rowid between $first and $last and list_contains($rows, rowid)
"""

# Documents whose text is read at once: the texts of every cited document together outgrow the
# report's memory limit at 30,000 documents.
TEXT_BATCH = 500


# Every tie of a document counted per rule and status (the rule pages add them up), with the largest
# failing gap in yuan where the rule compares money.
RULE_COUNTS = f"""
with loaded as ({LOADED_DOCUMENTS})

select
    tie.document_id,
    tie.rule_id,
    count(*) as checked,
    count(*) filter (where tie.status = 'pass') as passed,
    count(*) filter (where tie.status = 'rounding') as rounding,
    count(*) filter (where tie.status = 'fail') as failed,
    count(*) filter (where tie.status = 'not_applicable') as not_applicable,
    max(abs(tie.difference) * unit.yuan_factor) filter (where tie.status = 'fail') as largest_gap_yuan
from marts.fct_tie_check as tie
inner join loaded on tie.document_id = loaded.document_id
left join reference.unit_factors as unit on tie.source_unit = unit.unit
group by tie.document_id, tie.rule_id
order by tie.document_id, tie.rule_id
"""

NOT_APPLICABLE = f"""
with loaded as ({LOADED_DOCUMENTS})

select tie.document_id, tie.rule_id, tie.not_applicable_reason, count(*) as checks
from marts.fct_tie_check as tie
inner join loaded on tie.document_id = loaded.document_id
where tie.status = 'not_applicable'
group by tie.document_id, tie.rule_id, tie.not_applicable_reason
order by tie.document_id, tie.rule_id, checks desc, tie.not_applicable_reason
"""

RULES = """
select rule_id, rule_group, relation_zh, description, severity, tolerance
from reference.tie_rules
order by rule_id
"""

REQUIREMENTS = f"""
with loaded as ({LOADED_DOCUMENTS})

select
    requirement.document_id,
    requirement.requirement_id,
    requirement.requirement_kind,
    requirement.caption_zh,
    requirement.status,
    requirement.evidence_text,
    requirement.evidence_line,
    requirement.points,
    requirement.weight
from marts.fct_disclosure_completeness as requirement
inner join loaded on requirement.document_id = loaded.document_id
order by requirement.document_id, requirement.requirement_id
"""

# Expenditure by 功能分类 类 in the document's 支出总表: the 类 rows where printed, else the sum of the
# rows of the highest level printed for that 类 (泉州 and 福州 print only 项). Rows of the
# department itself are preferred to the sub-units' blocks, so that nothing is counted twice.
EXPENDITURE_BY_CLASS = f"""
with loaded as ({LOADED_DOCUMENTS}),

expense_table as (
    select line.document_id, min(line.table_seq) as table_seq
    from marts.fct_budget_line as line
    inner join loaded on line.document_id = loaded.document_id
    where line.statement = 'expense'
    group by line.document_id
),

coded as (
    select
        line.document_id,
        left(line.subject_code, 3) as class_code,
        length(line.subject_code) as code_length,
        line.sub_unit_code is null as is_department_row,
        line.amount_yuan
    from marts.fct_budget_line as line
    inner join expense_table
        on line.document_id = expense_table.document_id and line.table_seq = expense_table.table_seq
    where line.measure = 'total' and line.subject_code is not null and not line.is_blank
),

department_rows as (
    select document_id, bool_or(is_department_row) as has_department_rows
    from coded
    group by document_id
),

chosen as (
    select coded.*
    from coded
    inner join department_rows on coded.document_id = department_rows.document_id
    where coded.is_department_row or not department_rows.has_department_rows
),

top_level as (
    select document_id, class_code, min(code_length) as code_length
    from chosen
    group by document_id, class_code
)

select
    chosen.document_id,
    chosen.class_code,
    subject.standard_name,
    sum(chosen.amount_yuan) as amount_yuan,
    any_value(chosen.code_length) = 3 as is_printed_class
from chosen
inner join top_level
    on
        chosen.document_id = top_level.document_id
        and chosen.class_code = top_level.class_code
        and chosen.code_length = top_level.code_length
left join marts.dim_subject_code as subject
    on chosen.class_code = subject.subject_code and subject.classification = 'function'
group by chosen.document_id, chosen.class_code, subject.standard_name
order by chosen.document_id, chosen.class_code
"""

# 基本支出 and 项目支出 of the 合计 row (the first row without a subject code) of the 支出总表.
BASIC_AND_PROJECT = f"""
with loaded as ({LOADED_DOCUMENTS}),

expense_table as (
    select line.document_id, min(line.table_seq) as table_seq
    from marts.fct_budget_line as line
    inner join loaded on line.document_id = loaded.document_id
    where line.statement = 'expense'
    group by line.document_id
),

total_row as (
    select line.document_id, arg_min(line.row_id, line.source_line) as row_id
    from marts.fct_budget_line as line
    inner join expense_table
        on line.document_id = expense_table.document_id and line.table_seq = expense_table.table_seq
    where line.subject_code is null and line.measure in ('total', 'basic', 'project')
    group by line.document_id
)

select line.document_id, line.measure, line.amount_yuan, line.source_line
from marts.fct_budget_line as line
inner join total_row on line.document_id = total_row.document_id and line.row_id = total_row.row_id
where line.measure in ('basic', 'project') and not line.is_blank
order by line.document_id, line.measure
"""

# “三公” this year (the first non-blank cell of each category in the 三公 table) and the prior
# year (printed in the table where it is, else derived from the prose's stated change).
THREE_PUBLIC = f"""
with loaded as ({LOADED_DOCUMENTS}),

current_year as (
    select
        line.document_id,
        line.measure,
        arg_min(line.amount_yuan, [line.table_seq, line.source_line, line.column_index]) as amount_yuan
    from marts.fct_budget_line as line
    inner join loaded on line.document_id = loaded.document_id
    where
        line.statement = 'three_public'
        and line.measure in ('total', 'overseas_travel', 'vehicles', 'reception')
        and not line.is_blank
    group by line.document_id, line.measure
),

prior_year as (
    select
        prior.document_id,
        case prior.subject_kind
            when 'three_public_total' then 'total'
            when 'three_public_overseas_travel' then 'overseas_travel'
            when 'three_public_vehicles' then 'vehicles'
            when 'three_public_reception' then 'reception'
        end as measure,
        arg_min(prior.amount_yuan, [prior.is_derived_from_narrative::integer, prior.source_line]) as amount_yuan,
        arg_min(prior.is_derived_from_narrative, [prior.is_derived_from_narrative::integer, prior.source_line])
            as is_derived
    from marts.fct_prior_year_value as prior
    inner join loaded on prior.document_id = loaded.document_id
    where
        prior.subject_kind in (
            'three_public_total', 'three_public_overseas_travel', 'three_public_vehicles', 'three_public_reception'
        )
        and prior.amount_yuan is not null
    group by prior.document_id, measure
)

select
    coalesce(current_year.document_id, prior_year.document_id) as document_id,
    coalesce(current_year.measure, prior_year.measure) as measure,
    current_year.amount_yuan as current_yuan,
    prior_year.amount_yuan as prior_yuan,
    prior_year.is_derived as prior_is_derived
from current_year
full outer join prior_year
    on current_year.document_id = prior_year.document_id and current_year.measure = prior_year.measure
order by document_id, measure
"""

# Where the page of a printed line is known (PDF documents), a `source_page` column of the marts
# that cite lines gives it; text renderings have lines only.
PAGE_SOURCES = ("fct_budget_line", "fct_narrative_figure")

LATEST_INGEST = f"select max(ingested_at) from ({LOADED_DOCUMENTS})"


def has_marts(connection: duckdb.DuckDBPyConnection) -> bool:
    needed = ("fct_tie_check", "fct_disclosure_completeness", "fct_budget_line", "dim_department")
    found = connection.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and list_contains(?, table_name)",
        [list(needed)],
    ).fetchone()[0]
    return found == len(needed)


def line_pages(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], int]:
    """{(document, line): page} from the marts that carry a `source_page`; empty for text documents."""
    with_pages = [
        table
        for (table,) in connection.execute(
            "select table_name from information_schema.columns "
            "where table_schema = 'marts' and column_name = 'source_page' and list_contains(?, table_name)",
            [list(PAGE_SOURCES)],
        ).fetchall()
    ]
    if not with_pages:
        return {}
    union = " union ".join(
        f"select document_id, source_line, source_page from marts.{table} where source_page is not null"
        for table in with_pages
    )
    rows = connection.execute(f"select document_id, source_line, min(source_page) from ({union}) group by all")
    return {(document_id, line): page for document_id, line, page in rows.fetchall()}


def by_document(rows: list[tuple]) -> dict[str, list[tuple]]:
    """Rows whose first column is the document, grouped by it (the queries sort by document)."""
    return {document_id: list(group) for document_id, group in groupby(rows, key=lambda row: row[0])}


def cited_lines(connection: duckdb.DuckDBPyConnection, batch: int = TEXT_BATCH) -> dict[tuple[str, int], str | None]:
    """{(document, line): the line as printed} for every line a failing tie cites (None for a line
    number past the document's end), reading the cited documents' texts `batch` at a time."""
    cited: dict[int, tuple[str, list[int]]] = {}  # row of the document in raw.documents → (document, lines)
    for row, document_id, line in fetch(connection, CITED):
        cited.setdefault(row, (document_id, []))[1].append(line)
    rows = list(cited)  # in row order (CITED sorts by it)
    texts: dict[tuple[str, int], str | None] = {}
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        wanted = dict(cited[row] for row in part)
        found = connection.execute(TEXTS_IN_ROWS, {"first": part[0], "last": part[-1], "rows": part}).fetchall()
        for document_id, full_text in found:
            lines = (full_text or "").replace("\r", "").split("\n")
            for line in wanted[document_id]:
                texts[(document_id, line)] = lines[line - 1] if 0 < line <= len(lines) else None
    return texts


def fetch(connection: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return connection.execute(sql).fetchall()


def iterate(connection: duckdb.DuckDBPyConnection, sql: str, batch: int = 10_000) -> Iterator[tuple]:
    cursor = connection.execute(sql)
    while rows := cursor.fetchmany(batch):
        yield from rows
