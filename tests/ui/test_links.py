"""Links on the circle: drawn by one cached layer, followed live while an actor is dragged."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from multitrack_desktop.canvas.style import R
from multitrack_desktop.domain import geometry
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, GOV, MEDIATOR, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

GOV_ARABIC = "10000000-0000-4000-8000-000000000001"
GOV_MEDIATOR = "10000000-0000-4000-8000-000000000002"


def test_links_follow_a_dragged_actor_and_settle_where_it_is_stored(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    scene = window.scene
    layer = scene.link_layer
    assert set(layer.marks) == {GOV_ARABIC, GOV_MEDIATOR}
    viewport = window.view.viewport()
    start = window.view.mapFromScene(scene.actor_items[GOV].pos())
    target = geometry.to_xy(100.0, 0.6)
    end = window.view.mapFromScene(QPointF(target.x * R, target.y * R))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * (i / 5))

    # while the button is held, GOV's links are drawn on their own and follow it
    assert set(scene.live_links) == {GOV_ARABIC, GOV_MEDIATOR}
    assert layer.hidden == frozenset({GOV_ARABIC, GOV_MEDIATOR})
    gov = scene.actor_items[GOV]
    gov_now = gov.pos()
    live = scene.live_links[GOV_ARABIC].path()
    # the live link starts at the edge of GOV's mark where GOV is now, and stops at ARABIC's edge
    start = live.elementAt(0)
    assert math.hypot(start.x - gov_now.x(), start.y - gov_now.y()) == pytest.approx(gov.size + 3.0)
    arabic = scene.actor_items[ARABIC]
    last = live.elementAt(live.elementCount() - 1)
    gap = math.hypot(last.x - arabic.pos().x(), last.y - arabic.pos().y())
    assert gap == pytest.approx(arabic.size + 3.0)
    towards = math.atan2(arabic.pos().y() - gov_now.y(), arabic.pos().x() - gov_now.x())
    assert math.atan2(start.y - gov_now.y(), start.x - gov_now.x()) == pytest.approx(towards)

    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert scene.live_links == {} and layer.hidden == frozenset()
    stored = load(workshop_path).actor_by_id()[GOV].placement
    p = geometry.to_xy(stored.angle_deg, stored.radius)
    mark = layer.marks[GOV_MEDIATOR]
    assert (mark.a.x(), mark.a.y()) == (pytest.approx(p.x * R), pytest.approx(p.y * R))
    assert mark.b == scene.actor_items[MEDIATOR].pos()


def test_a_link_is_found_under_the_pointer(window: MainWindow) -> None:
    layer = window.scene.link_layer
    a, b = window.scene.actor_items[GOV].pos(), window.scene.actor_items[ARABIC].pos()
    middle = (a + b) / 2.0
    assert layer.link_at(middle, 3.0).link_id == GOV_ARABIC
    assert layer.link_at(middle + QPointF(0.0, 40.0), 3.0) is None


def test_while_dragging_what_does_not_move_is_drawn_from_one_still_picture(qtbot, window: MainWindow) -> None:
    view, scene = window.view, window.scene
    viewport = view.viewport()
    before = viewport.grab().toImage()
    start = view.mapFromScene(scene.actor_items[GOV].pos())
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 4):
        qtbot.mouseMove(viewport, start + QPoint(0, 12 * i))

    assert view.still is not None
    assert not scene.sector_items[5].isVisible() and not scene.actor_items[ARABIC].isVisible()
    assert scene.actor_items[GOV].isVisible() and scene.selected_actor_ids() == [GOV]
    during = viewport.grab().toImage()
    for angle, radius in ((180.0, 0.9), (270.0, 0.6)):  # track 5's ring, and ARABIC (not moving)
        p = geometry.to_xy(angle, radius)
        pixel = view.mapFromScene(QPointF(p.x * R, p.y * R))
        assert during.pixel(pixel) == before.pixel(pixel)
    gov_now = view.mapFromScene(scene.actor_items[GOV].pos())
    assert during.pixel(gov_now) != before.pixel(gov_now)  # the moving actor is drawn where it is now

    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 36))
    assert view.still is None
    assert all(item.isVisible() for item in scene.static_items(set()))


def test_scrolling_during_a_drag_draws_the_scene_itself_again(qtbot, window: MainWindow) -> None:
    view, scene = window.view, window.scene
    view.zoom_in()
    view.zoom_in()  # scroll bars appear
    view.centerOn(scene.actor_items[GOV])
    start = view.mapFromScene(scene.actor_items[GOV].pos())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(0, 10))
    qtbot.mouseMove(view.viewport(), start + QPoint(0, 20))
    assert view.still is not None
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 40)
    assert view.still is None
    assert scene.sector_items[1].isVisible() and scene.actor_items[ARABIC].isVisible()
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(0, 20))
    assert scene.live_links == {}


def test_an_edit_that_moves_no_link_keeps_the_drawn_links(qtbot, window: MainWindow) -> None:
    marks = window.scene.link_items
    window.select_actor(GOV)
    name = window.inspector.editor("name")
    qtbot.keyClicks(name, " B")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.undo_stack.count() == 1
    assert window.scene.link_items is marks  # not redrawn: thousands of links would be
    window.undo_stack.undo()
    assert window.scene.link_items is marks
