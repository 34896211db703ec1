"""Open actions: every action item of every session in one sortable table.

Overdue items (open, due before today) are marked; the status, owner, due date and text are
changed in place, one undo step each. New action items are made here directly (for a chosen
session) or from an action entry in the live capture, which the item then remembers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from ...domain import model as m
from ...services.workshop import WorkshopService
from ...storage import repository as repo
from ...storage.changes import ChangeSet
from .common import (
    EditHub,
    Refresh,
    choice_combo,
    error_label,
    select_data,
    show_error,
    status_words,
    touches,
)

Today = Callable[[], dt.date]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_COLOUR = QColor("#C4291C")


@dataclass(slots=True)
class ActionRow:
    action: m.Action
    session_id: str
    session_title: str
    session_starts: dt.datetime
    #: the entry the item was made from: (its time, its text), or None
    source: tuple[dt.datetime, str] | None = None


def load_actions(service: WorkshopService) -> list[ActionRow]:
    """Every action item with its session, without reading the entries (there may be thousands)."""
    T = repo
    with service.file.read() as conn:
        sessions = {
            r.id: (r.title, r.starts_at)
            for r in conn.execute(select(T.T_SESSIONS.c.id, T.T_SESSIONS.c.title, T.T_SESSIONS.c.starts_at))
        }
        rows = list(
            conn.execute(select(T.T_ACTIONS).order_by(T.T_ACTIONS.c.session_id, T.T_ACTIONS.c.position))
        )
        entry_ids = {r.entry for r in rows if r.entry}
        sources = {
            e.id: (e.at, e.text)
            for e in conn.execute(
                select(T.T_ENTRIES.c.id, T.T_ENTRIES.c.at, T.T_ENTRIES.c.text).where(
                    T.T_ENTRIES.c.id.in_(entry_ids)
                )
            )
        }
        return [
            ActionRow(repo.to_action(r), r.session_id, *sessions[r.session_id], sources.get(r.entry))
            for r in rows
        ]


def is_overdue(action: m.Action, today: dt.date) -> bool:
    return action.status == m.ActionStatus.OPEN and action.due is not None and action.due < today


class ActionsModel(QAbstractTableModel):
    TEXT, OWNER, DUE, STATUS, SESSION = range(5)

    def __init__(self, parent: OpenActionsView) -> None:
        super().__init__(parent)
        self.view = parent
        self.rows: list[ActionRow] = []
        self.names: dict[str, str] = {}
        self.today = dt.date.today()
        self.statuses = status_words(parent)
        self.headers = [
            parent.tr("Action"),
            parent.tr("Owner"),
            parent.tr("Due"),
            parent.tr("Status"),
            parent.tr("Session"),
        ]

    def set_rows(self, rows: list[ActionRow], names: dict[str, str], today: dt.date) -> None:
        self.beginResetModel()
        self.rows, self.names, self.today = rows, names, today
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags if index.column() == self.SESSION else flags | Qt.ItemFlag.ItemIsEditable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        a, col = row.action, index.column()
        overdue = is_overdue(a, self.today)
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        if role == OVERDUE_ROLE:
            return overdue
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TEXT:
                return a.text
            if col == self.OWNER:
                return self.names.get(a.owner, "") if a.owner else ""
            if col == self.DUE:
                if a.due is None:
                    return ""
                return a.due.isoformat() + (self.view.tr(" (overdue)") if overdue else "")
            if col == self.STATUS:
                return self.statuses[a.status]
            return f"{row.session_starts.strftime('%Y-%m-%d')} · {row.session_title}"
        if role == Qt.ItemDataRole.EditRole:
            if col == self.TEXT:
                return a.text
            if col == self.OWNER:
                return a.owner or ""
            if col == self.DUE:
                return a.due.isoformat() if a.due else ""
            if col == self.STATUS:
                return a.status
            return None
        if role == SORT_ROLE:
            if col == self.DUE:
                return a.due.isoformat() if a.due else "9999-99-99"  # undated last
            if col == self.STATUS:
                return list(m.ActionStatus).index(a.status)
            if col == self.SESSION:
                return row.session_starts.astimezone(dt.UTC).isoformat()
            return self.data(index, Qt.ItemDataRole.DisplayRole).casefold()
        if overdue and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OVERDUE_COLOUR)
        if overdue and role == Qt.ItemDataRole.FontRole and col == self.DUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = []
            if overdue:
                lines.append(
                    self.view.tr("Overdue: due {due}").format(due=a.due.isoformat() if a.due else "")
                )
            if row.source is not None:
                at, text = row.source
                lines.append(
                    self.view.tr("From the entry of {at}: {text}").format(
                        at=at.strftime("%Y-%m-%d %H:%M"), text=text
                    )
                )
            return "\n".join(lines) or None
        return None

    def setData(  # noqa: N802
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        a, col = self.rows[index.row()].action, index.column()
        fields: dict[str, Any]
        if col == self.TEXT:
            fields = {"text": str(value).strip()}
        elif col == self.OWNER:
            fields = {"owner": value or None}
        elif col == self.DUE:
            typed = str(value).strip()
            try:
                fields = {"due": dt.date.fromisoformat(typed) if typed else None}
            except ValueError:
                self.view.show_problem(self.view.tr("Type a due date as YYYY-MM-DD, or leave it empty."))
                return False
        elif col == self.STATUS:
            fields = {"status": m.ActionStatus(value)}
        else:
            return False
        self.view.edit_action_later(a.id, fields)
        return True


class OpenFirstProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE``; shows only open items unless ``show_all``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.show_all = False
        self.setSortRole(SORT_ROLE)

    def set_show_all(self, show_all: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self.show_all = show_all
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.show_all = show_all
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self.show_all:
            return True
        model = self.sourceModel()
        assert isinstance(model, ActionsModel)
        return model.rows[source_row].action.status == m.ActionStatus.OPEN


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of (value, word) pairs given by ``choices()`` when the editor opens."""

    def __init__(self, parent: QWidget, choices: Callable[[], dict[Any, str]]) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        return choice_combo(parent, self.choices())

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        select_data(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class OpenActionsView(QWidget):
    """Action items across all sessions."""

    #: the session an action item belongs to was asked for (double-click on its Session cell)
    session_requested = Signal(str)
    error = Signal(str)

    def __init__(
        self,
        service: WorkshopService,
        undo_stack: QUndoStack,
        document: Any | Refresh | None = None,
        *,
        today: Today = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.today = today
        self.hub = EditHub(service, undo_stack, document, self)
        self.hub.changed.connect(self._on_changed)
        self.hub.error.connect(self.show_problem)
        self.pending_edits = 0
        self.actors: list[m.Actor] = []
        self.sessions: list[m.Session] = []

        self.model = ActionsModel(self)
        self.proxy = OpenFirstProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActionsModel.DUE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ActionsModel.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(
            ActionsModel.STATUS, ChoiceDelegate(self, lambda: status_words(self))
        )
        self.table.setItemDelegateForColumn(ActionsModel.OWNER, ChoiceDelegate(self, self._owner_choices))
        self.table.doubleClicked.connect(self._on_double_click)

        self.all_check = QCheckBox(self.tr("Show done and dropped"), self)
        self.all_check.toggled.connect(self._apply_filter)

        self.session_combo = QComboBox(self)
        self.session_combo.setToolTip(self.tr("The session the new action item belongs to"))
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(self.tr("New action item"))
        self.text_edit.returnPressed.connect(self.add_from_form)
        self.owner_combo = QComboBox(self)
        self.due_check = QCheckBox(self.tr("Due"), self)
        self.due_edit = QDateEdit(self)
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_edit.setEnabled(False)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.clicked.connect(self.add_from_form)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.problem_label = error_label(self)

        for combo in (self.session_combo, self.owner_combo):
            # long session titles and names must not widen the dock: the popup shows them whole
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        form = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.text_edit, 1)
        first.addWidget(self.add_button)
        second.addWidget(self.session_combo, 1)
        second.addWidget(self.owner_combo, 1)
        third = QHBoxLayout()
        third.addWidget(self.due_check)
        third.addWidget(self.due_edit, 1)
        form.addLayout(first)
        form.addLayout(second)
        form.addLayout(third)
        bottom = QHBoxLayout()
        bottom.addWidget(self.all_check)
        bottom.addStretch(1)
        bottom.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(form)
        layout.addLayout(bottom)
        self.refresh()

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        self.actors = self.hub.actors()
        self.sessions = sorted(
            self.service.sessions(with_contents=False),
            key=lambda s: s.starts_at.astimezone(dt.UTC),
            reverse=True,
        )
        names = {a.id: a.name for a in self.actors}
        self.model.set_rows(load_actions(self.service), names, self.today())
        self._apply_filter()
        chosen = self.session_combo.currentData()
        self.session_combo.clear()
        for s in self.sessions:
            self.session_combo.addItem(f"{s.starts_at.strftime('%Y-%m-%d')} · {s.title}", s.id)
        select_data(self.session_combo, chosen)
        owner = self.owner_combo.currentData()
        self.owner_combo.clear()
        for value, word in self._owner_choices().items():
            self.owner_combo.addItem(word, value)
        select_data(self.owner_combo, owner)
        if not self.due_check.isChecked():
            self.due_edit.setDate(QDate(self.today()).addDays(14))
        writable = not getattr(self.service.file, "readonly", False)
        for w in (self.text_edit, self.add_button, self.delete_button):
            w.setEnabled(writable and bool(self.sessions))

    def _owner_choices(self) -> dict[Any, str]:
        choices: dict[Any, str] = {"": self.tr("(no owner)")}
        for a in sorted(self.actors, key=lambda a: a.name.casefold()):
            choices[a.id] = a.name
        return choices

    def _apply_filter(self, *_args: object) -> None:
        self.proxy.set_show_all(self.all_check.isChecked())

    def shown_ids(self) -> list[str]:
        """The action ids in the order shown (after sorting and filtering)."""
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.proxy.rowCount())]

    def index_of(self, action_id: str, column: int) -> QModelIndex:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == action_id:
                return self.proxy.index(r, column)
        return QModelIndex()

    def _on_changed(self, change: ChangeSet | None) -> None:
        if touches(change, "actions", "sessions", "actors"):
            self.refresh()

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.column() == ActionsModel.SESSION:
            source = self.proxy.mapToSource(index)
            self.session_requested.emit(self.model.rows[source.row()].session_id)

    def show_problem(self, text: str) -> None:
        show_error(self.problem_label, text)
        if text:
            self.error.emit(text)

    # ------------------------------------------------------------------ editing

    def edit_action_later(self, action_id: str, fields: dict[str, Any]) -> None:
        """Applied once the table's editor has closed (the change rebuilds the table)."""
        self.pending_edits += 1

        def run() -> None:
            self.pending_edits -= 1
            self.hub.apply(lambda: self.service.update_action(action_id, **fields))

        QTimer.singleShot(0, self, run)

    def add_action(
        self, session_id: str, text: str, *, owner: str | None = None, due: dt.date | None = None
    ) -> str | None:
        change = self.hub.apply(
            lambda: self.service.add_action(session_id, text.strip(), owner=owner, due=due)
        )
        return change.created["action"] if change else None

    def add_from_form(self) -> str | None:
        session_id = self.session_combo.currentData()
        if not session_id or not self.text_edit.text().strip():
            return None
        due = self.due_edit.date().toPython() if self.due_check.isChecked() else None
        action_id = self.add_action(
            session_id,
            self.text_edit.text(),
            owner=self.owner_combo.currentData() or None,
            due=due,  # type: ignore[arg-type]
        )
        if action_id is not None:
            self.text_edit.clear()
            show_error(self.problem_label, "")
        return action_id

    def delete_selected(self) -> None:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        ids = [self.model.rows[r].action.id for r in sorted(rows)]
        if len(ids) == 1:
            self.hub.apply(lambda: self.service.delete_action(ids[0]))
        elif ids:
            self.hub.apply_many(
                self.tr("Delete {n} action items").format(n=len(ids)),
                [lambda i=i: self.service.delete_action(i) for i in ids],
            )
