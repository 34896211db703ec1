"""The conflict-mapping marks of a link as plain geometry, for every drawer (canvas, images, PDF).

Fisher et al. (*Working with Conflict*): a plain line is a link (communication), a double line an
alliance (cooperation), a zigzag discord (tension), a line crossed through a broken link, an arrow
the direction of influence; funding is an arrow in its own colour. Strength 1 (informal or
intermittent) is dotted, 3 (strong) heavy. A directed link has an arrowhead at its target;
influence and funding are arrows by nature: undirected, they point both ways (mutual).

Everything is computed here without Qt, so that every picture of the map shows the same marks.
Units are those of the caller's drawing; sizes below are for a circle of radius 400 and are
multiplied by ``scale``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Link, LinkKind

Point = tuple[float, float]

LINK_COLOUR = "#5B6770"
#: funding: an arrow in its own colour (ochre: money, distinct from the stance greens and reds)
FUNDING_COLOUR = "#B36B00"

#: line width by strength (1 informal, dotted; 3 strong, heavy)
WIDTHS = {1: 1.8, 2: 2.6, 3: 4.8}
#: dots of a strength-1 link, in multiples of its width (dash, gap)
DOT_PATTERN = (1.6, 1.9)
#: how far apart parallel links between the same two actors bend, at their middle
PARALLEL_SPACING = 16.0
#: points per curved link
CURVE_STEPS = 16


def kind_colour(kind: LinkKind) -> str:
    return FUNDING_COLOUR if kind is LinkKind.FUNDING else LINK_COLOUR


def heads_of(kind: LinkKind, directed: bool) -> tuple[bool, bool]:
    """Arrowheads (at the source, at the target) for a link of ``kind``."""
    if directed:
        return False, True
    if kind in (LinkKind.INFLUENCE, LinkKind.FUNDING):
        return True, True  # an arrow by nature; undirected: both ways
    return False, False


@dataclass(frozen=True, slots=True)
class LinkShape:
    """A link as drawn: lines stroked with the link's pen, solid strokes, filled heads."""

    #: the line itself (two for cooperation, a zigzag for tension): the link's width, dotted for strength 1
    lines: tuple[tuple[Point, ...], ...]
    #: strokes never dotted (the bar through a broken link)
    bars: tuple[tuple[Point, ...], ...]
    #: filled triangles: arrowheads
    heads: tuple[tuple[Point, Point, Point], ...]
    #: the centre line, trimmed at the actors (for hit tests)
    spine: tuple[Point, ...]
    colour: str
    width: float
    line_width: float
    dotted: bool


EMPTY = LinkShape((), (), (), (), LINK_COLOUR, 1.0, 1.0, False)


def link_shape(
    a: Point,
    b: Point,
    *,
    kind: LinkKind,
    directed: bool,
    strength: int,
    bend: float = 0.0,
    trim_a: float = 0.0,
    trim_b: float = 0.0,
    scale: float = 1.0,
) -> LinkShape:
    """The marks of a link from centre ``a`` to centre ``b``.

    ``bend``: how far the middle of the link moves to its left (seen from ``a`` towards ``b``; in a
    y-down drawing), so that parallel links stand apart. ``trim_a`` / ``trim_b``: the link stops at
    that distance from each centre (the edge of the actor's mark), where its arrowheads point.
    """
    strength = min(max(strength, 1), 3)
    width = WIDTHS[strength] * scale
    if abs(bend) < 1e-9:  # most links: straight, computed directly
        (ax, ay), (bx, by) = a, b
        length = math.hypot(bx - ax, by - ay)
        if length <= trim_a + trim_b or length < 1e-9:
            spine: list[Point] = []
        else:
            ux, uy = (bx - ax) / length, (by - ay) / length
            spine = [(ax + ux * trim_a, ay + uy * trim_a), (bx - ux * trim_b, by - uy * trim_b)]
    else:
        spine = _trimmed(_centre_line(a, b, bend), trim_a, trim_b)
    colour = kind_colour(kind)
    dotted = strength == 1
    spine_length = _length(spine) if len(spine) >= 2 else 0.0
    if spine_length < 1e-6:
        return LinkShape((), (), (), (), colour, width, width, dotted)
    head_len = 8.0 * scale + width * 1.3
    head_len = min(head_len, spine_length * 0.4)
    at_source, at_target = heads_of(kind, directed)
    line = list(spine)
    heads: list[tuple[Point, Point, Point]] = []
    if at_target:
        heads.append(_head(spine, head_len, at_end=True))
        line = _cut_end(line, head_len * 0.8)
    if at_source:
        heads.append(_head(spine, head_len, at_end=False))
        line = _cut_end(line[::-1], head_len * 0.8)[::-1]
    lines: list[tuple[Point, ...]]
    bars: list[tuple[Point, ...]] = []
    line_width = width
    if kind is LinkKind.COOPERATION:
        line_width = width * 0.75
        gap = 1.2 * scale + line_width
        lines = [tuple(_offset(line, gap)), tuple(_offset(line, -gap))]
    elif kind is LinkKind.TENSION:
        lines = [tuple(_zigzag(line, amplitude=4.0 * scale + width * 0.5, step=6.5 * scale + width))]
    else:
        lines = [tuple(line)]
    if kind is LinkKind.BROKEN:
        bars = _cross(spine, (7.0 * scale + width * 1.2))
    return LinkShape(tuple(lines), tuple(bars), tuple(heads), tuple(spine), colour, width, line_width, dotted)


def parallel_bends(links: Iterable[Link]) -> dict[str, float]:
    """How far each link bends so that links joining the same two actors do not cover each other.

    A lone link is straight; n links between one pair are spread evenly about the straight line,
    whichever way each of them runs.
    """
    links = list(links)
    counts: dict[tuple[str, str], int] = {}
    for link in links:
        s, t = link.source, link.target
        key = (s, t) if s <= t else (t, s)
        counts[key] = counts.get(key, 0) + 1
    bends: dict[str, float] = {}
    seen: dict[tuple[str, str], int] = {}
    for link in links:
        s, t = link.source, link.target
        key = (s, t) if s <= t else (t, s)
        n = counts[key]
        if n == 1:
            bends[link.id] = 0.0
            continue
        i = seen.get(key, 0)
        seen[key] = i + 1
        offset = (i - (n - 1) / 2.0) * PARALLEL_SPACING
        bends[link.id] = offset if s == key[0] else -offset
    return bends


def distance_to(spine: Sequence[Point], p: Point) -> float:
    """The shortest distance from ``p`` to the polyline ``spine``."""
    best = math.inf
    px, py = p
    for (ax, ay), (bx, by) in zip(spine, spine[1:], strict=False):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
        best = min(best, math.hypot(ax + t * dx - px, ay + t * dy - py))
    return best


# --------------------------------------------------------------------------- geometry


def _length(points: Sequence[Point]) -> float:
    return sum(math.dist(p, q) for p, q in zip(points, points[1:], strict=False))


def _centre_line(a: Point, b: Point, bend: float) -> list[Point]:
    if abs(bend) < 1e-9:
        return [a, b]
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    if length < 1e-9:
        return [a, b]
    nx, ny = (by - ay) / length, -(bx - ax) / length  # the left, seen from a towards b (y down)
    cx, cy = (ax + bx) / 2 + nx * 2 * bend, (ay + by) / 2 + ny * 2 * bend  # the curve's apex is at bend
    pts = []
    for i in range(CURVE_STEPS + 1):
        t = i / CURVE_STEPS
        u = 1 - t
        pts.append((u * u * ax + 2 * u * t * cx + t * t * bx, u * u * ay + 2 * u * t * cy + t * t * by))
    return pts


def _trimmed(points: list[Point], trim_a: float, trim_b: float) -> list[Point]:
    """The polyline without what lies within ``trim_a`` of its first point and ``trim_b`` of its last."""
    if trim_a > 0:
        points = _outside(points, trim_a)
    if trim_b > 0 and len(points) >= 2:
        points = _outside(points[::-1], trim_b)[::-1]
    return points


def _outside(points: list[Point], r: float) -> list[Point]:
    centre = points[0]
    for i in range(1, len(points)):
        if math.dist(points[i], centre) >= r:
            p, q = points[i - 1], points[i]
            dp, dq = math.dist(p, centre), math.dist(q, centre)
            t = 0.0 if dq == dp else (r - dp) / (dq - dp)
            start = (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
            return [start, *points[i:]]
    return []


def _cut_end(points: list[Point], distance: float) -> list[Point]:
    """The polyline shortened by ``distance`` at its last point."""
    left = distance
    pts = list(points)
    while len(pts) >= 2:
        p, q = pts[-2], pts[-1]
        seg = math.dist(p, q)
        if seg > left:
            t = (seg - left) / seg
            pts[-1] = (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
            return pts
        left -= seg
        pts.pop()
    return pts


def _direction(p: Point, q: Point) -> Point:
    d = math.dist(p, q)
    if d < 1e-12:
        return (1.0, 0.0)
    return ((q[0] - p[0]) / d, (q[1] - p[1]) / d)


def _head(spine: Sequence[Point], length: float, *, at_end: bool) -> tuple[Point, Point, Point]:
    pts = list(spine) if at_end else list(spine)[::-1]
    tip = pts[-1]
    back = _cut_end(pts, length)
    base = back[-1] if back else pts[0]
    ux, uy = _direction(base, tip)
    half = length * 0.45
    return (tip, (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half))


def _normals(points: Sequence[Point]) -> list[Point]:
    normals = []
    n = len(points)
    for i in range(n):
        p = points[max(i - 1, 0)]
        q = points[min(i + 1, n - 1)]
        ux, uy = _direction(p, q)
        normals.append((uy, -ux))
    return normals


def _offset(points: Sequence[Point], d: float) -> list[Point]:
    return [(x + nx * d, y + ny * d) for (x, y), (nx, ny) in zip(points, _normals(points), strict=True)]


def _point_at(points: Sequence[Point], s: float) -> tuple[Point, Point]:
    """The point at arc length ``s`` along the polyline, and the direction there."""
    for p, q in zip(points, points[1:], strict=False):
        seg = math.dist(p, q)
        if s <= seg or q is points[-1]:
            t = 0.0 if seg == 0 else min(s / seg, 1.0)
            return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t), _direction(p, q)
        s -= seg
    return points[-1], (1.0, 0.0)


def _zigzag(points: Sequence[Point], *, amplitude: float, step: float) -> list[Point]:
    """A lightning line along ``points``: straight leads at both ends, sharp teeth between.

    One walk along the line (thousands of links: no search from the start for every tooth).
    """
    total = _length(points)
    lead = min(step * 0.8, total / 6)
    run = total - 2 * lead
    n = max(4, int(run / step))
    out = [points[0]]
    seg, seg_start = 0, 0.0
    (px, py), (qx, qy) = points[0], points[1]
    seg_len = math.hypot(qx - px, qy - py)
    last = len(points) - 2
    for i in range(n + 1):
        s = lead + run * i / n
        while s > seg_start + seg_len and seg < last:
            seg_start += seg_len
            seg += 1
            (px, py), (qx, qy) = points[seg], points[seg + 1]
            seg_len = math.hypot(qx - px, qy - py)
        if seg_len < 1e-12:
            continue
        t = min(max((s - seg_start) / seg_len, 0.0), 1.0)
        ux, uy = (qx - px) / seg_len, (qy - py) / seg_len
        side = 0.0 if i in (0, n) else (1.0 if i % 2 else -1.0)
        out.append((px + (qx - px) * t + uy * amplitude * side, py + (qy - py) * t - ux * amplitude * side))
    out.append(points[-1])
    return out


def _cross(points: Sequence[Point], arm: float) -> list[tuple[Point, ...]]:
    """An X through the middle of the line: the link is broken."""
    (mx, my), (ux, uy) = _point_at(points, _length(points) / 2)
    nx, ny = uy, -ux
    bars = []
    for sa, sb in ((1.0, 1.0), (1.0, -1.0)):
        dx = (ux * sa + nx * sb) * arm * 0.7071
        dy = (uy * sa + ny * sb) * arm * 0.7071
        bars.append(((mx - dx, my - dy), (mx + dx, my + dy)))
    return bars
