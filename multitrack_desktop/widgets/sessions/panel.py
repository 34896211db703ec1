"""The sessions panel: every session, newest first, with its format, rule and visibility.

New, duplicate (a template for a recurring meeting: the same set-up and people, no record of
what was said) and delete, each one undo step; a filter by text and by a range of dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import model as m
from ...services.workshop import WorkshopService
from ...storage.changes import ChangeSet
from .common import (
    EditHub,
    Refresh,
    error_label,
    format_words,
    load_session,
    rule_words,
    show_error,
    touches,
    visibility_words,
)
from .editor import untick

Clock = Callable[[], dt.datetime]
COPY_SUFFIX = " (copy)"


def local_minute() -> dt.datetime:
    """Now on the laptop's clock and offset, to the minute (when a new session starts)."""
    return dt.datetime.now().astimezone().replace(second=0, microsecond=0)


def newest_first(sessions: list[m.Session]) -> list[m.Session]:
    return sorted(sessions, key=lambda s: (s.starts_at.astimezone(dt.UTC), s.id), reverse=True)


def matches(session: m.Session, text: str, first: dt.date | None, last: dt.date | None) -> bool:
    """The filter: words in the title, location or agenda; the day it starts (its own local day)."""
    day = session.starts_at.date()
    if first is not None and day < first:
        return False
    if last is not None and day > last:
        return False
    words = text.casefold().split()
    if not words:
        return True
    haystack = " ".join([session.title, session.location, *session.agenda]).casefold()
    return all(w in haystack for w in words)


def copy_title(title: str) -> str:
    return title[: m.NAME_MAX - len(COPY_SUFFIX)] + COPY_SUFFIX


class SessionsModel(QAbstractTableModel):
    DATE, TITLE, FORMAT, RULE, VISIBILITY = range(5)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.sessions: list[m.Session] = []
        self.formats = format_words(parent)
        self.rules = rule_words(parent)
        self.visibilities = visibility_words(parent)
        self.headers = [
            parent.tr("Date"),
            parent.tr("Title"),
            parent.tr("Format"),
            parent.tr("Rule"),
            parent.tr("Visibility"),
        ]

    def set_sessions(self, sessions: list[m.Session]) -> None:
        self.beginResetModel()
        self.sessions = sessions
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        s = self.sessions[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.DATE:
                return s.starts_at.strftime("%Y-%m-%d %H:%M")
            if col == self.TITLE:
                return s.title
            if col == self.FORMAT:
                return self.formats[s.format]
            if col == self.RULE:
                return self.rules[s.rule]
            return self.visibilities[s.visibility]
        if role == Qt.ItemDataRole.ToolTipRole:
            return " · ".join(p for p in (s.title, s.location, s.starts_at.isoformat()) if p)
        return None

    def row_of(self, session_id: str) -> int:
        return next((i for i, s in enumerate(self.sessions) if s.id == session_id), -1)


class SessionsPanel(QWidget):
    """Every session of the workshop; choose one to edit it or to record it."""

    #: the session chosen (its id), or None when nothing is selected
    current_changed = Signal(object)
    #: a session opened (double-click or Enter): the window shows its editor or live capture
    session_activated = Signal(str)
    #: a session made by New or Duplicate
    session_created = Signal(str)
    error = Signal(str)

    def __init__(
        self,
        service: WorkshopService,
        undo_stack: QUndoStack,
        document: Any | Refresh | None = None,
        *,
        clock: Clock = local_minute,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.clock = clock
        self.hub = EditHub(service, undo_stack, document, self)
        self.hub.changed.connect(self._on_changed)
        self.hub.error.connect(self._show_error)
        self.all_sessions: list[m.Session] = []
        self._last_current: str | None = None
        self._filtering = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter sessions"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.from_check = QCheckBox(self.tr("From"), self)
        self.from_date = QDateEdit(self)
        self.to_check = QCheckBox(self.tr("to"), self)
        self.to_date = QDateEdit(self)
        today = QDate.currentDate()
        self.from_date.setDate(today.addYears(-1))
        self.to_date.setDate(today)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._apply_filter)
            edit.dateChanged.connect(self._apply_filter)

        self.model = SessionsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SessionsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._on_current)
        self.view.activated.connect(self._on_activated)

        self.new_button = QPushButton(self.tr("New"), self)
        self.new_button.clicked.connect(self.new_session)
        self.duplicate_button = QPushButton(self.tr("Duplicate"), self)
        self.duplicate_button.setToolTip(
            self.tr("A new session with the same set-up, agenda and participants, and no entries")
        )
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        self.problem_label = error_label(self)

        dates = QHBoxLayout()
        dates.addWidget(self.from_check)
        dates.addWidget(self.from_date)
        dates.addWidget(self.to_check)
        dates.addWidget(self.to_date)
        dates.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addLayout(dates)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(buttons)
        self.refresh()

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Read the sessions again (without their contents: the list needs none)."""
        self.all_sessions = newest_first(self.service.sessions(with_contents=False))
        self._apply_filter()

    def _apply_filter(self, *_args: object) -> None:
        current = self.current_session_id()
        self._filtering = True
        first = self.from_date.date().toPython() if self.from_check.isChecked() else None
        last = self.to_date.date().toPython() if self.to_check.isChecked() else None
        text = self.filter_edit.text()
        self.model.set_sessions([s for s in self.all_sessions if matches(s, text, first, last)])  # type: ignore[arg-type]
        if current is not None:
            self.select_session(current)
        self._filtering = False
        self._on_current()

    def visible_ids(self) -> list[str]:
        return [s.id for s in self.model.sessions]

    def current_session_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.sessions[rows[0].row()].id

    def select_session(self, session_id: str) -> bool:
        row = self.model.row_of(session_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.selectRow(row)
        return True

    def _on_current(self, *_args: object) -> None:
        self._update_buttons()
        current = self.current_session_id()
        if current != self._last_current and not self._filtering:
            self._last_current = current
            self.current_changed.emit(current)

    def _on_activated(self, index: QModelIndex) -> None:
        self.session_activated.emit(self.model.sessions[index.row()].id)

    def _update_buttons(self) -> None:
        chosen = self.current_session_id() is not None
        writable = not getattr(self.service.file, "readonly", False)
        self.new_button.setEnabled(writable)
        self.duplicate_button.setEnabled(chosen and writable)
        self.delete_button.setEnabled(chosen and writable)

    def _on_changed(self, change: ChangeSet | None) -> None:
        if touches(change, "sessions"):
            self.refresh()

    def _show_error(self, text: str) -> None:
        show_error(self.problem_label, text)
        self.error.emit(text)

    # ------------------------------------------------------------------ editing

    def new_session(self) -> str | None:
        title = self.tr("New session")
        starts = self.clock()
        change = self.hub.apply(lambda: self.service.create_session(title, starts))
        return self._created(change)

    def duplicate_selected(self) -> str | None:
        """The chosen session as a template: its set-up, agenda (unticked) and people; no entries."""
        source_id = self.current_session_id()
        source = load_session(self.service, source_id) if source_id else None
        if source is None:
            return None
        new_id = m.new_id()
        starts = self.clock()
        fields = {
            "id": new_id,
            "format": source.format,
            "rule": source.rule,
            "visibility": source.visibility,
            "location": source.location,
            "agenda": [untick(item) for item in source.agenda],
        }
        operations: list[Callable[[], ChangeSet]] = [
            lambda: self.service.create_session(copy_title(source.title), starts, **fields)
        ]
        for p in source.participants:
            copy = m.Participant(actor=p.actor, name=p.name, role=p.role, present=True, gender=p.gender)
            operations.append(lambda copy=copy: self.service.add_participant(new_id, copy))
        done = self.hub.apply_many(
            self.tr("Duplicate session {title}").format(title=source.title), operations
        )
        return self._created(done[0] if done else None)  # a refused participant is reported; the rest stay

    def _created(self, change: ChangeSet | None) -> str | None:
        if not change:
            return None
        session_id = change.created["session"]
        if not self.select_session(session_id):  # hidden by the filter: show it anyway
            self.filter_edit.clear()
            self.from_check.setChecked(False)
            self.to_check.setChecked(False)
            self.select_session(session_id)
        self.session_created.emit(session_id)
        return session_id

    def delete_selected(self) -> None:
        session_id = self.current_session_id()
        if session_id is not None:
            self.hub.apply(lambda: self.service.delete_session(session_id))
