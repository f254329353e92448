"""A document model → its printed lines, in the layout family the model names."""

from collections.abc import Callable

from budget_warehouse.synthetic import render_headings, render_numbered, render_provinces, render_split
from budget_warehouse.synthetic.model import SyntheticDocument
from budget_warehouse.synthetic.printing import Line

RENDERERS: dict[str, Callable[[SyntheticDocument], list[Line]]] = {
    "headings": render_headings.render,
    "split_codes": render_split.render,
    "numbered": render_numbered.render,
    **{family: render_provinces.render for family in render_provinces.FAMILIES},
}


def render_document(document: SyntheticDocument) -> list[Line]:
    return RENDERERS[document.family](document)


def text_of(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines) + "\n"
