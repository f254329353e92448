"""Tie checks (marts.fct_tie_check) on the sample corpus: the registry, the statuses the issue names,
and every failure of the samples, each a property of the printed document."""

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.build import WarehouseBuildError, dbt_artifacts, run_dbt

PROJECT_DIR = Path(__file__).resolve().parent.parent
REGISTRY = PROJECT_DIR / "seeds" / "tie_rules.csv"
TIE_MODELS = PROJECT_DIR / "models" / "intermediate" / "ties"
RULES_PATH = "models/intermediate/ties/rules"  # one model per rule of the registry, nothing else
TIE_RULES = PROJECT_DIR / RULES_PATH
# The rule groups of the statement tables; narrative and performance rules have their own tests.
TABLE_GROUPS = ("within_table", "within_row", "two_sided", "cross_table")

QUANZHOU = "泉州市医疗保障局"
ZHAOYUAN = "招远市医疗保障局"
FUZHOU = "福州市医疗保障局"
SANMING = "三明市医疗保障局"
GUAN = "固安县医疗保障局"


@pytest.fixture(scope="module")
def db(built_warehouse: Path):
    connection = duckdb.connect(str(built_warehouse), read_only=True)
    yield connection
    connection.close()


def checks(db, department: str, rule_id: str, where: str = "", parameters: tuple = ()) -> list[dict]:
    cursor = db.execute(
        f"""
        select c.*
        from marts.fct_tie_check c
        inner join marts.dim_department d on c.department_key = d.department_key
        where d.department_name = ? and c.rule_id = ? {where}
        order by c.table_id, c.lhs_source_lines, c.column_header
    """,
        [department, rule_id, *parameters],
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]


def registry() -> list[dict[str, str]]:
    with REGISTRY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_rule_folder_holds_one_model_per_rule_of_the_registry():
    rules = registry()
    assert len({rule["rule_id"] for rule in rules}) == len(rules)
    models = sorted(rule["model"] for rule in rules)
    assert sorted(path.stem for path in TIE_RULES.glob("*.sql")) == models
    assert sorted(path.stem for path in TIE_RULES.glob("*.yml")) == models
    assert not set(models) & {path.stem for path in TIE_MODELS.rglob("*.sql") if path.parent != TIE_RULES}


def test_the_mart_reads_exactly_the_rule_models(built_warehouse):
    manifest = json.loads((dbt_artifacts(built_warehouse) / "target" / "manifest.json").read_text(encoding="utf-8"))
    nodes = manifest["nodes"]
    rules = {f"model.budget_warehouse.{rule['model']}": rule for rule in registry()}
    in_rule_folder = {
        unique_id
        for unique_id, node in nodes.items()
        if node["resource_type"] == "model" and node["original_file_path"].startswith(f"{RULES_PATH}/")
    }
    assert in_rule_folder == set(rules)
    fct_tie_check = nodes["model.budget_warehouse.fct_tie_check"]
    assert {node for node in fct_tie_check["depends_on"]["nodes"] if "int_tie__" in node} == set(rules)
    unit_tested = {unit_test["model"] for unit_test in manifest["unit_tests"].values()}
    for unique_id, rule in rules.items():
        model = nodes[unique_id]
        # Its own description (naming its rule) followed by the columns every rule shares, its sides.
        assert rule["rule_id"] in model["description"], unique_id
        assert "Every tie rule model returns the same columns" in model["description"], unique_id
        assert {"lhs", "rhs"} <= set(model["columns"]), unique_id
        assert rule["model"] in unit_tested, unique_id
        assert model["config"]["materialized"] == "view", unique_id
    # The rules' data tests are fct_tie_check's (where an incremental build tests its new checks): a
    # test of a rule view would compute the rule over every document on every build.
    readers = {
        node["name"]
        for node in nodes.values()
        if node["resource_type"] == "test" and set(node["depends_on"]["nodes"]) & set(rules)
    }
    assert readers == set()


def test_a_check_under_another_rules_id_has_no_rule_id_in_the_mart_and_fails_its_test(built_warehouse, tmp_path):
    """fct_tie_check takes a check's registry row by the model it came from: a 类 check reported
    under the 款 rule's id (a registry rule) gets no rule_id, which the not-null test of the mart
    reports, in a scoped (incremental) build too."""
    warehouse = tmp_path / built_warehouse.name  # the same file name: the views name its catalog
    shutil.copy2(built_warehouse, warehouse)
    model = "intermediate.int_tie__class_eq_sum_sections"
    with duckdb.connect(str(warehouse)) as connection:
        checks_of_the_rule = connection.execute(f"select count(*) from {model}").fetchone()[0]
        connection.execute(f"alter view {model} rename to int_tie__class_eq_sum_sections_as_built")
        connection.execute(
            f"create view {model} as select * replace ('T_SECTION_EQ_SUM_ITEMS' as rule_id) "
            "from intermediate.int_tie__class_eq_sum_sections_as_built"
        )
    with pytest.raises(WarehouseBuildError) as failure:
        run_dbt(warehouse, PROJECT_DIR, "build", "--select", "fct_tie_check", "--full-refresh")
    assert re.search(
        rf"columns_not_null_fct_tie_check\S*: fail \[column_name=rule_id, null_rows={checks_of_the_rule}\]",
        str(failure.value),
    )
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        unnamed = connection.execute(
            "select count(*), count(rule_group) from marts.fct_tie_check where rule_id is null"
        )
        assert unnamed.fetchone() == (checks_of_the_rule, 0)
    assert checks_of_the_rule > 0


def test_the_rule_views_read_the_documents_named_in_the_session_variable(built_warehouse, db):
    """fct_tie_check's pre-hook names the documents of an incremental build in tie_rule_documents:
    each rule view then holds exactly its rows of those documents; an empty list, none; unset, all."""
    [document] = db.execute(
        "select document_id from marts.fct_tie_check group by document_id order by count(*) desc limit 1"
    ).fetchone()
    for rule in registry():
        view = f"intermediate.{rule['model']}"
        whole = db.execute(f"select * from {view} where document_id = ? order by all", [document]).fetchall()
        db.execute("set variable tie_rule_documents = [?]", [document])
        try:
            assert db.execute(f"select * from {view} order by all").fetchall() == whole, view
            db.execute("set variable tie_rule_documents = cast([] as varchar[])")
            assert db.execute(f"select count(*) from {view}").fetchone() == (0,), view
        finally:
            db.execute("reset variable tie_rule_documents")


def test_every_table_rule_runs_on_the_samples(db):
    ran = {rule for (rule,) in db.execute("select distinct rule_id from marts.fct_tie_check").fetchall()}
    table_rules = {rule["rule_id"] for rule in registry() if rule["rule_group"] in TABLE_GROUPS}
    assert len(table_rules) == 23
    assert table_rules <= ran


def test_a_sum_of_27_printed_items_within_rounding_of_its_class(db):
    # 三明 基本支出决算表: 302 商品和服务支出 177.08, its 27 items sum to 177.05.
    [check] = checks(db, SANMING, "T_ECONOMIC_CLASS_EQ_SUM_SECTIONS", "and c.economic_code = '302'")
    assert (check["lhs"], check["rhs"], check["term_count"]) == (Decimal("177.08"), Decimal("177.05"), 27)
    assert (check["difference"], check["tolerance"], check["status"]) == (Decimal("0.03"), Decimal("0.14"), "rounding")
    assert check["rhs_source_lines"].split(",")[:3] == ["316", "317", "318"]


def test_guan_class_302_is_rounding(db):
    found = checks(db, GUAN, "T_ECONOMIC_CLASS_EQ_SUM_SECTIONS", "and c.economic_code = '302'")
    assert {(c["column_header"], c["lhs"], c["rhs"], c["status"]) for c in found} == {
        ("一般公共预算基本支出/合计", Decimal("50.81"), Decimal("50.82"), "rounding"),
        ("一般公共预算基本支出/公用经费", Decimal("50.81"), Decimal("50.82"), "rounding"),
    }


@pytest.mark.parametrize("statement", ["income", "expense", "general_budget_expense"])
def test_zhaoyuan_tables_cut_short_before_221_fail_by_68_21(db, statement):
    [check] = checks(
        db, ZHAOYUAN, "T_TABLE_TOTAL_EQ_SUM_TOP", "and c.statement = ? and c.column_header = '合计'", (statement,)
    )
    assert (check["lhs"], check["rhs"], check["difference"]) == (
        Decimal("4643.47"),
        Decimal("4575.26"),
        Decimal("68.21"),
    )
    assert (check["term_count"], check["status"]) == (2, "fail")
    # The 收支总表 prints the missing class: 221 住房保障支出 68.21 makes its expense side add up.
    [summary] = checks(db, ZHAOYUAN, "T_TWO_SIDED_EXPENSE_TOTAL_EQ_SUM_ITEMS", "and c.statement = 'summary'")
    assert (summary["lhs"], summary["rhs"], summary["status"]) == (Decimal("4643.47"), Decimal("4643.47"), "pass")


@pytest.mark.parametrize("statement", ["expense", "general_budget_expense"])
def test_zhaoyuan_21015_against_its_only_printed_item_fails(db, statement):
    [check] = checks(
        db,
        ZHAOYUAN,
        "T_SECTION_EQ_SUM_ITEMS",
        "and c.statement = ? and c.subject_code = '21015' and c.column_header = '合计'",
        (statement,),
    )
    assert (check["lhs"], check["rhs"], check["term_count"]) == (Decimal("599.87"), Decimal("131.53"), 1)
    assert (check["difference"], check["status"]) == (Decimal("468.34"), "fail")


@pytest.mark.parametrize("statement", ["income", "expense", "general_budget_expense"])
def test_guan_21015_is_rounding(db, statement):
    [check] = checks(
        db,
        GUAN,
        "T_SECTION_EQ_SUM_ITEMS",
        "and c.statement = ? and c.subject_code = '21015' and c.column_header = '合计'",
        (statement,),
    )
    assert (check["lhs"], check["rhs"], check["term_count"]) == (Decimal("710.83"), Decimal("710.84"), 3)
    assert (check["tolerance"], check["status"]) == (Decimal("0.02"), "rounding")


def test_sanming_expense_grand_total_is_rounding(db):
    [check] = checks(
        db,
        SANMING,
        "T_TWO_SIDED_GRAND_TOTAL_EQ_CURRENT_PLUS_CARRY",
        "and c.statement = 'summary' and c.column_header like '支出%'",
    )
    # 支出总计 6210.66 against 本年支出合计 6201.62 + 结余分配 0.00 + 年末结转和结余 9.03.
    assert (check["lhs"], check["rhs"], check["term_count"]) == (Decimal("6210.66"), Decimal("6210.65"), 3)
    assert (check["lhs_source_lines"], check["rhs_source_lines"]) == ("146", "143,144,145")
    assert check["status"] == "rounding"


@pytest.mark.parametrize(
    ("department", "economic_total", "budget_terms", "lines"),
    [
        # 泉州: 经济分类情况表 合计 10650.53 (line 276) = 一般公共预算拨款支出预算表 合计 10650.53 (line 229).
        (QUANZHOU, "10650.53", 1, ("276", "229")),
        # 福州: 61,528.12 (line 262) against a table with no 合计 column: 基本支出 5,631.12 + 项目支出 55,897.00.
        (FUZHOU, "61528.12", 2, ("262", "213")),
    ],
)
def test_the_economic_table_total_ties_to_the_general_budget_table(db, department, economic_total, budget_terms, lines):
    # Both economic tables print one 预算数 column: only 合计 is compared, basic and project together.
    [check] = checks(db, department, "T_GENERAL_BUDGET_ECONOMIC_EQ_GENERAL_BUDGET_TABLE")
    assert (check["measure"], check["lhs"], check["rhs"]) == ("total", Decimal(economic_total), Decimal(economic_total))
    assert (check["term_count"], check["difference"], check["status"]) == (budget_terms, Decimal(0), "pass")
    assert (check["lhs_source_lines"], check["rhs_source_lines"]) == lines
    assert (check["statement"], check["counterpart_statement"]) == ("general_budget_economic", "general_budget_expense")


@pytest.mark.parametrize(
    ("department", "budget_total"), [(ZHAOYUAN, "4643.47"), (SANMING, "6063.92"), (GUAN, "6010.52")]
)
def test_without_an_economic_table_the_rule_is_not_applicable(db, department, budget_total):
    [check] = checks(db, department, "T_GENERAL_BUDGET_ECONOMIC_EQ_GENERAL_BUDGET_TABLE")
    assert (check["lhs"], check["rhs"], check["status"]) == (None, Decimal(budget_total), "not_applicable")
    assert check["not_applicable_reason"] == "lhs missing: no 一般公共预算支出经济分类情况表 in the document"


def test_every_failure_of_the_samples_is_a_table_zhaoyuan_prints_cut_short(db):
    """招远's text rendering loses the continuation pages of five tables (a repeated title follows the
    last row, with nothing under it): every failure is there; every other tie of the corpus holds."""
    failures = db.execute(
        """
        select d.department_name, c.rule_id, c.statement, c.lhs_source_lines, count(*)
        from marts.fct_tie_check c
        inner join marts.dim_department d on c.department_key = d.department_key
        where c.status = 'fail' and c.rule_group in (select unnest(?))
        group by all
    """,
        [list(TABLE_GROUPS)],
    ).fetchall()
    assert {tuple(row) for row in failures} == {
        (ZHAOYUAN, "T_TABLE_TOTAL_EQ_SUM_TOP", "income", "113", 3),  # 合计 vs 208 + 210 (221 lost)
        (ZHAOYUAN, "T_CLASS_EQ_SUM_SECTIONS", "income", "122", 3),  # 210 vs 21011 + 21013 (21014, 21015 lost)
        (ZHAOYUAN, "T_TABLE_TOTAL_EQ_SUM_TOP", "expense", "144", 2),  # 合计, 基本支出 (221 lost)
        (ZHAOYUAN, "T_SECTION_EQ_SUM_ITEMS", "expense", "162", 3),  # 21015 vs 2101501 alone
        (ZHAOYUAN, "T_TABLE_TOTAL_EQ_SUM_TOP", "general_budget_expense", "223", 3),
        (ZHAOYUAN, "T_SECTION_EQ_SUM_ITEMS", "general_budget_expense", "241", 5),
        (ZHAOYUAN, "T_ECONOMIC_CLASS_EQ_SUM_SECTIONS", "general_budget_basic_expense", "309", 2),  # 303 vs 30302
        (ZHAOYUAN, "T_TABLE_TOTAL_EQ_SUM_TOP", "basic_expense", "359", 3),  # 合计 vs its rows, 303 lost
    }


def test_the_three_public_table_ties_once_its_years_are_apart(db):
    found = checks(db, ZHAOYUAN, "T_THREE_PUBLIC_TOTAL_EQ_SUM_CATEGORIES")
    assert {(c["column_header"], c["lhs"], c["rhs"], c["status"]) for c in found} == {
        ("2023年预算数/合计", Decimal("7.06"), Decimal("7.06"), "pass"),
        ("2024年预算数/合计", Decimal("5.76"), Decimal("5.76"), "pass"),
    }


def test_a_missing_counterpart_is_not_applicable_never_a_pass(db):
    missing = db.execute(
        """
        select c.rule_id, c.status, c.lhs, c.rhs, c.not_applicable_reason, c.file_name
        from marts.fct_tie_check c
        where c.rule_group in (select unnest(?))
            and (c.table_id is null or c.counterpart_table_id is null or c.lhs_row_id is null)
    """,
        [list(TABLE_GROUPS)],
    ).fetchall()
    assert missing and all(status == "not_applicable" and reason for _, status, _, _, reason, _ in missing)
    project_lists = {
        (rule, rhs, reason) for rule, _, _, rhs, reason, _ in missing if rule == "T_PROJECT_LIST_EQ_EXPENSE_PROJECT"
    }
    # Only 招远 publishes a 项目支出预算情况表; the others' 项目支出 stays unmatched.
    assert project_lists == {
        ("T_PROJECT_LIST_EQ_EXPENSE_PROJECT", Decimal(amount), "lhs missing: no 项目支出表 in the document")
        for amount in ("5116.84", "172250.00", "1169.38", "5291.27")
    }
    [summary_221] = checks(db, ZHAOYUAN, "T_SUMMARY_CLASSES_EQ_EXPENSE_CLASSES", "and c.subject_code = '221'")
    assert (summary_221["lhs"], summary_221["status"]) == (Decimal("68.21"), "not_applicable")
    assert summary_221["not_applicable_reason"] == "rhs missing: the 支出总表 prints no row of this 类"


def test_checks_where_nothing_is_printed_are_not_reported(db):
    blank = db.execute("""
        select count(*) from marts.fct_tie_check
        where lhs is null and rhs is null and not_applicable_reason is null
    """).fetchone()[0]
    assert blank == 0
    # 招远's 收入总体情况表 leaves 10 of its 13 columns blank: only 合计 and the two 财政拨款 columns are checked.
    columns = {
        c["column_header"] for c in checks(db, ZHAOYUAN, "T_TABLE_TOTAL_EQ_SUM_TOP", "and c.statement = 'income'")
    }
    assert columns == {"合计", "财政拨款收入/小计", "财政拨款收入/一般公共预算收入"}


def test_fact_lines_carry_their_printed_decimals(db):
    rows = db.execute(
        """
        select f.printed_text, f.amount_decimals
        from marts.fct_budget_line f
        inner join marts.dim_department d on f.department_key = d.department_key
        where d.department_name = ? and f.statement = 'income' and f.subject_code = '210'
        order by f.column_index
    """,
        [ZHAOYUAN],
    ).fetchall()
    assert rows[0] == ("4,342.65", 2)
    assert ("", None) in rows  # a blank cell has no printed decimals
