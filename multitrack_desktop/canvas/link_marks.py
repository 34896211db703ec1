"""Links on the canvas: the marks of ``domain.link_marks`` turned into Qt polygons and painted.

The geometry of a link is computed once per change of the link or of its ends, kept as
polygons, and painted in batches of one pen (thousands of links in the cached layer), or on
its own by an item (a link whose actor is being dragged, or the selected link).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from ..domain import link_marks as marks
from ..domain.model import Link

#: what dimmed links are mixed with: the view's background (drawn opaque: translucent pens are slow)
DIM_WITH = "#F4F5F7"
DIM_AMOUNT = 0.78
SELECTION_HALO = QColor(26, 95, 180, 90)


def _mix(a: str, b: str, t: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * t),
        round(ca.green() + (cb.green() - ca.green()) * t),
        round(ca.blue() + (cb.blue() - ca.blue()) * t),
    )


@cache
def colour(hex_colour: str, dimmed: bool) -> QColor:
    return _mix(hex_colour, DIM_WITH, DIM_AMOUNT) if dimmed else QColor(hex_colour)


@cache
def line_pen(hex_colour: str, width: float, dotted: bool, dimmed: bool = False) -> QPen:
    """Flat caps and opaque colours: many times faster than round caps or alpha with thousands of lines."""
    pen = QPen(colour(hex_colour, dimmed), width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    if dotted:
        pen.setDashPattern(list(marks.DOT_PATTERN))
    return pen


@cache
def bar_pen(hex_colour: str, width: float, dimmed: bool = False) -> QPen:
    pen = QPen(colour(hex_colour, dimmed), max(width, 1.8))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while thousands of small geometry objects are made (none of them cyclic).

    Every few hundred new objects Python otherwise walks the whole heap of the open workshop:
    about two thirds of the time spent building the marks of 5,000 links.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _polygon(points: Iterable[marks.Point]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def _segments(points: tuple[marks.Point, ...]) -> list[QLineF]:
    return [QLineF(x0, y0, x1, y1) for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False)]


class DrawnLink:
    """One link's marks as Qt geometry, ready to paint.

    Lines are kept as segments: ``drawLine``/``drawLines`` stroke several times faster than
    ``drawPolyline`` in the raster engine (which strokes a path with joins).
    """

    __slots__ = ("_bounds", "bars", "heads", "lines", "shape")

    def __init__(self, shape: marks.LinkShape) -> None:
        self.shape = shape
        self.lines = [_segments(line) for line in shape.lines]
        self.bars = [_segments(bar) for bar in shape.bars] if shape.bars else []
        self.heads = [_polygon(head) for head in shape.heads] if shape.heads else []
        self._bounds: QRectF | None = None

    @property
    def bounds(self) -> QRectF:
        """Where the marks may reach (for hit tests and a lone link's item), made when first asked."""
        if self._bounds is None:
            shape = self.shape
            pts = (*shape.spine, *(p for head in shape.heads for p in head))
            if pts:
                # the zigzag, the double line and the cross reach this far from the centre line
                pad = shape.width * 3.0 + 12.0
                xs, ys = [x for x, _ in pts], [y for _, y in pts]
                self._bounds = QRectF(
                    min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
                )
            else:
                self._bounds = QRectF()
        return self._bounds

    def distance_to(self, x: float, y: float) -> float:
        return marks.distance_to(self.shape.spine, (x, y))


def drawn_link(
    link: Link, a: QPointF, b: QPointF, *, bend: float = 0.0, trim_a: float = 0.0, trim_b: float = 0.0
) -> DrawnLink:
    return DrawnLink(
        marks.link_shape(
            (a.x(), a.y()),
            (b.x(), b.y()),
            kind=link.kind,
            directed=link.directed,
            strength=link.strength,
            bend=bend,
            trim_a=trim_a,
            trim_b=trim_b,
        )
    )


def paint_links(painter: QPainter, links: Iterable[DrawnLink], *, dimmed: bool = False) -> None:
    """Paint many links, one pen at a time (the fewest state changes)."""
    by_pen: dict[tuple[str, float, bool], list[list[QLineF]]] = {}
    bars: dict[tuple[str, float], list[list[QLineF]]] = {}
    heads: dict[str, list[QPolygonF]] = {}
    for d in links:
        s = d.shape
        if d.lines:
            by_pen.setdefault((s.colour, s.line_width, s.dotted), []).extend(d.lines)
        if d.bars:
            bars.setdefault((s.colour, s.width), []).extend(d.bars)
        if d.heads:
            heads.setdefault(s.colour, []).extend(d.heads)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for (hex_colour, width, dotted), lines in by_pen.items():
        painter.setPen(line_pen(hex_colour, width, dotted, dimmed))
        for segments in lines:  # link by link: one path of thousands of crossing lines strokes far slower
            if len(segments) == 1:
                painter.drawLine(segments[0])
            else:
                painter.drawLines(segments)
    for (hex_colour, width), lines in bars.items():
        painter.setPen(bar_pen(hex_colour, width, dimmed))
        for segments in lines:
            painter.drawLines(segments)
    painter.setPen(Qt.PenStyle.NoPen)
    for hex_colour, polys in heads.items():
        painter.setBrush(QBrush(colour(hex_colour, dimmed)))
        for poly in polys:
            painter.drawPolygon(poly)


def paint_halo(painter: QPainter, link: DrawnLink) -> None:
    """A wide soft band under a selected link."""
    pen = QPen(SELECTION_HALO, link.shape.width + 10.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(_polygon(link.shape.spine))
