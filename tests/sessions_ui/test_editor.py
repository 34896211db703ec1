"""The session editor: set-up fields, participants by drag and by name, attendance, agenda."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit

from multitrack_desktop.canvas.mime import actor_ids_mime
from multitrack_desktop.domain import model as m
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.widgets.sessions.editor import ParticipantsModel, SessionEditor, to_qt

from .conftest import (
    ELDER,
    GAM,
    GOV,
    HELSINKI,
    RADIO,
    S_CH,
    S_OPEN,
    ULAMA,
    session_in,
    show_active,
    type_text,
)

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)


@pytest.fixture
def editor(qtbot, service: WorkshopService, undo_stack: QUndoStack) -> SessionEditor:
    widget = SessionEditor(service, undo_stack)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.set_session(S_CH)
    return widget


def wall(*parts: int) -> QDateTime:
    return to_qt(dt.datetime(*parts))


def settle(qtbot, editor: SessionEditor) -> None:
    qtbot.waitUntil(
        lambda: (
            editor.participants_view.state() != QAbstractItemView.State.EditingState
            and editor.pending_edits == 0
        ),
        timeout=1000,
    )


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def drop_ids(view, data: QMimeData) -> QDropEvent:
    """A drag from the library arriving on the participants (QTest cannot start a QDrag)."""
    target = view.viewport()
    pos = QPoint(20, 20)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(pos, actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(pos, actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(QPointF(pos), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop


def test_shows_the_session(editor: SessionEditor) -> None:
    assert editor.title_edit.text() == "Helsinki round 1"
    assert editor.location_edit.text() == "Königstedt Manor"
    assert editor.starts_edit.dateTime() == wall(2005, 1, 27, 9, 0)  # the meeting's own clock
    assert editor.ends_check.isChecked()
    assert editor.format_combo.currentData() == m.SessionFormat.TRACK1_5
    assert editor.rule_combo.currentData() == m.Rule.CHATHAM_HOUSE
    assert [editor.participants.index(r, 0).data() for r in range(3)] == [
        "Government of Indonesia",
        "Free Aceh Movement",
        "Ahtisaari's adviser",
    ]
    assert editor.attendance_label.text() == "Present: 3 of 3 — Woman 1, Man 2, Other 0, Undisclosed 0"


def test_title_and_location_saved_on_enter_and_undone(
    qtbot, editor: SessionEditor, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    retype(qtbot, editor.title_edit, "Helsinki, first round")
    retype(qtbot, editor.location_edit, "Königstedt")
    se = session_in(workshop_path, S_CH)
    assert (se.title, se.location) == ("Helsinki, first round", "Königstedt")
    assert undo_stack.count() == 2
    undo_stack.undo()
    assert session_in(workshop_path, S_CH).location == "Königstedt Manor"
    assert editor.location_edit.text() == "Königstedt Manor"


def test_an_empty_title_is_refused_with_the_reason(
    qtbot, editor: SessionEditor, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    with qtbot.waitSignal(editor.error):
        retype(qtbot, editor.title_edit, "   ")
    assert undo_stack.count() == 0
    assert session_in(workshop_path, S_CH).title == "Helsinki round 1"
    assert editor.title_edit.text() == "Helsinki round 1"
    assert editor.problem_label.isVisible()


def test_choices_are_saved_as_they_are_made(qtbot, editor: SessionEditor, workshop_path: Path) -> None:
    for combo in (editor.format_combo, editor.rule_combo, editor.visibility_combo):
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    se = session_in(workshop_path, S_CH)
    assert (se.format, se.rule, se.visibility) == (
        m.SessionFormat.TRACK2,
        m.Rule.OFF_THE_RECORD,
        m.Visibility.PRIVATE,
    )


def test_times_keep_the_sessions_offset(qtbot, editor: SessionEditor, workshop_path: Path) -> None:
    editor.starts_edit.setDateTime(wall(2005, 1, 27, 10, 30))
    editor.starts_edit.editingFinished.emit()
    se = session_in(workshop_path, S_CH)
    assert se.starts_at == dt.datetime(2005, 1, 27, 10, 30, tzinfo=HELSINKI)
    assert se.starts_at.utcoffset() == dt.timedelta(hours=2)
    editor.ends_check.setChecked(False)
    assert session_in(workshop_path, S_CH).ends_at is None
    editor.ends_check.setChecked(True)
    assert session_in(workshop_path, S_CH).ends_at == dt.datetime(2005, 1, 27, 12, 30, tzinfo=HELSINKI)


def test_an_end_before_the_start_is_refused(qtbot, editor: SessionEditor, workshop_path: Path) -> None:
    editor.ends_edit.setDateTime(wall(2005, 1, 26, 10, 0))
    with qtbot.waitSignal(editor.error):
        editor.ends_edit.editingFinished.emit()
    assert session_in(workshop_path, S_CH).ends_at == dt.datetime(2005, 1, 29, 17, 0, tzinfo=HELSINKI)
    assert editor.ends_edit.dateTime() == wall(2005, 1, 29, 17, 0)


def test_participants_by_drag_from_the_library(
    qtbot, editor: SessionEditor, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    drop = drop_ids(editor.participants_view, actor_ids_mime([RADIO, GOV, ULAMA], "names"))
    assert drop.isAccepted()
    actors = [p.actor for p in session_in(workshop_path, S_CH).participants]
    assert actors == [GOV, GAM, None, RADIO, ULAMA]  # the government was there already
    assert undo_stack.count() == 1
    undo_stack.undo()
    assert [p.actor for p in session_in(workshop_path, S_CH).participants] == [GOV, GAM, None]


def test_a_drop_of_anything_else_is_refused(editor: SessionEditor, workshop_path: Path) -> None:
    data = QMimeData()
    data.setText(RADIO)
    drop = drop_ids(editor.participants_view, data)
    assert not drop.isAccepted()
    assert len(session_in(workshop_path, S_CH).participants) == 3


def test_participants_by_choice_and_by_name(qtbot, editor: SessionEditor, workshop_path: Path) -> None:
    combo = editor.actor_combo
    assert combo.findData(GOV) < 0 and combo.findData(ELDER) >= 0  # only those not there yet
    combo.setFocus()
    type_text(combo.lineEdit(), "village elder")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    type_text(combo.lineEdit(), "Ибрагим Петров")
    editor.add_participant_button.click()
    rows = session_in(workshop_path, S_CH).participants
    assert [(p.actor, p.name) for p in rows[3:]] == [(ELDER, ""), (None, "Ибрагим Петров")]
    assert editor.attendance_label.text().startswith("Present: 5 of 5")


def edit_cell(qtbot, editor: SessionEditor, row: int, column: int, text: str) -> None:
    view = editor.participants_view
    index = editor.participants.index(row, column)
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    widget = view.indexWidget(index)
    assert isinstance(widget, QLineEdit)
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    type_text(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    settle(qtbot, editor)


def test_role_present_and_gender_edited_in_the_table(
    qtbot, editor: SessionEditor, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    edit_cell(qtbot, editor, 1, ParticipantsModel.ROLE, "head of delegation")
    edit_cell(qtbot, editor, 2, ParticipantsModel.NAME, "Adviser to the mediator")
    present = editor.participants.index(0, ParticipantsModel.PRESENT)
    editor.participants.setData(present, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    settle(qtbot, editor)
    gender = editor.participants.index(1, ParticipantsModel.GENDER)
    editor.participants_view.edit(gender)
    combo = editor.participants_view.indexWidget(gender)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(m.Gender.UNDISCLOSED))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    settle(qtbot, editor)

    rows = session_in(workshop_path, S_CH).participants
    assert rows[1].role == "head of delegation" and rows[1].gender == m.Gender.UNDISCLOSED
    assert rows[2].name == "Adviser to the mediator"
    assert rows[0].present is False
    assert editor.attendance_label.text() == "Present: 2 of 3 — Woman 1, Man 0, Other 0, Undisclosed 1"
    assert undo_stack.count() == 4
    undo_stack.undo()
    assert session_in(workshop_path, S_CH).participants[1].gender == m.Gender.MAN


def test_an_actors_name_is_not_edited_here(editor: SessionEditor) -> None:
    flags = editor.participants.flags(editor.participants.index(0, ParticipantsModel.NAME))
    assert not flags & Qt.ItemFlag.ItemIsEditable


def test_remove_participants(
    qtbot, editor: SessionEditor, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    editor.participants_view.selectRow(0)
    editor.remove_participant_button.click()
    assert [p.actor for p in session_in(workshop_path, S_CH).participants] == [GAM, None]
    undo_stack.undo()
    assert [p.actor for p in session_in(workshop_path, S_CH).participants] == [GOV, GAM, None]


def test_agenda_add_reorder_tick(
    qtbot, editor: SessionEditor, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    retype(qtbot, editor.agenda_edit, "Next steps")
    assert session_in(workshop_path, S_CH).agenda == [
        "Opening",
        "Security arrangements",
        "✓ Amnesty",
        "Next steps",
    ]
    assert editor.agenda_list.item(2).text() == "Amnesty"
    assert editor.agenda_list.item(2).checkState() == Qt.CheckState.Checked

    editor.agenda_list.setCurrentRow(3)
    editor.agenda_up.click()
    editor.agenda_up.click()
    assert session_in(workshop_path, S_CH).agenda == [
        "Opening",
        "Next steps",
        "Security arrangements",
        "✓ Amnesty",
    ]
    assert editor.agenda_list.currentRow() == 1

    editor.agenda_list.item(0).setCheckState(Qt.CheckState.Checked)
    settle(qtbot, editor)
    editor.agenda_list.item(3).setCheckState(Qt.CheckState.Unchecked)
    settle(qtbot, editor)
    assert session_in(workshop_path, S_CH).agenda == [
        "✓ Opening",
        "Next steps",
        "Security arrangements",
        "Amnesty",
    ]

    undo_stack.undo()
    undo_stack.undo()
    assert session_in(workshop_path, S_CH).agenda == [
        "Opening",
        "Next steps",
        "Security arrangements",
        "✓ Amnesty",
    ]
    editor.agenda_list.setCurrentRow(0)
    editor.agenda_remove.click()
    assert session_in(workshop_path, S_CH).agenda == ["Next steps", "Security arrangements", "✓ Amnesty"]


def test_no_session_nothing_to_edit(editor: SessionEditor) -> None:
    editor.set_session(None)
    assert not editor.title_edit.isEnabled() and not editor.participants_view.isEnabled()
    editor.set_session(S_OPEN)
    assert editor.title_edit.isEnabled()
    assert editor.attendance_label.text().startswith("Present: 1 of 1 — Woman 1")


def test_the_rule_is_said_plainly(qtbot, editor: SessionEditor) -> None:
    assert editor.rule_note.isVisible() and editor.rule_note.text().startswith("Chatham House Rule")
    editor.rule_combo.setFocus()
    qtbot.keyClick(editor.rule_combo, Qt.Key.Key_Down)  # off the record
    assert editor.rule_note.text().startswith("Off the record")
    editor.set_session(S_OPEN)
    assert not editor.rule_note.isVisible()


def test_actors_dropped_anywhere_on_the_editor_join(
    qtbot, editor: SessionEditor, workshop_path: Path
) -> None:
    class Target:  # the editor itself, not its table
        def viewport(self):
            return editor

    drop = drop_ids(Target(), actor_ids_mime([ELDER]))
    assert drop.isAccepted()
    assert [p.actor for p in session_in(workshop_path, S_CH).participants][-1] == ELDER


def test_a_read_only_workshop_is_shown_not_edited(qtbot, workshop_path: Path) -> None:
    from multitrack_desktop.storage.database import WorkshopFile
    from multitrack_desktop.widgets.sessions.panel import SessionsPanel

    with WorkshopFile.open(workshop_path, readonly=True) as wf:
        service = WorkshopService(wf)
        editor = SessionEditor(service, QUndoStack())
        panel = SessionsPanel(service, QUndoStack())
        qtbot.addWidget(editor)
        qtbot.addWidget(panel)
        editor.set_session(S_CH)
        panel.select_session(S_CH)
        assert editor.title_edit.text() == "Helsinki round 1" and not editor.title_edit.isEnabled()
        assert not editor.participants_view.isEnabled() and not editor.agenda_list.isEnabled()
        assert not panel.new_button.isEnabled() and not panel.delete_button.isEnabled()


def test_agenda_items_dragged_into_a_new_order(qtbot, editor: SessionEditor, workshop_path: Path) -> None:
    from PySide6.QtCore import QModelIndex

    assert editor.agenda_list.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)  # what a drop does
    settle(qtbot, editor)
    assert session_in(workshop_path, S_CH).agenda == ["✓ Amnesty", "Opening", "Security arrangements"]


def test_a_title_being_typed_survives_other_edits(
    qtbot, editor: SessionEditor, service: WorkshopService, workshop_path: Path
) -> None:
    editor.title_edit.setFocus()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_End)
    type_text(editor.title_edit, " (draft)")
    editor.hub.apply(lambda: service.update_actor(GOV, influence=5))  # e.g. a change on the circle
    assert editor.title_edit.text() == "Helsinki round 1 (draft)"
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return)
    assert session_in(workshop_path, S_CH).title == "Helsinki round 1 (draft)"
