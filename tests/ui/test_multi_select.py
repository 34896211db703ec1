"""Several actors selected on the circle (Ctrl-click, rubber band) move together as one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from multitrack_desktop.canvas.style import R
from multitrack_desktop.domain import geometry
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, GOV, MEDIA, MEDIATOR, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def click(qtbot, win: MainWindow, scene_pos: QPointF, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(
        win.view.viewport(), Qt.MouseButton.LeftButton, modifier, win.view.mapFromScene(scene_pos)
    )


def drag(qtbot, win: MainWindow, start: QPointF, end: QPointF) -> None:
    viewport = win.view.viewport()
    a, b = win.view.mapFromScene(start), win.view.mapFromScene(end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, 9):
        qtbot.mouseMove(viewport, a + (b - a) * (i / 8))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)


def track_of(pos: QPointF) -> int:
    angle, radius = geometry.from_xy(pos.x() / R, pos.y() / R)
    return geometry.track_at(angle, min(radius, 1.0))


def test_ctrl_click_selects_several_and_they_move_together_in_one_step(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    scene = window.scene
    before = load(workshop_path)
    gov, arabic = scene.actor_items[GOV].pos(), scene.actor_items[ARABIC].pos()
    click(qtbot, window, gov)
    click(qtbot, window, arabic, Qt.KeyboardModifier.ControlModifier)
    assert sorted(scene.selected_actor_ids()) == sorted([GOV, ARABIC])
    assert sorted(window.library.selected_ids()) == sorted([GOV, ARABIC])
    assert window.inspector.placeholder.text() == "2 actors selected."

    # GOV from the top of track 1 into track 2; ARABIC goes the same way, from track 7 towards the top
    target = geometry.to_xy(40.0, 0.7)
    end = QPointF(target.x * R, target.y * R)
    drag(qtbot, window, gov, end)
    delta = end - gov

    doc = load(workshop_path).actor_by_id()
    assert window.undo_stack.count() == 1
    for actor_id, start in ((GOV, gov), (ARABIC, arabic)):
        moved = doc[actor_id]
        expected = track_of(start + delta)
        assert moved.track == expected
        assert geometry.track_at(moved.placement.angle_deg, moved.placement.radius) == expected
        p = geometry.to_xy(moved.placement.angle_deg, moved.placement.radius)
        # where it was let go, give or take a pixel of the viewport
        assert abs(p.x * R - (start + delta).x()) < 3.0 and abs(p.y * R - (start + delta).y()) < 3.0
    assert doc[GOV].track == 2 and doc[ARABIC].track != 7

    window.undo_stack.undo()
    assert load(workshop_path) == before
    window.undo_stack.redo()
    assert load(workshop_path).actor_by_id()[GOV].track == 2


def test_rubber_band_selects_the_actors_inside_it(qtbot, window: MainWindow) -> None:
    scene = window.scene
    inside = [scene.actor_items[i].pos() for i in (GOV, MEDIATOR)]
    left = min(p.x() for p in inside) - 30.0
    right = max(p.x() for p in inside) + 30.0
    top = min(p.y() for p in inside) - 30.0
    bottom = max(p.y() for p in inside) + 30.0
    drag(qtbot, window, QPointF(left, top), QPointF(right, bottom))
    assert sorted(scene.selected_actor_ids()) == sorted([GOV, MEDIATOR])
    assert MEDIA not in scene.selected_actor_ids()
    assert window.undo_stack.count() == 0  # selecting is not an edit


def test_the_middle_button_pans_without_selecting_or_moving(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    view = window.view
    view.zoom_in()
    view.zoom_in()
    view.centerOn(0.0, 0.0)
    h, v = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    viewport = view.viewport()
    start = view.mapFromScene(window.scene.actor_items[GOV].pos())  # even when pressed on an actor
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(-60, -40))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=start + QPoint(-60, -40))
    assert view.horizontalScrollBar().value() == h + 60
    assert view.verticalScrollBar().value() == v + 40
    assert not view.fitted
    assert window.scene.selected_actor_ids() == []
    assert window.undo_stack.count() == 0


def test_zoom_keys_and_fit(qtbot, window: MainWindow) -> None:
    view = window.view
    fitted = view.transform().m11()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() == pytest.approx(fitted / 1.25)
    assert not view.fitted
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.fitted and view.transform().m11() == pytest.approx(fitted)
    window.resize(1000, 700)  # fitted: the circle follows the window
    qtbot.waitUntil(lambda: view.transform().m11() < fitted)
