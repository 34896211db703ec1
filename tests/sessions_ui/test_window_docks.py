"""The session widgets docked in the main window: one workshop at a time, reached from menus and search."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabBar

from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import A1, E2, GAM, GOV, RADIO, S_CH, S_OPEN, ULAMA, session_in

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_docks_hold_the_open_workshops_sessions(window: MainWindow) -> None:
    ui = window.sessions
    assert ui.panel is not None and ui.panel_dock.widget() is ui.panel
    assert ui.panel.model.rowCount() == 3
    assert ui.panel.select_session(S_CH)
    assert ui.editor.session.id == S_CH and ui.capture.session_id == S_CH
    assert ui.capture.title_label.text().startswith("Helsinki round 1")


def test_live_line_records_into_the_file_and_window_undo_takes_it_back(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    ui = window.sessions
    ui.open_session(S_OPEN)
    ui.capture.line.setFocus()
    qtbot.keyClicks(ui.capture.line, "d: the radio hosts the next forum")
    qtbot.keyClick(ui.capture.line, Qt.Key.Key_Return)
    texts = [e.text for e in session_in(workshop_path, S_OPEN).entries]
    assert texts == ["the radio hosts the next forum"]
    window.undo_action.trigger()
    assert session_in(workshop_path, S_OPEN).entries == []
    window.redo_action.trigger()
    assert [e.text for e in session_in(workshop_path, S_OPEN).entries] == texts


def test_ways_in_select_what_was_asked_for(window: MainWindow) -> None:
    ui = window.sessions
    ui.panel.filter_edit.setText("no session is called this")
    assert ui.open_entry(S_CH, E2)  # the filter that hid the session is cleared
    assert ui.panel.current_session_id() == S_CH
    assert ui.capture.selected_entry_ids() == [E2]
    assert ui.open_action(A1)
    assert ui.actions.table.currentIndex().data(Qt.ItemDataRole.UserRole) == A1
    assert not ui.open_session("00000000-0000-4000-8000-00000000dead")


def test_end_session_from_the_menu_takes_a_snapshot(window: MainWindow, workshop_path: Path) -> None:
    ui = window.sessions
    ui.open_session(S_CH)
    before = ui.snapshots.after_combo.count()
    ui.end_session_action.trigger()
    assert ui.snapshots.after_combo.count() == before + 1
    assert session_in(workshop_path, S_CH).ends_at is not None


def test_closing_drops_the_widgets_and_opening_makes_new_ones(
    window: MainWindow, workshop_path: Path
) -> None:
    ui = window.sessions
    old_panel = ui.panel
    window.close_document()
    assert ui.panel is None and isinstance(ui.panel_dock.widget(), QLabel)
    assert not ui.new_session_action.isEnabled()
    window.set_file(WorkshopFile.open(workshop_path, daily_backup=False))
    assert ui.panel is not None and ui.panel is not old_panel
    assert ui.panel.model.rowCount() == 3


def test_the_window_fits_a_1280x720_screen_without_stray_tab_bars(window: MainWindow) -> None:
    assert window.minimumSizeHint().height() <= 720
    window.resize(1280, 720)
    shown = [
        tuple(bar.tabText(i) for i in range(bar.count()))
        for bar in window.findChildren(QTabBar)
        if bar.isVisible()
    ]
    assert len(shown) == len(set(shown))  # each group of tabs drawn once


def test_an_entry_recorded_does_not_redraw_the_circle(qtbot, window: MainWindow, monkeypatch) -> None:
    ui = window.sessions
    ui.open_session(S_OPEN)
    calls: list[object] = []
    monkeypatch.setattr(window.scene, "set_content", lambda *a, **k: calls.append(a))
    ui.capture.line.setText("n: only a note")
    qtbot.keyClick(ui.capture.line, Qt.Key.Key_Return)
    assert ui.capture.model.rowCount() == 1 and calls == []
    window.document.update_actor(window.document.actors[0].id, name="Renamed on the circle")
    assert len(calls) == 1


def test_a_backup_that_could_not_be_made_is_said_in_the_status_bar(qtbot, workshop_path: Path) -> None:
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    file = WorkshopFile.open(workshop_path, daily_backup=False)
    file.backup_warning = "Today's automatic backup copy could not be made: disk full"
    win.set_file(file)
    assert "disk full" in win.statusBar().currentMessage()


def test_actors_selected_on_the_circle_join_the_session(window: MainWindow, workshop_path: Path) -> None:
    ui = window.sessions
    ui.open_session(S_OPEN)
    window.select_actors([GOV, ULAMA])
    ui.add_participants_action.trigger()
    assert {p.actor for p in session_in(workshop_path, S_OPEN).participants} == {RADIO, GOV, ULAMA}
    window.undo_action.trigger()
    assert {p.actor for p in session_in(workshop_path, S_OPEN).participants} == {RADIO}


def test_no_two_enabled_actions_share_a_shortcut(window: MainWindow) -> None:
    """An ambiguous shortcut fires neither action: Qt says so on the console and does nothing."""
    from PySide6.QtGui import QAction

    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        if not action.isEnabled():
            continue
        for key in action.shortcuts():
            if not key.isEmpty():
                owners.setdefault(key.toString(), []).append(action.text())
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_session_widgets_reload_names_only_when_names_change(window: MainWindow, monkeypatch) -> None:
    from multitrack_desktop.domain import model as m
    from multitrack_desktop.widgets.sessions.common import actor_names_change

    ui = window.sessions
    ui.open_session(S_CH)
    document = window.document
    reloads: list[str] = []
    monkeypatch.setattr(ui.snapshots, "refresh", lambda: reloads.append("snapshots"))
    monkeypatch.setattr(ui.actions, "refresh", lambda: reloads.append("actions"))
    moved = document.move_actors([(RADIO, 5, None)])
    assert not actor_names_change(moved) and reloads == []
    stance = document.update_actor(GOV, stance=m.Stance.OPPOSED)
    assert not actor_names_change(stance) and reloads == []
    renamed = document.update_actor(GAM, name="Gerakan Aceh Merdeka")
    assert actor_names_change(renamed) and sorted(reloads) == ["actions", "snapshots"]
    assert "Gerakan Aceh Merdeka" in ui.capture.mention_names


def test_a_damaged_session_row_leaves_the_circle_working_and_says_why(qtbot, workshop_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(workshop_path) as conn:
        conn.execute("UPDATE sessions SET starts_at = 'not a time' WHERE id = ?", (S_OPEN,))
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(workshop_path, daily_backup=False))
    ui = win.sessions
    assert ui.panel is None and not ui.new_session_action.isEnabled()
    text = ui.panel_dock.widget().text()
    assert "cannot be shown" in text and "'not a time'" in text
    assert win.scene.actor_items  # the circle is drawn all the same


def click_tab(qtbot, window: MainWindow, title: str) -> None:
    """Click the tab called ``title`` in the window's tab bars, as the facilitator would."""
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for i in range(bar.count()):
            if bar.tabText(i) == title:
                qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                return
    raise AssertionError(f"no tab called {title!r}")


def test_tabs_behind_the_inspector_show_the_current_session_when_clicked(qtbot, window: MainWindow) -> None:
    from multitrack_desktop.widgets.sessions import OpenActionsView, SnapshotCompare

    ui = window.sessions
    assert ui.panel.select_session(S_CH)
    click_tab(qtbot, window, "Session")
    qtbot.waitUntil(ui.editor_dock.isVisible)
    assert ui.editor_dock.widget().widget() is ui._editor  # made now, in its scroll area
    assert ui._editor.session_id == S_CH and ui._editor.title_edit.text() == "Helsinki round 1"
    click_tab(qtbot, window, "Open actions")
    qtbot.waitUntil(ui.actions_dock.isVisible)
    assert isinstance(ui.actions_dock.widget(), OpenActionsView)
    assert ui.actions_dock.widget().index_of(A1, 0).isValid()
    click_tab(qtbot, window, "Snapshots")
    qtbot.waitUntil(ui.snapshots_dock.isVisible)
    assert isinstance(ui.snapshots_dock.widget(), SnapshotCompare)
    # the current session followed by a tab made before the change and one made after
    assert ui.panel.select_session(S_OPEN)
    assert ui._editor.session_id == S_OPEN and ui.snapshots_dock.widget().session_id == S_OPEN


def test_a_damaged_snapshot_says_why_in_its_tab_and_the_rest_works(qtbot, workshop_path: Path) -> None:
    import sqlite3

    file = WorkshopFile.open(workshop_path, daily_backup=False)
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(file)
    assert win.sessions.snapshots.take_snapshot() is not None
    win.close_document()
    with sqlite3.connect(workshop_path) as conn:
        conn.execute("UPDATE snapshots SET taken_at = 'yesterday'")
    win.set_file(WorkshopFile.open(workshop_path, daily_backup=False))
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    ui = win.sessions
    assert ui.panel is not None and ui.capture is not None
    click_tab(qtbot, win, "Snapshots")
    qtbot.waitUntil(ui.snapshots_dock.isVisible)
    text = ui.snapshots_dock.widget().text()
    assert "cannot be shown" in text and "'yesterday'" in text
    assert "'yesterday'" in win.statusBar().currentMessage()
    assert ui.editor is not None and ui.panel.select_session(S_CH)  # the other tabs still work
    assert ui.editor.session_id == S_CH
