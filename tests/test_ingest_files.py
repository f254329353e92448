"""Every path under the documents folder is accounted for: landed, quarantined, a duplicate, already in
the warehouse, or skipped unread with its reason; a file that cannot be read never stops the batch."""

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budget_warehouse.cli import app
from ingest.batch import IngestSummary, ingest_directory, parse_batch
from ingest.files import MAX_FILE_MB_VARIABLE, list_documents, max_file_bytes
from tests.helpers import PROJECT_DIR, SAMPLE_FILES, SAMPLES, query

GUAN = SAMPLES / SAMPLE_FILES["guan"]
QUANZHOU = SAMPLES / SAMPLE_FILES["quanzhou"]
SANMING = SAMPLES / SAMPLE_FILES["sanming"]


def accounted(summary: IngestSummary) -> int:
    return (
        summary.loaded
        + summary.quarantined
        + summary.already_in_warehouse
        + summary.duplicates_in_batch
        + len(summary.skipped)
    )


def skipped(summary: IngestSummary, folder: Path) -> dict[str, str]:
    return {str(entry.path.relative_to(folder)): entry.reason for entry in summary.skipped}


@pytest.fixture()
def untidy_folder(tmp_path: Path) -> Path:
    """A folder as users leave them: documents in subfolders, a copy, an empty file, hidden files,
    links to files and folders that are gone or loop, a named pipe, and a file over the size limit."""
    folder = tmp_path / "documents"
    (folder / "2024" / "budget").mkdir(parents=True)
    shutil.copy(GUAN, folder / GUAN.name)
    shutil.copy(GUAN, folder / "2024" / "copy of guan.txt")
    shutil.copy(QUANZHOU, folder / "2024" / "budget" / QUANZHOU.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / ".drafts").mkdir()
    shutil.copy(SANMING, folder / ".drafts" / SANMING.name)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(SANMING, outside / SANMING.name)
    (folder / "sanming-link.txt").symlink_to(outside / SANMING.name)  # a link to a document: read
    (folder / "moved.txt").symlink_to(tmp_path / "no-such-file.txt")
    (folder / "2024" / "loop").symlink_to(folder / "2024")
    os.mkfifo(folder / "pipe")
    (folder / "dump.log").write_bytes(b"x\t1\n" * 300_000)  # 1.2 MB
    return folder


def test_every_path_of_an_untidy_folder_is_accounted_for(untidy_folder, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    summary = ingest_directory(untidy_folder, warehouse, max_file_bytes=1024 * 1024)
    assert (summary.loaded, summary.quarantined, summary.duplicates_in_batch) == (3, 1, 1)
    assert skipped(summary, untidy_folder) == {
        ".DS_Store": "hidden (its name starts with a dot): not read",
        ".drafts": "hidden (its name starts with a dot): not read",
        "2024/loop": "link to a folder already read (a loop): not read again",
        "dump.log": "too large: 1.1 MB, over the limit of 1.0 MB (set BUDGET_WAREHOUSE_MAX_FILE_MB to raise it)",
        "moved.txt": f"dangling link to {tmp_path / 'no-such-file.txt'}: No such file or directory",
        "pipe": "not a regular file (a named pipe): not read",
    }
    assert summary.documents_seen == accounted(summary) == 11
    assert summary.quarantine == [("empty.txt", "empty file")]
    assert summary.duplicates == [("copy of guan.txt", GUAN.name)]
    assert query(warehouse, "select file_name, status from raw.documents order by file_name") == [
        (QUANZHOU.name, "loaded"),
        (GUAN.name, "loaded"),
        ("empty.txt", "quarantined"),
        ("sanming-link.txt", "loaded"),
    ]
    # Again: the documents are in the warehouse, the skipped paths skipped again, nothing changes.
    again = ingest_directory(untidy_folder, warehouse, max_file_bytes=1024 * 1024)
    assert (again.loaded, again.already_in_warehouse, again.duplicates_in_batch) == (0, 5, 0)
    assert skipped(again, untidy_folder) == skipped(summary, untidy_folder)
    assert again.documents_seen == accounted(again) == 11


def test_the_size_limit_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(MAX_FILE_MB_VARIABLE, raising=False)
    assert max_file_bytes() == 32 * 1024 * 1024
    monkeypatch.setenv(MAX_FILE_MB_VARIABLE, "0.5")
    assert max_file_bytes() == 512 * 1024
    (tmp_path / "a.txt").write_bytes(b"1" * (512 * 1024 + 1))
    (tmp_path / "b.txt").write_bytes(b"1" * (512 * 1024))
    listing = list_documents(tmp_path)
    assert listing.files == [tmp_path / "b.txt"]
    assert [entry.reason.split(",")[0] for entry in listing.skipped] == ["too large: 0.5 MB"]
    monkeypatch.setenv(MAX_FILE_MB_VARIABLE, "lots")
    with pytest.raises(ValueError, match="BUDGET_WAREHOUSE_MAX_FILE_MB='lots' is not a number of megabytes"):
        max_file_bytes()


def test_a_file_gone_before_its_worker_reads_it_is_reported_and_the_batch_goes_on(tmp_path):
    gone = tmp_path / "gone.txt"
    batch = parse_batch([gone, GUAN], datetime(2024, 1, 1))
    assert [(outcome.path, outcome.unreadable) for outcome in batch.outcomes] == [
        (GUAN, None),
        (gone, "unreadable: No such file or directory"),
    ]
    assert batch.relations["documents"].column("file_name").to_pylist() == [GUAN.name]


# Run as another process, in which root does not override file permissions (CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH dropped), so that chmod denies as it does for any user.
INGEST_AND_REPORT = """
import json, sys
from pathlib import Path
from ingest.batch import ingest_directory

folder, warehouse = Path(sys.argv[1]), Path(sys.argv[2])
try:
    (folder / "locked.txt").read_bytes()
    print(json.dumps({"denied": False}))
    sys.exit(0)
except PermissionError:
    pass
summary = ingest_directory(folder, warehouse)
print(json.dumps({
    "denied": True,
    "seen": summary.documents_seen,
    "loaded": summary.loaded,
    "skipped": {str(entry.path.relative_to(folder)): entry.reason for entry in summary.skipped},
}))
"""
WITHOUT_ROOT_OVERRIDE = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def test_an_unreadable_file_and_folder_are_reported_and_the_rest_lands(tmp_path):
    folder = tmp_path / "documents"
    (folder / "locked folder").mkdir(parents=True)
    shutil.copy(GUAN, folder / GUAN.name)
    shutil.copy(QUANZHOU, folder / "locked.txt")
    shutil.copy(SANMING, folder / "locked folder" / SANMING.name)
    os.chmod(folder / "locked.txt", 0)
    os.chmod(folder / "locked folder", 0)
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot drop root's override of file permissions")
        prefix = WITHOUT_ROOT_OVERRIDE
    try:
        completed = subprocess.run(
            [*prefix, sys.executable, "-c", INGEST_AND_REPORT, str(folder), str(tmp_path / "w.duckdb")],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    finally:
        os.chmod(folder / "locked folder", 0o755)
        os.chmod(folder / "locked.txt", 0o644)
    if completed.returncode and "setpriv" in completed.stderr:
        pytest.skip(f"cannot drop root's override of file permissions here: {completed.stderr.strip()}")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    if not report["denied"]:
        pytest.skip("this file system grants what chmod denies: the test cannot take effect here")
    assert report == {
        "denied": True,
        "seen": 3,
        "loaded": 1,
        "skipped": {
            "locked folder": "unreadable folder: Permission denied",
            "locked.txt": "unreadable: Permission denied",
        },
    }
    assert query(tmp_path / "w.duckdb", "select file_name, status from raw.documents") == [(GUAN.name, "loaded")]


def test_the_command_line_summary_counts_and_names_the_skipped_paths(untidy_folder, tmp_path, monkeypatch):
    monkeypatch.setenv(MAX_FILE_MB_VARIABLE, "1")
    result = CliRunner().invoke(
        app, ["ingest", "--documents", str(untidy_folder), "--warehouse", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 0, result.output
    assert "documents: 11 seen, 3 loaded, 1 quarantined, 0 already in the warehouse, 1 duplicates, 6 skipped" in (
        " ".join(result.output.split())
    )
    assert f"skipped {untidy_folder / 'pipe'}: not a regular file (a named pipe): not read" in result.output
