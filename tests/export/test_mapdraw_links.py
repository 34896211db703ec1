"""The PDF's map draws links with the same marks as the canvas (one geometry: domain.link_marks)."""

from __future__ import annotations

from reportlab.graphics.shapes import Group, Line, Polygon, PolyLine
from reportlab.lib.colors import HexColor

from multitrack_desktop.domain import link_marks as lm
from multitrack_desktop.domain import model as m
from multitrack_desktop.export.mapdraw import link_mark, map_drawing
from multitrack_desktop.export.text import register_fonts


def parts(g: Group, cls: type) -> list:
    return [c for c in g.contents if isinstance(c, cls)]


def test_each_kind_has_its_mark_on_the_page() -> None:
    def mark(kind: m.LinkKind, directed: bool = False, strength: int = 2) -> Group:
        return link_mark(0, 0, 200, 0, kind=kind, directed=directed, strength=strength)

    assert len(parts(mark(m.LinkKind.COOPERATION), PolyLine)) == 2
    assert len(parts(mark(m.LinkKind.INFLUENCE), Polygon)) == 2  # both ways, as on the canvas
    assert len(parts(mark(m.LinkKind.INFLUENCE, directed=True), Polygon)) == 1
    funding = mark(m.LinkKind.FUNDING, directed=True)
    assert parts(funding, PolyLine)[0].strokeColor == HexColor(lm.FUNDING_COLOUR)
    assert len(parts(mark(m.LinkKind.BROKEN), Line)) == 2
    assert len(parts(mark(m.LinkKind.TENSION), PolyLine)[0].points) > 20
    assert parts(mark(m.LinkKind.COMMUNICATION, strength=1), PolyLine)[0].strokeDashArray
    assert parts(mark(m.LinkKind.COMMUNICATION, strength=2), PolyLine)[0].strokeDashArray is None


def test_parallel_links_curve_apart_on_the_page() -> None:
    a = m.Actor("00000000-0000-4000-8000-00000000000a", "A", track=1, placement=m.Placement(0.0, 0.7))
    b = m.Actor("00000000-0000-4000-8000-00000000000b", "B", track=5, placement=m.Placement(180.0, 0.7))
    links = [
        m.Link("10000000-0000-4000-8000-000000000001", a.id, b.id),
        m.Link("10000000-0000-4000-8000-000000000002", b.id, a.id),
    ]
    doc = m.WorkshopDocument(
        m.Workshop("20000000-0000-4000-8000-000000000001", "T"), actors=[a, b], links=links
    )
    register_fonts()
    drawing = map_drawing(doc, 400, 400, alias_badges=False)
    lines = [p for g in drawing.contents if isinstance(g, Group) for p in parts(g, PolyLine)]
    assert len(lines) == 2
    # the circle is vertical here (track 1 at the top, 5 at the bottom): the two curves bulge apart sideways
    middles = [pl.points[len(pl.points) // 2 - (len(pl.points) // 2) % 2] for pl in lines]
    assert abs(middles[0] - middles[1]) > 4.0
