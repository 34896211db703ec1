"""Opening a workshop file from the window: locks, read-only fallback, sentences for errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ..storage import crypto
from ..storage.crypto import Key, WrongPassphrase
from ..storage.database import WorkshopFile
from ..storage.errors import LockedByOther, StorageError


def tr(text: str) -> str:
    return QCoreApplication.translate("Opening", text)


def open_for_window(path: Path, parent: QWidget | None, *, key: Key | None = None) -> WorkshopFile | None:
    """The file opened for editing, or read-only if another program holds it and the user agrees.

    A file that is not a plain workshop may be encrypted: the user is asked for its passphrase
    (``key``, when given, is tried first). Returns None when the user declines or the file cannot
    be opened (after saying why).
    """
    if crypto.needs_passphrase(path):
        return _open_encrypted(Path(path), parent, key)
    try:
        return WorkshopFile.open(path)
    except LockedByOther as exc:
        if not _read_only_wanted(parent, exc):
            return None
        try:
            return WorkshopFile.open(path, readonly=True)
        except StorageError as again:
            show_error(parent, again)
            return None
    except StorageError as exc:
        show_error(parent, exc)
        return None


def _read_only_wanted(parent: QWidget | None, exc: LockedByOther) -> bool:
    """Say who holds the file; whether the user wants it read-only instead."""
    answer = QMessageBox.question(
        parent,
        tr("Workshop in use"),
        str(exc) + "\n\n" + tr("Open it read-only? You will see the workshop but cannot change it."),
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Open,
    )
    return answer == QMessageBox.StandardButton.Open


def _open_keyed(path: Path, parent: QWidget | None, key: Key) -> WorkshopFile | None:
    """Open with ``key``; None when another program holds the file and the user declines read-only."""
    try:
        return WorkshopFile.open(path, key=key)
    except LockedByOther as exc:
        crypto.connect(path, key, readonly=True).close()  # a wrong passphrase is said before the question
        if not _read_only_wanted(parent, exc):
            return None
        return WorkshopFile.open(path, readonly=True, key=key)


def _open_encrypted(path: Path, parent: QWidget | None, key: Key | None) -> WorkshopFile | None:
    """Ask for the passphrase until it opens the file, or the user cancels (the prompt says what was wrong)."""
    from .passphrase_dialog import GAVE_UP, ask_to_open

    error = ""
    if key is not None:
        try:
            return _open_keyed(path, parent, key)
        except WrongPassphrase as exc:
            error = str(exc)
        except StorageError as exc:
            show_error(parent, exc)
            return None
        finally:
            key = None  # the window keeps no key of its own: the open file holds it

    def attempt(typed: object) -> object:
        opened = _open_keyed(path, parent, typed.key)  # type: ignore[attr-defined]
        return GAVE_UP if opened is None else opened

    dialog = ask_to_open(parent, path, attempt, error=error)
    file, failure = dialog.value, dialog.failure
    dialog.value = None
    dialog.deleteLater()
    if failure is not None:
        show_error(parent, failure)
        return None
    return file


def show_error(parent: QWidget | None, exc: StorageError) -> None:
    QMessageBox.warning(parent, tr("Multitrack Desktop"), str(exc))
