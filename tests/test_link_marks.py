"""The conflict-mapping marks of links as plain geometry (shared by the canvas and other drawers)."""

from __future__ import annotations

import math

import pytest

from multitrack_desktop.domain import link_marks as lm
from multitrack_desktop.domain.model import Link, LinkKind

A, B = (0.0, 0.0), (300.0, 0.0)


def shape(kind: LinkKind, *, directed: bool = False, strength: int = 2, **kw: float) -> lm.LinkShape:
    return lm.link_shape(A, B, kind=kind, directed=directed, strength=strength, **kw)


def test_communication_is_one_plain_line_between_the_marks() -> None:
    s = shape(LinkKind.COMMUNICATION, trim_a=20.0, trim_b=30.0)
    assert len(s.lines) == 1 and not s.heads and not s.bars
    (x0, y0), (x1, y1) = s.lines[0][0], s.lines[0][-1]
    assert (x0, y0) == pytest.approx((20.0, 0.0)) and (x1, y1) == pytest.approx((270.0, 0.0))
    assert s.colour == lm.LINK_COLOUR and not s.dotted


def test_cooperation_is_a_double_line() -> None:
    s = shape(LinkKind.COOPERATION)
    assert len(s.lines) == 2 and not s.heads
    ys = sorted(line[0][1] for line in s.lines)
    assert ys[0] < -1.0 and ys[1] > 1.0 and ys[0] == pytest.approx(-ys[1])
    for line in s.lines:
        assert all(y == pytest.approx(line[0][1]) for _, y in line)  # each line is straight


def test_influence_is_an_arrow_pointing_at_the_target_when_directed_both_ways_otherwise() -> None:
    s = shape(LinkKind.INFLUENCE, directed=True, trim_b=25.0)
    assert len(s.heads) == 1
    tip = s.heads[0][0]
    assert tip == pytest.approx((275.0, 0.0))
    assert max(x for x, _ in s.lines[0]) < 275.0  # the line stops under the head
    mutual = shape(LinkKind.INFLUENCE)
    assert sorted(h[0][0] for h in mutual.heads) == pytest.approx([0.0, 300.0])
    assert not shape(LinkKind.COMMUNICATION).heads
    assert len(shape(LinkKind.COMMUNICATION, directed=True).heads) == 1


def test_funding_is_an_arrow_in_its_own_colour() -> None:
    s = shape(LinkKind.FUNDING, directed=True)
    assert s.colour == lm.FUNDING_COLOUR != lm.LINK_COLOUR
    assert len(s.heads) == 1
    assert {shape(k).colour for k in LinkKind if k is not LinkKind.FUNDING} == {lm.LINK_COLOUR}


def test_tension_is_a_zigzag() -> None:
    s = shape(LinkKind.TENSION)
    line = s.lines[0]
    assert len(line) > 10
    assert line[0] == A and line[-1] == B
    sides = [math.copysign(1, y) for _, y in line if abs(y) > 1.0]
    assert len(sides) > 8
    assert all(a != b for a, b in zip(sides, sides[1:], strict=False))  # teeth alternate
    assert all(x1 >= x0 for (x0, _), (x1, _) in zip(line, line[1:], strict=False))  # it moves on


def test_broken_is_a_line_crossed_through_its_middle() -> None:
    s = shape(LinkKind.BROKEN)
    assert len(s.lines) == 1 and len(s.bars) == 2
    for (x0, y0), (x1, y1) in s.bars:
        assert (x0 + x1) / 2 == pytest.approx(150.0) and (y0 + y1) / 2 == pytest.approx(0.0, abs=1e-9)
        assert abs(y1 - y0) > 5.0  # across the line, not along it
    assert not shape(LinkKind.COMMUNICATION).bars


def test_strength_one_dotted_three_heavy() -> None:
    weak, normal, strong = (shape(LinkKind.COMMUNICATION, strength=n) for n in (1, 2, 3))
    assert weak.dotted and not normal.dotted and not strong.dotted
    assert weak.width < normal.width < strong.width
    assert strong.width >= 1.6 * normal.width


def test_parallel_links_between_one_pair_curve_apart_whichever_way_they_run() -> None:
    links = [
        Link("l1", "a", "b"),
        Link("l2", "b", "a", kind=LinkKind.TENSION),
        Link("l3", "a", "b", kind=LinkKind.FUNDING),
        Link("l4", "a", "c"),
    ]
    bends = lm.parallel_bends(links)
    assert bends["l4"] == 0.0
    # seen from a to b, the three sit at three different offsets
    seen = sorted([bends["l1"], -bends["l2"], bends["l3"]])
    assert seen == pytest.approx([-lm.PARALLEL_SPACING, 0.0, lm.PARALLEL_SPACING])
    curved = lm.link_shape(A, B, kind=LinkKind.COMMUNICATION, directed=False, strength=2, bend=16.0)
    middle = curved.spine[len(curved.spine) // 2]
    assert middle == pytest.approx((150.0, -16.0))  # left of a->b in a y-down drawing
    assert lm.distance_to(curved.spine, (150.0, -16.0)) == pytest.approx(0.0, abs=1e-6)
    assert lm.distance_to(curved.spine, (150.0, 0.0)) == pytest.approx(16.0, abs=0.5)


def test_actors_too_close_give_no_mark() -> None:
    s = lm.link_shape(
        (0.0, 0.0), (10.0, 0.0), kind=LinkKind.INFLUENCE, directed=True, strength=2, trim_a=8, trim_b=8
    )
    assert s.lines == () and s.heads == ()
