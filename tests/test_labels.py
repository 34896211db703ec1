"""domain.labels: one rule for where actor labels go, on the canvas and on the PDF's map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.shapes import Rect, String

from multitrack_desktop.domain import labels, palette
from multitrack_desktop.domain import model as m
from multitrack_desktop.export.mapdraw import _point, map_drawing
from multitrack_desktop.export.text import register_fonts


def overlaps(a: labels.Box, b: labels.Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def mark_box(s: labels.LabelSpot) -> labels.Box:
    return (s.x - s.mark, s.y - s.mark, s.x + s.mark, s.y + s.mark)


def label_of(s: labels.LabelSpot, side: str) -> labels.Box:
    return labels.label_box(side, s.x, s.y, s.gap, s.w, s.h)


def test_the_four_sides_sit_around_the_mark() -> None:
    below = labels.label_box("below", 0, 0, 10, 40, 8)
    above = labels.label_box("above", 0, 0, 10, 40, 8)
    right = labels.label_box("right", 0, 0, 10, 40, 8)
    left = labels.label_box("left", 0, 0, 10, 40, 8)
    assert below == (-20, 10, 20, 18) and above == (-20, -18, 20, -10)
    assert right == (10, -4, 50, 4) and left == (-50, -4, -10, 4)


SPOTS = st.lists(
    st.builds(
        lambda x, y, r, w: (x, y, r, w),
        st.floats(-300, 300),
        st.floats(-300, 300),
        st.floats(4, 20),
        st.floats(20, 140),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(SPOTS)
def test_a_label_leaves_below_only_for_a_side_that_covers_less(
    raw: list[tuple[float, float, float, float]],
) -> None:
    spots = [labels.LabelSpot(f"a{i}", x, y, r, r + 1.0, w, 14.0) for i, (x, y, r, w) in enumerate(raw)]
    sides = labels.place_labels(spots)
    assert set(sides) == {s.key for s in spots} and set(sides.values()) <= set(labels.SIDES)
    # replayed in the rule's own order: a label is not below only if below covered a mark or an
    # earlier label, and the side it took covers at most one thing
    placed: list[tuple[str, labels.Box]] = [(s.key, mark_box(s)) for s in spots]
    for s in sorted(spots, key=lambda s: (s.y, s.x, s.key)):

        def covers(box: labels.Box, key: str = s.key) -> int:
            return len({k for k, b in placed if k != key and overlaps(box, b)})

        chosen = label_of(s, sides[s.key])
        if sides[s.key] != "below":
            assert covers(label_of(s, "below")) > 0
            assert covers(chosen) <= 1
            if covers(chosen) == 1:  # no side was free
                assert all(covers(label_of(s, side)) > 0 for side in labels.SIDES)
        elif covers(chosen) > 0:  # crowded: no side covered one thing or none
            assert all(covers(label_of(s, side)) > 0 for side in labels.SIDES)
        placed.append((s.key, chosen))


@given(SPOTS, st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_the_sides_depend_on_the_spots_not_their_order(raw, rnd) -> None:  # noqa: ANN001
    spots = [labels.LabelSpot(f"a{i}", x, y, r, r + 1.0, w, 14.0) for i, (x, y, r, w) in enumerate(raw)]
    shuffled = list(spots)
    rnd.shuffle(shuffled)
    assert labels.place_labels(spots) == labels.place_labels(shuffled)


def test_the_pdf_map_moves_a_label_off_the_mark_below_it() -> None:
    upper = m.Actor(
        "00000000-0000-4000-8000-00000000000a", "Ministry of Peace", track=1, placement=m.Placement(0.0, 0.70)
    )
    lower = m.Actor(
        "00000000-0000-4000-8000-00000000000b", "Council of Elders", track=1, placement=m.Placement(0.0, 0.62)
    )
    doc = m.WorkshopDocument(m.Workshop("20000000-0000-4000-8000-000000000001", "T"), actors=[upper, lower])
    register_fonts()
    drawing = map_drawing(doc, 400, 400, alias_badges=False)
    strings = {s.text: s for s in drawing.contents if isinstance(s, String)}
    peace, elders = strings["Ministry of Peace"], strings["Council of Elders"]
    backs = {
        text.text: next(
            r
            for r in drawing.contents
            if isinstance(r, Rect) and r.height < 10 and abs(r.y + 1.6 - text.y) < 0.01
        )
        for text in (peace, elders)
    }
    # where the marks are: the drawing's own geometry (a circle of radius r_pt about the centre)
    r_pt = min(400 / 2 / 1.6, 400 / 2 / 1.3)
    peace_xy, elders_xy = (_point(200, 200, r_pt, 0.0, 0.70), _point(200, 200, r_pt, 0.0, 0.62))
    size = palette.actor_size(3) * r_pt / 400.0
    elders_mark = (elders_xy[0] - size, elders_xy[1] - size, elders_xy[0] + size, elders_xy[1] + size)
    back = backs["Ministry of Peace"]
    peace_back = (back.x, back.y, back.x + back.width, back.y + back.height)
    below_peace = (
        back.x,
        peace_xy[1] - size - 0.2 - back.height,
        back.x + back.width,
        peace_xy[1] - size - 0.2,
    )
    assert overlaps(below_peace, elders_mark)  # where the label would usually go covers the Elders' mark
    assert not overlaps(peace_back, elders_mark)  # so it went elsewhere
    back = backs["Council of Elders"]
    assert back.y + back.height == pytest.approx(
        elders_xy[1] - size - 0.2
    )  # the Elders' label: below, as usual
