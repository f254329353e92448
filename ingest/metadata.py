"""Document-level facts read from the text: department, fiscal year, phase, printed code, and where
each was read.

Covers differ by province and converter: the year may stand on a line of its own (`XX局` / `年度部门
决算` / `2024`), the department may be named only in a labelled field (`XX市XX区2026年区级部门预算` +
`预算主管部门：XX局`), or broken over two lines. Each field is taken from the first source that
gives it, in order of trust: the cover (its labelled fields first), the table of contents, the
running headers of the tables (`编制部门：XX局`, `预算年度：2024`), the rest of the text, and the file
name as the last resort; the source is recorded with the field.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from ingest.text import clean_line, compact, strip_tags

_PLACE = r"[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗)"
_ORGAN_END = r"(?:局|委员会|委|厅|办公室|中心|院|馆|所|会|处|站|部|校|队|府|联|协)"
# A department name: a place (…省/市/县/区/旗) followed by an organ ending in 局/委员会/办事处/….
_DEPARTMENT = re.compile(rf"({_PLACE})([\u4e00-\u9fff]{{2,16}}?{_ORGAN_END})")
DEPARTMENT_NAME = re.compile(rf"{_PLACE}[\u4e00-\u9fff]{{2,16}}?{_ORGAN_END}")
_WHOLE_DEPARTMENT = re.compile(rf"{_PLACE}[\u4e00-\u9fff]{{2,20}}{_ORGAN_END}")
_PLACES = re.compile(rf"^(?:{_PLACE})+")
# Words of a cover that are not the department's name: the year, the phase, 区级 / 本级 …
_COVER_WORDS = re.compile(
    r"(?:20\d{2}|[二][〇零][一二三四五六七八九〇零]{2})\s*年度?|(?:省|区|市|县|乡|镇)?级?(?:部门|单位)(?:预算|决算)"
    r"|部门|预算|决算|信息公开|公开|目录|年度|[()（）]|\d+"
)
_LABELLED = re.compile(
    r"(?:^|\s)(?:预算主管部门|主管部门|编制单位|编制部门|填报单位|预算单位|部门名称|单位名称|部门)[:：]\s*"
    r"([\u4e00-\u9fff（）()]{3,40}?)(?=\s|(?:金额)?单位[:：]|$)"
)
_YEAR = re.compile(r"(20\d{2})\s*年度?(?!\s*\d{1,2}\s*月)")
_CHINESE_YEAR = re.compile(r"([二][〇零][一二三四五六七八九〇零]{2})年度?")
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEAR_ALONE = re.compile(r"^(20\d{2})\s*(?:年度?)?$")
_YEAR_FIELD = re.compile(r"(?:预算|决算)?年度[:：]\s*(20\d{2})")
_PHASED_YEAR = re.compile(r"(20\d{2})\s*年度?[\u4e00-\u9fff]{0,12}?(?:预算|决算)")
_FINAL = re.compile(r"(?:部门|单位|年度?|级)决算|决算(?:表|报告|公开|情况)")
_BUDGET = re.compile(r"(?:部门|单位|年度?|级)预算|预算(?:表|公开|情况说明)")
_CODE_CELL = re.compile(r"部门(?:预算)?(?:编码|代码)\s*\t\s*(\d{3,})")
_LEADER = re.compile(r"(\.{2,}|·{2,}|…+)\s*(</b>)?\s*(\t|$)")
_COVER_LINES = 8
_TITLE_LINES = 12
_PHASE_LINES = 80

COVER, COVER_LABEL, CONTENTS, TABLE_HEADER, TEXT, FILE_NAME = (
    "cover",
    "cover_label",
    "contents",
    "table_header",
    "text",
    "file_name",
)


@dataclass(frozen=True)
class DocumentMetadata:
    title: str | None
    department_name: str | None
    fiscal_year: int | None
    phase: str | None
    department_code: str | None
    # Where each field was read: cover / cover_label / contents / table_header / text / file_name.
    department_source: str | None = None
    fiscal_year_source: str | None = None
    phase_source: str | None = None


def read_metadata(lines: list[str], file_name: str | None = None, contents: set[int] = frozenset()) -> DocumentMetadata:
    """`contents`: the line numbers of the table of contents (ingest.blocks.toc_line_numbers)."""
    head = [clean_line(line) for line in lines if line.strip()][:_TITLE_LINES]
    cover_lines = _cover_lines(lines)
    cover = compact("".join(cover_lines))
    contents_text = [clean_line(lines[number - 1]) for number in sorted(contents) if number <= len(lines)]
    stem = PurePath(file_name).stem if file_name else ""
    department, department_source = _first(
        (COVER_LABEL, lambda: _labelled_on_cover(cover_lines, cover)),
        (COVER, lambda: _cover_department(cover)),
        (TABLE_HEADER, lambda: _most_frequent_label(lines)),
        (TEXT, lambda: _most_frequent_department(lines)),
        (FILE_NAME, lambda: _cover_department(compact(stem))),
    )
    year, year_source = _first(
        (COVER, lambda: _cover_year(cover_lines, cover, head)),
        (CONTENTS, lambda: _year_in(contents_text)),
        (TABLE_HEADER, lambda: _year_field(lines)),
        (TEXT, lambda: _phased_year(lines)),
        (FILE_NAME, lambda: _year_in([stem])),
    )
    phase, phase_source = _first(
        (COVER, lambda: _phase_of(cover)),
        (CONTENTS, lambda: _phase_of(compact("".join(contents_text)))),
        (TEXT, lambda: _phase_of(compact("".join(lines[:_PHASE_LINES])))),
        (FILE_NAME, lambda: _phase_of(compact(stem))),
    )
    title = compact("".join(line for line in cover_lines if not _LABELLED.search(line)))
    return DocumentMetadata(
        title=title or cover or None,
        department_name=department,
        fiscal_year=year,
        phase=phase,
        department_code=_department_code(lines, department),
        department_source=department_source,
        fiscal_year_source=year_source,
        phase_source=phase_source,
    )


def _first(*sources):
    for name, read in sources:
        value = read()
        if value is not None:
            return value, name
    return None, None


def _cover_lines(lines: list[str]) -> list[str]:
    """The cover: the lines before the table of contents (目录, dot leaders), the first part or the
    first table. A line naming the contents (`2024 年部门预算信息公开目录`) is the cover when nothing
    precedes it."""
    cover: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        text = clean_line(line)
        if "目录" in compact(text):
            return cover or [text]
        if "\t" in line or _LEADER.search(line) or compact(text).startswith("第一部分"):
            return cover or [text]
        cover.append(text)
        if len(cover) == _COVER_LINES:
            break
    return cover[:4] if len(cover) == _COVER_LINES else cover


def _labelled_on_cover(cover_lines: list[str], cover: str) -> str | None:
    """`预算主管部门：XX局` on the cover. A name printed without the places the cover prints before it
    (`XX市XX区2026年区级部门预算` + `预算主管部门：XX区教育局` or `：教育局`) takes them."""
    for line in cover_lines:
        match = _LABELLED.search(line)
        if match:
            return _with_cover_places(compact(match.group(1)), cover)
    return None


def _with_cover_places(name: str, cover: str) -> str:
    opening = _PLACES.match(_COVER_WORDS.sub("|", cover).split("|")[0] or "")
    places = re.findall(_PLACE, opening.group(0)) if opening else []
    for kept in range(len(places), 0, -1):  # the name repeats the last `kept` places of the cover
        if name.startswith("".join(places[-kept:])):
            return "".join(places[:-kept]) + name
    return name if DEPARTMENT_NAME.match(name) else "".join(places) + name


def _cover_department(cover: str) -> str | None:
    """The part of the cover, between its year and phase words, that is a whole department name."""
    for segment in _COVER_WORDS.split(cover):
        if _WHOLE_DEPARTMENT.fullmatch(segment):
            return segment
    return None


def _most_frequent_label(lines: list[str]) -> str | None:
    """The department the tables' running headers name (`编制部门：XX局`, `部门：XX局`)."""
    counts = Counter(
        compact(match.group(1))
        for line in lines
        if "：" in line or ":" in line
        for match in [_LABELLED.search(clean_line(line))]
        if match and DEPARTMENT_NAME.match(compact(match.group(1)))
    )
    return counts.most_common(1)[0][0] if counts else None


def _most_frequent_department(lines: list[str]) -> str | None:
    counts = Counter(m.group(1) + m.group(2) for line in lines for m in _DEPARTMENT.finditer(compact(line)))
    return counts.most_common(1)[0][0] if counts else None


def _cover_year(cover_lines: list[str], cover: str, head: list[str]) -> int | None:
    for line in cover_lines:  # a year on a line of its own
        match = _YEAR_ALONE.match(compact(line))
        if match:
            return int(match.group(1))
    for text in [cover, *head]:
        year = _year_in([text])
        if year:
            return year
    return None


def _year_in(texts: list[str]) -> int | None:
    for text in texts:
        plain = compact(text)
        match = _YEAR.search(plain)
        if match:
            return int(match.group(1))
        match = _CHINESE_YEAR.search(plain)
        if match:
            return int(match.group(1).translate(_CHINESE_DIGITS))
    return None


def _year_field(lines: list[str]) -> int | None:
    """`预算年度：2024` over a table's pages."""
    for line in lines:
        match = _YEAR_FIELD.search(compact(line))
        if match:
            return int(match.group(1))
    return None


def _phased_year(lines: list[str]) -> int | None:
    """`2024年部门收支总表`, `2024年度部门决算`: a year before a 预算 / 决算 anywhere."""
    for line in lines:
        match = _PHASED_YEAR.search(compact(line))
        if match:
            return int(match.group(1))
    return None


def _phase_of(text: str) -> str | None:
    if not text:
        return None
    final, budget = _FINAL.search(text), _BUDGET.search(text)
    if final or budget:
        return "final" if final and (not budget or final.start() < budget.start()) else "budget"
    budget_at, final_at = text.find("预算"), text.find("决算")
    if budget_at >= 0 or final_at >= 0:
        return "final" if final_at >= 0 and (budget_at < 0 or final_at < budget_at) else "budget"
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
