"""Document-level facts read from the text: department, fiscal year, phase, printed code."""

import re
from collections import Counter
from dataclasses import dataclass

from ingest.text import clean_line, compact, strip_tags

# A department name: a place (…省/市/县/区/旗) followed by an organ ending in 局/委员会/….
_DEPARTMENT = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗))"
    r"([\u4e00-\u9fff]{2,16}?(?:局|委员会|委|厅|办公室|中心|院|馆|所|会|处|站|部))"
)
_YEAR = re.compile(r"(20\d{2})\s*年度?")
_CODE_CELL = re.compile(r"部门(?:预算)?(?:编码|代码)\s*\t\s*(\d{3,})")
_TITLE_LINES = 12


@dataclass(frozen=True)
class DocumentMetadata:
    title: str | None
    department_name: str | None
    fiscal_year: int | None
    phase: str | None
    department_code: str | None


def read_metadata(lines: list[str]) -> DocumentMetadata:
    head = [clean_line(line) for line in lines if line.strip()][:_TITLE_LINES]
    cover = _cover(head)
    department = _department(_YEAR.sub("", cover)) or _most_frequent_department(lines)
    return DocumentMetadata(
        title=cover or None,
        department_name=department,
        fiscal_year=_fiscal_year(cover, head),
        phase=_phase(cover, lines),
        department_code=_department_code(lines, department),
    )


def _cover(head: list[str]) -> str:
    """The cover lines before the table of contents, joined: covers wrap mid-word (福州市医疗保障局部 / 门预算)."""
    cover: list[str] = []
    for line in head[:4]:
        if "目录" in compact(line):
            return compact("".join(cover) or line)
        cover.append(line)
    return compact(head[0]) if head else ""


def _department(text: str) -> str | None:
    match = _DEPARTMENT.search(text)
    return match.group(1) + match.group(2) if match else None


def _most_frequent_department(lines: list[str]) -> str | None:
    counts = Counter(m.group(1) + m.group(2) for line in lines for m in _DEPARTMENT.finditer(compact(line)))
    return counts.most_common(1)[0][0] if counts else None


def _fiscal_year(cover: str, head: list[str]) -> int | None:
    for text in [cover, *head]:
        match = _YEAR.search(compact(text))
        if match:
            return int(match.group(1))
    return None


def _phase(cover: str, lines: list[str]) -> str | None:
    for text in [cover, compact("".join(lines[:80]))]:
        budget, final = text.find("预算"), text.find("决算")
        if budget >= 0 or final >= 0:
            if final >= 0 and (budget < 0 or final < budget):
                return "final"
            return "budget"
    return None


def _department_code(lines: list[str], department: str | None) -> str | None:
    """A code printed before the department name (`362 固安县医疗保障局`) or in a 部门预算编码 cell."""
    named = re.compile(rf"(\d{{3,}}){re.escape(department)}") if department else None
    for line in lines:
        text = strip_tags(line).strip()
        if named and text[:1].isdigit():  # the code opens the line
            match = named.fullmatch(compact(text))
            if match:
                return match.group(1)
        if "部门" in text:
            match = _CODE_CELL.search(text)
            if match:
                return match.group(1)
    return None
