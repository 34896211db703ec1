"""The main window on a real workshop file: title, circle, library, inspector, drag, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QRawFont
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip

from multitrack_desktop.canvas.items import ActorItem
from multitrack_desktop.canvas.style import R
from multitrack_desktop.domain import geometry
from multitrack_desktop.domain.layout import layout_positions
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, ARABIC_NAME, CYRILLIC, CYRILLIC_NAME, ELDER, GOV, MEDIATOR, load

# The offscreen platform warns that it cannot apply window size hints; nothing to do with us.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def viewport_point(win: MainWindow, scene_pos: QPointF) -> QPoint:
    return win.view.mapFromScene(scene_pos)


def drag(qtbot, win: MainWindow, start: QPointF, end: QPointF) -> None:
    viewport = win.view.viewport()
    a, b = viewport_point(win, start), viewport_point(win, end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, 6):
        qtbot.mouseMove(viewport, a + (b - a) * (i / 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)


def test_title_names_the_workshop(window: MainWindow) -> None:
    assert window.windowTitle() == "Coastal talks 2025 — Multitrack Desktop"


def test_one_item_per_placed_actor_where_the_geometry_puts_it(
    window: MainWindow, workshop_path: Path
) -> None:
    scene = window.scene
    doc = load(workshop_path)
    placed = {a.id: a for a in doc.actors if a.track is not None}
    items = [i for i in scene.items() if isinstance(i, ActorItem)]
    assert sorted(i.actor_id for i in items) == sorted(placed)
    laid_out = layout_positions(doc.actors)
    assert set(laid_out) == {CYRILLIC}
    for item in items:
        actor = placed[item.actor_id]
        angle, radius = (
            (actor.placement.angle_deg, actor.placement.radius) if actor.placement else laid_out[actor.id]
        )
        p = geometry.to_xy(angle, radius)
        assert item.pos().x() == pytest.approx(p.x * R, abs=1e-6)
        assert item.pos().y() == pytest.approx(p.y * R, abs=1e-6)
        assert geometry.track_at(*geometry.from_xy(item.pos().x() / R, item.pos().y() / R)) == actor.track
    # a link with an end in the library is not drawn
    assert len(scene.link_items) == 2


def test_sectors_name_their_track_on_hover(window: MainWindow) -> None:
    tip = window.scene.sector_items[3].toolTip()
    assert "Business" in tip and "peacemaking through commerce" in tip
    assert "peacemaking through information" in window.scene.sector_items[9].toolTip()


def test_library_lists_every_actor_and_marks_the_unplaced(window: MainWindow) -> None:
    lib = window.library
    assert lib.row_count() == 6
    assert "not on the circle" in lib.text_of(ELDER)
    assert "not on the circle" not in lib.text_of(GOV)
    assert "Track 7" in lib.text_of(ARABIC)
    lib.search.setText("ФОНД")  # case-folded, Cyrillic
    assert lib.ids_shown() == [CYRILLIC]
    lib.search.setText("mediator a")  # the alias finds the actor too
    assert lib.ids_shown() == [MEDIATOR]
    lib.search.setText("")
    assert lib.row_count() == 6


def test_selection_follows_between_circle_library_and_inspector(window: MainWindow) -> None:
    window.scene.actor_items[ARABIC].setSelected(True)
    assert window.library.selected_ids() == [ARABIC]
    assert window.inspector.text_of("name") == ARABIC_NAME
    assert window.inspector.text_of("track").startswith("7")

    window.select_actor(ELDER)  # from the library: not on the circle, so nothing selected there
    assert window.scene.selected_actor_ids() == []
    assert window.inspector.text_of("name") == "Unplaced Elder"
    assert window.inspector.text_of("track") == "not on the circle"

    window.select_actor(GOV)
    assert window.scene.selected_actor_ids() == [GOV]


def test_drag_to_another_sector_is_saved_and_undone(qtbot, window: MainWindow, workshop_path: Path) -> None:
    scene = window.scene  # keep the scene referenced for the whole test
    start = scene.actor_items[GOV].pos()
    target = geometry.to_xy(90.0, 0.65)  # the middle of track 3
    drag(qtbot, window, start, QPointF(target.x * R, target.y * R))

    moved = load(workshop_path).actor_by_id()[GOV]
    assert moved.track == 3
    assert moved.placement is not None
    assert geometry.track_at(moved.placement.angle_deg, moved.placement.radius) == 3
    assert moved.placement.angle_deg == pytest.approx(90.0, abs=3.0)
    assert window.undo_stack.count() == 1  # one gesture, one undo step
    assert scene.actor_items[GOV].pos().x() == pytest.approx(
        geometry.to_xy(moved.placement.angle_deg, moved.placement.radius).x * R, abs=1e-6
    )

    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = load(workshop_path).actor_by_id()[GOV]
    assert back.track == 1
    assert (back.placement.angle_deg, back.placement.radius) == (0.0, 0.65)
    assert scene.actor_items[GOV].pos().y() == pytest.approx(-0.65 * R, abs=1e-6)

    window.redo_action.trigger()
    assert load(workshop_path).actor_by_id()[GOV].track == 3


def test_drop_outside_the_circle_puts_the_actor_back_in_the_library(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    scene = window.scene
    drag(qtbot, window, scene.actor_items[ARABIC].pos(), QPointF(-0.75 * 1.2 * R, 0.75 * 1.2 * R))
    actor = load(workshop_path).actor_by_id()[ARABIC]
    assert actor.track is None and actor.placement is None
    assert ARABIC not in scene.actor_items
    assert "not on the circle" in window.library.text_of(ARABIC)
    window.undo_stack.undo()
    assert load(workshop_path).actor_by_id()[ARABIC].track == 7
    assert ARABIC in scene.actor_items


def test_a_click_without_moving_changes_nothing(qtbot, window: MainWindow, workshop_path: Path) -> None:
    before = workshop_path.stat().st_mtime_ns
    pos = window.scene.actor_items[GOV].pos()
    drag(qtbot, window, pos, pos)
    assert window.undo_stack.count() == 0
    assert workshop_path.stat().st_mtime_ns == before
    assert window.scene.selected_actor_ids() == [GOV]


def test_labels_use_a_font_that_covers_arabic_and_cyrillic(window: MainWindow) -> None:
    # QFontMetrics.inFontUcs4 alone also counts the system's fallback fonts (it says yes for a Thai-only
    # family here), so the primary face the label resolves to is checked as well, through QRawFont.
    for actor_id, name in ((ARABIC, ARABIC_NAME), (CYRILLIC, CYRILLIC_NAME)):
        label = window.scene.actor_items[actor_id].label
        assert label.text == name
        metrics = QFontMetrics(label.font)
        face = QRawFont.fromFont(label.font)
        assert face.isValid()
        missing = [
            c
            for c in name
            if not c.isspace() and not (metrics.inFontUcs4(ord(c)) and face.supportsCharacter(ord(c)))
        ]
        assert missing == [], f"{face.familyName()} lacks {missing}"


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_long_names_are_elided_with_the_full_name_in_the_tooltip(qtbot, window: MainWindow) -> None:
    item = window.scene.actor_items[MEDIATOR]
    assert item.label.text.endswith("…") and len(item.label.text) <= 22
    assert "Centre for Humanitarian Dialogue and Mediation" in item.toolTip()
    assert item.label.alias  # anonymised: the alias badge is shown
    # what the pointer meets: the open hand over an actor, and the tooltip the scene shows for it
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    viewport = window.view.viewport()
    where = window.view.mapFromScene(item.scenePos())
    qtbot.mouseMove(viewport, where + QPoint(40, 40))
    qtbot.mouseMove(viewport, where)
    assert viewport.cursor().shape() == Qt.CursorShape.OpenHandCursor
    QToolTip.hideText()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where)))
    assert QToolTip.isVisible()
    assert "Centre for Humanitarian Dialogue and Mediation" in QToolTip.text()
    QToolTip.hideText()


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_an_actor_asked_for_its_tooltip_before_any_hover_still_gives_it(qtbot, window: MainWindow) -> None:
    item = window.scene.actor_items[GOV]
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    viewport = window.view.viewport()
    where = window.view.mapFromScene(item.scenePos())
    QToolTip.hideText()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where)))
    assert QToolTip.isVisible() and "Ministry of Foreign Affairs" in QToolTip.text()
    QToolTip.hideText()


def test_a_file_held_elsewhere_opens_read_only_when_the_user_agrees(
    qtbot, workshop_path: Path, monkeypatch
) -> None:
    holder = WorkshopFile.open(workshop_path)  # the lock says: open in another window
    try:
        asked: list[str] = []

        def answer(parent, title, text, *rest):  # noqa: ANN001
            asked.append(text)
            return QMessageBox.StandardButton.Open

        monkeypatch.setattr(QMessageBox, "question", answer)
        win = MainWindow(remember_geometry=False)
        qtbot.addWidget(win)
        assert win.open_path(workshop_path)
        assert "already open" in asked[0]
        assert win.windowTitle() == "Coastal talks 2025 (read-only) — Multitrack Desktop"
        item = win.scene.actor_items[GOV]
        assert not item.flags() & item.GraphicsItemFlag.ItemIsMovable
        win.close()
    finally:
        holder.close()


def test_close_leaves_an_empty_window_and_releases_the_file(window: MainWindow, workshop_path: Path) -> None:
    window.close_action.trigger()
    assert window.windowTitle() == "Multitrack Desktop"
    assert window.scene.actor_items == {}
    assert window.library.row_count() == 0
    WorkshopFile.open(workshop_path).close()  # the lock is free again


def test_window_geometry_is_kept_as_plain_text(qtbot, workshop_path: Path) -> None:
    from PySide6.QtCore import QSettings

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(640, 480)  # the offscreen screen is 800x800: stay inside it
    win.show()
    qtbot.waitExposed(win)
    win.close()
    stored = QSettings().value("window/geometry")
    assert isinstance(stored, str) and stored
    again = MainWindow()
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (640, 480)


def test_the_main_toolbar_undoes_and_zooms_with_a_click_and_keeps_qts_standard_keys(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    from PySide6.QtGui import QKeySequence

    def name_of(actor_id: str) -> str:
        return next(a.name for a in load(workshop_path).actors if a.id == actor_id)

    bar = window.main_bar
    labels = [bar.widgetForAction(a).text() for a in bar.actions() if not a.isSeparator()]
    assert labels == ["New", "Open", "Undo", "Redo", "Zoom out", "Zoom in", "Fit"]
    assert window.open_action.text() == "&Open…"  # the menu keeps its words
    undo_button = bar.widgetForAction(window.undo_button_action)
    assert not undo_button.isEnabled()
    window.inspector.edit_requested.emit(GOV, {"name": "Ministry of Peace"})  # as the inspector applies
    assert name_of(GOV) == "Ministry of Peace"
    assert undo_button.isEnabled() and undo_button.toolTip().startswith("Undo ")  # says what it undoes
    qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)
    assert name_of(GOV) == "Ministry of Foreign Affairs"
    assert not undo_button.isEnabled()
    qtbot.mouseClick(bar.widgetForAction(window.redo_button_action), Qt.MouseButton.LeftButton)
    assert name_of(GOV) == "Ministry of Peace"
    before = window.view.transform().m11()
    qtbot.mouseClick(bar.widgetForAction(window.zoom_in_action), Qt.MouseButton.LeftButton)
    assert window.view.transform().m11() > before
    for action, standard in (
        (window.undo_action, QKeySequence.StandardKey.Undo),
        (window.redo_action, QKeySequence.StandardKey.Redo),
        (window.zoom_in_action, QKeySequence.StandardKey.ZoomIn),
        (window.zoom_out_action, QKeySequence.StandardKey.ZoomOut),
        (window.full_screen_action, QKeySequence.StandardKey.FullScreen),
        (window.quit_action, QKeySequence.StandardKey.Quit),
    ):
        keys = {k.toString() for k in action.shortcuts()}
        assert {k.toString() for k in QKeySequence.keyBindings(standard)} <= keys, action.text()
