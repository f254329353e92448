"""Bad input is quarantined with its reason, the rest of the batch lands, and reruns change nothing."""

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.batch import ingest_directory
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
