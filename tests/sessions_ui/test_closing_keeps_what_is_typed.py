"""Closing the window, or opening another workshop in it, keeps what was being typed: the live line's
draft, a session title not yet applied, and an actor's name typed in the inspector."""

from __future__ import annotations

from pathlib import Path

import pytest

from multitrack_desktop.services.drafts import load_draft
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import GOV, S_OPEN, session_in

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def type_everywhere(qtbot, win: MainWindow) -> None:  # noqa: ANN001
    ui = win.sessions
    assert ui.open_session(S_OPEN)
    ui.editor.title_edit.setFocus()
    ui.editor.title_edit.selectAll()
    qtbot.keyClicks(ui.editor.title_edit, "Forum, second day")  # not applied: no Enter, focus stays
    ui.capture.line.setFocus()  # the title is applied as the focus leaves it; the line is typed last
    qtbot.keyClicks(ui.capture.line, "the elders ask for")  # within the draft's half second
    assert ui.capture.draft_timer.isActive()


def read_draft(path: Path) -> str | None:
    with WorkshopFile.open(path, readonly=True) as file:
        draft = load_draft(file, S_OPEN)
    return None if draft is None else draft.text


def test_closing_the_window_keeps_the_line_being_typed(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    win = window
    type_everywhere(qtbot, win)
    win.close()
    assert read_draft(workshop_path) == "the elders ask for"
    assert session_in(workshop_path, S_OPEN).title == "Forum, second day"


def test_opening_another_workshop_keeps_the_line_being_typed(
    qtbot, window: MainWindow, workshop_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.multitrack"
    other.write_bytes(workshop_path.read_bytes())
    win = window
    type_everywhere(qtbot, win)
    win.set_file(WorkshopFile.open(other, daily_backup=False))
    assert read_draft(workshop_path) == "the elders ask for"
    win.close_document()


def test_closing_the_workshop_keeps_a_name_typed_in_the_inspector(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    win = window
    win.select_actor(GOV)
    name = win.inspector.editor("name")
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Ministry of Peace")  # no Enter
    assert win.inspector.pending()
    win.close_document()
    with WorkshopFile.open(workshop_path, readonly=True) as file:
        from multitrack_desktop.services.workshop import WorkshopService

        names = {a.id: a.name for a in WorkshopService(file).actors()}
    assert names[GOV] == "Ministry of Peace"
