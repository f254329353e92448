"""Ruling lines of a page from its path objects: thin rectangles and lines, stroked edges of larger
rectangles and polylines (tables drawn as one path), in display space."""

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.pdf.geometry import Orientation, Rule

THIN = 2.5  # a path this thin (points) is a line, whatever way it is drawn
_MIN_LENGTH = 4.0


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_DEPTH = 8  # form XObjects nested deeper than this are not looked into


def page_rules(page: pdfium.PdfPage, turn: Orientation) -> list[Rule]:
    """Through PDFium's C API directly: a page holds thousands of objects, most of them text, and
    wrapping each in a Python object would cost more than reading the rules."""
    rules: list[Rule] = []
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    _collect(rules, [pdfium_c.FPDFPage_GetObject(page.raw, index) for index in range(count)], _IDENTITY, turn, 0)
    return rules


def _collect(rules: list[Rule], objects: list, form: _Matrix, turn: Orientation, depth: int) -> None:
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for handle in objects:
        kind = pdfium_c.FPDFPageObj_GetType(handle)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            inner = [
                pdfium_c.FPDFFormObj_GetObject(handle, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(handle))
            ]
            _collect(rules, inner, _compose(_matrix(handle), form), turn, depth + 1)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPageObj_GetBounds(handle, left, bottom, right, top)
        corners = [_apply(form, x, y) for x, y in ((left.value, bottom.value), (right.value, top.value))]
        (ax, ay), (bx, by) = corners
        x0, x1, y0, y1 = turn.box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        if _add_thin(rules, x0, x1, y0, y1):
            continue
        pdfium_c.FPDFPath_GetDrawMode(handle, fill, stroke)
        if stroke.value:
            rules.extend(_stroked_edges(handle, form, turn))


def _matrix(handle) -> _Matrix:
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(handle, matrix)
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """inner, then outer (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _apply(matrix: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _add_thin(rules: list[Rule], x0: float, x1: float, top: float, bottom: float) -> bool:
    width, height = x1 - x0, bottom - top
    if height <= THIN and width >= _MIN_LENGTH:
        rules.append(Rule(True, (top + bottom) / 2, x0, x1))
        return True
    if width <= THIN and height >= _MIN_LENGTH:
        rules.append(Rule(False, (x0 + x1) / 2, top, bottom))
        return True
    return width <= THIN and height <= THIN  # a dot: nothing to rule with


def _stroked_edges(handle, form: _Matrix, turn: Orientation) -> list[Rule]:
    """Axis-parallel segments of a stroked path, its matrix (and its forms') applied."""
    matrix = _compose(_matrix(handle), form)
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[Rule] = []
    previous = start = None
    for index in range(pdfium_c.FPDFPath_CountSegments(handle)):
        segment = pdfium_c.FPDFPath_GetPathSegment(handle, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = turn.point(*_apply(matrix, x.value, y.value))
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
