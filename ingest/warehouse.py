"""Writes loaded documents to the DuckDB raw layer, set-based, one transaction per batch."""

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from ingest.loading import LoadedDocument
from ingest.model import StatementRow
from ingest.pages import page_lines
from ingest.schema import (
    RAW_DDL,
    RAW_TABLES,
    DocumentPageRecord,
    DocumentRecord,
    FundTotalRecord,
    IngestIssueRecord,
    NarrativeFigureRecord,
    PerformanceIndicatorRecord,
    PerformanceProjectRecord,
    ReportStatementRecord,
    SpendingMilestoneRecord,
    StatementCellRecord,
    StatementRowRecord,
    StatementTableRecord,
    TocEntryRecord,
    arrow_schema,
)
from ingest.version import parser_version


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(warehouse))
    for statement in RAW_DDL:
        connection.execute(statement)
    return connection


def loaded_document_ids(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute("select document_id from raw.documents").fetchall()}


def write_relations(connection: duckdb.DuckDBPyConnection, batches: list[dict[str, pa.Table]]) -> None:
    """Insert batches of relations (see `relations`, built where the documents were parsed) in one
    transaction, and mark versions. The batches' tables are joined (without copying) into one insert
    per raw table: an insert per batch and table cost twice the writing time."""
    connection.execute("begin transaction")
    try:
        for name in dict.fromkeys(name for batch in batches for name in batch):
            tables = [batch[name] for batch in batches if name in batch and batch[name].num_rows]
            if tables:
                connection.register("incoming", pa.concat_tables(tables))
                connection.execute(f"insert into raw.{name} by name select * from incoming")
                connection.unregister("incoming")
        _mark_versions(connection)
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise


def _mark_versions(connection: duckdb.DuckDBPyConnection) -> None:
    """Two texts of one department, year and phase are versions: the most recently modified file is newest."""
    connection.execute("""
        update raw.documents as d set version_rank = v.version_rank, is_latest_version = v.version_rank = 1
        from (
            select document_id, row_number() over (
                partition by department_name, fiscal_year, phase
                order by file_modified_at desc, ingested_at desc, document_id
            ) as version_rank
            from raw.documents where status = 'loaded'
        ) as v
        where d.document_id = v.document_id
    """)


def relations(documents: list[LoadedDocument], ingested_at: datetime) -> dict[str, pa.Table]:
    """The raw-layer rows of `documents`, one Arrow table per raw table (ingest.schema)."""
    return {name: _table(RAW_TABLES[name], records(documents, ingested_at)) for name, records in _RECORDS.items()}


class _Columns(dict[str, list]):
    """A raw table's values column by column, by column name: for the tables of a row per printed
    row or cell, which a record per row (then transposed) would cost a third more to flatten."""


def _table(record: type[NamedTuple], records: "list[NamedTuple] | _Columns") -> pa.Table:
    schema = arrow_schema(record)
    if isinstance(records, _Columns):
        columns = [records[field.name] for field in schema]
    else:
        columns = list(zip(*records, strict=True))
    if not columns or not columns[0]:
        return schema.empty_table()
    # Column by column: a dict per row (from_pylist) takes half as long again. Exact decimals become
    # DECIMAL(24, 6) here, in the worker (a fixed scale: never a float).
    return pa.table(
        [pa.array(values, field.type) for field, values in zip(schema, columns, strict=True)],
        schema=schema,
    )


def _document_records(documents: list[LoadedDocument], ingested_at: datetime) -> list[DocumentRecord]:
    records = []
    for document in documents:
        metadata = document.parsed.metadata if document.parsed else None
        error = document.error
        records.append(
            DocumentRecord(
                document_id=document.document_id,
                file_name=document.path.name,
                file_path=str(document.path),
                sha256=document.sha256,
                size_bytes=document.size_bytes,
                encoding=document.encoding,
                full_text=document.text,
                raw_bytes=document.raw_bytes,
                title=metadata.title if metadata else None,
                department_name=metadata.department_name if metadata else None,
                fiscal_year=metadata.fiscal_year if metadata else None,
                phase=metadata.phase if metadata else None,
                department_code=metadata.department_code if metadata else None,
                department_source=metadata.department_source if metadata else None,
                fiscal_year_source=metadata.fiscal_year_source if metadata else None,
                phase_source=metadata.phase_source if metadata else None,
                line_count=document.text.count("\n") + 1 if document.text is not None else None,
                status=document.status,
                quarantine_reason=error.message if error else None,
                quarantine_line=error.line_number if error else None,
                version_rank=None,  # set for the whole raw layer once the batch is written (_mark_versions)
                is_latest_version=None,
                file_modified_at=document.modified_at,
                ingested_at=document.ingested_at or ingested_at,
                parser_version=parser_version(),
            )
        )
    return records


def _landed(documents: list[LoadedDocument]) -> Iterable[LoadedDocument]:
    return (document for document in documents if document.status == "loaded" and document.parsed is not None)


def _page_records(documents: list[LoadedDocument], _: datetime) -> list[DocumentPageRecord]:
    return [
        DocumentPageRecord(document.document_id, *page)
        for document in _landed(documents)
        for page in page_lines(document.text or "")
    ]


def _toc_records(documents: list[LoadedDocument], _: datetime) -> list[TocEntryRecord]:
    return [
        TocEntryRecord(
            document_id=document.document_id,
            line_number=entry.line_number,
            entry_title=entry.title,
            statement_kind=entry.statement_kind,
        )
        for document in _landed(documents)
        for entry in document.parsed.toc
    ]


def _table_id(document: LoadedDocument, table_seq: int) -> str:
    return f"{document.document_id}-{table_seq:03d}"


def _table_records(documents: list[LoadedDocument], _: datetime) -> list[StatementTableRecord]:
    return [
        StatementTableRecord(
            table_id=_table_id(document, seq),
            document_id=document.document_id,
            table_seq=seq,
            title=table.title,
            title_line=table.title_line,
            statement_kind=table.statement_kind,
            kind_source=table.kind_source,
            unit=table.unit,
            unit_source=table.unit_source,
            unit_line=table.unit_line,
            first_line=table.first_line,
            last_line=table.last_line,
            page_count=table.page_count,
            header_rows=table.header_rows,
            row_count=len(table.rows),
            note=table.note,
            note_line=table.note_line,
        )
        for document in _landed(documents)
        for seq, table in enumerate(document.parsed.tables, 1)
    ]


def _landed_rows(documents: list[LoadedDocument]) -> Iterable[tuple[LoadedDocument, str, str, int, StatementRow]]:
    """Every row of every landed table, with its document, table id, row id and sequence."""
    for document in _landed(documents):
        for seq, table in enumerate(document.parsed.tables, 1):
            table_id = _table_id(document, seq)
            for row_seq, row in enumerate(table.rows, 1):
                yield document, table_id, f"{table_id}-{row_seq:04d}", row_seq, row


def _row_records(documents: list[LoadedDocument], _: datetime) -> _Columns:
    columns = _Columns((name, []) for name in StatementRowRecord._fields)
    (
        row_ids,
        table_ids,
        document_ids,
        row_seqs,
        row_roles,
        source_lines,
        column_groups,
        sides,
        group_headers,
        sequences,
        labels,
        label_extras,
        subject_codes,
        economic_codes,
        government_codes,
        sub_unit_codes,
        codes_printed,
        codes_from_name,
        realigned,
        line_texts,
    ) = columns.values()  # in the record's field order
    for document, table_id, row_id, row_seq, row in _landed_rows(documents):
        codes = row.codes
        row_ids.append(row_id)
        table_ids.append(table_id)
        document_ids.append(document.document_id)
        row_seqs.append(row_seq)
        row_roles.append(row.row_role)
        source_lines.append(row.source_line)
        column_groups.append(row.column_group)
        sides.append(row.side)
        group_headers.append(row.group_header)
        sequences.append(row.printed_sequence)
        labels.append(row.label)
        label_extras.append(row.label_extra)
        subject_codes.append(codes.subject_code)
        economic_codes.append(codes.economic_code)
        government_codes.append(codes.government_economic_code)
        sub_unit_codes.append(codes.sub_unit_code)
        codes_printed.append(codes.printed)
        codes_from_name.append(codes.from_name)
        realigned.append(row.realigned)
        line_texts.append(row.line_text)
    return columns


def _cell_records(documents: list[LoadedDocument], _: datetime) -> _Columns:
    columns = _Columns((name, []) for name in StatementCellRecord._fields)
    row_ids, table_ids, document_ids, source_lines, column_indexes, header_paths, texts, amounts, decimals = (
        columns.values()  # in the record's field order
    )
    for document, table_id, row_id, _, row in _landed_rows(documents):
        for cell in row.cells:
            amount = cell.amount
            row_ids.append(row_id)
            table_ids.append(table_id)
            document_ids.append(document.document_id)
            source_lines.append(row.source_line)
            column_indexes.append(cell.column_index)
            header_paths.append(cell.header_path)
            texts.append(cell.text)
            amounts.append(amount.value if amount else None)
            decimals.append(amount.decimals if amount else None)
    return columns


def _performance_project_id(document: LoadedDocument, project_seq: int) -> str:
    return f"{document.document_id}-P{project_seq:03d}"


def _project_table_ids(document: LoadedDocument) -> dict[int, str]:
    """The table id of each performance project of the document, by project sequence."""
    return {
        project.project_seq: _table_id(document, project.table_seq) for project in document.parsed.performance.projects
    }


def _performance_project_records(documents: list[LoadedDocument], _: datetime) -> list[PerformanceProjectRecord]:
    return [
        PerformanceProjectRecord(
            performance_project_id=_performance_project_id(document, project.project_seq),
            document_id=document.document_id,
            table_id=_table_id(document, project.table_seq),
            project_seq=project.project_seq,
            scope=project.scope,
            project_name=project.name,
            name_source=project.name_source,
            project_code=project.code,
            sub_unit_code=project.sub_unit_code,
            sub_unit_name=project.sub_unit_name,
            budget_text=project.budget_text,
            budget_amount=project.budget_amount,
            budget_decimals=project.budget_decimals,
            budget_unit=project.budget_unit,
            budget_line=project.budget_line,
            goal=project.goal,
            first_line=project.first_line,
            last_line=project.last_line,
        )
        for document in _landed(documents)
        for project in document.parsed.performance.projects
    ]


def _performance_indicator_records(documents: list[LoadedDocument], _: datetime) -> list[PerformanceIndicatorRecord]:
    records = []
    for document in _landed(documents):
        table_ids = _project_table_ids(document)
        for indicator in document.parsed.performance.indicators:
            project_id = _performance_project_id(document, indicator.project_seq)
            target = indicator.target
            records.append(
                PerformanceIndicatorRecord(
                    performance_indicator_id=f"{project_id}-{indicator.indicator_seq:03d}",
                    performance_project_id=project_id,
                    document_id=document.document_id,
                    table_id=table_ids[indicator.project_seq],
                    indicator_seq=indicator.indicator_seq,
                    source_line=indicator.source_line,
                    level1=indicator.level1,
                    level2=indicator.level2,
                    level3=indicator.level3,
                    level1_carried=indicator.level1_carried,
                    level2_carried=indicator.level2_carried,
                    description=indicator.description,
                    scoring_rule=indicator.scoring_rule,
                    basis=indicator.basis,
                    direction=indicator.direction,
                    target_text=target.text,
                    target_operator=target.operator,
                    target_value=target.value,
                    target_unit=target.unit,
                    target_is_qualitative=target.is_qualitative,
                    target_wording=target.value_text,
                    target_parse_status=target.parse_status,
                    actual_text=indicator.actual_text,
                    actual_value=indicator.actual_value,
                    weight_text=indicator.weight_text,
                    weight=indicator.weight,
                    score_text=indicator.score_text,
                    score=indicator.score,
                    deviation_reason=indicator.deviation_reason,
                    column_shift=indicator.column_shift,
                    line_text=indicator.line_text,
                )
            )
    return records


def _spending_plan_records(documents: list[LoadedDocument], _: datetime) -> list[SpendingMilestoneRecord]:
    records = []
    for document in _landed(documents):
        table_ids = _project_table_ids(document)
        for milestone in document.parsed.performance.spending_plan:
            project_id = _performance_project_id(document, milestone.project_seq)
            planned = milestone.planned
            records.append(
                SpendingMilestoneRecord(
                    spending_milestone_id=f"{project_id}-S{milestone.milestone_seq:02d}",
                    performance_project_id=project_id,
                    document_id=document.document_id,
                    table_id=table_ids[milestone.project_seq],
                    milestone_seq=milestone.milestone_seq,
                    milestone=planned.milestone,
                    month=planned.month,
                    percent_text=planned.percent_text,
                    cumulative_percent=planned.cumulative_percent,
                    milestone_line=planned.milestone_line,
                    source_line=planned.source_line,
                )
            )
    return records


def _fund_total_records(documents: list[LoadedDocument], _: datetime) -> list[FundTotalRecord]:
    return [
        FundTotalRecord(
            document_id=document.document_id,
            source_line=total.source_line,
            project_count=total.project_count,
            amount_text=total.amount_text,
            amount=total.amount,
            decimals=total.decimals,
            unit=total.unit,
            sentence=total.sentence,
        )
        for document in _landed(documents)
        for total in document.parsed.performance.fund_totals
    ]


def _narrative_figure_records(documents: list[LoadedDocument], _: datetime) -> list[NarrativeFigureRecord]:
    return [
        NarrativeFigureRecord(
            figure_id=f"{document.document_id}-N{figure.figure_seq:04d}",
            document_id=document.document_id,
            figure_seq=figure.figure_seq,
            section=figure.section,
            section_line=figure.section_line,
            subject_kind=figure.subject_kind,
            subject_code=figure.subject_code,
            subject_text=figure.subject_text,
            amount=figure.amount,
            unit=figure.unit,
            decimals=figure.decimals,
            printed_amount=figure.printed_amount,
            change_amount=figure.change_amount,
            change_unit=figure.change_unit,
            change_direction=figure.change_direction,
            change_percent=figure.change_percent,
            printed_change=figure.printed_change,
            parent_figure_seq=figure.parent_figure_seq,
            amount_scope=figure.amount_scope,
            scope_year=figure.scope_year,
            funding_scope=figure.funding_scope,
            is_item_explanation=figure.is_item_explanation,
            item_path=figure.item_path,
            sentence=figure.sentence,
            source_line=figure.source_line,
        )
        for document in _landed(documents)
        for figure in document.parsed.narrative
    ]


def _report_statement_records(documents: list[LoadedDocument], _: datetime) -> list[ReportStatementRecord]:
    return [
        ReportStatementRecord(
            document_id=document.document_id,
            source_line=statement.source_line,
            title_line=statement.title_line,
            project_name=statement.project_name,
            level1=statement.level1,
            level2=statement.level2,
            level3=statement.level3,
            unit_text=statement.unit_text,
            target_text=statement.target_text,
            target_value=statement.target_value,
            actual_text=statement.actual_text,
            actual_value=statement.actual_value,
            weight=statement.weight,
            score=statement.score,
        )
        for document in _landed(documents)
        for statement in document.parsed.performance.report_statements
    ]


def _issue_records(documents: list[LoadedDocument], _: datetime) -> list[IngestIssueRecord]:
    return [
        IngestIssueRecord(
            document_id=document.document_id,
            file_name=document.path.name,
            line_number=issue.line_number,
            severity=issue.severity,
            message=issue.message,
            part=issue.part,
            exception=issue.exception,
        )
        for document in documents
        for issue in document.issues
    ]


# The records of a batch of documents, by raw table.
_RECORDS: dict[str, Callable[[list[LoadedDocument], datetime], "list[NamedTuple] | _Columns"]] = {
    "documents": _document_records,
    "document_pages": _page_records,
    "document_toc": _toc_records,
    "statement_tables": _table_records,
    "statement_rows": _row_records,
    "statement_cells": _cell_records,
    "ingest_issues": _issue_records,
    "performance_projects": _performance_project_records,
    "performance_indicators": _performance_indicator_records,
    "performance_spending_plan": _spending_plan_records,
    "performance_fund_totals": _fund_total_records,
    "performance_report_statements": _report_statement_records,
    "narrative_figures": _narrative_figure_records,
}
