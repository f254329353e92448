"""Raw layer → marts: run the dbt project (seeds, models, tests) against a warehouse file."""

import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb

from budget_warehouse.catalog import has_table

WAREHOUSE_ENV_VAR = "BUDGET_WAREHOUSE_PATH"  # read by profiles.yml
# Incremental models are rebuilt in full when any of these changed since the warehouse's last build.
FINGERPRINTED = ("models", "macros", "seeds")
# Kept in the warehouse itself, so that a copy, a new generation or a restored backup carries the
# fingerprint of the build its marts come from, and a build killed half-way never records one.
FINGERPRINT_TABLE = "metadata.build_fingerprint"
INCREMENTAL_THREADS = 4
FAILING_ROWS_SHOWN = 5  # per failing test, in the message of WarehouseBuildError
# The tie rule models are views (macros/tie_rules.sql): their SQL changes only with the project, which
# makes the build a full one, so an incremental build does not create them again.
FULL_BUILD_ONLY = "path:models/intermediate/ties/rules"
# An incremental build tests the rows of the documents it built only (macros/data_test_scope.sql).
SCOPED_TESTS_VARS = "{data_tests_scope: latest_documents}"


class WarehouseBuildError(RuntimeError):
    """dbt could not build the warehouse: a model failed, a test with severity error failed, or dbt
    itself raised. The message names the failing nodes."""

    def __init__(
        self,
        message: str,
        only_tests_failed: bool = False,
        log_path: Path | None = None,
        failing_tests: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.only_tests_failed = only_tests_failed  # every failure is a test (a check), no model error
        self.log_path = log_path
        self.failing_tests = failing_tests or {}  # test node -> its compiled query, for its failing rows


def build_warehouse(
    warehouse: Path,
    project_dir: Path,
    artifacts: Path | None = None,
    full_refresh: bool = False,
    full_checks: bool = False,
) -> None:
    """Run `dbt seed` and `dbt build` of the project in `project_dir` against the DuckDB file
    `warehouse` (which must already hold the raw layer).

    The warehouse path reaches dbt through the BUDGET_WAREHOUSE_PATH environment variable, the
    profile is the project's own profiles.yml, and dbt's artifacts (compiled SQL, run results,
    logs) go to `artifacts`, by default a `<warehouse stem>_dbt` folder beside the warehouse, not
    into the repository. Tests configured as warnings (unmapped headers, totals that do not add up)
    do not fail the build; anything else that fails raises WarehouseBuildError.

    The incremental models (macros/incremental.sql) build only the documents added since the last
    build, and the tie rule views (FULL_BUILD_ONLY) are left as the last full build created them.
    When the project's models, macros or seeds, the parser that landed the raw layer, or the
    warehouse's name changed since then (their fingerprint is kept in the warehouse,
    FINGERPRINT_TABLE), on a first build, or with `full_refresh`, the seeds are loaded and
    everything is rebuilt.

    The data tests of an incremental build check the rows of the documents it built, and the keys
    and references of those rows against the whole warehouse (macros/data_test_scope.sql); a full
    rebuild, or `full_checks` (for a schedule, e.g. weekly), tests every row.
    """
    warehouse = Path(warehouse).resolve()
    project_dir = Path(project_dir).resolve()
    if not warehouse.is_file():
        raise WarehouseBuildError(f"no warehouse at {warehouse}: land the raw layer first (budget-warehouse ingest)")
    if not (project_dir / "dbt_project.yml").is_file():
        raise WarehouseBuildError(f"{project_dir} is not a dbt project (no dbt_project.yml)")

    fingerprint = build_fingerprint(warehouse, project_dir)
    changed = full_refresh or recorded_fingerprint(warehouse) != fingerprint
    # dbt unit tests check the models' logic on fixed rows, not the documents: they run with the
    # project's tests (run_unit_tests), not with every build of a warehouse.
    skipped = ["--exclude-resource-type", "seed", "--exclude-resource-type", "unit_test"]
    # Passed to every build, full or not (a full refresh tests every row whatever the var says): dbt
    # parses the whole project again (about 7 s) whenever the vars differ from its last invocation's.
    scope = [] if full_checks else ["--vars", SCOPED_TESTS_VARS]
    if changed:  # new logic, seeds or parser: seeds reloaded, every incremental model rebuilt
        run_dbt(warehouse, project_dir, "seed", "--full-refresh", *scope, artifacts=artifacts)
        # one model at a time (profile)
        run_dbt(warehouse, project_dir, "build", *skipped, "--full-refresh", *scope, artifacts=artifacts)
    else:  # the same project: seeds as loaded, incremental models build only the new documents
        # Small queries over the new documents: several at a time keep both cores busy. The seeds'
        # tests passed when the seeds were loaded and the seeds have not changed since; the views
        # left out were created by the full build, from the same project.
        run_dbt(
            warehouse,
            project_dir,
            "build",
            *skipped,
            "--exclude",
            "path:seeds",
            FULL_BUILD_ONLY,
            "--threads",
            str(INCREMENTAL_THREADS),
            *scope,
            artifacts=artifacts,
        )
    _record_fingerprint(warehouse, fingerprint)


def recorded_fingerprint(warehouse: Path) -> str | None:
    """The fingerprint of the build the warehouse's marts come from; None before a first build."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        if not has_table(connection, FINGERPRINT_TABLE):
            return None
        row = connection.execute(f"select fingerprint from {FINGERPRINT_TABLE}").fetchone()
    return row[0] if row else None


def _record_fingerprint(warehouse: Path, fingerprint: str) -> None:
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"create schema if not exists {FINGERPRINT_TABLE.split('.')[0]}")
        connection.execute(f"create table if not exists {FINGERPRINT_TABLE} (fingerprint varchar, built_at timestamp)")
        connection.execute("begin transaction")
        connection.execute(f"delete from {FINGERPRINT_TABLE}")
        connection.execute(f"insert into {FINGERPRINT_TABLE} values (?, localtimestamp)", [fingerprint])
        connection.execute("commit")


def run_unit_tests(warehouse: Path, project_dir: Path) -> None:
    """Run the project's dbt unit tests against a built warehouse (they read its column types);
    raise WarehouseBuildError when one fails."""
    run_dbt(warehouse, project_dir, "test", "--select", "test_type:unit")


def project_fingerprint(project_dir: Path) -> str:
    """A hash of everything that decides what the models hold: models, macros, seeds, dbt_project.yml."""
    digest = hashlib.sha256()
    files = [
        project_dir / "dbt_project.yml",
        *(path for folder in FINGERPRINTED for path in (project_dir / folder).rglob("*") if path.is_file()),
    ]
    for path in sorted(files):
        digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_fingerprint(warehouse: Path, project_dir: Path) -> str:
    """What decides the marts of a build: the project, the parser versions of the raw layer
    (documents parsed again by a new parser hold new rows under their old ids) and the database's
    name, the file's stem, which the views an incremental build leaves as they are refer to."""
    warehouse = Path(warehouse).resolve()
    return f"{project_fingerprint(project_dir)} parsed by {raw_parser_versions(warehouse)} in {warehouse.stem}"


def raw_parser_versions(warehouse: Path) -> str:
    """The parser versions that landed the warehouse's documents (one, unless a re-parse was cut short)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        landed = connection.execute(
            "select count(*) from information_schema.columns where table_schema = 'raw' "
            "and table_name = 'documents' and column_name = 'parser_version'"
        ).fetchone()[0]
        if not landed:  # no raw layer (dbt will say so), or one from before versions were recorded
            return "unknown"
        rows = connection.execute("select distinct parser_version from raw.documents order by 1").fetchall()
    return ",".join(version for (version,) in rows)


def dbt_artifacts(warehouse: Path) -> Path:
    """Where dbt writes its target/ (compiled SQL, run results) and logs/ for this warehouse."""
    warehouse = Path(warehouse).resolve()
    return warehouse.parent / f"{warehouse.stem}_dbt"


def run_dbt(warehouse: Path, project_dir: Path, *arguments: str, artifacts: Path | None = None) -> None:
    """Run one dbt command (e.g. "compile", "--select", "resource_type:analysis") of the project in
    `project_dir` against `warehouse`, its artifacts in `artifacts` (by default beside the
    warehouse); raise WarehouseBuildError when it fails."""
    warehouse = Path(warehouse).resolve()
    project_dir = Path(project_dir).resolve()
    artifacts = Path(artifacts).resolve() if artifacts else dbt_artifacts(warehouse)
    options = [
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(artifacts / "target"),
        "--log-path",
        str(artifacts / "logs"),
        "--quiet",  # dbt's console log stays in the log file; failures come back in WarehouseBuildError
        # A debug log writes every query of every node (compiled SQL is in target/ anyway): it
        # costs a tenth of an incremental build.
        "--log-level-file",
        "info",
    ]
    with _environment(WAREHOUSE_ENV_VAR, str(warehouse)):
        try:
            _invoke([*arguments, *options], artifacts / "logs" / "dbt.log")
        except WarehouseBuildError as error:
            _release_warehouse()
            if error.failing_tests:
                raise WarehouseBuildError(
                    _with_failing_rows(str(error), warehouse, error.failing_tests),
                    error.only_tests_failed,
                    error.log_path,
                ) from error
            raise
        finally:
            _release_warehouse()


def _invoke(arguments: Sequence[str], log_path: Path) -> None:
    from dbt.cli.main import dbtRunner  # imported here: dbt is slow to import

    command = " ".join(arguments[:1])
    # A log handler that cannot write (a full disk) must not print its traceback: the failure comes
    # back in the error raised below.
    raising, logging.raiseExceptions = logging.raiseExceptions, False
    try:
        outcome = dbtRunner().invoke(list(arguments))
    except Exception as error:  # dbt raised outside its own error handling
        raise WarehouseBuildError(f"dbt {command} raised {type(error).__name__}: {error}", log_path=log_path) from error
    finally:
        logging.raiseExceptions = raising
    if outcome.success:
        return
    failures = _failures(outcome.result)
    detail = "; ".join(text for _, text in failures) or f"{type(outcome.exception).__name__}: {outcome.exception}"
    only_tests = bool(failures) and all(status == "fail" for status, _ in failures)
    raise WarehouseBuildError(
        f"dbt {command} failed: {detail}",
        only_tests_failed=only_tests,
        log_path=log_path,
        failing_tests=_failing_test_queries(outcome.result),
    )


def _failures(result: object) -> list[tuple[str, str]]:
    """(status, `<node>: <status> (<message>)`) for every node of a dbt run result that did not
    succeed; a test that found rows is `fail`, a model or test that could not run is `error`."""
    failures = []
    for node_result in getattr(result, "results", None) or []:
        status = str(getattr(node_result, "status", "")).lower()
        if status in {"error", "fail", "runtime error"}:
            node = getattr(node_result, "node", None)
            name = getattr(node, "unique_id", None) or getattr(node, "name", "?")
            message = (getattr(node_result, "message", None) or "").strip().splitlines()
            failures.append((status, f"{name}: {status}" + (f" ({message[0]})" if message else "")))
    return failures


def _failing_test_queries(result: object) -> dict[str, str]:
    """The compiled query of every data test of a dbt run result that failed (found rows)."""
    queries = {}
    for node_result in getattr(result, "results", None) or []:
        node = getattr(node_result, "node", None)
        code = getattr(node, "compiled_code", None)
        if str(getattr(node_result, "status", "")).lower() == "fail" and code:
            queries[node.unique_id] = code
    return queries


def _with_failing_rows(message: str, warehouse: Path, failing_tests: dict[str, str]) -> str:
    """`message` with the first rows each failing test found after its name: dbt says only how many
    (a failing columns_not_null names its columns in its rows). Rows that cannot be read leave the
    failure as dbt reported it."""
    try:
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            for name, query in failing_tests.items():
                cursor = connection.execute(f"select * from ({query}) as failing_rows limit {FAILING_ROWS_SHOWN}")
                columns = [column[0] for column in cursor.description]
                shown = ", ".join(
                    "[" + ", ".join(f"{column}={value}" for column, value in zip(columns, row, strict=True)) + "]"
                    for row in cursor.fetchall()
                )
                message = message.replace(f"{name}: fail (", f"{name}: fail {shown} (", 1)
    except duckdb.Error:
        pass
    return message


def _release_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after an invocation.

    dbt-duckdb caches one database instance per process (its profile option keep_open defaults to
    true); left open, the caller could not open the same file read-only afterwards ("Can't open a
    connection to same database file with a different configuration").
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter: nothing cached here
        return
    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        if environment is not None:
            environment.close()
            DuckDBConnectionManager._ENV = None


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous
