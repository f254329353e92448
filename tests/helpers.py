"""What several test files share: the sample documents and what is known of them, and small readers."""

import shutil
from pathlib import Path

import duckdb

from ingest.model import ParsedDocument, StatementTable

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT_DIR / "documents" / "samples"
# The five sample documents by the department that published them.
SAMPLE_FILES = {
    "quanzhou": "000_1e74d09e60971ecb.txt",  # 泉州市医疗保障局 2024 budget
    "zhaoyuan": "001_208575b2d87000bf.txt",  # 招远市医疗保障局 2024 budget
    "fuzhou": "002_bca813b3d420fb33.txt",  # 福州市医疗保障局 2020 budget
    "sanming": "003_1e091ad5c9a7ead0.txt",  # 三明市医疗保障局 2024 final accounts
    "guan": "004_43a13e6a8c0a6925.txt",  # 固安县医疗保障局 2024 budget
}
# The marts the dbt project publishes.
MARTS = {
    "fct_budget_line",
    "dim_department",
    "dim_year",
    "dim_subject_code",
    "bridge_subject_code_name",
    "dim_measure",
    "dim_statement",
    "fct_performance_indicator",
    "dim_project",
    "fct_project_spending_plan",
    "fct_narrative_figure",
    "fct_prior_year_value",
    "fct_disclosure_completeness",
    "fct_tie_check",
}

# Amounts the marts must hold (fct_budget_line), read off the samples: (department, year, phase,
# statement, the column that picks the line, its value, measure, amount in 万元).
KNOWN_AMOUNTS = [
    ("泉州市医疗保障局", 2024, "budget", "expense", "subject_code", "2101501", "basic", "2535.54"),
    (
        "福州市医疗保障局",
        2020,
        "budget",
        "general_budget_expense",
        "subject_code",
        "2101202",
        "project",
        "50400.00",
    ),
    ("三明市医疗保障局", 2024, "final", "expense", "subject_code", "2101599", "total", "1149.70"),
    ("三明市医疗保障局", 2024, "final", "expense", "subject_code", "2101599", "basic", "14.41"),
    ("三明市医疗保障局", 2024, "final", "expense", "subject_code", "2101599", "project", "1135.29"),
    ("固安县医疗保障局", 2024, "budget", "income", "subject_code", "2101399", "total", "250.00"),
    (
        "招远市医疗保障局",
        2024,
        "budget",
        "project_expense",
        "line_label",
        "DRG试点工作经费项目2024年16万",
        "total",
        "10.00",
    ),
]

# Indicator rows per project, counted by reading each document's performance tables: the lines of a
# project's indicator rows under its header (三级指标), blank lines and closing rows (三明's 总分值 …)
# not counted. (scope, name as printed, first and last indicator line, rows).
EXPECTED_PROJECTS = {
    "quanzhou": [
        ("project", "特殊人群医疗费", 442, 448, 7),  # lines 442-448
        ("project", "医保经办服务费", 459, 467, 9),  # lines 459-467
        ("department", "泉州市医疗保障局", 482, 491, 9),  # lines 482-491 less blank 490
    ],
    "zhaoyuan": [
        ("special_fund", "职工长护险财政补贴", 516, 525, 10),  # lines 516-525
        ("project", "职工长护险财政补贴2024年106万", 538, 547, 10),  # lines 538-547
        ("project", "特殊群体医疗保险个人缴费部分财政补助2024年587.2万", 558, 565, 8),  # 558-565
        ("project", "特殊人群医疗统筹金及管理经费2024年1999.7万", 576, 587, 12),  # 576-587
        ("project", "特殊群体一站式医疗救助2024年950万", 599, 605, 7),  # 599-605
        ("project", "重特大疾病医疗补助2024年150万", 616, 623, 8),  # 616-623
        ("project", "DRG试点经费项目2024年16万", 634, 640, 7),  # 634-640
        ("project", "业务经费2024年9.37万", 651, 657, 7),  # 651-657
    ],
    "fuzhou": [
        ("department", None, 504, 522, 17),  # lines 504-522 less blanks 508, 516
        # 财政支出项目绩效目标表, lines 534-580 less 7 blank lines: 40 rows. A project runs from the row
        # printing its 单位编码 to the row before the next one; line 544 (目标完成率, printed a column right)
        # sits in the first project's run, as printed.
        ("project", "城乡居民在校学生意外伤害补充保险", 534, 544, 8),  # 534-544 less blanks 537-539
        ("project", "城乡居民医保财政补助 (含市本级和区县补助)", 545, 551, 6),  # 545-551 less blank 547
        ("project", "城乡居民医疗救助", 552, 558, 6),  # 552-558 less blank 556
        ("project", "高技能人才和综合型企业高管财政补助", 559, 566, 7),  # 559-566 less blank 565
        ("project", "建国前老工人医疗补助", 567, 572, 6),  # 567-572
        ("project", "市属困难企业在职职工参加医保补助", 573, 580, 7),  # 573-580 less blank 574
    ],
    "sanming": [
        ("special_fund", "2024 年城乡居民基本医疗保险市级补助资金", 577, 583, 7),  # 577-583
        ("special_fund", "2024 年城乡医疗救助市级补助资金", 609, 615, 7),  # 609-615
    ],
    "guan": [
        ("department", None, 509, 516, 8),  # 509-516
        ("project", "城乡居民医疗保险县级补助资金", 533, 538, 6),  # 533-538
        ("project", "城乡医疗救助县级配套", 551, 556, 6),
        ("project", "工作经费", 569, 574, 6),
        ("project", "劳务派遣人员经费", 587, 600, 6),  # 587, 590, 591, 594, 597, 600 (headers repeated between)
        ("project", "省级劳模医疗费", 615, 620, 6),
        ("project", "提前下达 2023 年省级财政城乡社会保险代办员补助资金廊财社【2022】55 号", 633, 640, 6),
        ("project", "提前下达 2024 年省级财政城乡居民社会保险代办员补助资金廊财社【2023】76 号", 653, 658, 6),
        ("project", "提前下达 2024 年中央财政医疗服务与保障能力提升补助资金廊财社【2023】97 号", 671, 676, 6),
        ("project", "脱贫人口（建档立卡贫困人员）个人缴费县级补助资金", 689, 694, 6),
        ("project", "支出型医疗贫困家庭救助资金", 707, 712, 6),
    ],
}
EXPECTED_INDICATORS = {"quanzhou": 25, "zhaoyuan": 69, "fuzhou": 57, "sanming": 14, "guan": 68}


def table_of(document: ParsedDocument, kind: str, index: int = 0) -> StatementTable:
    return [table for table in document.tables if table.statement_kind == kind][index]


def samples_but(left_out: str, folder: Path) -> Path:
    """`folder`/documents holding every sample but `left_out` (added later by the test): the folder."""
    documents = folder / "documents"
    documents.mkdir()
    for path in SAMPLES.iterdir():
        if path.name != left_out:
            shutil.copy2(path, documents / path.name)
    return documents


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()
