"""Opening a workshop file from the window: locks, read-only fallback, sentences for errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ..storage.database import WorkshopFile
from ..storage.errors import LockedByOther, StorageError


def tr(text: str) -> str:
    return QCoreApplication.translate("Opening", text)


def open_for_window(path: Path, parent: QWidget | None) -> WorkshopFile | None:
    """The file opened for editing, or read-only if another program holds it and the user agrees.

    Returns None when the user declines or the file cannot be opened (after saying why).
    """
    try:
        return WorkshopFile.open(path)
    except LockedByOther as exc:
        answer = QMessageBox.question(
            parent,
            tr("Workshop in use"),
            str(exc) + "\n\n" + tr("Open it read-only? You will see the workshop but cannot change it."),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Open,
        )
        if answer != QMessageBox.StandardButton.Open:
            return None
        try:
            return WorkshopFile.open(path, readonly=True)
        except StorageError as again:
            show_error(parent, again)
            return None
    except StorageError as exc:
        show_error(parent, exc)
        return None


def show_error(parent: QWidget | None, exc: StorageError) -> None:
    QMessageBox.warning(parent, tr("Multitrack Desktop"), str(exc))
