"""The Export dialog driven like a user: audience, sessions, sections, the worker thread, the files it leaves.

Each PDF is read back with pypdf (page text, outline and metadata): a planted marker must be absent where the
audience may not see it, present where it may.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import uuid
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from multitrack_desktop.domain import model as m
from multitrack_desktop.exchange import read_document
from multitrack_desktop.services.files import build_workshop_file
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets import export_dialog as ed
from multitrack_desktop.widgets.export_dialog import ExportDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "requestActivate")

TZ = dt.timezone(dt.timedelta(hours=3))


def u(name: str) -> str:
    """Exchange files need UUIDs: a fixed one per readable name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"multitrack-test:{name}"))


S_OPEN, S_SECOND, S_TEAM, S_OFF = u("s-open"), u("s-second"), u("s-team"), u("s-off")
TEAM_MARK = "teamonlymarker"
PRIVATE_MARK = "privatemarker"
SECOND_MARK = "secondsessionmarker"
SHARED_MARK = "sharedentrymarker"


def t(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 4, day, hour, tzinfo=TZ)


def planted() -> m.WorkshopDocument:
    """Markers by visibility; withheld for shareable: 2 actors, 1 link, 1 session, 3 entries, 1 action."""
    actors = [
        m.Actor(u("a-pub"), "Harbour Council", track=1),
        m.Actor(u("a-team"), "Teamonlymarker Group", track=2, visibility=m.Visibility.TEAM),
        m.Actor(u("a-priv"), "Privatemarker Person", track=3, visibility=m.Visibility.PRIVATE),
    ]
    links = [m.Link(u("l-1"), u("a-pub"), u("a-team"), note="talks often")]
    open_session = m.Session(
        S_OPEN,
        "Opening plenary",
        t(1, 9),
        t(1, 12),
        rule=m.Rule.OPEN,
        visibility=m.Visibility.SHAREABLE,
        entries=[
            m.Entry(u("e-1"), t(1, 9), f"Everyone agreed: {SHARED_MARK}.", visibility=m.Visibility.SHAREABLE),
            m.Entry(u("e-2"), t(1, 10), f"Between us: {TEAM_MARK} noted.", visibility=m.Visibility.TEAM),
            m.Entry(u("e-3"), t(1, 11), f"Only me: {PRIVATE_MARK}.", visibility=m.Visibility.PRIVATE),
        ],
        actions=[m.Action(u("x-1"), f"Follow up {TEAM_MARK} privately", visibility=m.Visibility.TEAM)],
    )
    second = m.Session(
        S_SECOND,
        "Second round",
        t(2, 9),
        rule=m.Rule.OPEN,
        visibility=m.Visibility.SHAREABLE,
        entries=[m.Entry(u("e-4"), t(2, 9), f"Round two: {SECOND_MARK}.", visibility=m.Visibility.SHAREABLE)],
    )
    team_session = m.Session(
        S_TEAM,
        "Team debrief",
        t(3, 9),
        visibility=m.Visibility.TEAM,
        entries=[m.Entry(u("e-5"), t(3, 9), "debrief words", visibility=m.Visibility.TEAM)],
    )
    off = m.Session(
        S_OFF,
        "Quiet dinner",
        t(4, 19),
        location="Secret villa",
        rule=m.Rule.OFF_THE_RECORD,
        visibility=m.Visibility.SHAREABLE,
    )
    return m.WorkshopDocument(
        m.Workshop(u("w-1"), "Harbour talks"),
        actors=actors,
        links=links,
        sessions=[open_session, second, team_session, off],
    )


@pytest.fixture
def planted_path(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.multitrack"
    build_workshop_file(planted(), path)
    return path


@pytest.fixture
def win(qtbot, planted_path: Path):  # -> MainWindow
    from multitrack_desktop.widgets.main_window import MainWindow

    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.set_file(WorkshopFile.open(planted_path))
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every error sentence the dialog shows (the message box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def open_dialog(win) -> ExportDialog:  # noqa: ANN001
    win.exporting.export_action.trigger()
    dialog = win.exporting.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return dialog


def finish(qtbot, dialog: ExportDialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)


def pdf_text(path: Path) -> str:
    """Page text, outline titles and metadata: every place a marker could leak."""
    reader = pypdf.PdfReader(str(path))
    parts = [page.extract_text() or "" for page in reader.pages]

    def walk(items: list) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                parts.append(str(it.title))

    walk(reader.outline)
    parts += [str(v) for v in (reader.metadata or {}).values()]
    return "\n".join(parts)


def test_action_in_workshop_and_file_menus(win) -> None:  # noqa: ANN001
    action = win.exporting.export_action
    assert action in win.workshop_menu.actions() and action in win.file_menu.actions()
    assert action.shortcut().toString() == "Ctrl+E"
    assert action.isEnabled()
    win.close_document()
    assert not action.isEnabled()
    assert win.exporting.open_dialog() is None


def test_shareable_and_team_pdfs_with_a_session_left_out(
    qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warnings: list[str]
) -> None:
    dialog = open_dialog(win)
    assert dialog.audience() is m.Visibility.SHAREABLE  # the default
    assert not dialog.encryption_note.isVisible()
    dialog.set_session_checked(S_SECOND, False)
    assert dialog.chosen_sessions() == {S_OPEN, S_TEAM, S_OFF}

    shareable = tmp_path / "out" / "harbour shareable.pdf"
    shareable.parent.mkdir()
    save_as(monkeypatch, shareable.with_suffix(""))  # the dialog adds .pdf
    dialog.export_button.click()
    assert dialog.running and not dialog.export_button.isEnabled()
    finish(qtbot, dialog)
    assert not warnings
    assert shareable.exists() and dialog.result_path == shareable
    text = pdf_text(shareable)
    assert SHARED_MARK in text and "Opening plenary" in text
    for absent in (
        TEAM_MARK,
        "Teamonlymarker",
        PRIVATE_MARK,
        "Privatemarker",
        "Team debrief",
        "Secret villa",
    ):
        assert absent.casefold() not in text.casefold(), absent
    assert SECOND_MARK not in text and "Second round" not in text  # unticked
    assert dialog.open_button.isVisible() and dialog.folder_button.isVisible()
    assert list(shareable.parent.iterdir()) == [shareable]  # no temporary file left beside it

    dialog.audience_buttons[m.Visibility.TEAM].click()
    team = tmp_path / "out" / "harbour team.pdf"
    save_as(monkeypatch, team)
    dialog.export_button.click()
    finish(qtbot, dialog)
    text = pdf_text(team)
    assert TEAM_MARK in text and "Team debrief" in text and SHARED_MARK in text
    assert PRIVATE_MARK not in text.casefold()
    assert SECOND_MARK not in text  # still unticked
    assert pypdf.PdfReader(str(team)).metadata["/Keywords"] == "team"


def test_sections_chosen_in_the_dialog(
    qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warnings: list[str]
) -> None:
    dialog = open_dialog(win)
    dialog.section_boxes["sessions"].setChecked(False)
    dialog.section_boxes["actors"].setChecked(False)
    assert dialog.chosen_sections() == ["map", "relationships", "open_actions"]
    dest = tmp_path / "sections.pdf"
    save_as(monkeypatch, dest)
    dialog.export_button.click()
    finish(qtbot, dialog)
    reader = pypdf.PdfReader(str(dest))
    titles = [it.title for it in reader.outline if not isinstance(it, list)]
    assert titles == ["Cover", "The nine-track map", "Relationships", "Open actions"]
    assert SHARED_MARK not in pdf_text(dest)


def test_withheld_preview_counts_for_each_audience(win) -> None:  # noqa: ANN001
    dialog = open_dialog(win)
    preview = dialog.withheld_label
    # shareable: the team and private actors, the link to the team actor, the team session, the team and
    # private entries of the open session, the team session's entry, and the team action
    assert preview.text() == (
        "Withheld for this audience: 2 actors, 1 link, 1 session, 3 entries, 1 action (8 records in all)."
    )
    dialog.audience_buttons[m.Visibility.TEAM].click()
    assert preview.text() == "Withheld for this audience: 1 actor, 1 entry (2 records in all)."
    dialog.audience_buttons[m.Visibility.PRIVATE].click()
    assert preview.text() == "Nothing was withheld for this audience."
    dialog.set_session_checked(S_SECOND, False)
    assert preview.text().endswith("You left out 1 of the 4 sessions this audience may see.")

    # the session list marks what the audience may not see; unticking it is a choice only
    dialog.audience_buttons[m.Visibility.SHAREABLE].click()
    items = {it.data(Qt.ItemDataRole.UserRole): it for it in dialog.session_items()}
    assert "withheld for this audience" in items[S_TEAM].text()
    assert not items[S_TEAM].flags() & Qt.ItemFlag.ItemIsEnabled
    assert "title and dates only" in items[S_OFF].text()
    assert "withheld" not in items[S_OPEN].text()


def test_cancel_leaves_no_file(qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dialog = open_dialog(win)
    calls = 0
    real = ed.export_pdf

    def slow_export(*args: object, **kwargs: object) -> object:
        cancelled = kwargs["cancelled"]

        def later() -> bool:  # the user presses Cancel while the pages are laid out
            nonlocal calls
            calls += 1
            if calls == 3:
                dialog.job.cancel()  # what the Cancel button does, from the worker's side of the race
            return cancelled()

        kwargs["cancelled"] = later
        return real(*args, **kwargs)

    monkeypatch.setattr(ed, "export_pdf", slow_export)
    dest = tmp_path / "cancelled.pdf"
    save_as(monkeypatch, dest)
    dialog.export_button.click()
    assert dialog.close_button.text() == "Cancel"
    finish(qtbot, dialog)
    assert calls >= 3
    assert dialog.status.text() == "Cancelled; no file was written."
    assert list(tmp_path.glob("*.pdf*")) == [] and list(tmp_path.glob(".cancelled*")) == []
    assert dialog.isVisible() and dialog.close_button.text() == "Close"


def test_cancel_button_stops_the_export(qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dialog = open_dialog(win)
    real = ed.export_pdf
    started = []

    def waiting_export(*args: object, **kwargs: object) -> object:
        cancelled = kwargs["cancelled"]

        def wait_for_cancel() -> bool:
            started.append(True)
            for _ in range(500):  # holds the first page until Cancel is pressed (at most 5 s)
                if cancelled():
                    return True
                threading_sleep(0.01)
            return cancelled()

        kwargs["cancelled"] = wait_for_cancel
        return real(*args, **kwargs)

    monkeypatch.setattr(ed, "export_pdf", waiting_export)
    dest = tmp_path / "stopped.pdf"
    save_as(monkeypatch, dest)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(started), timeout=30_000)
    dialog.close_button.click()  # "Cancel" while running
    finish(qtbot, dialog)
    assert not dest.exists() and list(tmp_path.glob("*.part")) == []
    assert dialog.status.text() == "Cancelled; no file was written."


def threading_sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


def unwritable(tmp_path: Path, how: str) -> Path:
    """A destination whose folder cannot take the file."""
    if how == "no permission":
        if sys.platform == "win32":
            pytest.skip("needs POSIX permissions")
        if os.geteuid() == 0:
            # root writes anywhere a mode allows nothing; sysfs refuses new files to everyone
            assert Path("/sys").is_dir()
            return Path("/sys/summary.pdf")
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        return folder / "summary.pdf"
    if how == "a file, not a folder":
        (tmp_path / "plain-file").write_text("x")
        return tmp_path / "plain-file" / "summary.pdf"
    return tmp_path / "gone" / "summary.pdf"  # the folder was removed after it was chosen


@pytest.mark.parametrize("how", ["no permission", "a file, not a folder", "missing folder"])
def test_unwritable_folder_is_one_sentence_and_no_file(
    qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warnings: list[str], how: str
) -> None:
    dest = unwritable(tmp_path, how)
    before = sorted(tmp_path.rglob("*")) if how != "no permission" else []
    try:
        dialog = open_dialog(win)
        save_as(monkeypatch, dest)
        dialog.export_button.click()
        finish(qtbot, dialog)
        assert len(warnings) == 1, warnings
        message = warnings[0]
        assert "Traceback" not in message and "\n" not in message.strip()
        assert "Errno" not in message and message.endswith(".")
        assert not dest.exists()
        if how == "no permission":
            assert not any(p.name.startswith(("summary", ".summary")) for p in dest.parent.iterdir())
        else:
            assert sorted(tmp_path.rglob("*")) == before
        assert dialog.status.text() == "Nothing was written."
        assert not dialog.open_button.isVisible()
    finally:
        if how == "no permission":
            dest.parent.chmod(0o700)


def test_a_bug_in_the_export_is_one_sentence(
    qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warnings: list[str]
) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(ed, "export_pdf", broken)
    dialog = open_dialog(win)
    save_as(monkeypatch, tmp_path / "bug.pdf")
    dialog.export_button.click()
    finish(qtbot, dialog)
    (message,) = warnings
    assert message.startswith("The PDF could not be written because of an internal error (a bug).")
    assert "ZeroDivisionError" not in message and "deep inside" not in message
    assert not (tmp_path / "bug.pdf").exists()


def test_save_a_copy_for_an_audience(
    qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warnings: list[str]
) -> None:
    dialog = open_dialog(win)
    dest = tmp_path / "for partners.json"
    save_as(monkeypatch, dest)
    dialog.copy_button.click()
    finish(qtbot, dialog)
    assert not warnings
    data = dest.read_bytes()
    for absent in (TEAM_MARK, PRIVATE_MARK, "Team debrief", "Secret villa"):
        assert absent.casefold() not in data.decode().casefold(), absent
    assert SHARED_MARK.encode() in data and SECOND_MARK.encode() in data  # every session it may see
    assert json.loads(data)["audience"] == {"name": "shareable", "withheld": 8}
    doc = read_document(data)  # a valid exchange file
    assert {s.id for s in doc.sessions} == {S_OPEN, S_SECOND, S_OFF}
    assert dialog.folder_button.isVisible() and not dialog.open_button.isVisible()  # not a PDF to open


def test_result_opens_and_its_folder_shows(
    qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(ed.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = open_dialog(win)
    dest = tmp_path / "open me.pdf"
    save_as(monkeypatch, dest)
    dialog.export_button.click()
    finish(qtbot, dialog)
    dialog.open_button.click()
    dialog.folder_button.click()
    assert [u.toLocalFile() for u in opened] == [str(dest), str(tmp_path)]
    assert win.settings.last_folder() == str(tmp_path)


def test_encrypted_workshop_says_the_pdf_is_not(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warnings: list[str]
) -> None:
    from multitrack_desktop.storage.crypto import Key
    from multitrack_desktop.widgets.main_window import MainWindow

    key = Key.from_passphrase("harbour passphrase")
    path = tmp_path / "locked.multitrack"
    build_workshop_file(planted(), path, key=key)
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.set_file(WorkshopFile.open(path, key=key))
    window.show()
    dialog = open_dialog(window)
    assert dialog.encryption_note.isVisible()
    assert "encrypted" in dialog.encryption_note.text() and "is not" in dialog.encryption_note.text()
    dest = tmp_path / "from locked.pdf"
    save_as(monkeypatch, dest)
    dialog.export_button.click()
    finish(qtbot, dialog)
    assert not warnings
    assert SHARED_MARK in pdf_text(dest)  # readable without the passphrase, as the dialog said


def test_plain_workshop_has_no_encryption_note(win) -> None:  # noqa: ANN001
    assert not open_dialog(win).encryption_note.isVisible()


def test_closing_during_an_export_cancels_it_first(
    qtbot, win, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog = open_dialog(win)
    dest = tmp_path / "closed.pdf"
    save_as(monkeypatch, dest)
    dialog.export_button.click()
    dialog.reject()  # Escape or the window's close button
    qtbot.waitUntil(lambda: win.exporting.dialog is None, timeout=60_000)
    assert not list(tmp_path.glob(".closed*"))  # cancelled or finished whole, never partial
