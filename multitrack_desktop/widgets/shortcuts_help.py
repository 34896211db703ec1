"""Help › Keyboard shortcuts: every menu command with its keys, read from the menus when shown (so it
never disagrees with them), and the gestures that are not menu commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from .main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("ShortcutsHelp", text)


def gestures() -> list[tuple[str, str, str]]:
    """What the mouse and the live line do beyond the menus: (where, what, how)."""
    circle, notes, room = tr("Circle"), tr("Live notes"), tr("Presenting")
    return [
        (circle, tr("Place an actor"), tr("Drag it from the library onto a sector or the inner disc")),
        (circle, tr("Take an actor off the circle"), tr("Drag it outside the circle")),
        (circle, tr("Draw a link"), tr("Shift+drag from one actor to another")),
        (circle, tr("Select several actors"), tr("Drag a frame around them, or Ctrl+click")),
        (circle, tr("Zoom"), tr("Ctrl+wheel")),
        (circle, tr("Pan"), tr("Drag with the middle button")),
        (circle, tr("What can be done here"), tr("Right click, or the menu key")),
        (notes, tr("Record the line"), tr("Enter")),
        (notes, tr("Choose the kind"), tr("Ctrl+1…6, or start the line with d:, a:, q:…")),
        (notes, tr("Name an actor"), tr("@ then the name")),
        (room, tr("Leave the presentation"), tr("Esc or F5")),
    ]


def menu_commands(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command in the window's menus that has keys."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {text}")
                continue
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            )
            if keys:
                rows.append((path, text, keys))

    bar = window.menuBar() if hasattr(window, "menuBar") else None
    for top in bar.actions() if bar is not None else []:
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(tr("Find a command or a key"))
        self.filter.setClearButtonEnabled(True)
        rows = menu_commands(window) + gestures()
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([tr("Where"), tr("Command"), tr("Keys")])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.resize(720, 560)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for r in range(self.table.rowCount()):
            row = " ".join(self.table.item(r, c).text() for c in range(3)).casefold()
            self.table.setRowHidden(r, bool(needle) and needle not in row)

    def shown_rows(self) -> list[tuple[str, str, str]]:
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
            if not self.table.isRowHidden(r)
        ]


def install(window: MainWindow) -> None:
    """Help › Keyboard shortcuts (F1)."""
    action = QAction(tr("&Keyboard shortcuts"), window)
    action.setShortcuts(
        QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents) or [QKeySequence("F1")]
    )
    dialog: list[ShortcutsDialog] = []

    def show() -> None:
        if dialog:
            dialog.pop().deleteLater()  # made again: the menus may have changed
        dialog.append(ShortcutsDialog(window))
        window.shortcuts_dialog = dialog[0]  # type: ignore[attr-defined]
        dialog[0].show()
        dialog[0].filter.setFocus()

    action.triggered.connect(show)
    window.help_menu.insertAction(window.about_action, action)
    window.help_menu.insertSeparator(window.about_action)
    window.shortcuts_action = action  # type: ignore[attr-defined]
