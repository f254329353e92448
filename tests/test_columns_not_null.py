"""Not null is declared once per model, seed or source table (tests/generic/columns_not_null.sql: one
dbt node each, not one per column): a null planted in a built warehouse fails the build naming its
column, and the lists name columns the relations have, keys included."""

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.build import WarehouseBuildError, dbt_artifacts, run_dbt
from tests.helpers import PROJECT_DIR


@pytest.fixture(scope="module")
def manifest(built_warehouse: Path) -> dict:
    return json.loads((dbt_artifacts(built_warehouse) / "target" / "manifest.json").read_text(encoding="utf-8"))


def _tests(manifest: dict, name: str) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and (node.get("test_metadata") or {}).get("name") == name
    ]


def _tested(node: dict) -> str:
    """The model, seed or source a generic test is declared on."""
    return node.get("attached_node") or node["depends_on"]["nodes"][0]


def _declared_not_null(manifest: dict) -> dict[str, set[str]]:
    declared: dict[str, set[str]] = {}
    for node in _tests(manifest, "columns_not_null"):
        declared.setdefault(_tested(node), set()).update(node["test_metadata"]["kwargs"]["column_names"])
    for node in _tests(manifest, "not_null"):
        declared.setdefault(_tested(node), set()).add(node["column_name"])
    return declared


def test_a_null_planted_in_the_warehouse_fails_the_build_naming_its_columns(built_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "update marts.fct_budget_line set table_id = null, source_line = null "
            "where budget_line_id in (select budget_line_id from marts.fct_budget_line order by budget_line_id limit 2)"
        )
        connection.execute(
            "update marts.dim_department set department_name = null "
            "where department_key = (select min(department_key) from marts.dim_department)"
        )
    with pytest.raises(WarehouseBuildError) as failure:
        run_dbt(warehouse, PROJECT_DIR, "test", "--select", "fct_budget_line dim_department,test_name:columns_not_null")
    message = str(failure.value)
    assert failure.value.only_tests_failed
    failed = dict(re.findall(r"test\.budget_warehouse\.(\w+?)\.\w+: fail (.*?) \(Got", message))
    assert set(failed) == {"columns_not_null_fct_budget_line", "columns_not_null_dim_department"}
    budget_line_rows = set(
        re.findall(r"\[column_name=(\w+), null_rows=(\d+)\]", failed["columns_not_null_fct_budget_line"])
    )
    assert budget_line_rows == {("table_id", "2"), ("source_line", "2")}
    assert failed["columns_not_null_dim_department"] == "[column_name=department_name, null_rows=1]"


def test_each_not_null_list_names_columns_of_its_relation(built_warehouse, manifest):
    relations = {
        **{node["unique_id"]: node for node in manifest["nodes"].values()},
        **manifest["sources"],
    }
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        for tested, columns in _declared_not_null(manifest).items():
            relation = relations[tested]
            name = relation.get("alias") or relation.get("identifier") or relation["name"]
            built = {
                column
                for (column,) in connection.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                    [relation["schema"], name],
                ).fetchall()
            }
            assert built, tested
            assert columns <= built, (tested, columns - built)
            # described in the .yml, where a reader looks for the column
            assert columns <= set(relation["columns"]), (tested, columns - set(relation["columns"]))


def test_every_key_is_declared_not_null(manifest):
    """A column tested unique is a model's (or raw table's) key: it must be not null too."""
    declared = _declared_not_null(manifest)
    for node in _tests(manifest, "unique"):
        tested = _tested(node)
        if not tested.startswith("seed."):  # a reference list may name a code it lacks (admin_divisions)
            assert node["column_name"] in declared.get(tested, set()), (tested, node["column_name"])


def test_not_null_is_declared_once_per_relation_never_per_column(manifest):
    # dbt's column-level not_null is one node per column: none
    assert [node["original_file_path"] for node in _tests(manifest, "not_null")] == []
    # one list per relation, severity and rows tested: a warning apart from the blocking list, a
    # rule's own columns (a `where`) apart from the whole mart's
    lists = [
        (_tested(node), node["config"]["severity"].lower(), node["config"].get("where"))
        for node in _tests(manifest, "columns_not_null")
    ]
    assert len(lists) == len(set(lists))
    assert ("model.budget_warehouse.fct_budget_line", "warn", None) in lists
    assert (
        "model.budget_warehouse.fct_tie_check",
        "error",
        "rule_id = 'T_GENERAL_BUDGET_ECONOMIC_EQ_GENERAL_BUDGET_TABLE'",
    ) in lists
    # raw tables: their keys, in the list generated from ingest/schema.py
    raw_documents = _declared_not_null(manifest)["source.budget_warehouse.raw.documents"]
    assert raw_documents == {"document_id"}
