"""Drag and drop from the actor library onto the circle, checked in the SQLite file.

QTest mouse moves do not start a QDrag, so the drag is what the library's model puts in the
drag (its mime data), delivered to the circle's viewport as the synthetic enter, move and drop
events Qt would send.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from multitrack_desktop.canvas import style
from multitrack_desktop.canvas.mime import ACTOR_IDS_MIME, actor_ids_from
from multitrack_desktop.canvas.style import R
from multitrack_desktop.domain import geometry
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import CYRILLIC, ELDER, GOV, MEDIATOR, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def scene_xy(angle: float, radius: float) -> QPointF:
    p = geometry.to_xy(angle, radius)
    return QPointF(p.x * R, p.y * R)


def drop_from_library(
    win: MainWindow, ids: list[str], scene_pos: QPointF, mime: QMimeData | None = None
) -> bool:
    """Drag the library rows of ``ids`` over the circle and let go at ``scene_pos``; True if accepted."""
    viewport = win.view.viewport()
    data = mime if mime is not None else win.library.drag_data(ids)
    pos = win.view.mapFromScene(scene_pos)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, data, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, Qt.DropAction.CopyAction, data, buttons, mods)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, data, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def landing_point(win: MainWindow, scene_pos: QPointF) -> tuple[float, float]:
    """(angle, radius) of the point the drop really happens at: the viewport works in whole pixels."""
    p = win.view.mapToScene(win.view.mapFromScene(scene_pos))
    return geometry.from_xy(p.x() / R, p.y() / R)


def test_library_rows_drag_their_actor_ids(window: MainWindow) -> None:
    lib = window.library
    assert lib.list.dragEnabled()
    data = lib.drag_data([ELDER, GOV])
    assert data.hasFormat(ACTOR_IDS_MIME)
    assert sorted(actor_ids_from(data)) == sorted([ELDER, GOV])
    assert lib.model.supportedDragActions() == Qt.DropAction.CopyAction  # a Move would delete the rows


@pytest.mark.parametrize("track", geometry.TRACKS)
def test_drop_from_the_library_on_each_track_is_saved_and_undone(
    window: MainWindow, workshop_path: Path, track: int
) -> None:
    scene = window.scene  # keep the scene referenced for the whole test
    angle, radius = (200.0, 0.15) if track == 9 else (geometry.sector_centre(track), 0.62)
    assert drop_from_library(window, [ELDER], scene_xy(angle, radius))

    actor = load(workshop_path).actor_by_id()[ELDER]
    assert actor.track == track
    assert actor.placement is not None
    assert geometry.track_at(actor.placement.angle_deg, actor.placement.radius) == track
    assert actor.placement.radius == pytest.approx(radius, abs=0.01)
    assert window.undo_stack.count() == 1
    assert ELDER in scene.actor_items
    assert scene.selected_actor_ids() == [ELDER]
    assert window.inspector.actor_id == ELDER

    window.undo_stack.undo()
    back = load(workshop_path).actor_by_id()[ELDER]
    assert back.track is None and back.placement is None
    assert ELDER not in scene.actor_items
    window.undo_stack.redo()
    assert load(workshop_path).actor_by_id()[ELDER].track == track


def _boundary_points() -> list[tuple[float, float]]:
    points = []
    for track in range(1, 9):
        edge = geometry.sector_start(track)
        for delta in (-0.4, 0.4):
            points.append((geometry.normalise_angle(edge + delta), 0.6))
    for angle in (0.0, 100.0, 250.0):
        for radius in (0.29, 0.31):
            points.append((angle, radius))
    points += [(10.0, 0.999), (170.0, 1.05)]  # the rim, and the name band outside it
    return points


@pytest.mark.parametrize(("angle", "radius"), _boundary_points())
def test_drops_near_a_boundary_land_where_the_geometry_says(
    window: MainWindow, workshop_path: Path, angle: float, radius: float
) -> None:
    target = scene_xy(angle, radius)
    real_angle, real_radius = landing_point(window, target)
    expected = geometry.track_at(real_angle, min(real_radius, 1.0))
    assert drop_from_library(window, [ELDER], target)
    actor = load(workshop_path).actor_by_id()[ELDER]
    assert actor.track == expected
    # the stored position reads back as the same track, whichever way SQLite or Python reads it
    assert geometry.track_at(actor.placement.angle_deg, actor.placement.radius) == expected
    assert actor.placement.angle_deg == pytest.approx(real_angle, abs=1.0)


def test_a_drop_outside_the_circle_is_refused_and_writes_nothing(
    window: MainWindow, workshop_path: Path
) -> None:
    before = workshop_path.stat().st_mtime_ns
    assert not drop_from_library(window, [ELDER], QPointF(1.3 * R, 1.0 * R))
    assert load(workshop_path).actor_by_id()[ELDER].track is None
    assert window.undo_stack.count() == 0
    assert workshop_path.stat().st_mtime_ns == before


def test_other_drags_are_refused(window: MainWindow, workshop_path: Path) -> None:
    text = QMimeData()
    text.setText(ELDER)
    assert not drop_from_library(window, [], scene_xy(90.0, 0.6), mime=text)
    assert window.undo_stack.count() == 0


def test_several_actors_dropped_together_land_on_one_track_in_one_step(
    window: MainWindow, workshop_path: Path
) -> None:
    assert drop_from_library(window, [ELDER, CYRILLIC], scene_xy(135.0, 0.6))
    actors = load(workshop_path).actor_by_id()
    placements = []
    for actor_id in (ELDER, CYRILLIC):
        a = actors[actor_id]
        assert a.track == 4
        assert geometry.track_at(a.placement.angle_deg, a.placement.radius) == 4
        placements.append((a.placement.angle_deg, a.placement.radius))
    assert placements[0] != placements[1]  # spread, not stacked
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    actors = load(workshop_path).actor_by_id()
    assert actors[ELDER].track is None
    assert actors[CYRILLIC].track == 8 and actors[CYRILLIC].placement is None


def test_dropping_on_a_track_listed_in_also_tracks_removes_it_there(
    window: MainWindow, workshop_path: Path
) -> None:
    assert load(workshop_path).actor_by_id()[MEDIATOR].also_tracks == [1]
    assert drop_from_library(window, [MEDIATOR], scene_xy(350.0, 0.7))
    actor = load(workshop_path).actor_by_id()[MEDIATOR]
    assert actor.track == 1 and actor.also_tracks == []
    window.undo_stack.undo()
    actor = load(workshop_path).actor_by_id()[MEDIATOR]
    assert actor.track == 2 and actor.also_tracks == [1]


def test_a_read_only_workshop_refuses_drops(qtbot, workshop_path: Path) -> None:
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(workshop_path, readonly=True))
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    win.view.fit()
    assert not drop_from_library(win, [ELDER], scene_xy(90.0, 0.6))
    assert load(workshop_path).actor_by_id()[ELDER].track is None


def test_the_track_under_a_drag_lights_up(window: MainWindow) -> None:
    scene, viewport = window.scene, window.view.viewport()
    data = window.library.drag_data([ELDER])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for angle, track in ((135.0, 4), (180.0, 5)):
        pos = window.view.mapFromScene(scene_xy(angle, 0.6))
        if track == 4:
            QApplication.sendEvent(
                viewport, QDragEnterEvent(pos, Qt.DropAction.CopyAction, data, buttons, mods)
            )
        QApplication.sendEvent(viewport, QDragMoveEvent(pos, Qt.DropAction.CopyAction, data, buttons, mods))
        assert scene.drop_target == track
        assert scene.sector_items[track].brush().color() == style.band_fill(track)
    assert scene.sector_items[4].brush().color() == style.sector_fill(4)  # left behind: back to its tint
    QApplication.sendEvent(viewport, QDragLeaveEvent())
    assert scene.drop_target is None
    assert scene.sector_items[5].brush().color() == style.sector_fill(5)


def test_a_drop_clears_the_lit_track(window: MainWindow) -> None:
    assert drop_from_library(window, [ELDER], scene_xy(90.0, 0.6))
    assert window.scene.drop_target is None
    assert not any(item.highlighted for item in window.scene.sector_items.values())
