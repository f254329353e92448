"""The dbt layer on the sample corpus: ingest + `dbt seed` + `dbt build` into a temporary warehouse
(once per test session), then the marts are queried."""

import csv
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.build import WarehouseBuildError, build_warehouse, dbt_artifacts, run_dbt, run_unit_tests
from tests.helpers import KNOWN_AMOUNTS, MARTS, PROJECT_DIR

# The marts of this issue; later issues add theirs (fct_tie_check, fct_performance_indicator, …).
NON_BUDGET_KINDS = {
    row["statement_kind"]
    for row in csv.DictReader((PROJECT_DIR / "seeds" / "statement_kinds.csv").open(encoding="utf-8"))
    if row["is_budget_statement"] != "true"
}


@pytest.fixture()
def db(built_warehouse: Path):
    connection = duckdb.connect(str(built_warehouse), read_only=True)
    yield connection
    connection.close()


def test_build_creates_the_marts_in_schema_marts(db):
    tables = {
        name
        for (name,) in db.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    assert tables >= MARTS


LINE = """
    select f.amount, f.amount_yuan, f.is_subtotal
    from marts.fct_budget_line f
    inner join marts.dim_department d on f.department_key = d.department_key
    where d.department_name = ? and f.fiscal_year = ? and f.phase = ? and f.statement = ? and f.measure = ?
"""


@pytest.mark.parametrize(
    ("department", "year", "phase", "statement", "where", "value", "measure", "amount"), KNOWN_AMOUNTS
)
def test_known_amounts(db, department, year, phase, statement, where, value, measure, amount):
    rows = db.execute(f"{LINE} and f.{where} = ?", [department, year, phase, statement, measure, value]).fetchall()
    assert len(rows) == 1
    printed, yuan, is_subtotal = rows[0]
    assert printed == Decimal(amount)
    assert yuan == Decimal(amount) * 10000  # every sample table is in 万元
    assert is_subtotal is False


def test_amount_in_yuan_is_exact(db):
    yuan = db.execute(
        f"{LINE} and f.subject_code = '2101501'", ["泉州市医疗保障局", 2024, "budget", "expense", "basic"]
    ).fetchone()[1]
    assert yuan == Decimal("25355400.00")
    types = dict(
        db.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_budget_line'"
        ).fetchall()
    )
    assert types["amount"] == "DECIMAL(24,6)"
    assert types["amount_yuan"] == "DECIMAL(38,6)"


def test_every_raw_amount_cell_appears_exactly_once(db):
    """Counts and sums per document and statement: every cell of a data row of a budget statement
    (blank cells too) is one fact row; cells of non-budget tables (绩效, 单位构成, 资产) are not facts."""
    raw = db.execute("""
        select c.document_id, t.statement_kind, count(*), count(c.amount), sum(c.amount)
        from raw.statement_cells c
        join raw.statement_rows r on c.row_id = r.row_id
        join raw.statement_tables t on c.table_id = t.table_id
        join raw.documents d on c.document_id = d.document_id
        where r.row_role = 'data' and d.status = 'loaded'
        group by all
    """).fetchall()
    facts = db.execute("""
        select document_id, statement, count(*), count(amount), sum(amount)
        from marts.fct_budget_line group by all
    """).fetchall()
    expected = {(document, kind): rest for document, kind, *rest in raw if kind not in NON_BUDGET_KINDS}
    assert {(document, kind): rest for document, kind, *rest in facts} == expected
    duplicated = db.execute("""
        select row_id, column_index from marts.fct_budget_line group by all having count(*) > 1
    """).fetchall()
    assert duplicated == []
    missing = db.execute(
        """
        select c.row_id, c.column_index
        from raw.statement_cells c
        join raw.statement_rows r on c.row_id = r.row_id
        join raw.statement_tables t on c.table_id = t.table_id
        where r.row_role = 'data' and t.statement_kind not in (select unnest(?))
        except
        select row_id, column_index from marts.fct_budget_line
    """,
        [sorted(NON_BUDGET_KINDS)],
    ).fetchall()
    assert missing == []


def test_every_header_of_the_samples_is_mapped(db):
    unmapped = db.execute("""
        select distinct statement, side, header_path, line_label
        from marts.fct_budget_line where measure = 'unmapped'
    """).fetchall()
    assert unmapped == []


def test_measures_of_a_two_sided_table_come_from_the_row_label(db):
    rows = dict(
        db.execute("""
        select f.line_label, f.measure
        from marts.fct_budget_line f
        join marts.dim_department d on f.department_key = d.department_key
        where d.department_name = '招远市医疗保障局' and f.statement = 'summary'
    """).fetchall()
    )
    assert rows["一般公共预算拨款收入"] == "general_budget"
    assert rows["本年收入合计"] == "total"
    assert rows["上年结转"] == "carry_over"
    assert rows["结转下年"] == "carry_forward"
    assert rows["收入总计"] == "grand_total"
    assert rows["八、卫生健康支出"] == "total"
    health = db.execute("""
        select f.subject_code, f.subject_code_source, f.amount
        from marts.fct_budget_line f
        join marts.dim_department d on f.department_key = d.department_key
        where d.department_name = '招远市医疗保障局' and f.statement = 'summary' and f.line_label = '八、卫生健康支出'
    """).fetchone()
    assert health == ("210", "row_label", Decimal("4342.65"))


def test_subtotals(db):
    rows = dict(
        db.execute("""
        select f.subject_code, bool_and(f.is_subtotal)
        from marts.fct_budget_line f
        join marts.dim_department d on f.department_key = d.department_key
        where d.department_name = '三明市医疗保障局' and f.statement = 'expense' and f.subject_code is not null
        group by all
    """).fetchall()
    )
    assert rows["210"] and rows["21015"]
    assert not rows["2101599"]
    totals = db.execute("""
        select distinct is_subtotal, subtotal_reason from marts.fct_budget_line where line_label = '合计'
    """).fetchall()
    assert totals == [(True, "total_label")]


def test_latest_version_is_exposed(db):
    assert db.execute(
        "select bool_and(is_latest_version), min(version_rank) from marts.fct_budget_line"
    ).fetchone() == (True, 1)


def test_dim_department_regions_and_codes(db):
    rows = {
        name: rest
        for name, *rest in db.execute("""
        select department_name, province, city, county, administrative_level, department_code
        from marts.dim_department
    """).fetchall()
    }
    assert rows["泉州市医疗保障局"] == ["福建省", "泉州市", None, "city", "445"]
    assert rows["固安县医疗保障局"] == ["河北省", "廊坊市", "固安县", "county", "362"]
    assert rows["招远市医疗保障局"] == ["山东省", "烟台市", "招远市", "county", None]
    assert rows["福州市医疗保障局"][:4] == ["福建省", "福州市", None, "city"]


def test_dim_year(db):
    assert db.execute("select fiscal_year from marts.dim_year order by 1").fetchall() == [(2020,), (2024,)]


def test_dim_subject_code_names_and_hierarchy(db):
    code = db.execute("""
        select classification, level, level_name, parent_code, standard_name, printed_names, has_nonstandard_name,
               nonstandard_names
        from marts.dim_subject_code where subject_code = '2210202'
    """).fetchone()
    assert code == ("function", 3, "项", "22102", "提租补贴", "提租补贴 | 租房补贴", True, "租房补贴")
    variants = db.execute("""
        select printed_name, is_standard_name from marts.bridge_subject_code_name
        where subject_code = '2210202' order by printed_name
    """).fetchall()
    assert variants == [("提租补贴", True), ("租房补贴", False)]
    assert db.execute(
        "select classification, level_name from marts.dim_subject_code where subject_code = '301'"
    ).fetchone() == ("economic_department", "类")
    # 31206 is printed by 三明 but not in the national list: kept, flagged, parent added.
    assert db.execute("""
        select is_in_standard_list, parent_code from marts.dim_subject_code where subject_code = '31206'
    """).fetchone() == (False, "312")
    orphans = db.execute("""
        select subject_code from marts.dim_subject_code
        where parent_code is not null and parent_code not in (select subject_code from marts.dim_subject_code)
    """).fetchall()
    assert orphans == []


def test_analyses_compile_and_run(built_warehouse):
    run_dbt(built_warehouse, PROJECT_DIR, "compile", "--select", "resource_type:analysis")
    analyses = dbt_artifacts(built_warehouse) / "target" / "compiled" / "budget_warehouse" / "analyses"
    compiled = sorted(analyses.glob("*.sql"))
    assert [path.stem for path in compiled] == [
        "basic_vs_project_share",
        "health_expenditure_by_department_year",
        "three_public_by_department",
    ]
    connection = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        results = {path.stem: connection.execute(path.read_text(encoding="utf-8")).fetchall() for path in compiled}
    finally:
        connection.close()
    health = {row[0]: row for row in results["health_expenditure_by_department_year"]}
    assert health["泉州市医疗保障局"][6] == Decimal("93806000")  # the 项 lines of 210 in 支出预算总表
    assert health["三明市医疗保障局"][6] == health["三明市医疗保障局"][7] == Decimal("52372400")
    shares = {row[0]: row for row in results["basic_vs_project_share"]}
    assert shares["泉州市医疗保障局"][5:7] == (Decimal("55336900"), Decimal("51168400"))
    three_public = {row[0]: row for row in results["three_public_by_department"]}
    assert three_public["泉州市医疗保障局"][9] == Decimal("170000")  # 公务接待费 17.00 万元


def test_every_dbt_unit_test_passes(built_warehouse):
    """The unit tests (a passing and a failing example per tie rule, …) run with the project's tests."""
    run_unit_tests(built_warehouse, PROJECT_DIR)
    target = dbt_artifacts(built_warehouse) / "target"
    defined = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["unit_tests"]
    results = [
        result
        for result in json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
        if result["unique_id"].startswith("unit_test.")
    ]  # besides the on-run-start hook
    assert len(defined) > 60
    assert sorted(result["unique_id"] for result in results) == sorted(defined)
    assert {result["status"] for result in results} == {"pass"}


def test_build_refuses_a_missing_warehouse(tmp_path):
    with pytest.raises(WarehouseBuildError, match="no warehouse"):
        build_warehouse(tmp_path / "absent.duckdb", PROJECT_DIR)


def test_build_reports_a_failing_dbt_run(tmp_path):
    """A warehouse without the raw layer: the staging views cannot be created."""
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(WarehouseBuildError, match="dbt build failed"):
        build_warehouse(empty, PROJECT_DIR)
