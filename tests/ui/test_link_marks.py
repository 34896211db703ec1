"""Links on the circle drawn in the marks of conflict mapping, in the layer, while dragging, in the legend."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from multitrack_desktop.domain import link_marks as lm
from multitrack_desktop.domain.model import LinkKind
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, CYRILLIC, GOV, MEDIATOR

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def add(window: MainWindow, source: str, target: str, **fields: object) -> str:
    change = window.document.create_link(source, target, **fields)
    return change.created["link"]


def test_each_kind_between_one_pair_is_drawn_with_its_mark_and_curved_apart(window: MainWindow) -> None:
    ids = {kind: add(window, ARABIC, MEDIATOR, kind=kind) for kind in LinkKind}
    drawn = window.scene.link_layer.drawn
    shapes = {kind: drawn[link_id].shape for kind, link_id in ids.items()}

    assert len(shapes[LinkKind.COMMUNICATION].lines) == 1 and not shapes[LinkKind.COMMUNICATION].heads
    assert len(shapes[LinkKind.COOPERATION].lines) == 2
    assert len(shapes[LinkKind.INFLUENCE].heads) == 2  # undirected influence: both ways
    assert shapes[LinkKind.FUNDING].colour == lm.FUNDING_COLOUR
    assert len(shapes[LinkKind.TENSION].lines[0]) > 3 * len(shapes[LinkKind.COMMUNICATION].lines[0])
    assert len(shapes[LinkKind.BROKEN].bars) == 2
    assert all(not s.bars for k, s in shapes.items() if k is not LinkKind.BROKEN)

    # six links between one pair: six curves, apart from each other at their middles
    middles = [s.spine[len(s.spine) // 2] for s in shapes.values()]
    gaps = [math.dist(p, q) for i, p in enumerate(middles) for q in middles[i + 1 :]]
    assert min(gaps) >= lm.PARALLEL_SPACING * 0.9

    # every end stops at the edge of its actor's mark
    arabic = window.scene.actor_items[ARABIC]
    start = shapes[LinkKind.COMMUNICATION].spine[0]
    assert math.dist(start, (arabic.pos().x(), arabic.pos().y())) == pytest.approx(arabic.size + 3.0)


def test_directed_links_point_at_their_target_and_strength_shows(window: MainWindow) -> None:
    directed = add(window, ARABIC, CYRILLIC, kind=LinkKind.COMMUNICATION, directed=True, strength=3)
    weak = add(window, MEDIATOR, CYRILLIC, strength=1)
    layer = window.scene.link_layer
    shape = layer.drawn[directed].shape
    target = window.scene.actor_items[CYRILLIC]
    ((tip, *_),) = shape.heads
    assert math.dist(tip, (target.pos().x(), target.pos().y())) == pytest.approx(target.size + 3.0)
    assert layer.drawn[weak].shape.dotted and not shape.dotted
    assert shape.width > layer.drawn[weak].shape.width


def test_the_rendered_circle_shows_the_cross_of_a_broken_link_and_the_colour_of_funding(
    qtbot, window: MainWindow
) -> None:
    view, layer = window.view, window.scene.link_layer
    broken = add(window, ARABIC, CYRILLIC, kind=LinkKind.BROKEN, strength=3)
    funding = add(window, GOV, CYRILLIC, kind=LinkKind.FUNDING, strength=3, directed=True)
    view.zoom_in()
    view.zoom_in()
    spine = layer.drawn[broken].shape.spine
    view.centerOn(QPointF(*spine[len(spine) // 3]))
    window.document.delete_link(broken)
    window.document.delete_link(funding)
    before = view.viewport().grab().toImage()
    add(window, ARABIC, CYRILLIC, id=broken, kind=LinkKind.BROKEN, strength=3)
    after = view.viewport().grab().toImage()

    def pixel(image, x: float, y: float) -> QColor:  # noqa: ANN001
        return image.pixelColor(view.mapFromScene(QPointF(x, y)))

    # the ends of the cross's bars are inked, though off the line
    shape = layer.drawn[broken].shape
    for bar in shape.bars:
        (x0, y0), (x1, y1) = bar
        x, y = x0 + (x1 - x0) * 0.95, y0 + (y1 - y0) * 0.95
        assert pixel(after, x, y) != pixel(before, x, y)
    # as far off the line at a quarter of its length, nothing is drawn
    (ax, ay), (bx, by) = shape.spine[0], shape.spine[-1]
    (x0, y0), (x1, y1) = shape.bars[0]
    off = math.dist((x0 + (x1 - x0) * 0.95, y0 + (y1 - y0) * 0.95), ((x0 + x1) / 2, (y0 + y1) / 2)) * 0.7
    length = math.dist((ax, ay), (bx, by))
    nx, ny = -(by - ay) / length, (bx - ax) / length
    qx, qy = ax + (bx - ax) * 0.25 + nx * off, ay + (by - ay) * 0.25 + ny * off
    assert pixel(after, qx, qy) == pixel(before, qx, qy)

    # funding is drawn in its own colour (ochre: more red than blue), unlike the grey links
    add(window, GOV, CYRILLIC, id=funding, kind=LinkKind.FUNDING, strength=3, directed=True)
    spine = layer.drawn[funding].shape.spine
    view.centerOn(QPointF(*spine[len(spine) // 2]))
    c = pixel(view.viewport().grab().toImage(), *spine[len(spine) // 2])
    assert c.red() - c.blue() > 60


def test_links_keep_their_marks_while_an_actor_is_dragged(qtbot, window: MainWindow) -> None:
    funding = add(window, GOV, CYRILLIC, kind=LinkKind.FUNDING, directed=True)
    scene, viewport = window.scene, window.view.viewport()
    start = window.view.mapFromScene(scene.actor_items[GOV].pos())
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 4):
        qtbot.mouseMove(viewport, start + QPoint(12 * i, 8 * i))
    live = scene.live_links[funding]
    assert live.mark.shape.colour == lm.FUNDING_COLOUR and len(live.mark.shape.heads) == 1
    tip = live.mark.shape.heads[0][0]
    cyr = scene.actor_items[CYRILLIC]
    assert math.dist(tip, (cyr.pos().x(), cyr.pos().y())) == pytest.approx(cyr.size + 3.0)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(36, 24))
    assert scene.live_links == {}
    assert funding in scene.link_layer.drawn


def test_the_legend_shows_every_mark(window: MainWindow) -> None:
    rows = [row for row in window.scene.legend.rows if row[0] == "link"]
    shapes = [row[1].shape for row in rows]
    assert any(len(s.lines) == 2 for s in shapes)  # double: cooperation
    assert any(s.colour == lm.FUNDING_COLOUR and s.heads for s in shapes)  # funding arrow
    assert any(len(s.lines[0]) > 6 for s in shapes)  # zigzag: tension
    assert any(s.bars for s in shapes)  # crossed: broken
    assert any(s.dotted for s in shapes)  # informal
    assert any(len(s.heads) == 1 and s.colour == lm.LINK_COLOUR for s in shapes)  # directed / influence
    assert any(len(s.heads) == 2 for s in shapes)  # both ways
    widths = {s.width for s in shapes}
    assert max(widths) >= 1.6 * min(w for w in widths if w > min(widths))  # heavy: strong
    texts = " ".join(row[2] for row in rows)
    for word in ("communication", "cooperation", "influence", "funding", "tension", "broken"):
        assert word in texts
