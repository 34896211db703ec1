"""Links on the circle: drawn by one cached layer, followed live while an actor is dragged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

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
    gov_now = scene.actor_items[GOV].pos()
    live = scene.live_links[GOV_ARABIC].path()
    assert live.elementAt(0).x == pytest.approx(gov_now.x()) and live.elementAt(0).y == pytest.approx(
        gov_now.y()
    )
    arabic = scene.actor_items[ARABIC].pos()
    assert live.elementAt(1).x == pytest.approx(arabic.x())

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
