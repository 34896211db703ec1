"""File › New workshop…, Open Recent, and Edit › Find an actor."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import GOV, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def empty_window(qtbot) -> MainWindow:
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_new_workshop_is_written_whole_then_opened(
    qtbot, empty_window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "Harbour talks"), ""))
    empty_window.file_actions.new_action.trigger()
    path = tmp_path / "Harbour talks.multitrack"
    doc = load(path)
    assert doc.workshop.title == "Harbour talks" and doc.actors == []
    assert empty_window.windowTitle() == "Harbour talks — Multitrack Desktop"
    # a first actor, straight away, saved in the new file
    empty_window.actor_actions.new_action.trigger()
    assert [a.name for a in load(path).actors] == ["New actor"]


def test_new_workshop_never_overwrites(
    qtbot, empty_window: MainWindow, workshop_path: Path, monkeypatch
) -> None:
    before = workshop_path.read_bytes()
    said: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(workshop_path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: said.append(text))
    empty_window.file_actions.new_action.trigger()
    assert "already exists" in said[0]
    assert workshop_path.read_bytes() == before
    assert empty_window.document is None


def test_open_recent_lists_what_was_opened_newest_first(
    qtbot, empty_window: MainWindow, workshop_path: Path, tmp_path: Path
) -> None:
    other = empty_window.file_actions.new_workshop(tmp_path / "second.multitrack")
    assert other is not None
    assert empty_window.open_path(workshop_path)
    menu = empty_window.file_actions.recent_menu
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.data()]
    assert [Path(a.data()).name for a in entries] == ["coastal.multitrack", "second.multitrack"]
    entries[1].trigger()
    assert empty_window.windowTitle() == "second — Multitrack Desktop"

    (tmp_path / "second.multitrack").unlink()  # gone from disk: gone from the menu
    menu.aboutToShow.emit()
    assert [Path(a.data()).name for a in menu.actions() if a.data()] == ["coastal.multitrack"]
    empty_window.file_actions.clear_recent_action.trigger()
    menu.aboutToShow.emit()
    assert [a for a in menu.actions() if a.data()] == []


def test_the_demo_is_not_listed_in_open_recent(qtbot, empty_window: MainWindow) -> None:
    empty_window.open_demo()
    assert empty_window.document is not None
    assert empty_window.settings.recent_files() == []


def test_find_puts_the_cursor_in_the_library_search(qtbot, window: MainWindow) -> None:
    window.library_dock.hide()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library_dock.isVisible()
    assert window.library.search.hasFocus()
    qtbot.keyClicks(window.library.search, "radio")
    assert len(window.library.ids_shown()) == 1


def test_save_a_copy_writes_the_same_workshop_and_stays_on_the_original(
    qtbot, window: MainWindow, workshop_path: Path, tmp_path: Path, monkeypatch
) -> None:
    window.select_actor(GOV)
    name = window.inspector.editor("name")
    qtbot.keyClicks(name, " (edited)")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "for the donors"), "")
    )
    window.file_actions.save_copy_action.trigger()
    copy = tmp_path / "for the donors.multitrack"
    assert load(copy) == load(workshop_path)
    assert window.document is not None and window.document.path == workshop_path
    window.undo_stack.undo()  # the copy keeps what was saved; the original goes on
    assert load(copy).actor_by_id()[GOV].name == "Ministry of Foreign Affairs (edited)"
    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs"


def test_save_a_copy_never_replaces_a_file(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    taken = tmp_path / "taken.multitrack"
    taken.write_bytes(b"someone else's")
    said: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(taken), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: said.append(text))
    window.file_actions.save_copy_action.trigger()
    assert "already exists" in said[0]
    assert taken.read_bytes() == b"someone else's"
