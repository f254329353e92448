"""Bad input is quarantined with its reason, the rest of the batch lands, and reruns change nothing."""

import codecs
import os
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from budget_warehouse.fuzzing.mutants import DeleteLines, ShuffleTableBlocks, mutate
from ingest import parser
from ingest.batch import IngestSummary, ingest_directory
from ingest.blocks import split_blocks, toc_line_numbers
from ingest.decoding import Decoded, decode_document
from ingest.parser import MAX_WARNINGS, parse_document
from ingest.performance.reading import read_performance_table
from ingest.tables import assemble_tables
from tests.helpers import SAMPLE_FILES, SAMPLES, query

GUAN = SAMPLES / SAMPLE_FILES["guan"]
QUANZHOU = SAMPLES / SAMPLE_FILES["quanzhou"]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy(GUAN, documents / GUAN.name)
    return documents


@pytest.mark.parametrize(
    ("file_name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n \n", "empty file"),
        ("scan.pdf", b"%PDF-1.7\x00\x01\x02binary", "damaged PDF"),
        ("blob.bin", b"\x00\x01\x02binary", "binary file"),
        ("prose.txt", "2024年度某某市某某局部门预算\n\n没有表格，只有文字。\n".encode(), "no recognizable table"),
        ("nameless.txt", "无名文件\n\n项目\t金额\n合计\t1.00\n".encode(), "cannot read the department name"),
    ],
)
def test_bad_document_is_quarantined_and_the_rest_lands(folder, tmp_path, file_name, content, reason):
    (folder / file_name).write_bytes(content)
    warehouse = tmp_path / "w.duckdb"
    summary = ingest_directory(folder, warehouse)
    assert (summary.loaded, summary.quarantined) == (1, 1)
    [(name, message)] = summary.quarantine
    assert name == file_name and reason in message
    rows = query(
        warehouse,
        "select file_name, status, quarantine_reason, full_text is not null or raw_bytes is not null"
        " from raw.documents order by status",
    )
    assert rows[0][:2] == (GUAN.name, "loaded")
    assert rows[1][:2] == (file_name, "quarantined") and reason in rows[1][2] and rows[1][3] is True
    assert query(
        warehouse,
        "select count(*) from raw.statement_tables where document_id in "
        "(select document_id from raw.documents where status = 'quarantined')",
    ) == [(0,)]
    severities = query(warehouse, f"select severity from raw.ingest_issues where file_name = '{file_name}'")
    assert ("error",) in severities


def test_gb18030_encoded_document_is_decoded(tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "guan-gbk.txt").write_bytes(GUAN.read_text(encoding="utf-8").encode("gb18030"))
    warehouse = tmp_path / "w.duckdb"
    ingest_directory(documents, warehouse)
    assert query(warehouse, "select department_name, encoding, status from raw.documents") == [
        ("固安县医疗保障局", "gb18030", "loaded")
    ]
    assert query(
        warehouse,
        "select amount from raw.statement_cells c join raw.statement_rows r using (row_id) "
        "where r.subject_code = '2101399' and c.header_path = '合计' and r.table_id like '%-003'",
    ) == [(Decimal("250.000000"),)]


ENCODINGS = [
    ("gb18030", b"", "gb18030"),
    ("utf-8", codecs.BOM_UTF8, "utf-8"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"),  # no byte-order mark: told by where its NUL bytes sit
    ("utf-16-be", b"", "utf-16-be"),
]


@pytest.mark.parametrize(("codec", "bom", "recorded"), ENCODINGS)
@pytest.mark.parametrize("name", sorted(SAMPLE_FILES))
def test_every_sample_is_decoded_from_every_text_encoding(name, codec, bom, recorded):
    text = (SAMPLES / SAMPLE_FILES[name]).read_text(encoding="utf-8")
    assert decode_document(bom + text.encode(codec)) == Decoded(text, recorded, None)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty file"),
        (random.Random(3).randbytes(4096), "unsupported file type: a binary file"),
        (b"\x00\x01" * 2048, "unsupported file type: a binary file"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable: utf-16-le byte-order mark, but not utf-16-le text"),
    ],
)
def test_what_is_not_text_in_any_encoding_is_refused_with_its_reason(content, reason):
    decoded = decode_document(content)
    assert decoded.text is None and decoded.error.startswith(reason)


def test_a_utf16_document_without_byte_order_mark_lands(tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "guan-utf16.txt").write_bytes(GUAN.read_text(encoding="utf-8").encode("utf-16-le"))
    warehouse = tmp_path / "w.duckdb"
    ingest_directory(documents, warehouse)
    assert query(warehouse, "select department_name, encoding, status from raw.documents") == [
        ("固安县医疗保障局", "utf-16-le", "loaded")
    ]
    assert query(
        warehouse,
        "select amount from raw.statement_cells c join raw.statement_rows r using (row_id) "
        "where r.subject_code = '2101399' and c.header_path = '合计' and r.table_id like '%-003'",
    ) == [(Decimal("250.000000"),)]


def test_same_document_twice_is_loaded_once(folder, tmp_path):
    shutil.copy(GUAN, folder / "copy-of-guan.txt")
    warehouse = tmp_path / "w.duckdb"
    summary = ingest_directory(folder, warehouse)
    assert (summary.loaded, summary.duplicates_in_batch) == (1, 1)
    # Files are taken in name order: the copy is the duplicate, named with the file it repeats.
    assert summary.duplicates == [("copy-of-guan.txt", GUAN.name)]
    assert query(warehouse, "select department_name, count(*) from raw.documents group by all") == [
        ("固安县医疗保障局", 1)
    ]
    assert query(warehouse, "select count(distinct document_id) from raw.statement_tables") == [(1,)]


def test_two_versions_of_one_document_are_both_kept_and_the_newer_marked(folder, tmp_path):
    reissued = folder / "guan-reissued.txt"
    reissued.write_text(GUAN.read_text(encoding="utf-8").replace("6010.52", "6010.53", 1), encoding="utf-8")
    os.utime(folder / GUAN.name, (1_700_000_000, 1_700_000_000))
    os.utime(reissued, (1_800_000_000, 1_800_000_000))
    warehouse = tmp_path / "w.duckdb"
    ingest_directory(folder, warehouse)
    assert query(warehouse, "select file_name, version_rank, is_latest_version from raw.documents order by 2") == [
        ("guan-reissued.txt", 1, True),
        (GUAN.name, 2, False),
    ]


def test_table_cut_short_lands_what_is_printed(tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    lines = QUANZHOU.read_text(encoding="utf-8").split("\n")
    cut = [*lines[:149], "2101101\t行政单位医疗\t97.77"]  # the income table stops mid-row, and the document ends
    (documents / "cut.txt").write_text("\n".join(cut), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    summary = ingest_directory(documents, warehouse)
    assert summary.loaded == 1
    rows = query(
        warehouse,
        """
        select r.source_line, r.subject_code, c.header_path, c.cell_text, c.amount
        from raw.statement_rows r join raw.statement_cells c on c.row_id = r.row_id
        join raw.statement_tables t on t.table_id = r.table_id
        where t.statement_kind = 'income' and r.source_line = 150 order by c.column_index""",
    )
    assert rows[0] == (150, "2101101", "总计", "97.77", Decimal("97.770000"))
    assert [row[3:] for row in rows[1:]] == [("", None)] * 10  # the cells not printed are blank, not zero
    # Reported with file and line: the row cut short, and the tables the contents name that never came.
    warnings = [(name, issue.line_number, issue.message) for name, issue in summary.warnings]
    assert warnings[0] == ("cut.txt", 150, "row cut short: 3 of the table's 13 columns printed")
    assert [line for _, line, message in warnings if "table of contents" in message] == list(range(16, 24))
    assert (
        "cut.txt",
        16,
        "table of contents names '三、支出预算总表' (expense), but no such table was found",
    ) in warnings
    assert query(warehouse, "select count(*) from raw.ingest_issues where severity = 'warning'") == [(9,)]


def raw_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    tables = ["documents", "document_toc", "statement_tables", "statement_rows", "statement_cells", "ingest_issues"]
    return {table: query(warehouse, f"select * from raw.{table} order by all") for table in tables}


def test_rerun_on_the_same_input_changes_nothing(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    ingest_directory(SAMPLES, warehouse)
    before = raw_snapshot(warehouse)
    summary = ingest_directory(SAMPLES, warehouse)
    assert (summary.loaded, summary.already_in_warehouse) == (0, 5)
    assert raw_snapshot(warehouse) == before


# Fault isolation: a part of a document that fails loses that part only.

FUZHOU = SAMPLES / SAMPLE_FILES["fuzhou"]


def _land(tmp_path: Path, name: str, text: str) -> tuple[Path, IngestSummary]:
    documents = tmp_path / "documents"
    documents.mkdir(exist_ok=True)
    (documents / name).write_text(text, encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    return warehouse, ingest_directory(documents, warehouse)


def _part_failures(warehouse: Path) -> list[tuple]:
    return query(
        warehouse,
        "select line_number, severity, part, exception from raw.ingest_issues where part is not null order by 1",
    )


def test_the_mutant_that_crashed_the_parser_lands_its_statement_tables(tmp_path):
    # Lines deleted and table blocks shuffled until a performance row is shorter than its header: this
    # mutant raised IndexError in read_indicator_row and the whole document was quarantined.
    mutant = mutate(FUZHOU.read_text(encoding="utf-8"), [DeleteLines(at=505, count=3), ShuffleTableBlocks(seed=2)])
    parsed = parse_document(mutant)
    warehouse, summary = _land(tmp_path, "fuzhou-mutant.txt", mutant)
    assert (summary.loaded, summary.quarantined) == (1, 0)
    landed = query(
        warehouse,
        "select statement_kind, count(*) from raw.statement_tables where statement_kind <> 'unknown' group by 1",
    )
    assert dict(landed) == {
        "unit_composition": 1,
        "summary": 1,
        "expense": 1,
        "fiscal_grant_summary": 1,
        "general_budget_expense": 1,
        "gov_fund_expense": 1,
        "general_budget_economic": 1,
        "general_budget_basic_expense": 1,
        "three_public": 1,
        "performance": 2,
    }
    cells = sum(len(row.cells) for table in parsed.tables for row in table.rows if row.row_role == "data")
    data_cells = (
        "select count(*) from raw.statement_cells join raw.statement_rows using (row_id) where row_role = 'data'"
    )
    assert query(warehouse, data_cells) == [(cells,)] == [(678,)]
    assert query(warehouse, "select count(*) from raw.performance_indicators") == [(19,)]
    assert _part_failures(warehouse) == []


def test_a_performance_table_that_fails_loses_only_itself(tmp_path, monkeypatch):
    def failing_on_the_project_table(lines, table_seq, table):
        if table.first_line == 532:
            raise IndexError("list index out of range")
        return read_performance_table(lines, table_seq, table)

    monkeypatch.setattr(parser, "read_performance_table", failing_on_the_project_table)
    warehouse, summary = _land(tmp_path, FUZHOU.name, FUZHOU.read_text(encoding="utf-8"))
    assert (summary.loaded, summary.quarantined) == (1, 0)
    [(line, severity, part, exception)] = _part_failures(warehouse)
    assert (line, severity, part) == (532, "warning", "performance table")
    assert exception.startswith("IndexError: list index out of range (tests/test_ingest_bad_input.py:")
    assert exception.endswith("in failing_on_the_project_table)")
    assert (FUZHOU.name, 532) in [(name, issue.line_number) for name, issue in summary.warnings]
    # The department's table (line 503) lands its project and 17 indicators; every statement table and
    # the narrative land as they do from the sample.
    assert query(warehouse, "select count(*) from raw.performance_projects") == [(1,)]
    assert query(warehouse, "select count(*) from raw.performance_indicators") == [(17,)]
    assert query(warehouse, "select count(*) from raw.statement_tables") == [(12,)]
    assert query(warehouse, "select count(*) from raw.narrative_figures") == [(66,)]


def test_a_statement_table_that_fails_is_left_out_and_the_others_land(tmp_path, monkeypatch):
    def failing_on_one_block(blocks, toc):
        if any(block.first_line == 193 for block in blocks):
            raise ValueError("a layout never seen")
        return assemble_tables(blocks, toc)

    monkeypatch.setattr(parser, "assemble_tables", failing_on_one_block)
    warehouse, summary = _land(tmp_path, FUZHOU.name, FUZHOU.read_text(encoding="utf-8"))
    assert summary.loaded == 1
    [(line, severity, part, exception)] = _part_failures(warehouse)
    assert (line, severity, part) == (193, "warning", "statement table")
    assert exception.startswith("ValueError: a layout never seen")
    kinds = [kind for (kind,) in query(warehouse, "select statement_kind from raw.statement_tables order by table_seq")]
    assert "fiscal_grant_summary" not in kinds and len(kinds) == 11
    # The tables after it land whole: 一般公共预算基本支出 with its 109 rows, the performance tables read.
    assert query(
        warehouse, "select row_count from raw.statement_tables where statement_kind = 'general_budget_basic_expense'"
    ) == [(109,)]
    assert query(warehouse, "select count(*) from raw.performance_indicators") == [(57,)]


def test_a_document_whose_metadata_fails_is_quarantined_with_the_failure_as_its_reason(tmp_path, monkeypatch):
    def failing(lines, file_name, contents):
        raise RuntimeError("cover unreadable")

    monkeypatch.setattr(parser, "read_metadata", failing)
    warehouse, summary = _land(tmp_path, GUAN.name, GUAN.read_text(encoding="utf-8"))
    assert (summary.loaded, summary.quarantined) == (0, 1)
    [(status, reason)] = query(warehouse, "select status, quarantine_reason from raw.documents")
    assert status == "quarantined"
    assert (
        reason
        == "cannot read the document's identity: metadata could not be read (RuntimeError): left out, the rest of the document is kept"
    )
    [(_, severity, part, exception)] = _part_failures(warehouse)
    assert (severity, part) == ("error", "metadata") and exception.startswith("RuntimeError: cover unreadable")


def test_a_document_whose_every_table_fails_is_quarantined(tmp_path, monkeypatch):
    def failing(blocks, toc):
        raise KeyError("width")

    monkeypatch.setattr(parser, "assemble_tables", failing)
    warehouse, summary = _land(tmp_path, GUAN.name, GUAN.read_text(encoding="utf-8"))
    assert summary.quarantined == 1
    [(_, reason)] = summary.quarantine
    lines = GUAN.read_text(encoding="utf-8").split("\n")
    blocks = len(split_blocks(lines, toc_line_numbers(lines)))
    assert reason == f"no recognizable table with data rows ({blocks} part(s) failed, see the warnings)"
    assert query(warehouse, "select count(*) from raw.ingest_issues where part = 'statement table'") == [(blocks,)]


def test_a_narrative_that_fails_keeps_the_tables(tmp_path, monkeypatch):
    def failing(sentences):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(parser, "read_figures", failing)
    warehouse, summary = _land(tmp_path, GUAN.name, GUAN.read_text(encoding="utf-8"))
    assert summary.loaded == 1
    assert [row[2] for row in _part_failures(warehouse)] == ["narrative"]
    assert query(warehouse, "select count(*) from raw.narrative_figures") == [(0,)]
    assert query(
        warehouse,
        "select amount from raw.statement_cells c join raw.statement_rows r using (row_id) "
        "where r.subject_code = '2101399' and c.header_path = '合计' and r.table_id like '%-003'",
    ) == [(Decimal("250.000000"),)]


def test_warnings_past_the_first_hundred_of_a_document_are_counted_in_one(tmp_path):
    # The 固安 sample followed by 3,000 lines of random figures: 167 blocks of no known table.
    rng = random.Random(7)
    garbage = ["\t".join(str(rng.randrange(10**5)) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    warehouse, summary = _land(
        tmp_path, "guan-and-garbage.txt", GUAN.read_text(encoding="utf-8") + "\n" + "\n".join(garbage)
    )
    assert summary.loaded == 1
    assert len(summary.warnings) == query(warehouse, "select count(*) from raw.ingest_issues")[0][0] == MAX_WARNINGS + 1
    last = query(warehouse, "select line_number, message from raw.ingest_issues order by line_number desc limit 1")
    assert last == [
        (2558, "67 more warnings (lines 2558–3732) not recorded: only the first 100 of a document are kept")
    ]
