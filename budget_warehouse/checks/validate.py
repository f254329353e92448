"""Run the suite with Great Expectations over pandas frames and build its Data Docs."""

import gc
import warnings
from dataclasses import dataclass
from pathlib import Path

from budget_warehouse.checks.frames import Batch
from budget_warehouse.checks.suite import SUITE_NAME, SUITE_VERSION, Check

DATA_DOCS_SITE = "budget_warehouse"
EXAMPLES = 5  # unexpected values quoted per failed expectation
# Frames validated since the last garbage collection, in bytes, beyond which one is run (below).
COLLECT_AFTER_BYTES = 128 * 2**20


@dataclass(frozen=True)
class Outcome:
    """The result of one expectation on one run."""

    check: Check
    success: bool
    element_count: int | None
    unexpected_count: int | None
    unexpected_examples: str
    message: str  # why it failed when it could not run at all (e.g. the mart is missing)

    @property
    def describe(self) -> str:
        column = f"({self.check.column})" if self.check.column else ""
        text = f"{self.check.frame}: {self.check.expectation}{column}"
        if self.message:
            return f"{text}: {self.message}"
        if self.unexpected_count:
            text += f": {self.unexpected_count} of {self.element_count} rows unexpected"
            if self.unexpected_examples:
                text += f", e.g. {self.unexpected_examples}"
        return text


def validate(
    batches: list[Batch], absent: list[Check], value_sets: dict[tuple[str, str], list], data_docs_dir: Path
) -> list[Outcome]:
    """Validate each batch (loaded as it is validated) against its checks; each check of `absent`
    (its frame is missing) fails without running. Data Docs for the run are written to
    `data_docs_dir` (index.html)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )
    from great_expectations.expectations.row_conditions import Column

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

    outcomes = [Outcome(check, False, None, None, "", f"marts.{check.frame} is missing") for check in absent]
    uncollected_bytes = 0
    for batch in batches:
        frame_checks, unrunnable = _split_runnable(list(batch.checks), value_sets)
        outcomes += unrunnable
        suite = context.suites.add(
            gx.ExpectationSuite(name=f"{SUITE_NAME}.{batch.name}", meta={"suite_version": SUITE_VERSION})
        )
        for position, check in enumerate(frame_checks):
            arguments = dict(check.arguments)
            for argument, source_column in check.value_sets.items():
                arguments[argument] = value_sets[source_column]
            if check.where:
                column, value = check.where
                arguments["row_condition"] = Column(column) == value
            expectation_class = getattr(gx.expectations, check.expectation)
            suite.add_expectation(
                expectation_class(**arguments, meta={"blocking": check.blocking, "position": position})
            )
        source = context.data_sources.add_pandas(f"warehouse.{batch.name}")
        data = source.add_dataframe_asset(batch.name).add_batch_definition_whole_dataframe(batch.name)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{SUITE_NAME}.{batch.name}", data=data, suite=suite)
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(name=f"{SUITE_NAME}.{batch.name}", validation_definitions=[definition])
        )
        frame = batch.load()
        uncollected_bytes += int(frame.memory_usage(index=False).sum())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = checkpoint.run(batch_parameters={"dataframe": frame})
        for run_result in result.run_results.values():
            for expectation_result in run_result.results:
                position = expectation_result.expectation_config.meta["position"]
                outcomes.append(_outcome(frame_checks[position], expectation_result))
        # A data source's execution engine keeps every batch it loaded: one source per batch, dropped
        # once validated, or a mart's columns pile up in memory. Great Expectations' objects hold
        # the frame in reference cycles, freed only by a collection, which costs a tenth of a
        # second: run once the frames left behind add up.
        context.data_sources.delete(source.name)
        del source, data, definition, checkpoint, result, frame
        if uncollected_bytes > COLLECT_AFTER_BYTES:
            gc.collect()
            uncollected_bytes = 0
    # Once for the run: a data-docs action on each checkpoint would render the whole site again each time.
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    return outcomes


def _split_runnable(checks: list[Check], value_sets: dict[tuple[str, str], list]) -> tuple[list[Check], list[Outcome]]:
    """Checks whose value sets could be read, and failed outcomes for those whose dimension is missing."""
    runnable, unrunnable = [], []
    for check in checks:
        missing = sorted(
            {dimension for dimension, column in check.value_sets.values() if (dimension, column) not in value_sets}
        )
        if missing:
            unrunnable.append(Outcome(check, False, None, None, "", f"marts.{missing[0]} is missing"))
        else:
            runnable.append(check)
    return runnable, unrunnable


def _outcome(check: Check, expectation_result) -> Outcome:
    details = expectation_result.result or {}
    examples = details.get("partial_unexpected_list") or []
    if expectation_result.exception_info and expectation_result.exception_info.get("raised_exception"):
        message = expectation_result.exception_info.get("exception_message") or "the expectation raised"
        return Outcome(check, False, None, None, "", message)
    return Outcome(
        check=check,
        success=bool(expectation_result.success),
        element_count=details.get("element_count"),
        unexpected_count=details.get("unexpected_count"),
        unexpected_examples=", ".join(str(example) for example in examples[:EXAMPLES]),
        message="",
    )
