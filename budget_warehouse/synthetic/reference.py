"""What the generator draws codes, names and places from: the project's own seeds."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# Characters that end a place name or an organ name for the department-name reader
# (ingest.metadata): a generated name must contain them only at its end to read back whole.
_PLACE_ENDINGS = ("市", "县", "区")
_NAME_BREAKERS = set("省市县区州盟旗局委厅室心院馆所会处站部")
# Organs that read back whole: one ending (局), no breaker inside.
ORGANS = (
    "医疗保障局",
    "财政局",
    "卫生健康局",
    "民政局",
    "教育局",
    "审计局",
    "统计局",
    "司法局",
    "退役军人事务局",
    "自然资源局",
    "生态环境局",
    "农业农村局",
    "水利局",
    "林业局",
    "应急管理局",
    "住房和城乡建设局",
    "交通运输局",
    "商务局",
    "文化和旅游局",
    "体育局",
    "科学技术局",
    "信访局",
)
# Economic classes of basic expenditure: 人员经费 are wages (301) and payments to households (303),
# 公用经费 are goods and services (302).
PERSONNEL_CLASSES = ("301", "303")
PUBLIC_USE_CLASS = "302"
# Classes project money is spent on, as printed in the by-class economic table.
PROJECT_CLASSES = ("302", "303", "310")


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class Reference:
    names: dict[str, str]  # every code of seeds/subject_codes.csv → its standard name
    function_classes: tuple[Subject, ...]  # 功能分类 类, in code order (the 收支总表 expense lines)
    function_items: tuple[Subject, ...]  # 功能分类 项 with their 款 and 类 in the seed
    economic_items: dict[str, tuple[Subject, ...]]  # 部门经济分类 类 → its 款
    places: tuple[str, ...]  # unambiguous city and county names

    def name(self, code: str) -> str:
        return self.names[code]


@lru_cache(maxsize=1)
def reference() -> Reference:
    with (SEEDS / "subject_codes.csv").open(encoding="utf-8") as handle:
        subjects = list(csv.DictReader(handle))
    names = {row["subject_code"]: row["standard_name"] for row in subjects}
    function = [row for row in subjects if row["classification"] == "function"]
    economic = [row for row in subjects if row["classification"] == "economic_department"]
    return Reference(
        names=names,
        function_classes=tuple(_subject(row) for row in function if row["level"] == "1"),
        function_items=tuple(
            _subject(row)
            for row in function
            if row["level"] == "3" and row["parent_code"] in names and row["parent_code"][:3] in names
        ),
        economic_items={
            code: tuple(_subject(row) for row in economic if row["parent_code"] == code)
            for code in (*PERSONNEL_CLASSES, PUBLIC_USE_CLASS, *PROJECT_CLASSES)
        },
        places=_places(),
    )


def _subject(row: dict[str, str]) -> Subject:
    return Subject(row["subject_code"], row["standard_name"], row["parent_code"] or None)


def _places() -> tuple[str, ...]:
    with (SEEDS / "admin_divisions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        row["division_name"]
        for row in rows
        if row["level"] in ("city", "county")
        and row["is_ambiguous"] == "false"
        and row["division_name"].endswith(_PLACE_ENDINGS)
        and not _NAME_BREAKERS & set(row["division_name"][:-1])
    )
