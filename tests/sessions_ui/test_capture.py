"""Live capture: typing entries with shortcuts and prefixes, completions, drafts, editing and undo."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit

from multitrack_desktop.domain import model as m
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.widgets.sessions.capture import FileDrafts, LiveCapture
from multitrack_desktop.widgets.sessions.entries import parse_prefix, resolve_mentions, retimed

from .conftest import (
    E1,
    E2,
    E3,
    GAM,
    GOV,
    HELSINKI,
    RADIO,
    S_CH,
    S_OPEN,
    S_OTR,
    ULAMA,
    ULAMA_NAME,
    load,
    session_in,
    show_active,
    type_text,
)

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)

NOW = dt.datetime(2005, 1, 27, 10, 2, 3, 250000, tzinfo=HELSINKI)  # 1:02:03 after the start of S_CH


class FakeDrafts:
    """A stand-in for the drafts service (save_draft/load_draft) that records every save."""

    def __init__(self) -> None:
        self.saved: dict[str, tuple[str, m.EntryKind]] = {}
        self.saves = 0

    def save_draft(self, session_id: str, text: str, kind: m.EntryKind) -> None:
        self.saves += 1
        self.saved[session_id] = (text, kind)

    def load_draft(self, session_id: str) -> tuple[str, m.EntryKind] | None:
        return self.saved.get(session_id)


@pytest.fixture
def capture(qtbot, service: WorkshopService, undo_stack: QUndoStack, settings: QSettings) -> LiveCapture:
    widget = LiveCapture(service, undo_stack, settings=settings, clock=lambda: NOW, drafts=FakeDrafts())
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.set_session(S_CH)
    widget.line.setFocus()
    return widget


def new_entries(path: Path, session_id: str = S_CH) -> list[m.Entry]:
    return [e for e in session_in(path, session_id).entries if e.id not in (E1, E2, E3)]


def type_line(qtbot, capture: LiveCapture, text: str) -> None:
    type_text(capture.line, text)
    qtbot.keyClick(capture.line, Qt.Key.Key_Return)


# ---------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("typed", "kind", "rest"),
    [
        ("d: we agree", m.EntryKind.DECISION, "we agree"),
        ("A: call him", m.EntryKind.ACTION, "call him"),
        ("q:“peace first”", m.EntryKind.QUOTE, "“peace first”"),
        ("?: who pays", m.EntryKind.QUESTION, "who pays"),
        ("؟: من يدفع", m.EntryKind.QUESTION, "من يدفع"),
        ("r: spoilers", m.EntryKind.RISK, "spoilers"),
        ("n: plain", m.EntryKind.NOTE, "plain"),
        ("2: decided", m.EntryKind.DECISION, "decided"),
        ("٦: خطر", m.EntryKind.RISK, "خطر"),  # Arabic-Indic six
        ("x: not a kind", None, "x: not a kind"),
        ("7: not a kind", None, "7: not a kind"),
        ("data: a word, not a prefix", None, "data: a word, not a prefix"),
    ],
)
def test_prefixes(typed: str, kind: m.EntryKind | None, rest: str) -> None:
    assert parse_prefix(typed) == (kind, rest)


def test_mentions_take_the_longest_name_and_leave_unknown_ones() -> None:
    names = {"Radio": "r1", "Radio Damai": "r2", "GAM": "g"}
    assert resolve_mentions("@radio damai and @GAM met @nobody", names) == (
        "radio damai and GAM met @nobody",
        ["r2", "g"],
    )
    assert resolve_mentions("mail@GAM is no mention", names) == ("mail@GAM is no mention", [])


def test_retime_keeps_the_day_and_the_offset() -> None:
    at = dt.datetime(2005, 1, 27, 9, 30, 12, 5000, tzinfo=HELSINKI)
    assert retimed(at, "11:05") == dt.datetime(2005, 1, 27, 11, 5, tzinfo=HELSINKI)
    assert retimed(at, "08:00:30") == dt.datetime(2005, 1, 27, 8, 0, 30, tzinfo=HELSINKI)
    assert retimed(at, "nonsense") is None


# ---------------------------------------------------------------------- recording


def test_enter_records_the_line_with_the_time_and_offset(
    qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    with qtbot.waitSignal(capture.entry_recorded) as sig:
        type_line(qtbot, capture, "  The delegations arrive  ")
    [entry] = new_entries(workshop_path)
    assert entry.id == sig.args[0]
    assert entry.text == "The delegations arrive"
    assert entry.kind == m.EntryKind.NOTE
    assert entry.at == NOW and entry.at.utcoffset() == dt.timedelta(hours=2)
    assert entry.visibility == m.Visibility.TEAM  # the session's
    assert capture.line.text() == ""
    assert undo_stack.count() == 1
    assert capture.model.rowCount() == 4
    assert [e.id for e in capture.model.entries] == [E1, E3, entry.id, E2]  # by time

    undo_stack.undo()
    assert new_entries(workshop_path) == []
    assert capture.model.rowCount() == 3
    undo_stack.redo()
    assert [e.text for e in new_entries(workshop_path)] == ["The delegations arrive"]


def test_the_real_clock_stamps_the_laptops_offset(
    qtbot, service: WorkshopService, undo_stack: QUndoStack, settings: QSettings, workshop_path: Path
) -> None:
    widget = LiveCapture(service, undo_stack, settings=settings)
    qtbot.addWidget(widget)
    widget.set_session(S_OPEN)
    before = dt.datetime.now().astimezone()
    qtbot.keyClicks(widget.line, "stamped")
    qtbot.keyClick(widget.line, Qt.Key.Key_Return)
    after = dt.datetime.now().astimezone()
    [entry] = session_in(workshop_path, S_OPEN).entries
    assert entry.at.utcoffset() == before.utcoffset()
    assert before - dt.timedelta(milliseconds=1) <= entry.at <= after


def test_an_empty_line_records_nothing(qtbot, capture: LiveCapture, undo_stack: QUndoStack) -> None:
    type_line(qtbot, capture, "   ")
    type_line(qtbot, capture, "d:  ")
    assert undo_stack.count() == 0


@pytest.mark.parametrize(
    ("index", "kind"),
    list(
        enumerate(
            [
                m.EntryKind.NOTE,
                m.EntryKind.DECISION,
                m.EntryKind.ACTION,
                m.EntryKind.QUOTE,
                m.EntryKind.QUESTION,
                m.EntryKind.RISK,
            ]
        )
    ),
)
def test_ctrl_digit_chooses_the_kind(
    qtbot, capture: LiveCapture, workshop_path: Path, index: int, kind: m.EntryKind
) -> None:
    if index == 0:
        qtbot.keyClick(
            capture.line, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier
        )  # away from note first
        assert capture.kind == m.EntryKind.QUOTE
    qtbot.keyClicks(capture.line, "said")
    qtbot.keyClick(capture.line, Qt.Key(Qt.Key.Key_1.value + index), Qt.KeyboardModifier.ControlModifier)
    assert capture.kind == kind
    assert capture.line.text() == "said"  # the shortcut typed nothing
    qtbot.keyClick(capture.line, Qt.Key.Key_Return)
    [entry] = new_entries(workshop_path)
    assert entry.kind == kind
    assert capture.kind == m.EntryKind.NOTE  # the next entry starts as a note again


def test_kind_shortcuts_for_layouts_with_shifted_digits_and_the_keypad(qtbot, capture: LiveCapture) -> None:
    # AZERTY: the digit row needs Shift, so Ctrl+3 arrives as Ctrl+Shift+3
    qtbot.keyClick(
        capture.line, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert capture.kind == m.EntryKind.ACTION
    qtbot.keyClick(
        capture.line, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier
    )
    assert capture.kind == m.EntryKind.RISK
    assert capture.line.text() == ""


@pytest.mark.parametrize(
    ("typed", "kind", "text"),
    [
        ("d: Ceasefire from Monday", m.EntryKind.DECISION, "Ceasefire from Monday"),
        ("a: Draft the MoU", m.EntryKind.ACTION, "Draft the MoU"),
        ("q: “We are ready”", m.EntryKind.QUOTE, "“We are ready”"),
        ("?: Who monitors?", m.EntryKind.QUESTION, "Who monitors?"),
        ("r: Spoilers in the south", m.EntryKind.RISK, "Spoilers in the south"),
        ("n: Coffee break", m.EntryKind.NOTE, "Coffee break"),
        ("4: Привет", m.EntryKind.QUOTE, "Привет"),
    ],
)
def test_a_prefix_chooses_the_kind(
    qtbot, capture: LiveCapture, workshop_path: Path, typed: str, kind: m.EntryKind, text: str
) -> None:
    qtbot.keyClick(
        capture.line, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier
    )  # a prefix wins over Ctrl+6
    type_line(qtbot, capture, typed)
    [entry] = new_entries(workshop_path)
    assert (entry.kind, entry.text) == (kind, text)


def test_the_speaker_is_completed_on_the_participants(
    qtbot, capture: LiveCapture, workshop_path: Path
) -> None:
    completer = capture.speaker_completer
    capture.speaker_edit.setFocus()
    qtbot.keyClicks(capture.speaker_edit, "aceh")
    assert completer.popup().isVisible()
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert found == ["Free Aceh Movement"]  # participants only: not the radio, not the elder
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert capture.speaker_edit.text() == "Free Aceh Movement"
    capture.line.setFocus()
    type_line(qtbot, capture, "We accept")
    [entry] = new_entries(workshop_path)
    assert entry.speaker == GAM
    assert capture.speaker_edit.text() == "Free Aceh Movement"  # kept for the next point of the same person


def test_an_unknown_speaker_is_refused_and_the_line_kept(
    qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    capture.speaker_edit.setText("Nobody we know")
    with qtbot.waitSignal(capture.error):
        type_line(qtbot, capture, "Some words")
    assert undo_stack.count() == 0
    assert new_entries(workshop_path) == []
    assert capture.line.text() == "Some words"
    assert capture.problem_label.isVisible() and "Nobody we know" in capture.problem_label.text()


def test_at_completes_actors_and_records_what_the_entry_is_about(
    qtbot, capture: LiveCapture, workshop_path: Path
) -> None:
    qtbot.keyClicks(capture.line, "Call with @dam")
    popup = capture.mentions.popup()
    assert popup.isVisible()
    assert capture.mentions.completionCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert capture.line.text() == "Call with @Radio Damai "
    assert new_entries(workshop_path) == []  # accepting the completion recorded nothing
    type_text(capture.line, "and @" + ULAMA_NAME[:4])
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.keyClicks(capture.line, "about @gam")  # an other name, typed in full
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    qtbot.keyClick(capture.line, Qt.Key.Key_Return)
    [entry] = new_entries(workshop_path)
    assert entry.about == [RADIO, ULAMA, GAM]
    assert entry.text == f"Call with Radio Damai and {ULAMA_NAME} about gam"


def test_the_author_is_remembered(
    qtbot, capture: LiveCapture, service: WorkshopService, settings: QSettings, workshop_path: Path
) -> None:
    capture.author_edit.setFocus()
    qtbot.keyClicks(capture.author_edit, "Leila")
    capture.line.setFocus()  # leaving the field remembers it
    type_line(qtbot, capture, "Noted")
    assert new_entries(workshop_path)[0].author == "Leila"
    again = LiveCapture(
        service, QUndoStack(), settings=QSettings(settings.fileName(), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(again)
    assert again.author_edit.text() == "Leila"


def test_each_entry_takes_the_sessions_visibility_unless_changed(
    qtbot, capture: LiveCapture, workshop_path: Path
) -> None:
    assert capture.visibility == m.Visibility.TEAM
    capture.visibility_combo.setCurrentIndex(capture.visibility_combo.findData(m.Visibility.PRIVATE))
    type_line(qtbot, capture, "Only for us")
    type_line(qtbot, capture, "For the team")
    by_text = {e.text: e.visibility for e in new_entries(workshop_path)}
    assert by_text == {"Only for us": m.Visibility.PRIVATE, "For the team": m.Visibility.TEAM}
    capture.set_session(S_OPEN)
    assert capture.visibility == m.Visibility.SHAREABLE


def test_clock_and_banner(qtbot, capture: LiveCapture) -> None:
    assert capture.clock_label.text() == "1:02:03"
    assert capture.banner.isVisible() and "Chatham House" in capture.banner.text()
    capture.set_session(S_OTR)
    assert capture.banner.isVisible() and "Off the record" in capture.banner.text()
    assert capture.clock_label.text().startswith("−")  # that session has not started yet at NOW
    capture.set_session(S_OPEN)
    assert not capture.banner.isVisible()
    capture.set_session(None)
    assert not capture.line.isEnabled()


def test_clock_ticks(qtbot, service: WorkshopService, settings: QSettings) -> None:
    times = iter([NOW + dt.timedelta(seconds=s) for s in range(100)])
    widget = LiveCapture(service, QUndoStack(), settings=settings, clock=lambda: next(times))
    qtbot.addWidget(widget)
    widget.set_session(S_CH)
    first = widget.clock_label.text()
    qtbot.waitUntil(lambda: widget.clock_label.text() != first, timeout=2500)


def test_the_line_is_kept_as_a_draft_at_most_a_second_behind(qtbot, capture: LiveCapture) -> None:
    drafts: FakeDrafts = capture.drafts  # type: ignore[assignment]
    qtbot.keyClick(capture.line, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(capture.line, "half a thou")
    qtbot.waitUntil(lambda: drafts.saved.get(S_CH, ("",))[0] == "half a thou", timeout=1000)
    assert drafts.saved[S_CH][1] == m.EntryKind.DECISION
    saves = drafts.saves
    qtbot.keyClicks(capture.line, "ght")
    qtbot.wait(50)
    assert drafts.saves == saves  # throttled: not one write per key
    qtbot.waitUntil(lambda: drafts.saved[S_CH][0] == "half a thought", timeout=1000)

    capture.set_session(S_OPEN)  # leaving keeps it; coming back brings it back
    assert capture.line.text() == ""
    capture.set_session(S_CH)
    assert capture.line.text() == "half a thought"
    assert capture.kind == m.EntryKind.DECISION
    qtbot.keyClick(capture.line, Qt.Key.Key_Return)
    assert drafts.saved[S_CH] == ("", m.EntryKind.NOTE)  # recorded: the draft is emptied


# ---------------------------------------------------------------------- editing entries


def row_of(capture: LiveCapture, entry_id: str) -> int:
    row = capture.model.row_of(entry_id)
    assert row >= 0
    return row


def edit_cell(qtbot, capture: LiveCapture, entry_id: str, column: int, text: str) -> None:
    """Edit one cell as a person does: start the editor, retype, Enter."""
    index = capture.model.index(row_of(capture, entry_id), column)
    capture.view.setFocus()
    capture.view.setCurrentIndex(index)
    capture.view.edit(index)
    editor = capture.view.indexWidget(index)
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    closed(qtbot, capture)


def closed(qtbot, capture: LiveCapture) -> None:
    """The delegate commits an editor on the next turn of the event loop."""
    qtbot.waitUntil(
        lambda: capture.view.state() != QAbstractItemView.State.EditingState and capture.pending_edits == 0,
        timeout=1000,
    )


def test_entries_are_listed_by_time(capture: LiveCapture) -> None:
    assert [e.id for e in capture.model.entries] == [E1, E3, E2]
    row = capture.model.index(0, 0)
    assert [capture.model.index(0, c).data() for c in range(4)] == [
        "09:30:00",
        "Decision",
        "Government of Indonesia",
        "Both sides agree to meet again",
    ]
    assert row.data(Qt.ItemDataRole.UserRole) == E1


def test_edit_text_and_undo(qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack) -> None:
    edit_cell(qtbot, capture, E1, 3, "Both sides agree to meet in March")
    assert session_in(workshop_path, S_CH).entries[0].text == "Both sides agree to meet in March"
    assert undo_stack.count() == 1
    undo_stack.undo()
    assert session_in(workshop_path, S_CH).entries[0].text == "Both sides agree to meet again"
    assert capture.model.index(0, 3).data() == "Both sides agree to meet again"


def test_retime_an_entry(qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack) -> None:
    edit_cell(qtbot, capture, E2, 0, "09:00")
    entries = session_in(workshop_path, S_CH).entries
    assert [e.id for e in entries] == [E2, E1, E3]  # now the first
    assert entries[0].at == dt.datetime(2005, 1, 27, 9, 0, tzinfo=HELSINKI)
    assert [e.id for e in capture.model.entries] == [E2, E1, E3]
    undo_stack.undo()
    assert session_in(workshop_path, S_CH).entries[2].at == dt.datetime(2005, 1, 27, 10, 15, tzinfo=HELSINKI)


def test_a_time_that_is_no_time_is_refused(qtbot, capture: LiveCapture, undo_stack: QUndoStack) -> None:
    edit_cell(qtbot, capture, E2, 0, "half past")
    assert undo_stack.count() == 0
    assert "HH:MM" in capture.problem_label.text()


def test_rekind_with_the_kind_editor_and_with_ctrl_digit(
    qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    index = capture.model.index(row_of(capture, E3), 1)
    capture.view.setFocus()
    capture.view.setCurrentIndex(index)
    capture.view.edit(index)
    combo = capture.view.indexWidget(index)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(m.EntryKind.RISK))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    closed(qtbot, capture)
    assert session_in(workshop_path, S_CH).entries[1].kind == m.EntryKind.RISK

    capture.view.setFocus()
    capture.select_entries([E1, E3])
    qtbot.keyClick(capture.view, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    kinds = {e.id: e.kind for e in session_in(workshop_path, S_CH).entries}
    assert kinds == {E1: m.EntryKind.QUESTION, E3: m.EntryKind.QUESTION, E2: m.EntryKind.ACTION}
    assert undo_stack.count() == 2  # two entries re-kinded in one step
    undo_stack.undo()
    kinds = {e.id: e.kind for e in session_in(workshop_path, S_CH).entries}
    assert kinds == {E1: m.EntryKind.DECISION, E3: m.EntryKind.RISK, E2: m.EntryKind.ACTION}


def test_change_the_speaker_of_an_entry(qtbot, capture: LiveCapture, workshop_path: Path) -> None:
    edit_cell(qtbot, capture, E3, 2, "Radio Damai")
    assert {e.id: e.speaker for e in session_in(workshop_path, S_CH).entries}[E3] == RADIO
    edit_cell(qtbot, capture, E1, 2, "")
    assert {e.id: e.speaker for e in session_in(workshop_path, S_CH).entries}[E1] is None


def test_delete_entries_and_undo(
    qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    capture.view.setFocus()
    capture.select_entries([E2])
    qtbot.keyClick(capture.view, Qt.Key.Key_Delete)
    session = session_in(workshop_path, S_CH)
    assert [e.id for e in session.entries] == [E1, E3]
    assert session.actions[0].entry is None  # the action made from it forgets it
    capture.select_entries([E1, E3])
    capture.delete_button.click()
    assert session_in(workshop_path, S_CH).entries == []
    assert capture.model.rowCount() == 0
    undo_stack.undo()
    undo_stack.undo()
    session = session_in(workshop_path, S_CH)
    assert [e.id for e in session.entries] == [E1, E3, E2]
    assert session.actions[0].entry == E2


def test_an_action_item_from_an_action_entry(
    qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    type_line(qtbot, capture, "a: Share the monitoring plan")
    [entry] = new_entries(workshop_path)
    capture.select_entries([entry.id])
    with qtbot.waitSignal(capture.action_created) as sig:
        capture.action_button.click()
    actions = {a.id: a for a in session_in(workshop_path, S_CH).actions}
    made = actions[sig.args[0]]
    assert (made.text, made.entry, made.status) == (
        "Share the monitoring plan",
        entry.id,
        m.ActionStatus.OPEN,
    )
    undo_stack.undo()
    assert sig.args[0] not in {a.id for a in session_in(workshop_path, S_CH).actions}


def test_with_an_open_workshop_document(qtbot, workshop_path: Path, settings: QSettings) -> None:
    """Wired to the window's OpenWorkshop: edits refresh it, and its undo replays them."""
    from multitrack_desktop.document.workshop import OpenWorkshop
    from multitrack_desktop.storage.database import WorkshopFile

    document = OpenWorkshop(WorkshopFile.open(workshop_path, daily_backup=False))
    try:
        stack = QUndoStack()
        widget = LiveCapture(document.service, stack, document, settings=settings, clock=lambda: NOW)
        qtbot.addWidget(widget)
        widget.set_session(S_CH)
        with qtbot.waitSignal(document.changed):
            qtbot.keyClicks(widget.line, "Through the document")
            qtbot.keyClick(widget.line, Qt.Key.Key_Return)
        assert widget.model.rowCount() == 4
        stack.undo()
        assert widget.model.rowCount() == 3
        assert len(session_in(workshop_path, S_CH).entries) == 3
    finally:
        document.close()


def draft_in(path: Path, session_id: str) -> tuple[str, m.EntryKind] | None:
    from multitrack_desktop.services.drafts import load_draft
    from multitrack_desktop.storage.database import WorkshopFile

    with WorkshopFile.open(path, readonly=True) as wf:
        draft = load_draft(wf, session_id)
    return None if draft is None else (draft.text, draft.kind)


def test_the_draft_is_kept_in_the_file(
    qtbot, service: WorkshopService, settings: QSettings, workshop_path: Path
) -> None:
    widget = LiveCapture(service, QUndoStack(), settings=settings, clock=lambda: NOW)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.set_session(S_CH)
    widget.line.setFocus()
    assert isinstance(widget.drafts, FileDrafts)
    qtbot.keyClick(widget.line, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    type_text(widget.line, "Спойлеры на юге")
    qtbot.waitUntil(
        lambda: draft_in(workshop_path, S_CH) == ("Спойлеры на юге", m.EntryKind.RISK), timeout=1000
    )

    again = LiveCapture(service, QUndoStack(), settings=settings, clock=lambda: NOW)  # after a crash
    qtbot.addWidget(again)
    again.set_session(S_CH)
    assert (again.line.text(), again.kind) == ("Спойлеры на юге", m.EntryKind.RISK)
    qtbot.keyClick(again.line, Qt.Key.Key_Return)
    assert draft_in(workshop_path, S_CH) is None
    assert [(e.text, e.kind) for e in new_entries(workshop_path)] == [("Спойлеры на юге", m.EntryKind.RISK)]


def test_only_this_sessions_entries_are_listed_after_edits_elsewhere(
    qtbot, service: WorkshopService, settings: QSettings, workshop_path: Path
) -> None:
    """Edits made through another widget on the same refresh path: the list follows its own session only."""
    stack = QUndoStack()
    widget = LiveCapture(service, stack, settings=settings, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.set_session(S_CH)
    other = widget.hub.apply(lambda: service.add_entry(S_OPEN, NOW, "elsewhere"))
    assert other is not None
    assert [e.id for e in widget.model.entries] == [E1, E3, E2]
    widget.hub.apply(lambda: service.update_entry(E3, at=NOW, about=[GAM]))  # 10:02: still between E1 and E2
    assert [e.id for e in widget.model.entries] == [E1, E3, E2]
    assert widget.model.entries[1].about == [GAM]
    widget.hub.apply(lambda: service.update_entry(E1, at=NOW + dt.timedelta(hours=1)))
    assert [e.id for e in widget.model.entries] == [E3, E2, E1]
    stack.undo()
    assert [e.id for e in widget.model.entries] == [E1, E3, E2]
    assert [e.id for e in widget.model.entries] == [e.id for e in session_in(workshop_path, S_CH).entries]


def test_ending_the_session_records_the_time_and_a_snapshot(
    qtbot, capture: LiveCapture, workshop_path: Path, undo_stack: QUndoStack
) -> None:
    with qtbot.waitSignal(capture.session_ended) as sig:
        capture.end_button.click()
    doc = load(workshop_path)
    assert doc.session_by_id()[S_CH].ends_at == NOW
    [snap] = doc.snapshots
    assert (snap.id, snap.session, snap.taken_at, snap.label) == (
        sig.args[1],
        S_CH,
        NOW,
        "End of Helsinki round 1",
    )
    assert {p.actor for p in snap.placements} == {GOV, GAM, RADIO, ULAMA}  # every actor on the circle
    assert undo_stack.count() == 1
    undo_stack.undo()
    doc = load(workshop_path)
    assert doc.snapshots == []
    assert doc.session_by_id()[S_CH].ends_at == dt.datetime(2005, 1, 29, 17, 0, tzinfo=HELSINKI)


def test_a_session_not_yet_started_cannot_end(qtbot, capture: LiveCapture, undo_stack: QUndoStack) -> None:
    capture.set_session(S_OTR)
    assert capture.end_session() is None
    assert undo_stack.count() == 0 and "not started" in capture.problem_label.text()


def test_a_read_only_workshop_is_shown_but_not_recorded_into(
    qtbot, workshop_path: Path, settings: QSettings
) -> None:
    from multitrack_desktop.storage.database import WorkshopFile

    with WorkshopFile.open(workshop_path, readonly=True) as wf:
        widget = LiveCapture(WorkshopService(wf), QUndoStack(), settings=settings)
        qtbot.addWidget(widget)
        widget.set_session(S_CH)
        assert widget.drafts is None
        assert widget.model.rowCount() == 3
        assert not widget.line.isEnabled() and not widget.end_button.isEnabled()
        assert widget.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


def physical_key(widget, key: Qt.Key, text: str, scan_code: int) -> None:
    """A key press as an X11/Wayland keyboard sends it: what the layout types, and where the key is."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    ctrl = Qt.KeyboardModifier.ControlModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, ctrl, scan_code, 0, 0, text))


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11/Wayland scan codes")
def test_ctrl_and_the_physical_digit_key_on_azerty(qtbot, capture: LiveCapture, workshop_path: Path) -> None:
    physical_key(capture.line, Qt.Key.Key_QuoteDbl, '"', 12)  # AZERTY: the key of 3 types "
    assert capture.kind == m.EntryKind.ACTION
    assert capture.line.text() == ""
    physical_key(capture.line, Qt.Key.Key_Eacute, "é", 11)  # … and the key of 2 types é
    assert capture.kind == m.EntryKind.DECISION
    physical_key(capture.line, Qt.Key.Key_A, "a", 38)  # Ctrl+A is no kind: selects all as always
    assert capture.kind == m.EntryKind.DECISION


def test_physical_digits_on_every_platform() -> None:
    from multitrack_desktop.widgets.sessions.capture import physical_digit

    assert physical_digit(0, 0x33, "win32") == 3
    assert physical_digit(0, 0x41, "win32") is None
    assert physical_digit(0, 0x17, "darwin") == 5
    assert physical_digit(15, 0, "linux") == 6
    assert physical_digit(16, 0, "linux") is None  # the 7 key: no kind


def test_escape_in_the_list_goes_back_to_the_line(qtbot, capture: LiveCapture) -> None:
    capture.view.setFocus()
    capture.select_entries([E1])
    qtbot.keyClick(capture.view, Qt.Key.Key_Escape)
    assert capture.line.hasFocus()


def test_tooltips_say_who_may_see_an_entry_and_what_it_is_about(qtbot, capture: LiveCapture) -> None:
    capture.visibility_combo.setCurrentIndex(capture.visibility_combo.findData(m.Visibility.PRIVATE))
    capture.author_edit.setText("Leila")
    type_line(qtbot, capture, "@radio damai will host")
    row = len(capture.model.entries) - 2  # 10:02, before E2 at 10:15
    tip = capture.model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines()[0] == "radio damai will host"  # as typed, without the @
    assert "Visible to: Private" in tip and "About: Radio Damai" in tip and "Recorded by Leila" in tip
    assert capture.model.index(row, 3).data(Qt.ItemDataRole.FontRole).italic()
    assert capture.model.index(0, 3).data(Qt.ItemDataRole.FontRole) is None


def test_after_the_end_the_clock_shows_the_length(
    qtbot, capture: LiveCapture, service: WorkshopService
) -> None:
    service.update_session(S_CH, ends_at=dt.datetime(2005, 1, 27, 9, 45, tzinfo=HELSINKI))
    capture.set_session(S_CH)
    assert capture.clock_label.text() == "0:45:00 (ended)"


def test_enter_in_the_speaker_field_goes_back_to_the_line(qtbot, capture: LiveCapture) -> None:
    capture.speaker_edit.setFocus()
    qtbot.keyClicks(capture.speaker_edit, "Radio Damai")
    qtbot.keyClick(capture.speaker_edit, Qt.Key.Key_Return)
    assert capture.line.hasFocus()


def test_choosing_the_same_session_again_keeps_the_line(qtbot, capture: LiveCapture) -> None:
    drafts: FakeDrafts = capture.drafts  # type: ignore[assignment]
    qtbot.keyClicks(capture.line, "half typed")
    capture.set_session(S_CH)  # e.g. the panel says again which session is chosen
    assert capture.line.text() == "half typed"
    assert drafts.saved[S_CH][0] == "half typed"  # written at once, not half a second later


def test_hiding_writes_the_waiting_draft(qtbot, capture: LiveCapture) -> None:
    drafts: FakeDrafts = capture.drafts  # type: ignore[assignment]
    qtbot.keyClicks(capture.line, "before the lid closes")
    capture.hide()
    assert drafts.saved[S_CH][0] == "before the lid closes"


def test_a_draft_already_recorded_is_not_brought_back(
    qtbot, service: WorkshopService, settings: QSettings, workshop_path: Path
) -> None:
    """A crash between recording a line and clearing its draft must not record it twice."""
    from multitrack_desktop.services.drafts import save_draft

    saved = dt.datetime(2005, 6, 15, 12, 0, tzinfo=dt.UTC)
    save_draft(service.file, S_OPEN, "d: @Radio Damai hosts", m.EntryKind.NOTE, clock=lambda: saved)
    service.add_entry(S_OPEN, saved + dt.timedelta(seconds=1), "Radio Damai hosts", kind="decision")
    widget = LiveCapture(service, QUndoStack(), settings=settings)
    qtbot.addWidget(widget)
    widget.set_session(S_OPEN)
    assert widget.line.text() == ""

    save_draft(
        service.file,
        S_OPEN,
        "Radio Damai hosts",
        m.EntryKind.NOTE,
        clock=lambda: saved + dt.timedelta(hours=1),
    )
    widget.set_session(None)
    widget.set_session(S_OPEN)
    assert widget.line.text() == "Radio Damai hosts"  # the same words again, typed later: kept


def test_up_in_the_empty_line_corrects_the_latest_entry(
    qtbot, capture: LiveCapture, workshop_path: Path
) -> None:
    type_line(qtbot, capture, "Teh delegations arrive")
    qtbot.keyClick(capture.line, Qt.Key.Key_Up)
    index = capture.view.currentIndex()
    editor = capture.view.indexWidget(index)
    assert isinstance(editor, QLineEdit) and editor.text() == "Teh delegations arrive"
    editor.selectAll()
    type_text(editor, "The delegations arrive")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    closed(qtbot, capture)
    assert [e.text for e in new_entries(workshop_path)] == ["The delegations arrive"]
    qtbot.keyClick(capture.view, Qt.Key.Key_Escape)
    assert capture.line.hasFocus()


def test_a_renamed_actor_is_renamed_in_the_list_and_completions(
    qtbot, service: WorkshopService, settings: QSettings
) -> None:
    stack = QUndoStack()
    widget = LiveCapture(service, stack, settings=settings, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.set_session(S_CH)
    widget.hub.apply(lambda: service.update_actor(GOV, name="Republic of Indonesia"))
    assert widget.model.index(0, 2).data() == "Republic of Indonesia"
    assert "Republic of Indonesia" in widget.speaker_model.stringList()
    assert widget.mention_names["Republic of Indonesia"] == GOV
