"""Property-based tests of the parser over mutants of the samples and of generated documents: it never
raises, no part of a document fails, and every figure it lands is printed in its input.

`make test` runs the fast, derandomized profile (a few seconds); `HYPOTHESIS_PROFILE=fuzz` runs many
more examples at random. The long run with timings is benchmarks/fuzz.py; what it finds is added to
REGRESSIONS below.
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget_warehouse.fuzzing.checks import fuzz_one
from budget_warehouse.fuzzing.mutants import (
    LONG_LINE_PIECES,
    ChangeDigit,
    DeleteLines,
    DuplicateLines,
    InsertText,
    LongLine,
    RemoveTabs,
    ShuffleTableBlocks,
    SwapLines,
    Truncate,
    generated_base,
    mutate,
)
from ingest.parser import MAX_LINE_CHARACTERS, parse_document
from tests.helpers import SAMPLE_FILES, SAMPLES

settings.register_profile(
    "fast",
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz", max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

SAMPLE_TEXTS = {name: (SAMPLES / file).read_text(encoding="utf-8") for name, file in SAMPLE_FILES.items()}
GENERATED_TEXTS = [generated_base(position) for position in range(4)]

positions = st.integers(min_value=0, max_value=1 << 20)
spans = st.integers(min_value=1, max_value=40)
mutations = st.one_of(
    st.builds(DeleteLines, positions, spans),
    st.builds(SwapLines, positions, positions),
    st.builds(DuplicateLines, positions, spans),
    st.builds(ChangeDigit, positions, st.integers(0, 9)),
    st.builds(ShuffleTableBlocks, positions),
    st.builds(RemoveTabs, positions, spans, st.sampled_from(["", " "])),
    st.builds(InsertText, positions, st.text(max_size=40)),
    st.builds(Truncate, positions),
    st.builds(
        LongLine,
        positions,
        st.integers(0, len(LONG_LINE_PIECES) - 1),
        st.integers(100, 2 * MAX_LINE_CHARACTERS),
    ),
)
mutation_lists = st.lists(mutations, min_size=1, max_size=6)


def assert_sound(text: str) -> None:
    result = fuzz_one(text)
    assert result.findings == ()


@given(name=st.sampled_from(sorted(SAMPLE_TEXTS)), edits=mutation_lists)
def test_mutants_of_the_samples_parse_and_land_only_printed_figures(name, edits):
    assert_sound(mutate(SAMPLE_TEXTS[name], edits))


@given(document=st.sampled_from(GENERATED_TEXTS), edits=mutation_lists)
def test_mutants_of_generated_documents_parse_and_land_only_printed_figures(document, edits):
    assert_sound(mutate(document, edits))


table_cells = st.text(alphabet=st.sampled_from("0123456789.,-—合计项目支出万元 "), max_size=12)
grid_lines = st.lists(table_cells, min_size=1, max_size=14).map("\t".join)
any_lines = st.one_of(grid_lines, st.text(max_size=80).map(lambda text: text.replace("\n", " ")))


@given(lines=st.lists(any_lines, max_size=60))
def test_arbitrary_text_parses_and_lands_only_printed_figures(lines):
    assert_sound("\n".join(lines))


# Found by fuzzing, kept: (base, mutations), as benchmarks/fuzz.py writes them: a sample's file name
# or generated:N (generated_base). Each crashed the parser or held it for minutes.
FUZHOU = SAMPLE_FILES["fuzhou"]
REGRESSIONS = [
    # A performance row shorter than its header, read at the header's anchor column, indexed past its
    # end (IndexError in read_indicator_row): one in 25 mutants of the issue's first run.
    (FUZHOU, [DeleteLines(at=505, count=3), ShuffleTableBlocks(seed=2)]),
    (FUZHOU, [ShuffleTableBlocks(seed=3)]),
    # A 51,335-character line of dashes in the prose: the subject patterns backtracked for minutes.
    (FUZHOU, [LongLine(at=1001043, piece=6, length=51335)]),
    # A line of 92,855 tabs in a table: every row padded to its width, an empty cell popped at a time.
    (FUZHOU, [LongLine(at=644066, piece=2, length=92855), ShuffleTableBlocks(seed=19156)]),
    # A 13,531-character line of spaces and noise in a table of contents: its leader pattern tried
    # from every space of the run (5 s); found by benchmarks/fuzz.py --seed 1, mutant 4109.
    (
        "generated:7",
        [
            ShuffleTableBlocks(seed=392105),
            LongLine(at=128647, piece=5, length=196146),
            Truncate(at=632113),
            InsertText(
                at=321574,
                text="\U000d5f09\U00037a38\U000a2ed7.\U000fc7c9\U0008436c%\U00102393\U0010d1e49\U0005fe4b5\U000e4ea1\U000893d4\U000ad622\U0004e29c\U000e3e304\U000b040a2\U000cdd93\U00105705\U000a4be9\n\U0004818b\t\U00063177\n3\U000fd0f7\U000c181e",
            ),
            InsertText(
                at=615443,
                text="\U0005a7b3%\t\U000c1ae6\U0005310e\U00072990\U00069e7d1\U00052c0c\U000535cc\U000e0fa370ᱡ\U000f033b\t\U0003e56d\U000f245f,𡈈\U000addfb\U0007c8b6\U000b340c\U000749ee\U00056ee37\U0003b2a7\U000ca43b\U0001966f\U0009114e\U000c8ada\U000d2019",
            ),
            ChangeDigit(nth=401162, digit=4),
        ],
    ),
]


@pytest.mark.parametrize(("base", "edits"), REGRESSIONS)
def test_mutants_found_by_fuzzing_parse_and_land_only_printed_figures(base, edits):
    text = (
        generated_base(int(base.split(":")[1]))
        if base.startswith("generated:")
        else (SAMPLES / base).read_text(encoding="utf-8")
    )
    assert_sound(mutate(text, edits))


def test_a_line_longer_than_any_document_prints_is_reported_and_not_read():
    lines = SAMPLE_TEXTS["guan"].split("\n")
    long_line = "9\t" * 600
    text = "\n".join([*lines[:300], long_line, *lines[300:]])
    parsed = parse_document(text)
    [issue] = [issue for issue in parsed.issues if issue.line_number == 301]
    assert issue.severity == "warning"
    assert issue.message.startswith("line of 1,200 characters in 601 cells: longer than any line a document prints")
    assert all(row.source_line != 301 for table in parsed.tables for row in table.rows)
    # The rest of the document reads as before.
    original = parse_document(SAMPLE_TEXTS["guan"])
    assert [len(table.rows) for table in parsed.tables] == [len(table.rows) for table in original.tables]
