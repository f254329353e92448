"""The dbt seeds the parser reads at run time. Every reader names its seed through `seed_path`, so the
parser's version (ingest.version) covers exactly the seeds that shape the raw rows."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
_READ: set[str] = set()


def seed_path(name: str) -> Path:
    """The CSV file of seed `name`, recorded as read by the parser."""
    _READ.add(name)
    return SEEDS_DIR / f"{name}.csv"


def seeds_read() -> tuple[Path, ...]:
    """Every seed a module of the parser has named so far (all of them once ingest.parser is imported)."""
    return tuple(SEEDS_DIR / f"{name}.csv" for name in sorted(_READ))
