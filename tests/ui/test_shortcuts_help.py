"""Help › Keyboard shortcuts: read from the menus themselves, so it cannot disagree with them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from multitrack_desktop.widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "requestActivate")


def test_every_menu_command_with_keys_is_listed_with_its_keys(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Keyboard shortcuts"
    rows = dialog.shown_rows()
    listed = {(where, command): keys for where, command, keys in rows}
    native = QKeySequence.SequenceFormat.NativeText
    assert window.undo_action.shortcut().toString(native) in listed[("Edit", "Undo")]
    assert listed[("View", "Present")] == "F5"
    assert "Ctrl+W" in listed[("File", "Close")]
    assert listed[("Workshop", "Add the selected actors to the session")] == "Ctrl+Shift+P"
    assert ("Circle", "Draw a link") in listed  # a gesture, not a menu command
    # a command given keys later is listed the next time the dialog is opened
    window.fit_action.setShortcuts([QKeySequence("Ctrl+0"), QKeySequence("Ctrl+9")])
    dialog.close()
    window.shortcuts_action.trigger()
    assert window.shortcuts_dialog.shown_rows() != rows
    assert ("View", "Fit the circle", "Ctrl+0, Ctrl+9") in window.shortcuts_dialog.shown_rows()


def test_the_filter_finds_a_command_by_its_words_or_its_keys(qtbot, window: MainWindow) -> None:
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    qtbot.keyClicks(dialog.filter, "present")
    assert {row[1] for row in dialog.shown_rows()} == {"Present", "Leave the presentation"}
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, "ctrl+shift+p")
    assert [row[1] for row in dialog.shown_rows()] == ["Add the selected actors to the session"]
