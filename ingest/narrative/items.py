"""Item-by-item explanations: a list item (or heading) of the prose that names one 功能分类 项, whose
figures are that 项's and no one else's.

An item is named
* by its level marks: `2、行政运行（项）`, `（一）一般公共服务支出（类）人大事务（款）行政运行（项）`: the
  names of the 类 / 款 / 项 as printed, the 项's last;
* or by its 项 code and name at the start of the item: `（一）2101501-行政运行`, `2101501（行政运行）`,
  `行政运行（2101501）`.
"""

import re
from dataclasses import dataclass

_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+、|\d+[.．](?!\d)|\d+[)）])\s*"
)
_LEVEL_MARK = re.compile(r"[（(]\s*(?P<level>类|款|项)\s*[)）]")
_NAME = r"[^\d，,。；;：:、（）()\s][^\d，,。；;：:、（）()]*?"
_CODE_FIRST = re.compile(
    rf"^(?P<code>\d{{7}})\s*(?:[-－—]\s*(?P<name>{_NAME})(?=\s*(?:[，,。；;：:]|\d|$))|[（(]\s*(?P<bracketed>{_NAME})\s*[）)])"
)
_NAME_FIRST = re.compile(rf"^(?P<name>{_NAME})\s*[（(]\s*(?P<code>\d{{7}})\s*[）)]")


@dataclass(frozen=True)
class Item:
    code: str | None  # the 项 code when printed
    name: str  # the 项's name as printed
    path: str  # the 类 / 款 / 项 names printed, joined by '/': 一般公共服务支出/人大事务/行政运行


def read_item(text: str) -> Item | None:
    """The 项 that `text`, the opening of a list item or a heading up to its first amount, names."""
    body = _ORDINAL.sub("", text, count=1).strip().lstrip("#* ").strip()
    if match := _CODE_FIRST.match(body) or _NAME_FIRST.match(body):
        name = (match.group("name") or match.groupdict().get("bracketed") or "").strip()
        return Item(match.group("code"), name, name) if name else None
    names: dict[str, str] = {}
    start = 0
    for mark in _LEVEL_MARK.finditer(body):
        names[mark.group("level")] = body[start : mark.start()].strip(" ，,：:").strip()
        start = mark.end()
        if mark.group("level") == "项":
            break
    item_name = names.get("项")
    if not item_name:
        return None
    path = "/".join(names[level] for level in ("类", "款", "项") if names.get(level))
    return Item(None, item_name, path)
