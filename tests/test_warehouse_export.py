"""Exports of the marts built from the sample corpus: Parquet (the large facts partitioned by year),
CSV with a BOM where a person opens it, one Excel workbook of what Excel can use, slices of a
department's or a year's full facts, and a rerun that rewrites only the files whose rows changed."""

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from budget_warehouse.build import build_warehouse
from budget_warehouse.cli import app
from budget_warehouse.export import ExportError, export_marts, export_slice
from budget_warehouse.export.layout import (
    DOCUMENT_PREFIX_DIGITS,
    EXCEL_MAX_ROWS,
    PARTITIONED_FACTS,
    WIDE_SHEETS,
)
from budget_warehouse.export.workbook import Sheet
from ingest.batch import ingest_directory
from tests.helpers import MARTS, PROJECT_DIR, SAMPLE_FILES, SAMPLES, samples_but

WHOLE_MARTS = MARTS - set(PARTITIONED_FACTS)
CSV_MARTS = WHOLE_MARTS | {mart for mart, fact in PARTITIONED_FACTS.items() if fact.csv}  # those opened whole
WORKBOOK_MARTS = CSV_MARTS
QUANZHOU = "泉州市医疗保障局"
ADDED_SAMPLE = SAMPLE_FILES["fuzhou"]  # the only 2020 document: added last, the 2024 files stay


@pytest.fixture(scope="session")
def exported(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    export_dir = tmp_path_factory.mktemp("export")
    return built_warehouse, export_dir, export_marts(built_warehouse, export_dir)


def _query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return connection.execute(sql, parameters or []).fetchall()
    finally:
        connection.close()


def _files(folder: Path) -> dict[str, Path]:
    return {str(path.relative_to(folder)): path for path in sorted(folder.rglob("*")) if path.is_file()}


def test_parquet_for_every_mart_the_facts_partitioned_by_year(exported):
    warehouse, export_dir, paths = exported
    assert {path.stem for path in paths if path.suffix == ".parquet" and path.parent.name == "parquet"} == WHOLE_MARTS
    for mart in PARTITIONED_FACTS:
        expected = {
            f"fiscal_year={year}/part-{prefix}.parquet"
            for year, prefix in _query(
                warehouse, f"select distinct fiscal_year, left(document_id, {DOCUMENT_PREFIX_DIGITS}) from marts.{mart}"
            )
        }
        folder = export_dir / "parquet" / mart
        assert {str(path.relative_to(folder)) for path in folder.rglob("*.parquet")} == expected, mart
    for mart in ("fct_budget_line", "fct_tie_check", "fct_narrative_figure", "fct_disclosure_completeness"):
        folder = export_dir / "parquet" / mart
        assert {"fiscal_year=2020", "fiscal_year=2024"} == {path.name for path in folder.iterdir()}, mart
    assert all(path.is_file() for path in paths)


def test_parquet_holds_the_marts_rows_exactly(exported):
    warehouse, export_dir, _ = exported
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        for mart in MARTS:
            if mart in PARTITIONED_FACTS and not (export_dir / "parquet" / mart).exists():
                assert connection.execute(f"select count(*) from marts.{mart}").fetchone() == (0,), mart
                continue  # no rows, no files
            files = export_dir / "parquet" / (f"{mart}/*/*.parquet" if mart in PARTITIONED_FACTS else f"{mart}.parquet")
            exported_rows = f"read_parquet('{files}', hive_partitioning = false)"
            for first, second in ((f"marts.{mart}", exported_rows), (exported_rows, f"marts.{mart}")):
                missing = connection.execute(f"select count(*) from (from {first} except all from {second})").fetchone()
                assert missing == (0,), mart
            counts = [
                connection.execute(f"select count(*) from {rows}").fetchone()
                for rows in (f"marts.{mart}", exported_rows)
            ]
            assert counts[0] == counts[1], mart
    finally:
        connection.close()
    facts = pl.read_parquet(export_dir / "parquet" / "fct_budget_line", hive_partitioning=True)
    assert isinstance(facts.schema["amount"], pl.Decimal)
    assert isinstance(facts.schema["amount_yuan"], pl.Decimal)
    line = facts.filter(
        (pl.col("statement") == "expense")
        & (pl.col("subject_code") == "2101501")
        & (pl.col("measure") == "basic")
        & (pl.col("fiscal_year") == 2024)
        & (pl.col("file_name") == SAMPLE_FILES["quanzhou"])
    )
    assert line["amount_yuan"].to_list() == [Decimal("25355400")]
    yearly = duckdb.sql(
        f"select fiscal_year, sum(amount_yuan) from read_parquet('{export_dir}/parquet/fct_budget_line/*/*.parquet') "
        "group by all order by 1"
    ).fetchall()
    assert yearly == _query(
        warehouse, "select fiscal_year, sum(amount_yuan) from marts.fct_budget_line group by all order by 1"
    )


def test_partition_files_hold_their_rows_in_a_fixed_order(exported, tmp_path):
    warehouse, export_dir, _ = exported
    for mart, fact in PARTITIONED_FACTS.items():
        for path in (export_dir / "parquet" / mart).rglob("*.parquet"):
            rows = duckdb.sql(f"select document_id, {fact.key} from read_parquet('{path}')").fetchall()
            assert rows == sorted(rows), path
            assert {document[:DOCUMENT_PREFIX_DIGITS] for document, _ in rows} == {path.stem.removeprefix("part-")}
    again = export_marts(warehouse, tmp_path / "again")  # a fresh folder: everything written anew
    assert len(again) == len(exported[2])
    for relative, path in _files(export_dir / "parquet").items():
        assert (tmp_path / "again" / "parquet" / relative).read_bytes() == path.read_bytes(), relative


def test_csv_where_a_person_opens_it(exported):
    warehouse, _, paths = exported
    csv_files = {path.stem: path for path in paths if path.suffix == ".csv"}
    assert set(csv_files) == CSV_MARTS | {"tie_failures"}
    assert "fct_narrative_figure" not in csv_files  # rows per printed figure: a slice's CSV
    counts = {mart: _query(warehouse, f"select count(*) from marts.{mart}")[0][0] for mart in CSV_MARTS}
    counts["tie_failures"] = _query(warehouse, "select count(*) from marts.fct_tie_check where status = 'fail'")[0][0]
    assert counts["tie_failures"] > 0
    for name, path in csv_files.items():
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == counts[name], name
    text = csv_files["dim_department"].read_text(encoding="utf-8-sig")
    assert text.startswith("department_key,department_name,")
    assert QUANZHOU in text
    with csv_files["tie_failures"].open(encoding="utf-8-sig", newline="") as handle:
        failures = list(csv.DictReader(handle))
    assert {row["status"] for row in failures} == {"fail"}
    both_sides = _query(
        warehouse,
        "select lhs_source_lines, rhs_source_lines from marts.fct_tie_check where status = 'fail' "
        "and rule_id = 'T_NARRATIVE_THREE_PUBLIC_EQ_TABLE' and file_name = ?",
        [SAMPLE_FILES["guan"]],
    )
    assert both_sides == [("431", "377")]  # 固安: 公务用车 0.00 in the prose (431) against the table's 2.00 (377)
    assert {(row["lhs_source_lines"], row["rhs_source_lines"]) for row in failures} >= set(both_sides)


def test_workbook_holds_what_excel_can_use_and_says_where_the_facts_are(exported):
    warehouse, _, paths = exported
    captions: dict[str, list[str]] = {}
    for model, caption in _query(
        warehouse, "select model_name, caption_zh from metadata.column_captions order by model_name, column_position"
    ):
        captions.setdefault(model, []).append(caption)
    workbook = openpyxl.load_workbook(next(path for path in paths if path.suffix == ".xlsx"), read_only=True)
    try:
        assert workbook.sheetnames == ["目录", *sorted(WORKBOOK_MARTS), "tie_failures", "说明"]
        for mart in (*WORKBOOK_MARTS - set(WIDE_SHEETS), "tie_failures"):
            rows = list(workbook[mart].iter_rows(values_only=True))
            source = "fct_tie_check" if mart == "tie_failures" else mart
            if source in captions:
                assert sorted(rows[0]) == sorted(captions[source]), mart  # a caption for every column
            condition = "where status = 'fail'" if mart == "tie_failures" else ""
            assert len(rows) - 1 == _query(warehouse, f"select count(*) from marts.{source} {condition}")[0][0], mart
        failures = next(workbook["tie_failures"].iter_rows(max_row=1, values_only=True))
        assert {"左侧原文行号", "右侧原文行号"} <= set(failures)  # both sides' source lines
        contents = {row[0]: row for row in workbook["目录"].iter_rows(min_row=2, values_only=True)}
        assert set(contents) == MARTS | {"tie_failures"}
        budget_lines = contents["fct_budget_line"]
        assert budget_lines[2] == _query(warehouse, "select count(*) from marts.fct_budget_line")[0][0]
        assert "parquet/fct_budget_line/fiscal_year=" in budget_lines[3]
        assert "--department" in budget_lines[3]
        figures = contents["fct_narrative_figure"]
        assert figures[2] == _query(warehouse, "select count(*) from marts.fct_narrative_figure")[0][0] > 0
        assert figures[3].startswith("parquet/fct_narrative_figure/fiscal_year=…/part-*.parquet（按 fiscal_year 分区")
        assert "budget-warehouse export --department" in figures[3]  # their CSV: a department's, a year's
        assert contents["dim_department"][3].startswith("工作表 dim_department")
        notes = list(workbook["说明"].iter_rows(values_only=True))
        assert notes[0] == ("表", "表名", "列", "中文名", "说明")
        assert ("fct_budget_line", "预算明细", "amount_yuan", "金额(元)") in {row[:4] for row in notes}
    finally:
        workbook.close()


def test_disclosure_completeness_is_a_row_per_document_and_a_column_per_requirement(exported):
    warehouse, _, paths = exported
    long_form = _query(
        warehouse,
        "select file_name, caption_zh, status, completeness_score from marts.fct_disclosure_completeness "
        "order by requirement_id",
    )
    requirements = list(dict.fromkeys(caption for _, caption, _, _ in long_form))
    assert len(requirements) >= 14 and "收支总表" in requirements
    workbook = openpyxl.load_workbook(next(path for path in paths if path.suffix == ".xlsx"), read_only=True)
    try:
        header, *rows = workbook["fct_disclosure_completeness"].iter_rows(values_only=True)
        contents = {row[0]: row for row in workbook["目录"].iter_rows(min_row=2, values_only=True)}
    finally:
        workbook.close()
    kept = WIDE_SHEETS["fct_disclosure_completeness"].kept
    assert list(header) == [
        *(_query(warehouse, "select caption_zh from metadata.column_captions where model_name = "
                 "'fct_disclosure_completeness' and column_name = ?", [column])[0][0] for column in kept),
        *requirements,
    ]  # fmt: skip
    assert len(rows) == len({file_name for file_name, *_ in long_form}) == len(SAMPLE_FILES)
    sheet = {
        (row[kept.index("file_name")], caption): status
        for row in rows
        for caption, status in zip(requirements, row[len(kept) :], strict=True)
    }
    assert sheet == {(file_name, caption): status for file_name, caption, status, _ in long_form}
    quanzhou = next(row for row in rows if row[kept.index("file_name")] == SAMPLE_FILES["quanzhou"])
    assert quanzhou[header.index("收支总表")] == "present"
    assert Decimal(str(quanzhou[kept.index("completeness_score")])) == next(
        score for file_name, _, _, score in long_form if file_name == SAMPLE_FILES["quanzhou"]
    )
    place = contents["fct_disclosure_completeness"]
    assert place[2] == len(long_form)  # the long form's rows, in its files
    assert place[3].startswith("工作表 fct_disclosure_completeness（每个文档一行，每项公开要求一列，列中为公开情况）")
    assert "csv/fct_disclosure_completeness.csv" in place[3]


def test_a_fact_without_rows_has_no_files_and_contents_says_so(built_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(built_warehouse, warehouse)
    connection = duckdb.connect(str(warehouse))
    try:
        assert connection.execute("delete from marts.fct_project_spending_plan").fetchone()[0] > 0
    finally:
        connection.close()
    paths = export_marts(warehouse, tmp_path / "export")
    assert not (tmp_path / "export" / "parquet" / "fct_project_spending_plan").exists()
    assert (tmp_path / "export" / "parquet" / "fct_performance_indicator").is_dir()
    workbook = openpyxl.load_workbook(next(path for path in paths if path.suffix == ".xlsx"), read_only=True)
    try:
        contents = {row[0]: row for row in workbook["目录"].iter_rows(min_row=2, values_only=True)}
    finally:
        workbook.close()
    assert contents["fct_project_spending_plan"][2:] == (0, "parquet/fct_project_spending_plan/（无行，无文件）")


def test_a_sheet_longer_than_excel_allows_continues_on_numbered_sheets():
    sheet = Sheet("fct_budget_line", "fct_budget_line", "", 2 * (EXCEL_MAX_ROWS - 1) + 1)
    assert sheet.titles == ["fct_budget_line", "fct_budget_line_2", "fct_budget_line_3"]
    assert "接续" in sheet.place
    assert Sheet("bridge_subject_code_name_with_a_long_name", "x", "", EXCEL_MAX_ROWS).titles[1].endswith("_2")


@pytest.fixture(scope="module")
def grown_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The 2024 samples built and exported, then 福州's 2020 budget added, built and exported into a
    new folder beside the first (as a publisher does): (warehouse, first export, second export)."""
    folder = tmp_path_factory.mktemp("grown_exports")
    documents = samples_but(ADDED_SAMPLE, folder)
    warehouse = folder / "warehouse.duckdb"
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    export_marts(warehouse, folder / "first")
    shutil.copy2(SAMPLES / ADDED_SAMPLE, documents / ADDED_SAMPLE)
    ingest_directory(documents, warehouse)
    build_warehouse(warehouse, PROJECT_DIR)
    export_marts(warehouse, folder / "second", previous=folder / "first")
    return warehouse, folder / "first", folder / "second"


def test_a_rerun_rewrites_only_the_partitions_whose_rows_changed(grown_exports, tmp_path):
    warehouse, first, second = grown_exports
    before, after = _files(first), _files(second)
    partitions = {relative for relative in after if "/fiscal_year=" in relative}
    added = partitions - set(before)
    ((document,),) = _query(
        warehouse, "select distinct document_id from marts.fct_budget_line where fiscal_year = 2020"
    )
    assert {relative for relative in partitions if "/fiscal_year=2020/" in relative} <= added
    assert {Path(relative).stem for relative in added} == {f"part-{document[:DOCUMENT_PREFIX_DIGITS]}"}  # 福州's
    assert {relative.split("/")[1] for relative in added} >= {"fct_budget_line", "fct_narrative_figure"}
    for relative in partitions - added:  # the files of the other documents: carried over, not written again
        assert after[relative].stat().st_ino == before[relative].stat().st_ino, relative
    # the dimensions gained 福州: written anew
    assert after["csv/dim_department.csv"].stat().st_ino != before["csv/dim_department.csv"].stat().st_ino
    assert "福州市医疗保障局" in after["csv/dim_department.csv"].read_text(encoding="utf-8-sig")
    # a full export of the grown warehouse makes the same files
    export_marts(warehouse, tmp_path / "fresh")
    fresh = _files(tmp_path / "fresh")
    assert set(fresh) == set(after)
    for relative in partitions:
        assert fresh[relative].read_bytes() == after[relative].read_bytes(), relative


def test_an_export_again_in_place_changes_nothing(grown_exports):
    warehouse, _, second = grown_exports
    before = {relative: (path.stat().st_ino, path.stat().st_mtime_ns) for relative, path in _files(second).items()}
    export_marts(warehouse, second)
    after = {relative: (path.stat().st_ino, path.stat().st_mtime_ns) for relative, path in _files(second).items()}
    del before["manifest.json"], after["manifest.json"]
    assert after == before


def test_an_export_in_place_removes_what_it_no_longer_makes(built_warehouse, tmp_path):
    stale = tmp_path / "parquet" / "fct_budget_line.parquet"  # the layout before partitions
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PAR1")
    export_marts(built_warehouse, tmp_path)
    assert not stale.exists()
    assert (tmp_path / "parquet" / "fct_budget_line" / "fiscal_year=2024").is_dir()


def test_a_slice_holds_a_department_and_years_full_facts(built_warehouse, tmp_path):
    result = CliRunner().invoke(
        app,
        ["export", "--warehouse", str(built_warehouse), "--export-dir", str(tmp_path / "exports"),
         "--department", QUANZHOU, "--year", "2024"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = tmp_path / "slices" / f"{QUANZHOU}_2024"
    key = _query(
        built_warehouse, "select department_key from marts.dim_department where department_name = ?", [QUANZHOU]
    )
    expected = _query(
        built_warehouse,
        "select count(*), sum(amount_yuan) from marts.fct_budget_line where department_key = ? and fiscal_year = 2024",
        [key[0][0]],
    )[0]
    lines = duckdb.sql(
        f"select count(*), sum(amount_yuan::decimal(38, 6)) from read_csv('{folder}/csv/fct_budget_line.csv')"
    ).fetchone()
    assert lines == expected and expected[0] > 0
    ties = duckdb.sql(f"select distinct file_name from read_csv('{folder}/csv/fct_tie_check.csv')").fetchall()
    assert ties == [(SAMPLE_FILES["quanzhou"],)]
    workbook = openpyxl.load_workbook(folder / f"budget_warehouse_{QUANZHOU}_2024.xlsx", read_only=True)
    try:
        assert {"目录", "fct_budget_line", "fct_tie_check", "说明"} <= set(workbook.sheetnames)
        assert sum(1 for _ in workbook["fct_budget_line"].iter_rows()) - 1 == expected[0]
    finally:
        workbook.close()


def test_a_year_slice_and_the_errors_of_a_slice(built_warehouse, tmp_path):
    paths = export_slice(built_warehouse, tmp_path / "2020", year=2020)
    budget_lines = next(path for path in paths if path.name == "fct_budget_line.csv")
    with budget_lines.open(encoding="utf-8-sig", newline="") as handle:
        files = {row["file_name"] for row in csv.DictReader(handle)}
    assert files == {SAMPLE_FILES["fuzhou"]}
    with pytest.raises(ExportError, match="no department named 不存在"):
        export_slice(built_warehouse, tmp_path / "none", department="不存在")
    with pytest.raises(ExportError, match="no rows of 1999"):
        export_slice(built_warehouse, tmp_path / "none", year=1999)
    with pytest.raises(ExportError, match="name a department"):
        export_slice(built_warehouse, tmp_path / "none")


def test_export_refuses_a_warehouse_without_marts(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(ExportError, match="no tables in schema marts"):
        export_marts(empty, tmp_path / "export")
