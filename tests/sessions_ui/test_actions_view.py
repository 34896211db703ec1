"""Open actions across sessions: sortable, overdue marked, status and fields changed in place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit

from multitrack_desktop.domain import model as m
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.widgets.sessions.actions_view import (
    OVERDUE_COLOUR,
    OVERDUE_ROLE,
    ActionsModel,
    OpenActionsView,
)

from .conftest import A1, E2, GAM, GOV, RADIO, S_CH, S_OPEN, S_OTR, load, show_active, type_text

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)

TODAY = dt.date(2005, 3, 1)
A2 = "a0000000-0000-4000-8000-000000000002"  # open, due later
A3 = "a0000000-0000-4000-8000-000000000003"  # done, long overdue: not marked
A4 = "a0000000-0000-4000-8000-000000000004"  # open, no due date


@pytest.fixture
def view(qtbot, service: WorkshopService, undo_stack: QUndoStack) -> OpenActionsView:
    service.add_action(S_OPEN, "Publish the forum summary", id=A2, owner=RADIO, due=dt.date(2005, 6, 30))
    service.add_action(S_CH, "Book the room", id=A3, due=dt.date(2005, 1, 1), status="done")
    service.add_action(S_OTR, "Call back", id=A4)
    widget = OpenActionsView(service, undo_stack, today=lambda: TODAY)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


def actions_in(path: Path) -> dict[str, m.Action]:
    return {a.id: a for s in load(path).sessions for a in s.actions}


def settle(qtbot, view: OpenActionsView) -> None:
    qtbot.waitUntil(
        lambda: view.table.state() != QAbstractItemView.State.EditingState and view.pending_edits == 0,
        timeout=1000,
    )


def test_open_actions_of_every_session_by_due_date(view: OpenActionsView) -> None:
    assert view.shown_ids() == [A1, A2, A4]  # undated last; the done one hidden
    row = [view.index_of(A1, c).data() for c in range(5)]
    assert row == [
        "Send the amnesty note",
        "Free Aceh Movement",
        "2005-02-10 (overdue)",
        "Open",
        "2005-01-27 · Helsinki round 1",
    ]
    view.all_check.setChecked(True)
    assert view.shown_ids() == [A3, A1, A2, A4]


def test_sortable_by_clicking_a_header(qtbot, view: OpenActionsView) -> None:
    header = view.table.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click(ActionsModel.TEXT)
    assert header.sortIndicatorSection() == ActionsModel.TEXT
    order = view.shown_ids()
    assert order in ([A4, A2, A1], [A1, A2, A4])  # Call back, Publish…, Send… (either direction)
    click(ActionsModel.TEXT)
    assert view.shown_ids() == order[::-1]
    view.table.sortByColumn(ActionsModel.SESSION, Qt.SortOrder.DescendingOrder)
    assert view.shown_ids() == [A2, A4, A1]  # newest session first


def test_overdue_items_are_marked(view: OpenActionsView) -> None:
    view.all_check.setChecked(True)
    marked = {i: view.index_of(i, ActionsModel.DUE).data(OVERDUE_ROLE) for i in (A1, A2, A3, A4)}
    assert marked == {A1: True, A2: False, A3: False, A4: False}  # A3 is done: not overdue
    brush = view.index_of(A1, ActionsModel.TEXT).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == OVERDUE_COLOUR
    assert view.index_of(A2, ActionsModel.TEXT).data(Qt.ItemDataRole.ForegroundRole) is None


def edit_with_combo(qtbot, view: OpenActionsView, action_id: str, column: int, value: object) -> None:
    index = view.index_of(action_id, column)
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    combo = view.table.indexWidget(index)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    settle(qtbot, view)


def edit_text(qtbot, view: OpenActionsView, action_id: str, column: int, text: str) -> None:
    index = view.index_of(action_id, column)
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    line = view.table.indexWidget(index)
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    type_text(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(qtbot, view)


def test_status_changed_in_place_and_undone(
    qtbot, view: OpenActionsView, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    edit_with_combo(qtbot, view, A1, ActionsModel.STATUS, m.ActionStatus.DONE)
    assert actions_in(workshop_path)[A1].status == m.ActionStatus.DONE
    assert actions_in(workshop_path)[A1].entry == E2  # still remembers its entry
    assert view.shown_ids() == [A2, A4]  # no longer open
    undo_stack.undo()
    assert actions_in(workshop_path)[A1].status == m.ActionStatus.OPEN
    assert view.shown_ids() == [A1, A2, A4]


def test_owner_due_and_text_changed_in_place(qtbot, view: OpenActionsView, workshop_path: Path) -> None:
    edit_with_combo(qtbot, view, A4, ActionsModel.OWNER, GOV)
    edit_text(qtbot, view, A4, ActionsModel.DUE, "2005-02-20")
    edit_text(qtbot, view, A4, ActionsModel.TEXT, "Call back the governor")
    a4 = actions_in(workshop_path)[A4]
    assert (a4.owner, a4.due, a4.text) == (GOV, dt.date(2005, 2, 20), "Call back the governor")
    assert view.index_of(A4, ActionsModel.DUE).data(OVERDUE_ROLE) is True
    edit_with_combo(qtbot, view, A4, ActionsModel.OWNER, "")
    edit_text(qtbot, view, A4, ActionsModel.DUE, "")
    a4 = actions_in(workshop_path)[A4]
    assert (a4.owner, a4.due) == (None, None)


def test_a_due_date_that_is_no_date_is_refused(qtbot, view: OpenActionsView, undo_stack: QUndoStack) -> None:
    edit_text(qtbot, view, A2, ActionsModel.DUE, "next week")
    assert undo_stack.count() == 0
    assert "YYYY-MM-DD" in view.problem_label.text()


def test_an_action_item_made_directly(
    qtbot, view: OpenActionsView, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    view.session_combo.setCurrentIndex(view.session_combo.findData(S_CH))
    view.owner_combo.setCurrentIndex(view.owner_combo.findData(GAM))
    view.due_check.setChecked(True)
    assert view.due_edit.date().toPython() == TODAY + dt.timedelta(days=14)
    view.text_edit.setFocus()
    type_text(view.text_edit, "Draft the MoU annex")
    qtbot.keyClick(view.text_edit, Qt.Key.Key_Return)
    [new] = [a for a in load(workshop_path).session_by_id()[S_CH].actions if a.text == "Draft the MoU annex"]
    assert (new.owner, new.due, new.status, new.entry) == (
        GAM,
        dt.date(2005, 3, 15),
        m.ActionStatus.OPEN,
        None,
    )
    assert new.visibility == m.Visibility.TEAM  # the session's
    assert new.id in view.shown_ids()
    undo_stack.undo()
    assert new.id not in actions_in(workshop_path)


def test_delete_and_undo(qtbot, view: OpenActionsView, workshop_path: Path, undo_stack: QUndoStack) -> None:
    view.table.selectRow(0)
    view.delete_button.click()
    assert A1 not in actions_in(workshop_path)
    undo_stack.undo()
    assert actions_in(workshop_path)[A1].entry == E2


def test_an_action_from_live_capture_appears_here(qtbot, workshop_path: Path, settings: QSettings) -> None:
    """Both widgets on the window's OpenWorkshop: an edit in one shows in the other."""
    from multitrack_desktop.document.workshop import OpenWorkshop
    from multitrack_desktop.storage.database import WorkshopFile
    from multitrack_desktop.widgets.sessions.capture import LiveCapture

    document = OpenWorkshop(WorkshopFile.open(workshop_path, daily_backup=False))
    try:
        stack = QUndoStack()
        actions = OpenActionsView(document.service, stack, document, today=lambda: TODAY)
        capture = LiveCapture(document.service, stack, document, settings=settings)
        qtbot.addWidget(actions)
        qtbot.addWidget(capture)
        capture.set_session(S_CH)
        capture.select_entries([E2])
        action_id = capture.action_from_selected()
        assert action_id in actions.shown_ids()
        stack.undo()
        assert action_id not in actions.shown_ids()
    finally:
        document.close()


def test_an_item_says_which_entry_it_came_from(view: OpenActionsView) -> None:
    tip = view.index_of(A1, ActionsModel.TEXT).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == [
        "Overdue: due 2005-02-10",
        "From the entry of 2005-01-27 10:15: Draft a note on amnesty",
    ]
    assert view.index_of(A2, ActionsModel.TEXT).data(Qt.ItemDataRole.ToolTipRole) is None
