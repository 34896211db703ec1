"""All the session widgets on one open workshop, as the window will wire them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack

from multitrack_desktop.document.workshop import OpenWorkshop
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.sessions.actions_view import ActionsModel, OpenActionsView
from multitrack_desktop.widgets.sessions.capture import LiveCapture
from multitrack_desktop.widgets.sessions.editor import SessionEditor
from multitrack_desktop.widgets.sessions.panel import SessionsPanel
from multitrack_desktop.widgets.sessions.snapshot_compare import SnapshotCompare

from .conftest import A1, S_CH, session_in

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_an_edit_in_one_widget_shows_in_the_others(qtbot, workshop_path: Path, settings: QSettings) -> None:
    document = OpenWorkshop(WorkshopFile.open(workshop_path, daily_backup=False))
    try:
        stack = QUndoStack()
        service = document.service
        panel = SessionsPanel(service, stack, document)
        editor = SessionEditor(service, stack, document)
        capture = LiveCapture(service, stack, document, settings=settings)
        actions = OpenActionsView(service, stack, document)
        snapshots = SnapshotCompare(service, stack, document)
        for w in (panel, editor, capture, actions, snapshots):
            qtbot.addWidget(w)
        panel.current_changed.connect(lambda sid: (editor.set_session(sid), capture.set_session(sid)))
        with qtbot.waitSignal(actions.session_requested) as asked:
            actions.table.doubleClicked.emit(actions.index_of(A1, ActionsModel.SESSION))
        assert asked.args == [S_CH]
        panel.select_session(S_CH)
        assert editor.session_id == S_CH and capture.session_id == S_CH

        editor.title_edit.setText("Helsinki, round one")
        editor.title_edit.editingFinished.emit()
        row = panel.model.row_of(S_CH)
        assert panel.model.index(row, 1).data() == "Helsinki, round one"
        assert capture.title_label.text().startswith("Helsinki, round one")
        assert actions.index_of(A1, ActionsModel.SESSION).data().endswith("Helsinki, round one")

        capture.line.setText("a: one more thing")
        qtbot.keyClick(capture.line, Qt.Key.Key_Return)
        capture.end_session()
        assert snapshots.after_combo.count() == 1
        assert stack.count() == 3
        while stack.canUndo():
            stack.undo()
        assert session_in(workshop_path, S_CH).title == "Helsinki round 1"
        assert panel.model.index(panel.model.row_of(S_CH), 1).data() == "Helsinki round 1"
        assert capture.model.rowCount() == 3 and snapshots.after_combo.count() == 0
    finally:
        document.close()
