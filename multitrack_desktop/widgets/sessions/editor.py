"""The session editor: the set-up of one session, who takes part, and its agenda.

Every change is saved as it is made (a text field on Enter or when it loses focus, a choice
at once), one undo step each. Participants come from the actors (chosen, or dragged from the
library or the circle: ids with ``canvas.mime.ACTOR_IDS_MIME``) or by name for people not on
the map. An agenda item is ticked off by a "✓ " at its start: the exchange format keeps the
agenda as plain text, so the tick travels with the item into exports and other copies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...canvas.mime import ACTOR_IDS_MIME, actor_ids_from
from ...domain import model as m
from ...services.workshop import WorkshopService
from ...storage.changes import ChangeSet
from .common import (
    EditHub,
    Refresh,
    choice_combo,
    error_label,
    format_words,
    gender_words,
    load_session,
    rule_words,
    select_data,
    show_error,
    touches,
    visibility_words,
)

TICK = "✓ "


def is_ticked(item: str) -> bool:
    return item.startswith(TICK)


def untick(item: str) -> str:
    return item[len(TICK) :] if is_ticked(item) else item


def tick(item: str, done: bool) -> str:
    return TICK + untick(item) if done else untick(item)


def rule_note(w: QWidget, rule: m.Rule) -> str:
    """What the rule means for what is written here, in one plain sentence."""
    if rule == m.Rule.CHATHAM_HOUSE:
        return w.tr(
            "Chatham House Rule: what is said may be used, but not who said it. Speakers stay with "
            "the team; shared copies name no participants."
        )
    if rule == m.Rule.OFF_THE_RECORD:
        return w.tr(
            "Off the record: nothing of this session leaves the team but its title, dates and format."
        )
    return ""


def attendance(participants: list[m.Participant]) -> tuple[int, int, Counter[m.Gender]]:
    """(present, listed, present by gender)."""
    present = [p for p in participants if p.present]
    return len(present), len(participants), Counter(p.gender for p in present)


WALL_CLOCK = QTimeZone(QTimeZone.Initialization.UTC)  # no daylight-saving gaps in the editor


def to_qt(moment: dt.datetime) -> QDateTime:
    """The moment as the meeting's own wall-clock time (the editor shows the session's offset).

    Held as a UTC QDateTime so that the laptop's own time zone never shifts a time that falls
    into its daylight-saving gap."""
    naive = moment.replace(tzinfo=None)
    return QDateTime(
        QDate(naive.year, naive.month, naive.day), QTime(naive.hour, naive.minute, naive.second), WALL_CLOCK
    )


def from_qt(value: QDateTime, tz: dt.tzinfo | None) -> dt.datetime:
    d, t = value.date(), value.time()
    return dt.datetime(
        d.year(),
        d.month(),
        d.day(),
        t.hour(),
        t.minute(),
        t.second(),
        tzinfo=tz or dt.datetime.now().astimezone().tzinfo,
    )


def _show_text(edit: QLineEdit, text: str) -> None:
    """Show the file's value, unless the facilitator is typing a new one there right now
    (another edit elsewhere, an actor moved on the circle, must not wipe it out)."""
    if not (edit.hasFocus() and edit.isModified()):
        edit.setText(text)


# ---------------------------------------------------------------------- participants


class ParticipantsModel(QAbstractTableModel):
    NAME, ROLE, PRESENT, GENDER = range(4)

    def __init__(self, parent: SessionEditor) -> None:
        super().__init__(parent)
        self.editor = parent
        self.rows: list[tuple[str, m.Participant]] = []
        self.names: dict[str, str] = {}
        self.genders = gender_words(parent)
        self.headers = [parent.tr("Name"), parent.tr("Role"), parent.tr("Present"), parent.tr("Gender")]

    def set_rows(self, rows: list[tuple[str, m.Participant]], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.names = rows, names
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def name_of(self, p: m.Participant) -> str:
        return self.names.get(p.actor, "") if p.actor else p.name

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.PRESENT:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.NAME and self.rows[index.row()][1].actor is not None:
            return flags  # an actor's name is edited on the actor
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row_id, p = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return row_id
        if col == self.PRESENT:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if p.present else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.NAME:
                return self.name_of(p)
            if col == self.ROLE:
                return p.role
            if col == self.GENDER:
                return self.genders[p.gender] if role == Qt.ItemDataRole.DisplayRole else p.gender
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME and p.actor is None:
            return self.editor.tr("Not on the map")
        return None

    def setData(  # noqa: N802
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid():
            return False
        row_id, _p = self.rows[index.row()]
        col = index.column()
        if col == self.PRESENT and role == Qt.ItemDataRole.CheckStateRole:
            fields: dict[str, Any] = {"present": Qt.CheckState(value) == Qt.CheckState.Checked}
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif col == self.NAME:
            fields = {"name": str(value).strip()}
        elif col == self.ROLE:
            fields = {"role": str(value).strip()}
        elif col == self.GENDER:
            fields = {"gender": m.Gender(value)}
        else:
            return False
        self.editor.edit_participant_later(row_id, fields)
        return True


class GenderDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.words = gender_words(parent)

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        return choice_combo(parent, self.words)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        select_data(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ActorDrops:
    """Accept drags that carry actor ids (``canvas.mime``); hand the ids to ``actors_dropped``."""

    actors_dropped: Any

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(ACTOR_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(ACTOR_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        ids = actor_ids_from(event.mimeData())
        if not ids:
            event.ignore()
            return
        event.acceptProposedAction()
        self.actors_dropped.emit(ids)


class ParticipantsView(ActorDrops, QTableView):
    """The participants; actors dropped here (from the library or the circle) join the session."""

    actors_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)


# ---------------------------------------------------------------------- the editor


class SessionEditor(ActorDrops, QWidget):
    """Edit one session; ``set_session`` chooses which. Actors dropped anywhere on it join it."""

    error = Signal(str)
    #: actor ids dropped on the editor (they are added as participants)
    actors_dropped = Signal(list)

    def __init__(
        self,
        service: WorkshopService,
        undo_stack: QUndoStack,
        document: Any | Refresh | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.hub = EditHub(service, undo_stack, document, self)
        self.hub.changed.connect(self._on_changed)
        self.hub.error.connect(self._show_error)
        self.session: m.Session | None = None
        self.actors: list[m.Actor] = []
        self.pending_edits = 0
        self._loading = False

        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(m.NAME_MAX)
        self.title_edit.editingFinished.connect(lambda: self._text_field("title", self.title_edit))
        self.location_edit = QLineEdit(self)
        self.location_edit.editingFinished.connect(lambda: self._text_field("location", self.location_edit))
        self.starts_edit = QDateTimeEdit(self)
        self.ends_check = QCheckBox(self.tr("Ends"), self)
        self.ends_edit = QDateTimeEdit(self)
        for edit in (self.starts_edit, self.ends_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setTimeZone(WALL_CLOCK)
        self.starts_edit.editingFinished.connect(self._times_edited)
        self.ends_edit.editingFinished.connect(self._times_edited)
        self.ends_check.toggled.connect(self._ends_toggled)
        self.format_combo = choice_combo(self, format_words(self))
        self.rule_combo = choice_combo(self, rule_words(self))
        self.visibility_combo = choice_combo(self, visibility_words(self))
        for key, combo in (
            ("format", self.format_combo),
            ("rule", self.rule_combo),
            ("visibility", self.visibility_combo),
        ):
            combo.activated.connect(lambda _i, k=key, c=combo: self._choice_field(k, c))

        self.participants = ParticipantsModel(self)
        self.participants_view = ParticipantsView(self)
        self.participants_view.setModel(self.participants)
        self.participants_view.setItemDelegateForColumn(ParticipantsModel.GENDER, GenderDelegate(self))
        self.participants_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.participants_view.verticalHeader().hide()
        self.participants_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.participants_view.horizontalHeader().setSectionResizeMode(
            ParticipantsModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.participants_view.actors_dropped.connect(self.add_actors)
        self.setAcceptDrops(True)
        self.actors_dropped.connect(self.add_actors)
        self.actor_combo = QComboBox(self)
        self.actor_combo.setEditable(True)
        self.actor_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.actor_combo.lineEdit().setPlaceholderText(
            self.tr("Actor, or the name of someone not on the map")
        )
        self.actor_combo.lineEdit().returnPressed.connect(self.add_from_combo)
        self.add_participant_button = QPushButton(self.tr("Add"), self)
        self.add_participant_button.clicked.connect(self.add_from_combo)
        self.remove_participant_button = QPushButton(self.tr("Remove"), self)
        self.remove_participant_button.clicked.connect(self.remove_selected_participants)
        self.attendance_label = QLabel(self)

        self.agenda_list = QListWidget(self)
        self.agenda_list.itemChanged.connect(self._agenda_item_changed)
        self.agenda_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda_list.model().rowsMoved.connect(self._agenda_dragged)
        self.agenda_edit = QLineEdit(self)
        self.agenda_edit.setPlaceholderText(self.tr("New agenda item"))
        self.agenda_edit.returnPressed.connect(self.add_agenda_item)
        self.agenda_up = QPushButton(self.tr("Up"), self)
        self.agenda_down = QPushButton(self.tr("Down"), self)
        self.agenda_remove = QPushButton(self.tr("Remove"), self)
        self.agenda_up.clicked.connect(lambda: self.move_agenda_item(-1))
        self.agenda_down.clicked.connect(lambda: self.move_agenda_item(1))
        self.agenda_remove.clicked.connect(self.remove_agenda_item)
        self.problem_label = error_label(self)
        self.rule_note = QLabel(self)
        self.rule_note.setWordWrap(True)
        self.rule_note.setStyleSheet("background: #FFF4CE; color: #4A3B00; padding: 4px;")

        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Starts"), self.starts_edit)
        ends = QHBoxLayout()
        ends.addWidget(self.ends_check)
        ends.addWidget(self.ends_edit, 1)
        form.addRow("", ends)
        form.addRow(self.tr("Location"), self.location_edit)
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow(self.tr("Rule"), self.rule_combo)
        form.addRow("", self.rule_note)
        form.addRow(self.tr("Visibility"), self.visibility_combo)
        add_row = QHBoxLayout()
        add_row.addWidget(self.actor_combo, 1)
        add_row.addWidget(self.add_participant_button)
        add_row.addWidget(self.remove_participant_button)
        agenda_row = QHBoxLayout()
        agenda_row.addWidget(self.agenda_edit, 1)
        agenda_row.addWidget(self.agenda_up)
        agenda_row.addWidget(self.agenda_down)
        agenda_row.addWidget(self.agenda_remove)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(QLabel(self.tr("Participants"), self))
        layout.addWidget(self.participants_view, 2)
        layout.addLayout(add_row)
        layout.addWidget(self.attendance_label)
        layout.addWidget(QLabel(self.tr("Agenda"), self))
        layout.addWidget(self.agenda_list, 1)
        layout.addLayout(agenda_row)
        self.set_session(None)

    # ------------------------------------------------------------------ showing

    def set_session(self, session_id: str | None) -> None:
        self.session = load_session(self.service, session_id) if session_id else None
        self.actors = self.hub.actors()
        self._show()

    @property
    def session_id(self) -> str | None:
        return None if self.session is None else self.session.id

    def _show(self) -> None:
        se = self.session
        self._loading = True
        try:
            writable = se is not None and not getattr(self.service.file, "readonly", False)
            for w in self.findChildren(QWidget):
                if w is not self.problem_label and not isinstance(w, QLabel):
                    w.setEnabled(writable)
            if se is None:
                for line in (self.title_edit, self.location_edit):
                    line.clear()
                self.participants.set_rows([], {})
                self.agenda_list.clear()
                self.attendance_label.setText("")
                self.rule_note.hide()
                return
            _show_text(self.title_edit, se.title)
            _show_text(self.location_edit, se.location)
            self.starts_edit.setDateTime(to_qt(se.starts_at))
            self.ends_check.setChecked(se.ends_at is not None)
            self.ends_edit.setEnabled(writable and se.ends_at is not None)
            self.ends_edit.setDateTime(to_qt(se.ends_at or se.starts_at))
            select_data(self.format_combo, se.format)
            select_data(self.rule_combo, se.rule)
            self.rule_note.setText(rule_note(self, se.rule))
            self.rule_note.setVisible(se.rule != m.Rule.OPEN)
            select_data(self.visibility_combo, se.visibility)
            names = {a.id: a.name for a in self.actors}
            rows = list(zip(self.service.participant_ids(se.id), se.participants, strict=True))
            self.participants.set_rows(rows, names)
            taken = {p.actor for p in se.participants}
            text = self.actor_combo.currentText()
            self.actor_combo.clear()
            for a in sorted(self.actors, key=lambda a: a.name.casefold()):
                if a.id not in taken:
                    self.actor_combo.addItem(a.name, a.id)
            self.actor_combo.setCurrentIndex(-1)
            self.actor_combo.setEditText(text)
            self._show_attendance(se.participants)
            self.agenda_list.clear()
            for item in se.agenda:
                entry = QListWidgetItem(untick(item))
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
                entry.setCheckState(Qt.CheckState.Checked if is_ticked(item) else Qt.CheckState.Unchecked)
                self.agenda_list.addItem(entry)
        finally:
            self._loading = False

    def _show_attendance(self, participants: list[m.Participant]) -> None:
        present, listed, by_gender = attendance(participants)
        words = gender_words(self)
        parts = ", ".join(f"{words[g]} {by_gender.get(g, 0)}" for g in m.Gender)
        self.attendance_label.setText(
            self.tr("Present: {present} of {listed} — {parts}").format(
                present=present, listed=listed, parts=parts
            )
        )

    def _on_changed(self, change: ChangeSet | None) -> None:
        if self.session is None:
            return
        if touches(change, "sessions", "participants", "actors"):
            self.session = load_session(self.service, self.session.id)
            self.actors = self.hub.actors() if touches(change, "actors") else self.actors
            self._show()

    def _show_error(self, text: str) -> None:
        show_error(self.problem_label, text)
        self.error.emit(text)

    # ------------------------------------------------------------------ the set-up

    def _update(self, **fields: Any) -> bool:
        if self.session is None:
            return False
        session_id = self.session.id
        show_error(self.problem_label, "")
        change = self.hub.apply(lambda: self.service.update_session(session_id, **fields))
        if change is None:
            self._loading = True
            try:
                self._show()  # the form goes back to what the file says; the reason stays beside it
            finally:
                self._loading = False
        return bool(change)

    def apply_typed(self) -> None:
        """Write a title or location typed but not yet handed over (the file is about to close)."""
        for key, edit in (("title", self.title_edit), ("location", self.location_edit)):
            if edit.isModified():
                self._text_field(key, edit)

    def _text_field(self, key: str, edit: QLineEdit) -> None:
        if self._loading or self.session is None:
            return
        value = edit.text().strip()
        edit.setModified(False)  # handed over: from now on the file's value is shown here
        if value != getattr(self.session, key):
            self._update(**{key: value})

    def _choice_field(self, key: str, combo: QComboBox) -> None:
        if self._loading or self.session is None:
            return
        value = combo.currentData()
        if value != getattr(self.session, key):
            self._update(**{key: value})

    def _times_edited(self) -> None:
        if self._loading or self.session is None:
            return
        se = self.session
        starts = from_qt(self.starts_edit.dateTime(), se.starts_at.tzinfo)
        ends = (
            from_qt(self.ends_edit.dateTime(), (se.ends_at or se.starts_at).tzinfo)
            if self.ends_check.isChecked()
            else None
        )
        fields: dict[str, Any] = {}
        if starts != se.starts_at.replace(microsecond=0):
            fields["starts_at"] = starts
        if ends != (se.ends_at.replace(microsecond=0) if se.ends_at else None):
            fields["ends_at"] = ends
        if fields:
            self._update(**fields)

    def _ends_toggled(self, on: bool) -> None:
        self.ends_edit.setEnabled(on)
        if not self._loading:
            if on and self.session is not None and self.session.ends_at is None:
                self.ends_edit.setDateTime(to_qt(self.session.starts_at + dt.timedelta(hours=2)))
            self._times_edited()

    # ------------------------------------------------------------------ participants

    def add_actors(self, actor_ids: list[str]) -> None:
        """Actors join the session (dropped or chosen); ones already there are left as they are."""
        if self.session is None:
            return
        session_id = self.session.id
        known = {a.id for a in self.actors}
        taken = {p.actor for p in self.session.participants}
        new = [i for i in dict.fromkeys(actor_ids) if i in known and i not in taken]
        ops = [lambda i=i: self.service.add_participant(session_id, m.Participant(actor=i)) for i in new]
        if len(ops) == 1:
            self.hub.apply(ops[0])
        elif ops:
            self.hub.apply_many(self.tr("Add {n} participants").format(n=len(ops)), ops)

    def add_person(self, name: str) -> None:
        """Someone not on the map, by name."""
        if self.session is None or not name.strip():
            return
        session_id = self.session.id
        person = m.Participant(actor=None, name=name.strip())
        self.hub.apply(lambda: self.service.add_participant(session_id, person))

    def add_from_combo(self) -> None:
        text = self.actor_combo.currentText().strip()
        if not text:
            return
        index = self.actor_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.add_actors([self.actor_combo.itemData(index)])
        else:
            self.add_person(text)
        self.actor_combo.setEditText("")

    def edit_participant_later(self, row_id: str, fields: dict[str, Any]) -> None:
        """Applied after the table's editor has closed (the table is rebuilt by the change)."""
        self._later(lambda: self.hub.apply(lambda: self.service.update_participant(row_id, **fields)))

    def _later(self, step: Any) -> None:
        self.pending_edits += 1

        def run() -> None:
            self.pending_edits -= 1
            step()

        QTimer.singleShot(0, self, run)

    def remove_selected_participants(self) -> None:
        rows = sorted({i.row() for i in self.participants_view.selectionModel().selectedRows()})
        ids = [self.participants.rows[r][0] for r in rows]
        ops = [lambda i=i: self.service.remove_participant(i) for i in ids]
        if len(ops) == 1:
            self.hub.apply(ops[0])
        elif ops:
            self.hub.apply_many(self.tr("Remove {n} participants").format(n=len(ops)), ops)

    # ------------------------------------------------------------------ agenda

    def agenda(self) -> list[str]:
        return list(self.session.agenda) if self.session else []

    def _set_agenda(self, items: list[str], select: int | None = None) -> None:
        if items != self.agenda():
            self._update(agenda=items)
        if select is not None and 0 <= select < self.agenda_list.count():
            self.agenda_list.setCurrentRow(select)

    def add_agenda_item(self) -> None:
        text = self.agenda_edit.text().strip()
        if text and self.session is not None:
            self._set_agenda([*self.agenda(), text], select=len(self.agenda()))
            self.agenda_edit.clear()

    def move_agenda_item(self, step: int) -> None:
        row = self.agenda_list.currentRow()
        items = self.agenda()
        to = row + step
        if row < 0 or not 0 <= to < len(items):
            return
        items[row], items[to] = items[to], items[row]
        self._set_agenda(items, select=to)

    def remove_agenda_item(self) -> None:
        row = self.agenda_list.currentRow()
        items = self.agenda()
        if 0 <= row < len(items):
            del items[row]
            self._set_agenda(items, select=min(row, len(items) - 1))

    def _agenda_dragged(self, *_args: object) -> None:
        """Items dragged into a new order: the order of the list is the agenda's."""
        if self._loading or self.session is None:
            return
        by_text = {untick(a): a for a in self.agenda()}
        items = [by_text.get(self.agenda_list.item(i).text(), "") for i in range(self.agenda_list.count())]
        if sorted(items) == sorted(self.agenda()):
            row = self.agenda_list.currentRow()
            self._later(lambda: self._set_agenda(items, select=row))

    def _agenda_item_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        row = self.agenda_list.row(item)
        items = self.agenda()
        if not 0 <= row < len(items):
            return
        text = item.text().strip() or untick(items[row])
        items[row] = tick(text, item.checkState() == Qt.CheckState.Checked)
        self._later(lambda: self._set_agenda(items, select=row))
