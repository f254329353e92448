"""Run the tie expectations with Great Expectations over pandas frames, compare each rule's verdict
with the mart's status, and build the Data Docs."""

import gc
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from budget_warehouse.checks.frames import INDEX_COLUMNS
from budget_warehouse.checks.suite import EXAMPLES, EXPECTATION_SEVERITY, SUITE_NAME, SUITE_VERSION, Check

DATA_DOCS_SITE = "budget_warehouse"
# The dataframe asset every rule's checks are validated as, one rule's frame at a time.
TIE_ASSET = "tie_checks"
# Frames validated since the last garbage collection, in bytes, beyond which one is run (below).
COLLECT_AFTER_BYTES = 128 * 2**20
# Every failing check, named by its index columns: the verdict is compared with the status check
# by check, and the Data Docs list the failing ones.
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": INDEX_COLUMNS,
    "return_unexpected_index_query": False,
}


@dataclass(frozen=True)
class Outcome:
    """The result of one rule's expectation on one run."""

    check: Check
    held: bool  # Great Expectations' verdict: every check of the rule held
    element_count: int | None  # checks compared (status not not_applicable)
    unexpected_count: int | None  # checks that failed
    unexpected_examples: str
    # Checks whose status says otherwise than Great Expectations (a fail that holds, a pass that does not).
    status_disagreements: tuple[str, ...] = ()
    message: str = ""  # why the expectation could not run at all (e.g. the mart is missing)

    @property
    def blocking(self) -> bool:
        """The warehouse, not a document, is wrong: the mart is missing or its status is not what
        its figures say."""
        return bool(self.message or self.status_disagreements)

    @property
    def success(self) -> bool:
        return self.held and not self.blocking

    @property
    def describe(self) -> str:
        text = f"{self.check.frame}: {self.check.expectation}({self.check.rule.rule_id})"
        if self.message:
            return f"{text}: {self.message}"
        if self.status_disagreements:
            examples = ", ".join(self.status_disagreements[:EXAMPLES])
            return (
                f"{text}: status disagrees with the figures for {len(self.status_disagreements)} check(s), "
                f"tie_check_id {examples}"
            )
        if self.unexpected_count:
            text += f": {self.unexpected_count} of {self.element_count} checks failed"
            if self.unexpected_examples:
                text += f", e.g. {self.unexpected_examples}"
        return text


def validate(
    checks: list[Check],
    load: Callable[[Check], pd.DataFrame],
    missing: str,
    data_docs_dir: Path,
    kept: Mapping[str, tuple[int, int]] | None = None,
) -> list[Outcome]:
    """Validate each rule's expectation on its checks, loaded by `load` as it is validated; when
    `missing` names a missing relation, every expectation fails without running. `kept` gives per
    rule the checks of the documents whose results are kept that held and that failed, not loaded
    (scope.py). Data
    Docs for the run are written to `data_docs_dir` (index.html)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )
    from great_expectations.expectations.row_conditions import Column

    # Imported here with Great Expectations, slow to import: the other commands never need it.
    from budget_warehouse.checks.expectations import ExpectTieSidesToAgreeWithinTolerance

    # No default docs site: the only site is the one added below, whose path the run prints.
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False)
        ),
    )
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.add_data_docs_site(
        site_name=DATA_DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(data_docs_dir)},
        },
    )
    if missing:
        return [Outcome(check, False, None, None, "", message=f"{missing} is missing") for check in checks]

    # One data source, asset and batch definition for every rule, the rule's frame given as the
    # batch's data when its checkpoint runs: each data source added or removed has the context
    # save its whole configuration again, which cost more than validating a rule's few checks.
    source = context.data_sources.add_pandas("warehouse")
    data = source.add_dataframe_asset(TIE_ASSET).add_batch_definition_whole_dataframe(TIE_ASSET)
    engine = source.get_execution_engine()
    outcomes = []
    uncollected_bytes = 0
    for check in checks:
        name = f"{SUITE_NAME}.ties.{check.rule.rule_id}"
        suite = context.suites.add(gx.ExpectationSuite(name=name, meta={"suite_version": SUITE_VERSION}))
        suite.add_expectation(
            ExpectTieSidesToAgreeWithinTolerance(
                row_condition=Column("status") != "not_applicable",
                description=check.description,
                severity=EXPECTATION_SEVERITY[check.rule.severity],
                meta=check.meta,
                kept_checks_held=(kept or {}).get(check.rule.rule_id, (0, 0))[0],
                kept_checks_failed=(kept or {}).get(check.rule.rule_id, (0, 0))[1],
            )
        )
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=data, suite=suite))
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(name=name, validation_definitions=[definition], result_format=RESULT_FORMAT)
        )
        frame = load(check)
        uncollected_bytes += int(frame.memory_usage(index=False).sum())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = checkpoint.run(batch_parameters={"dataframe": frame})
        for run_result in result.run_results.values():
            outcomes += [_outcome(check, expectation_result, frame) for expectation_result in run_result.results]
        # The execution engine keeps every batch it loaded: dropped once the rule is validated, or
        # the frames pile up in memory. Great Expectations' objects hold the frame in reference
        # cycles, freed only by a collection, which costs a tenth of a second: run once the frames
        # left behind add up.
        engine.batch_manager.batch_data_cache.clear()
        engine.batch_manager.reset_batch_cache()
        del checkpoint, result, frame
        if uncollected_bytes > COLLECT_AFTER_BYTES:
            gc.collect()
            uncollected_bytes = 0
    # Once for the run: a data-docs action on each checkpoint would render the whole site again each time.
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    return outcomes


def _outcome(check: Check, expectation_result, frame: pd.DataFrame) -> Outcome:
    if expectation_result.exception_info and expectation_result.exception_info.get("raised_exception"):
        message = expectation_result.exception_info.get("exception_message") or "the expectation raised"
        return Outcome(check, False, None, None, "", message=message)
    details = expectation_result.result or {}
    failing = details.get("unexpected_index_list") or []
    return Outcome(
        check=check,
        held=bool(expectation_result.success),
        element_count=details.get("element_count"),
        unexpected_count=details.get("unexpected_count"),
        unexpected_examples="; ".join(_example(row) for row in failing[:EXAMPLES]),
        status_disagreements=_status_disagreements(frame, {row["tie_check_id"] for row in failing}),
    )


def _status_disagreements(frame: pd.DataFrame, failing: set[str]) -> tuple[str, ...]:
    """The checks Great Expectations found failing whose status is not fail, and those whose status
    is fail but held (or were not compared): a check's verdict and its status must agree."""
    said_to_fail = set(frame.loc[frame["status"] == "fail", "tie_check_id"])
    return tuple(sorted(failing ^ said_to_fail))


def _example(row: dict) -> str:
    return (
        f"{row['file_name']} {row['place']}: {row['lhs']} vs {row['rhs']} "
        f"(lines {row['lhs_source_lines'] or '-'} / {row['rhs_source_lines'] or '-'})"
    )
