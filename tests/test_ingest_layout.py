"""Column header paths when a parent header is printed over a repeated run of sub-headers."""

from decimal import Decimal

from ingest.layout import build_layout
from tests.helpers import SAMPLE_FILES, SAMPLES, table_of


def test_a_parent_shifted_into_the_previous_run_is_put_over_its_own_run(parsed):
    # 招远's “三公” table prints 2024年预算数 over the 4th of the six 2023 columns; the row under it
    # repeats 合计 | 因公出国 | 公务用车… | 公务接待费 twice, so each year spans one run of six.
    table = table_of(parsed["zhaoyuan"], "three_public")
    [row] = [row for row in table.rows if row.row_role == "data"]
    paths = {cell.column_index: (cell.header_path, cell.amount.value if cell.amount else None) for cell in row.cells}
    assert paths[4] == ("2023年预算数/公务用车购置及运行维护费/公务用车运行维护费", Decimal("6.00"))
    assert paths[5] == ("2023年预算数/公务接待费", Decimal("1.06"))
    assert paths[6] == ("2024年预算数/合计", Decimal("5.76"))
    assert paths[11] == ("2024年预算数/公务接待费", Decimal("1.26"))
    assert len({path for path, _ in paths.values()}) == 12


def test_parents_already_over_their_runs_and_unrepeated_runs_are_kept():
    lines = (SAMPLES / SAMPLE_FILES["zhaoyuan"]).read_text(encoding="utf-8").splitlines()
    header = [line.split("\t") for line in lines[323:326]]
    assert header[0][3] == "2024年预算数"  # as printed: shifted
    aligned = [["2023年预算数", "", "", "", "", "", "2024年预算数", "", "", "", "", ""], *header[1:]]
    assert build_layout(aligned, 12, True).paths == build_layout(header, 12, True).paths
    # Sub-headers that differ between the runs give no reason to move the parents.
    different = [header[0], [*header[1][:6], "合计", "其他", "", "", "", ""], header[2]]
    assert build_layout(different, 12, True).paths[3].startswith("2024年预算数")
