"""Where each actor's label goes on the circle: below its mark, or above, right or left of it where
below would cover another label or mark. One rule for the canvas and the PDF's map (each measures
its own labels, in its own units); y grows downwards (a PDF turns its y round before asking).

Actors are taken top to bottom, so the sides depend on the positions and sizes alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: where a label may go, in the order tried
SIDES = ("below", "above", "right", "left")

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class LabelSpot:
    """One actor's mark and label: ``key`` names it; the mark is centred on (x, y) and reaches
    ``mark`` from its centre; the label is ``w`` x ``h`` and stands ``gap`` from the centre."""

    key: str
    x: float
    y: float
    mark: float
    gap: float
    w: float
    h: float


def label_box(side: str, x: float, y: float, gap: float, w: float, h: float) -> Box:
    """Left, top, right, bottom of a ``w`` x ``h`` label on ``side`` of a mark centred on (x, y), ``gap`` away."""
    if side == "below":
        return (x - w / 2, y + gap, x + w / 2, y + gap + h)
    if side == "above":
        return (x - w / 2, y - gap - h, x + w / 2, y - gap)
    if side == "right":
        return (x + gap, y - h / 2, x + gap + w, y + h / 2)
    return (x - gap - w, y - h / 2, x - gap, y + h / 2)


def place_labels(spots: Sequence[LabelSpot]) -> dict[str, str]:
    """The side of each spot's label: the first of ``SIDES`` that covers no other mark or label placed
    so far; else the first that covers only one; else below (a crowd: every side covers several)."""
    if not spots:
        return {}
    # a grid of cells half a label wide finds what a box would cover without looking at every box
    cell = max(1.0, sum(s.w for s in spots) / len(spots) / 2)
    floor = math.floor
    grid: dict[tuple[int, int], list[tuple[float, float, float, float, int]]] = {}

    def add(x0: float, y0: float, x1: float, y1: float, owner: int) -> None:
        box = (x0, y0, x1, y1, owner)
        for gx in range(floor(x0 / cell), floor(x1 / cell) + 1):
            for gy in range(floor(y0 / cell), floor(y1 / cell) + 1):
                grid.setdefault((gx, gy), []).append(box)

    def covered(x0: float, y0: float, x1: float, y1: float, owner: int, enough: int) -> int:
        """How many other marks and labels the box overlaps, counted up to ``enough``."""
        hit: set[int] = set()
        for gx in range(floor(x0 / cell), floor(x1 / cell) + 1):
            for gy in range(floor(y0 / cell), floor(y1 / cell) + 1):
                for a0, b0, a1, b1, other in grid.get((gx, gy), ()):
                    if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1 and other != owner:
                        hit.add(other)
                        if len(hit) >= enough:
                            return enough
        return len(hit)

    ordered = sorted(spots, key=lambda s: (s.y, s.x, s.key))
    for n, s in enumerate(ordered):  # every mark is in the way of every other actor's label
        add(s.x - s.mark, s.y - s.mark, s.x + s.mark, s.y + s.mark, n)
    sides: dict[str, str] = {}
    for n, s in enumerate(ordered):
        boxes = [(side, label_box(side, s.x, s.y, s.gap, s.w, s.h)) for side in SIDES]
        side, box = boxes[0]
        for most in (0, 1):
            found = next(((sd, b) for sd, b in boxes if covered(*b, n, most + 1) <= most), None)
            if found is not None:
                side, box = found
                break
        sides[s.key] = side
        add(*box, n)
    return sides
