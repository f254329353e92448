"""Ruling lines of a page from its path objects: thin rectangles and lines, stroked edges of larger
rectangles and polylines (tables drawn as one path), in display space."""

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.pdf.geometry import Orientation, Rule

THIN = 2.5  # a path this thin (points) is a line, whatever way it is drawn
_MIN_LENGTH = 4.0


def page_rules(page: pdfium.PdfPage, turn: Orientation) -> list[Rule]:
    rules: list[Rule] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        x0, x1, top, bottom = turn.box(*path.get_bounds())
        if _add_thin(rules, x0, x1, top, bottom):
            continue
        pdfium_c.FPDFPath_GetDrawMode(path.raw, fill, stroke)
        if stroke.value:
            rules.extend(_stroked_edges(path, turn))
    return rules


def _add_thin(rules: list[Rule], x0: float, x1: float, top: float, bottom: float) -> bool:
    width, height = x1 - x0, bottom - top
    if height <= THIN and width >= _MIN_LENGTH:
        rules.append(Rule(True, (top + bottom) / 2, x0, x1))
        return True
    if width <= THIN and height >= _MIN_LENGTH:
        rules.append(Rule(False, (x0 + x1) / 2, top, bottom))
        return True
    return width <= THIN and height <= THIN  # a dot: nothing to rule with


def _stroked_edges(path: pdfium.PdfObject, turn: Orientation) -> list[Rule]:
    """Axis-parallel segments of a stroked path, its matrix applied."""
    a, b, c, d, e, f = path.get_matrix().get()
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[Rule] = []
    previous = start = None
    for index in range(pdfium_c.FPDFPath_CountSegments(path.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path.raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = turn.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif previous is not None:
            _add_segment(edges, previous, point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_segment(edges, point, start)
        previous = point
    return edges


def _add_segment(edges: list[Rule], one: tuple[float, float], other: tuple[float, float]) -> None:
    (ax, at), (bx, bt) = one, other
    if abs(at - bt) <= THIN and abs(ax - bx) >= _MIN_LENGTH:
        edges.append(Rule(True, (at + bt) / 2, min(ax, bx), max(ax, bx)))
    elif abs(ax - bx) <= THIN and abs(at - bt) >= _MIN_LENGTH:
        edges.append(Rule(False, (ax + bx) / 2, min(at, bt), max(at, bt)))
