"""New, duplicate and delete from the library: each one undo step, checked in the file."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from multitrack_desktop.domain import model as m
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, ELDER, GOV, MEDIATOR, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

GOV_LINKS = {"10000000-0000-4000-8000-000000000001", "10000000-0000-4000-8000-000000000002"}


def answer_next_dialog(qtbot, button_text: str | None, seen: list[str]) -> None:
    """Click ``button_text`` (None: Cancel) in the next modal dialog, noting its text."""

    deadline = time.monotonic() + 5.0

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if time.monotonic() < deadline:  # never outlive the test
                QTimer.singleShot(10, click)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        for button in box.buttons():
            if (button_text is None and box.buttonRole(button) == QMessageBox.ButtonRole.RejectRole) or (
                button.text() == button_text
            ):
                button.click()
                return
        raise AssertionError(f"no button {button_text!r}")

    QTimer.singleShot(0, click)


def focus_library(qtbot, window: MainWindow) -> None:
    """Shortcuts act in the active window only."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.library.list.setFocus()


def press_delete(qtbot, window: MainWindow) -> None:
    focus_library(qtbot, window)
    qtbot.keyClick(window.library.list, Qt.Key.Key_Delete)


def test_new_actor_from_the_library_toolbar(qtbot, window: MainWindow, workshop_path: Path) -> None:
    lib = window.library
    button = lib.toolbar.widgetForAction(window.actor_actions.new_action)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    doc = load(workshop_path)
    assert len(doc.actors) == 7
    new = [a for a in doc.actors if a.name == "New actor"]
    assert len(new) == 1 and new[0].track is None
    assert window.inspector.actor_id == new[0].id
    assert window.library.selected_ids() == [new[0].id]
    assert window.undo_stack.count() == 1

    # the name field is ready to type over
    name = window.inspector.editor("name")
    qtbot.keyClicks(name, "Women's network")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert load(workshop_path).actor_by_id()[new[0].id].name == "Women's network"

    window.undo_stack.undo()
    window.undo_stack.undo()
    assert new[0].id not in load(workshop_path).actor_by_id()
    assert lib.row_count() == 6


def test_duplicate_copies_every_field_but_the_position(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    window.select_actor(MEDIATOR)
    focus_library(qtbot, window)
    qtbot.keyClick(window.library.list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    doc = load(workshop_path)
    original = doc.actor_by_id()[MEDIATOR]
    copies = [a for a in doc.actors if a.name == original.name + " (copy)"]
    assert len(copies) == 1
    copy = copies[0]
    assert copy.id != MEDIATOR
    assert (copy.kind, copy.track, copy.also_tracks, copy.alias, copy.anonymise, copy.stance) == (
        original.kind,
        original.track,
        original.also_tracks,
        original.alias,
        original.anonymise,
        original.stance,
    )
    assert copy.placement is None  # laid out beside the others, not on top of the original
    assert copy.id in window.scene.actor_items
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert copy.id not in load(workshop_path).actor_by_id()


def test_delete_key_deletes_with_links_and_undo_restores_the_file(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    before = load(workshop_path)
    window.select_actor(GOV)
    seen: list[str] = []
    answer_next_dialog(qtbot, "Delete", seen)
    press_delete(qtbot, window)

    assert "Ministry of Foreign Affairs" in seen[0] and "2 links" in seen[0]
    doc = load(workshop_path)
    assert GOV not in doc.actor_by_id()
    assert not {lk.id for lk in doc.links} & GOV_LINKS
    assert GOV not in window.scene.actor_items
    assert window.undo_stack.count() == 1

    window.undo_action.trigger()
    assert load(workshop_path) == before
    assert GOV in window.scene.actor_items and len(window.scene.link_items) == 2
    window.redo_action.trigger()
    assert GOV not in load(workshop_path).actor_by_id()


def test_delete_restores_references_in_sessions(qtbot, workshop_path: Path) -> None:
    with WorkshopFile.open(workshop_path) as wf:
        service = WorkshopService(wf)
        when = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
        session_id = service.create_session("Round one", when).created["session"]
        service.add_participant(session_id, m.Participant(actor=GOV, name="Envoy"))
        service.add_entry(session_id, when, "Opening remarks", speaker=GOV, about=[GOV, ARABIC])
        service.add_action(session_id, "Send the draft", owner=GOV)
    before = load(workshop_path)
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(workshop_path))
    win.show()
    qtbot.waitExposed(win)
    win.select_actor(GOV)
    answer_next_dialog(qtbot, "Delete", [])
    press_delete(qtbot, win)
    after = load(workshop_path)
    assert GOV not in after.actor_by_id()
    session = after.sessions[0]
    assert session.participants == [] and session.entries[0].speaker is None
    assert session.entries[0].about == [ARABIC] and session.actions[0].owner is None
    win.undo_stack.undo()
    assert load(workshop_path) == before


def test_delete_suggests_marking_as_withdrawn(qtbot, window: MainWindow, workshop_path: Path) -> None:
    window.select_actor(GOV)
    answer_next_dialog(qtbot, "Mark as withdrawn", [])
    press_delete(qtbot, window)
    doc = load(workshop_path)
    actor = doc.actor_by_id()[GOV]
    assert actor.status is m.ActorStatus.WITHDRAWN
    assert GOV_LINKS <= {lk.id for lk in doc.links}
    assert window.scene.actor_items[GOV].opacity() < 0.5  # faded on the map
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert load(workshop_path).actor_by_id()[GOV].status is m.ActorStatus.ACTIVE


def test_cancel_deletes_nothing(qtbot, window: MainWindow, workshop_path: Path) -> None:
    before = workshop_path.stat().st_mtime_ns
    window.select_actor(GOV)
    seen: list[str] = []
    answer_next_dialog(qtbot, None, seen)
    press_delete(qtbot, window)
    assert len(seen) == 1  # asked, and cancelled
    assert GOV in load(workshop_path).actor_by_id()
    assert window.undo_stack.count() == 0
    assert workshop_path.stat().st_mtime_ns == before


def test_several_actors_deleted_in_one_step(qtbot, window: MainWindow, workshop_path: Path) -> None:
    before = load(workshop_path)
    window.select_actors([GOV, ELDER, ARABIC])
    seen: list[str] = []
    answer_next_dialog(qtbot, "Delete", seen)
    press_delete(qtbot, window)
    assert "Delete 3 actors?" in seen[0]
    assert {a.id for a in load(workshop_path).actors}.isdisjoint({GOV, ELDER, ARABIC})
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert load(workshop_path) == before


def test_actor_actions_need_a_selection_and_a_writable_file(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    actions = window.actor_actions
    window.select_actors([])
    assert actions.new_action.isEnabled()
    assert not actions.delete_action.isEnabled() and not actions.duplicate_action.isEnabled()
    window.select_actor(GOV)
    assert actions.delete_action.isEnabled()
    window.close_document()
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(workshop_path, readonly=True))
    win.select_actor(GOV)
    assert not win.actor_actions.new_action.isEnabled()
    assert not win.actor_actions.delete_action.isEnabled()


def test_put_on_track_from_the_menu_places_the_selection_in_one_step(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    window.select_actors([ELDER, ARABIC])
    assert window.actor_actions.place_menu.menuAction() in window.library.list.actions()  # context menu
    window.actor_actions.place_actions[5].trigger()
    actors = load(workshop_path).actor_by_id()
    for actor_id in (ELDER, ARABIC):
        assert actors[actor_id].track == 5 and actors[actor_id].placement is None  # laid out by the app
        assert actor_id in window.scene.actor_items
    assert window.undo_stack.count() == 1
    window.actor_actions.place_actions[None].trigger()
    assert load(workshop_path).actor_by_id()[ARABIC].track is None
    window.undo_stack.undo()
    window.undo_stack.undo()
    actors = load(workshop_path).actor_by_id()
    assert actors[ELDER].track is None and actors[ARABIC].track == 7
    assert (actors[ARABIC].placement.angle_deg, actors[ARABIC].placement.radius) == (270.0, 0.6)
