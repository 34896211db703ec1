"""The sessions panel: newest first, filters, new, duplicate as a template, delete and undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack

from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.widgets.sessions.panel import SessionsPanel

from .conftest import E1, GAM, GOV, JAKARTA, S_CH, S_OPEN, S_OTR, load, session_in, show_active

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = dt.datetime(2005, 7, 1, 9, 0, tzinfo=JAKARTA)


@pytest.fixture
def panel(qtbot, service: WorkshopService, undo_stack: QUndoStack) -> SessionsPanel:
    widget = SessionsPanel(service, undo_stack, clock=lambda: NOW)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


def test_newest_first_with_format_rule_and_visibility(panel: SessionsPanel) -> None:
    assert panel.visible_ids() == [S_OPEN, S_OTR, S_CH]
    model = panel.model
    assert [model.index(2, c).data() for c in range(5)] == [
        "2005-01-27 09:00",
        "Helsinki round 1",
        "Track 1.5",
        "Chatham House",
        "Team",
    ]
    assert [model.index(1, c).data() for c in (3, 4)] == ["Off the record", "Private"]


def test_filter_by_text_and_dates(qtbot, panel: SessionsPanel) -> None:
    qtbot.keyClicks(panel.filter_edit, "manor")  # the location
    assert panel.visible_ids() == [S_CH]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "security")  # an agenda item
    assert panel.visible_ids() == [S_CH]
    panel.filter_edit.clear()
    panel.from_check.setChecked(True)
    panel.from_date.setDate(QDate(2005, 3, 1))
    assert panel.visible_ids() == [S_OPEN, S_OTR]
    panel.to_check.setChecked(True)
    panel.to_date.setDate(QDate(2005, 3, 2))  # the day it starts, inclusive
    assert panel.visible_ids() == [S_OTR]
    panel.to_check.setChecked(False)
    qtbot.keyClicks(panel.filter_edit, "FORUM banda")
    assert panel.visible_ids() == [S_OPEN]


def test_new_session_is_undoable(
    qtbot, panel: SessionsPanel, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    with qtbot.waitSignal(panel.session_created) as sig:
        panel.new_button.click()
    new = session_in(workshop_path, sig.args[0])
    assert new.title == "New session" and new.starts_at == NOW
    assert panel.visible_ids()[0] == new.id and panel.current_session_id() == new.id
    undo_stack.undo()
    assert len(load(workshop_path).sessions) == 3
    assert panel.visible_ids() == [S_OPEN, S_OTR, S_CH]


def test_duplicate_is_a_template(
    qtbot, panel: SessionsPanel, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    panel.select_session(S_CH)
    with qtbot.waitSignal(panel.session_created) as sig:
        panel.duplicate_button.click()
    copy = session_in(workshop_path, sig.args[0])
    source = session_in(workshop_path, S_CH)
    assert copy.title == "Helsinki round 1 (copy)"
    assert (copy.format, copy.rule, copy.visibility, copy.location) == (
        source.format,
        source.rule,
        source.visibility,
        source.location,
    )
    assert copy.agenda == [
        "Opening",
        "Security arrangements",
        "Amnesty",
    ]  # ticks cleared for the next meeting
    assert [(p.actor, p.name, p.role, p.gender) for p in copy.participants] == [
        (p.actor, p.name, p.role, p.gender) for p in source.participants
    ]
    assert copy.entries == [] and copy.actions == []
    assert copy.starts_at == NOW
    assert undo_stack.count() == 1  # the session and its participants: one step
    undo_stack.undo()
    assert sig.args[0] not in load(workshop_path).session_by_id()
    undo_stack.redo()
    assert len(session_in(workshop_path, sig.args[0]).participants) == 3


def test_a_long_title_still_fits_when_copied(
    qtbot, panel: SessionsPanel, service: WorkshopService, workshop_path: Path
) -> None:
    service.update_session(S_OPEN, title="x" * 300)
    panel.refresh()
    panel.select_session(S_OPEN)
    new_id = panel.duplicate_selected()
    assert new_id is not None
    title = session_in(workshop_path, new_id).title
    assert len(title) == 300 and title.endswith(" (copy)")


def test_delete_with_the_key_and_undo(
    qtbot, panel: SessionsPanel, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    panel.select_session(S_CH)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert S_CH not in load(workshop_path).session_by_id()
    assert panel.visible_ids() == [S_OPEN, S_OTR]
    undo_stack.undo()
    back = session_in(workshop_path, S_CH)
    assert E1 in {e.id for e in back.entries} and [p.actor for p in back.participants][:2] == [GOV, GAM]
    assert panel.visible_ids() == [S_OPEN, S_OTR, S_CH]


def test_activating_a_row_opens_the_session(qtbot, panel: SessionsPanel) -> None:
    panel.select_session(S_OTR)
    panel.view.setFocus()
    with qtbot.waitSignal(panel.session_activated) as sig:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert sig.args == [S_OTR]


def test_buttons_follow_the_selection(panel: SessionsPanel) -> None:
    assert not panel.duplicate_button.isEnabled() and not panel.delete_button.isEnabled()
    panel.select_session(S_CH)
    assert panel.duplicate_button.isEnabled() and panel.delete_button.isEnabled()


def test_current_changed_says_which_session_once(qtbot, panel: SessionsPanel) -> None:
    seen: list[object] = []
    panel.current_changed.connect(seen.append)
    panel.select_session(S_CH)
    panel.refresh()  # the list is rebuilt; the choice stays and is not announced again
    qtbot.keyClicks(panel.filter_edit, "forum")  # the chosen session is filtered out
    assert seen == [S_CH, None]
