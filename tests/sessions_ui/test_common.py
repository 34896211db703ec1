"""The edit hub: one operation, one undo step; refusals reported, never pushed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoStack

from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.widgets.sessions.common import EditHub

from .conftest import S_CH, S_OPEN, session_in


def test_a_refused_edit_is_reported_and_not_pushed(
    qtbot, service: WorkshopService, workshop_path: Path
) -> None:
    calls: list[object] = []
    stack = QUndoStack()
    hub = EditHub(service, stack, calls.append)
    with qtbot.waitSignal(hub.error) as sig:
        assert hub.apply(lambda: service.update_session(S_CH, title="")) is None
    assert "not changed" in sig.args[0]
    assert stack.count() == 0 and calls == []


def test_the_callback_hears_edits_undos_and_redos(service: WorkshopService, workshop_path: Path) -> None:
    calls: list[object] = []
    stack = QUndoStack()
    hub = EditHub(service, stack, calls.append)
    change = hub.apply(lambda: service.update_session(S_CH, title="Round one"))
    stack.undo()
    assert session_in(workshop_path, S_CH).title == "Helsinki round 1"
    stack.redo()
    assert session_in(workshop_path, S_CH).title == "Round one"
    assert calls == [change, change, change]


def test_several_operations_are_one_step_up_to_the_first_refusal(
    qtbot, service: WorkshopService, workshop_path: Path
) -> None:
    stack = QUndoStack()
    hub = EditHub(service, stack)
    with qtbot.waitSignal(hub.error):
        done = hub.apply_many(
            "Rename two",
            [
                lambda: service.update_session(S_CH, title="A"),
                lambda: service.update_session(S_OPEN, title="B"),
                lambda: service.update_session(S_CH, title=""),
                lambda: service.update_session(S_OPEN, title="never"),
            ],
        )
    assert len(done) == 2 and stack.count() == 1 and stack.text(0) == "Rename two"
    assert (session_in(workshop_path, S_CH).title, session_in(workshop_path, S_OPEN).title) == ("A", "B")
    stack.undo()
    assert session_in(workshop_path, S_OPEN).title == "Public forum in Banda Aceh"
    assert session_in(workshop_path, S_CH).title == "Helsinki round 1"
    with qtbot.waitSignal(hub.error):
        assert hub.apply_many("Nothing", [lambda: service.update_session(S_CH, title="")]) == []
    assert stack.count() == 1 and stack.index() == 0  # no empty step


def test_undo_still_works_after_the_widget_is_gone(
    qtbot, service: WorkshopService, workshop_path: Path
) -> None:
    """The window's undo stack outlives a widget (a session closed, a dock rebuilt)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    calls: list[object] = []
    stack = QUndoStack()
    owner = QWidget()
    hub = EditHub(service, stack, calls.append, owner)
    hub.apply(lambda: service.update_session(S_CH, title="Round one"))
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    stack.undo()
    assert session_in(workshop_path, S_CH).title == "Helsinki round 1"
    stack.redo()
    assert session_in(workshop_path, S_CH).title == "Round one"
    assert len(calls) == 3
