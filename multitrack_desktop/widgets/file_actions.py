"""File › New workshop… and File › Open Recent: the file gestures beyond opening one file.

A new workshop is written whole before it is opened (``build_workshop_file``): there is
never a half-made file on disk. The recent list holds plain paths in the settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from ..domain import model as m
from ..services.files import build_workshop_file
from ..storage.crypto import Key
from ..storage.errors import OutputExists, StorageError
from .opening import open_for_window, show_error

if TYPE_CHECKING:
    from .main_window import MainWindow

SUFFIX = ".multitrack"


def tr(text: str) -> str:
    return QCoreApplication.translate("FileActions", text)


def with_suffix(path: Path) -> Path:
    return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)


class FileActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.new_action = QAction(tr("&New workshop…"), window)
        self.new_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_action.triggered.connect(self.new_dialog)
        self.save_copy_action = QAction(tr("Save a &Copy…"), window)
        self.save_copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.SaveAs))
        self.save_copy_action.triggered.connect(self.save_copy_dialog)
        self.recent_menu = QMenu(tr("Open &Recent"), window)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.clear_recent_action = QAction(tr("&Clear the list"), window)
        self.clear_recent_action.triggered.connect(self.window.settings.clear_recent_files)

    def new_dialog(self, *, protect: bool = False) -> Path | None:
        """Ask for a file name (and, with ``protect``, a passphrase typed twice), then make the workshop."""
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            tr("New workshop"),
            self.window.settings.last_folder(),
            tr("Multitrack workshops (*.multitrack)"),
        )
        if not name:
            return None
        path = with_suffix(Path(name))
        self.window.settings.set_last_folder(str(path.parent))
        if not protect:
            return self.new_workshop(path)
        from .passphrase_dialog import ask_new_passphrase

        typed = ask_new_passphrase(
            self.window,
            title=tr("New workshop with a passphrase"),
            message=tr(
                "{name} will be encrypted from its first byte: it will open only with this passphrase."
            ).format(name=path.name),
            accept_text=tr("Create"),
            warning=tr(
                "Without the passphrase nobody can open the workshop, not even you: a forgotten passphrase "
                "cannot be recovered."
            ),
        )
        return None if typed is None else self.new_workshop(path, key=typed.key)

    def new_workshop(self, path: Path, *, key: Key | None = None) -> Path | None:
        """Write an empty workshop titled after the file's name (encrypted with ``key``), and open it."""
        title = path.stem.strip() or tr("New workshop")
        doc = m.WorkshopDocument(m.Workshop(id=m.new_id(), title=title[: m.NAME_MAX]))
        try:
            build_workshop_file(doc, path, key=key)
        except StorageError as exc:
            show_error(self.window, exc)
            return None
        if key is None:
            return path if self.window.open_path(path) else None
        file = open_for_window(path, self.window, key=key)  # the key just chosen: no second prompt
        del key
        if file is None:
            return None
        try:
            self.window.set_file(file)
        except StorageError as exc:
            show_error(self.window, exc)
            return None
        self.window.settings.add_recent_file(str(path.resolve()))
        return path

    def save_copy_dialog(self) -> Path | None:
        doc = self.window.document
        if doc is None:
            return None
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            tr("Save a copy of the workshop"),
            str(doc.path.with_name(doc.path.stem + tr(" (copy)") + SUFFIX)),
            tr("Multitrack workshops (*.multitrack)"),
        )
        return self.save_copy(with_suffix(Path(name))) if name else None

    def save_copy(self, path: Path) -> Path | None:
        """A consistent copy of the open workshop at ``path``; the window stays on the original."""
        doc = self.window.document
        if doc is None:
            return None
        try:
            if path.exists():
                # never replace a file: it may be another workshop, open in another window
                raise OutputExists(tr("{path} already exists; choose another name.").format(path=path))
            doc.file.save_copy(path)
        except StorageError as exc:
            show_error(self.window, exc)
            return None
        self.window.statusBar().showMessage(tr("A copy was saved as {path}").format(path=path), 8000)
        return path

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = [p for p in self.window.settings.recent_files() if Path(p).exists()]
        for i, path in enumerate(paths):
            label = f"&{i + 1} {Path(path).name}" if i < 9 else Path(path).name
            action = menu.addAction(label)
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.window.open_path(Path(p)))
        if not paths:
            menu.addAction(tr("No recent workshops")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.clear_recent_action)
