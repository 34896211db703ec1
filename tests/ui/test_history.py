"""The undo history dock: every step listed, and a click on an earlier step takes the file back there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from multitrack_desktop.storage.errors import ReadOnly
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import GOV, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def rename(qtbot, window: MainWindow, text: str) -> None:
    name = window.inspector.editor("name")
    qtbot.keyClicks(name, text)
    qtbot.keyClick(name, Qt.Key.Key_Return)


def test_history_lists_the_steps_and_goes_back_to_one(qtbot, window: MainWindow, workshop_path: Path) -> None:
    assert not window.history_dock.isVisible()
    assert "History" in [a.text() for a in window.menuBar().actions()[2].menu().actions()]
    window.history_action.trigger()
    assert window.history_dock.isVisible()

    window.select_actor(GOV)
    rename(qtbot, window, " A")
    rename(qtbot, window, "B")
    view = window.history
    model = view.model()
    assert model.rowCount() == 3  # "Opened" and the two edits
    assert model.index(0, 0).data() == "Opened"
    assert model.index(2, 0).data().startswith("Edit Ministry of Foreign Affairs AB")

    rect = view.visualRect(model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.undo_stack.index() == 0
    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs"
    rect = view.visualRect(model.index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs A"

    window.history_action.trigger()
    assert not window.history_dock.isVisible()


def test_a_refused_undo_clears_the_history_and_says_why(
    qtbot, window: MainWindow, workshop_path: Path, monkeypatch
) -> None:
    window.select_actor(GOV)
    rename(qtbot, window, " A")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: said.append(text))

    def refuse(change) -> None:  # noqa: ANN001
        raise ReadOnly("The disk became read-only.")

    monkeypatch.setattr(window.document.service, "undo", refuse)
    window.undo_action.trigger()
    assert "read-only" in said[0] and "history was cleared" in said[0]
    qtbot.waitUntil(lambda: window.undo_stack.count() == 0)
    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs A"
    assert window.inspector.text_of("name") == "Ministry of Foreign Affairs A"  # the window shows the file
