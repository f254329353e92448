"""Where a warehouse keeps what goes with it: all of it in the warehouse's folder, named by its stem."""

from dataclasses import dataclass
from pathlib import Path

from budget_warehouse.build import dbt_artifacts
from budget_warehouse.checks.run import data_docs_dir
from budget_warehouse.pipeline.errors import UserError
from budget_warehouse.pipeline.exit_codes import ExitCode
from budget_warehouse.report import report_dir

SCHEMAS = frozenset({"raw", "staging", "intermediate", "marts", "metadata", "reference", "main"})


@dataclass(frozen=True)
class WarehousePaths:
    warehouse: Path  # the published warehouse, the stable path readers open

    @classmethod
    def of(cls, warehouse: Path) -> "WarehousePaths":
        warehouse = Path(warehouse).resolve()
        # DuckDB names the database after the file: a database named like one of its schemas makes
        # every `raw.documents` ambiguous.
        if warehouse.stem.lower() in SCHEMAS:
            raise UserError(
                f"{warehouse}: a warehouse cannot be named after one of its schemas ({', '.join(sorted(SCHEMAS))}); "
                "choose another file name",
                ExitCode.USAGE,
            )
        return cls(warehouse)

    @property
    def folder(self) -> Path:
        return self.warehouse.parent

    @property
    def stem(self) -> str:
        return self.warehouse.stem

    @property
    def lock(self) -> Path:
        """The tool's lock: one writing command at a time (pipeline.lock)."""
        return self.folder / f"{self.stem}.lock"

    @property
    def runs(self) -> Path:
        """The run log, one JSON event a line (pipeline.runlog)."""
        return self.folder / f"{self.stem}_runs.jsonl"

    @property
    def staging(self) -> Path:
        """The generation being made: a copy of the warehouse under the same file name (DuckDB names
        the database after the file, and dbt's views refer to it by that name) and the folders
        derived from its path (Data Docs)."""
        return self.folder / f".{self.stem}.next"

    @property
    def staged_warehouse(self) -> Path:
        return self.staging / self.warehouse.name

    @property
    def journal(self) -> Path:
        """Written once a generation is complete: the swaps that publish it (pipeline.generation)."""
        return self.folder / f".{self.stem}.publish.json"

    @property
    def data_docs(self) -> Path:
        return data_docs_dir(self.warehouse)

    @property
    def report(self) -> Path:
        """The findings report, published with the warehouse."""
        return report_dir(self.warehouse)

    @property
    def dbt_artifacts(self) -> Path:
        """dbt's compiled SQL and logs of the last build attempted (not published: kept for its log
        and for dbt's partial parsing)."""
        return dbt_artifacts(self.warehouse)


def staged_folder(published: Path) -> Path:
    """Where a folder published at `published` is written before the swap: beside it, so that the
    swap is a rename within one file system."""
    return published.parent / f".{published.name}.next"


def replaced_folder(published: Path) -> Path:
    """Where the replaced folder goes when the file system cannot exchange two folders in one step."""
    return published.parent / f".{published.name}.old"
