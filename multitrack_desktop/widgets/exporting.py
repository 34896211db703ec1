"""Workshop › Export PDF… (Ctrl+E), also in the File menu: the export dialog for the open workshop.

Installed into the main window by ``install(window)`` (see MainWindow.__init__); the controller is kept as
``window.exporting``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

from ..storage.errors import StorageError
from .opening import show_error

if TYPE_CHECKING:
    from .export_dialog import ExportDialog
    from .main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Exporting", text)


class Exporting(QObject):
    """The Export action and the dialog it opens (one at a time)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None
        self.export_action = QAction(tr("E&xport PDF…"), window)
        self.export_action.setObjectName("ExportPdfAction")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setStatusTip(tr("A PDF summary, or a copy of the workshop, for one audience"))
        self.export_action.triggered.connect(self.open_dialog)
        window.document_replaced.connect(self.update_enabled)
        self.update_enabled()

    def update_enabled(self) -> None:
        self.export_action.setEnabled(self.window.document is not None)

    def open_dialog(self) -> ExportDialog | None:
        """Show the export dialog for the open workshop (or bring back the one already open)."""
        doc = self.window.document
        if doc is None:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        folder = self.window.settings.last_folder() or str(doc.path.parent)
        from .export_dialog import open_export_dialog  # ReportLab loads when first asked for, not at start

        try:
            dialog = open_export_dialog(doc, self.window, folder)
        except StorageError as exc:
            show_error(self.window, exc)
            return None
        self.dialog = dialog
        dialog.exported.connect(self._on_exported)
        dialog.finished.connect(self._on_dialog_gone)
        return dialog

    def _on_dialog_gone(self) -> None:
        self.dialog = None

    def _on_exported(self, path: Path) -> None:
        self.window.settings.set_last_folder(str(path.parent))
        self.window.statusBar().showMessage(tr("Exported {path}").format(path=path), 8000)


def install(window: MainWindow) -> None:
    """Add Export PDF… to the Workshop and File menus (enabled while a workshop is open)."""
    exporting = Exporting(window)
    window.exporting = exporting  # type: ignore[attr-defined]
    window.workshop_menu.addAction(exporting.export_action)
    file_actions = window.file_menu.actions()
    # in the File menu after "Save a Copy…" (before the separator that follows it)
    anchor = window.file_actions.save_copy_action
    index = file_actions.index(anchor) if anchor in file_actions else -1
    before = file_actions[index + 1] if 0 <= index < len(file_actions) - 1 else None
    if before is not None:
        window.file_menu.insertAction(before, exporting.export_action)
    else:
        window.file_menu.addAction(exporting.export_action)
