"""The pieces of live capture: the line typed into, with ``@`` completion, and the entries list.

The list's edits go out through a callback (the widget turns each into one undo step).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ...domain import model as m
from . import entries as rules
from .common import choice_combo, kind_words, select_data, visibility_words

# ---------------------------------------------------------------------- the line


class CaptureLine(QLineEdit):
    """The line typed into; Return that accepts an ``@`` completion does not also record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.popup: QWidget | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # the completer's popup forwards the keys it handles; they are its, not the line's
        if (
            self.popup is not None
            and self.popup.isVisible()
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab)
        ):
            event.ignore()
            return
        super().keyPressEvent(event)


class MentionCompleter(QCompleter):
    """``@`` completion inside the line: only the name after the ``@`` is completed."""

    def __init__(self, line: CaptureLine) -> None:
        super().__init__(line)
        self.line = line
        self.names = QStringListModel(self)
        self.setModel(self.names)
        self.setWidget(line)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.activated[str].connect(self.insert)
        line.textEdited.connect(self._update)
        line.popup = self.popup()

    def set_names(self, names: list[str]) -> None:
        self.names.setStringList(sorted(names, key=str.casefold))

    def _update(self, _text: str = "") -> None:
        found = rules.mention_token(self.line.text(), self.line.cursorPosition())
        if found is None:
            self.popup().hide()
            return
        self.setCompletionPrefix(found[1])
        if self.completionCount() == 0:
            self.popup().hide()
            return
        rect = self.line.cursorRect()
        rect.setWidth(max(240, self.popup().sizeHintForColumn(0) + 24))
        self.complete(rect)

    def insert(self, name: str) -> None:
        text, cursor = self.line.text(), self.line.cursorPosition()
        found = rules.mention_token(text, cursor)
        if found is None:
            return
        at = found[0]
        new = f"{text[:at]}@{name} "
        self.line.setText(new + text[cursor:].lstrip(" "))
        self.line.setCursorPosition(len(new))


# ---------------------------------------------------------------------- the entries list


class EntriesModel(QAbstractTableModel):
    """A session's entries by time; edits go out through ``edit`` (one undo step each)."""

    TIME, KIND, SPEAKER, TEXT = range(4)

    def __init__(self, parent: QWidget, edit: Callable[[str, dict[str, Any]], bool]) -> None:
        super().__init__(parent)
        self._w = parent
        self._edit = edit
        self.entries: list[m.Entry] = []
        self.actor_names: dict[str, str] = {}
        self.name_to_actor: dict[str, str] = {}
        self.kinds = kind_words(parent)
        self.headers = [parent.tr("Time"), parent.tr("Kind"), parent.tr("Speaker"), parent.tr("Text")]

    def set_entries(self, entries: list[m.Entry], actors: list[m.Actor]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.actor_names = {a.id: a.name for a in actors}
        self.name_to_actor = {a.name.casefold(): a.id for a in actors}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def remove_entry(self, entry_id: str) -> None:
        row = self.row_of(entry_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.entries[row]
            self.endRemoveRows()

    def put_entry(self, entry: m.Entry) -> None:
        """Insert (or re-insert) one entry at its place in time."""
        self.remove_entry(entry.id)
        keys = [m.entry_sort_key(e) for e in self.entries]
        row = bisect.bisect_left(keys, m.entry_sort_key(entry))
        self.beginInsertRows(QModelIndex(), row, row)
        self.entries.insert(row, entry)
        self.endInsertRows()

    def entry_at(self, row: int) -> m.Entry:
        return self.entries[row]

    def row_of(self, entry_id: str) -> int:
        return next((i for i, e in enumerate(self.entries) if e.id == entry_id), -1)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TIME:
                return e.at.strftime("%H:%M:%S")
            if col == self.KIND:
                return self.kinds[e.kind]
            if col == self.SPEAKER:
                return self.actor_names.get(e.speaker, "") if e.speaker else ""
            return e.text
        if role == Qt.ItemDataRole.EditRole:
            if col == self.TIME:
                return e.at.strftime("%H:%M:%S")
            if col == self.KIND:
                return e.kind
            if col == self.SPEAKER:
                return self.actor_names.get(e.speaker, "") if e.speaker else ""
            return e.text
        if role == Qt.ItemDataRole.ToolTipRole:
            w = self._w
            lines = [e.at.isoformat(), w.tr("Visible to: {v}").format(v=visibility_words(w)[e.visibility])]
            if e.about:
                names = ", ".join(self.actor_names.get(a, "?") for a in e.about)
                lines.append(w.tr("About: {names}").format(names=names))
            if e.author:
                lines.append(w.tr("Recorded by {author}").format(author=e.author))
            if col == self.TEXT:
                lines.insert(0, e.text)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.FontRole and e.visibility == m.Visibility.PRIVATE:
            font = QFont()
            font.setItalic(True)  # private notes look different from what the team shares
            return font
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        e = self.entries[index.row()]
        col = index.column()
        fields: dict[str, Any]
        if col == self.TIME:
            at = rules.retimed(e.at, str(value))
            if at is None:
                self._w.error_text(self._w.tr("Type a time as HH:MM or HH:MM:SS."))  # type: ignore[attr-defined]
                return False
            fields = {"at": at}
        elif col == self.KIND:
            fields = {"kind": m.EntryKind(value)}
        elif col == self.SPEAKER:
            name = str(value).strip()
            speaker = self.name_to_actor.get(name.casefold()) if name else None
            if name and speaker is None:
                self._w.error_text(self._w.tr("No actor is called “{name}”.").format(name=name))  # type: ignore[attr-defined]
                return False
            fields = {"speaker": speaker}
        else:
            fields = {"text": str(value).strip()}
        return self._edit(e.id, fields)


class KindDelegate(QStyledItemDelegate):
    """A choice of kinds for the Kind column."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.words = kind_words(parent)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:  # noqa: N802
        return choice_combo(parent, self.words)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        select_data(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
