"""Live capture: one always-ready line for what is said, and the session's entries below it.

Enter records the line at once (one transaction, one undo step), stamped with the current
time and the laptop's UTC offset. The kind comes from Ctrl+1…6 or a short prefix
(``entries.parse_prefix``), the speaker from a field completed on the session's participants,
what the entry is about from ``@`` mentions. The author is remembered between runs. The line
being typed is saved as a draft at most half a second after each change (a throttle, not a
debounce: typing without pause still saves every half second).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import (
    QEvent,
    QKeyCombination,
    QObject,
    QSettings,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import model as m
from ...services import drafts as draft_files
from ...services.workshop import WorkshopService
from ...storage.changes import ChangeSet
from . import entries as rules
from .capture_parts import CaptureLine, EntriesModel, KindDelegate, MentionCompleter
from .common import (
    CaptureSettings,
    EditHub,
    Refresh,
    choice_combo,
    error_label,
    kind_words,
    load_entries,
    load_session,
    select_data,
    show_error,
    touches,
    visibility_words,
)

Clock = Callable[[], dt.datetime]
DRAFT_EVERY_MS = 500
#: a change to only these tables is shown by updating the entries it touched
ENTRY_TABLES = frozenset({"entries", "entry_about", "workshop"})


def local_now() -> dt.datetime:
    """Now, with the laptop's UTC offset, to the millisecond (entries in one second stay in order)."""
    now = dt.datetime.now().astimezone()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


#: the digit row's keys 1-6 as the platform names the physical key, whatever the layout types
_MAC_DIGITS = {0x12: 1, 0x13: 2, 0x14: 3, 0x15: 4, 0x17: 5, 0x16: 6}  # kVK_ANSI_1…6


def physical_digit(scan_code: int, virtual_key: int, platform: str = sys.platform) -> int | None:
    """Which digit key (1-6) of the top row was pressed, by its position, or None.

    Windows reports the digit row as VK_1…VK_6 on every layout; macOS by ANSI key code; X11
    and Wayland by the evdev scan code plus 8 (10…15)."""
    if platform == "win32":
        return virtual_key - 0x30 if 0x31 <= virtual_key <= 0x36 else None
    if platform == "darwin":
        return _MAC_DIGITS.get(virtual_key)
    return scan_code - 9 if 10 <= scan_code <= 15 else None


def _hms(span: dt.timedelta) -> str:
    seconds = int(span.total_seconds())
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class DraftStore(Protocol):
    """Where the line being typed survives a crash (by default ``FileDrafts``: the file itself)."""

    def save_draft(self, session_id: str, text: str, kind: m.EntryKind) -> Any: ...

    def load_draft(self, session_id: str) -> Any: ...


def _draft_parts(value: Any) -> tuple[str, m.EntryKind | None]:
    """Read a draft whatever shape the store returns: None, text, (text, kind) or an object."""
    if value is None:
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, tuple):
        text, kind = (value + (None,))[:2]
    else:
        text, kind = getattr(value, "text", ""), getattr(value, "kind", None)
    try:
        return str(text or ""), m.EntryKind(kind) if kind else None
    except ValueError:
        return str(text or ""), None


# ---------------------------------------------------------------------- the widget


class LiveCapture(QWidget):
    """Record a session as it happens."""

    #: the id of an entry just recorded from the line
    entry_recorded = Signal(str)
    #: an action item made from an action entry: (action id, entry id)
    action_created = Signal(str, str)
    #: the session was ended here: (session id, id of the snapshot taken)
    session_ended = Signal(str, str)
    #: a sentence for the facilitator (also shown in the widget)
    error = Signal(str)

    def __init__(
        self,
        service: WorkshopService,
        undo_stack: QUndoStack,
        document: Any | Refresh | None = None,
        *,
        drafts: DraftStore | None = None,
        settings: QSettings | None = None,
        clock: Clock = local_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.hub = EditHub(service, undo_stack, document, self)
        self.hub.changed.connect(self._on_changed)
        self.hub.error.connect(self.error_text)
        self.drafts = drafts if drafts is not None else _drafts_of(service)
        self.settings = CaptureSettings(settings)
        self.clock = clock
        self.session: m.Session | None = None
        self.actors: list[m.Actor] = []
        self._speakers: dict[str, str] = {}
        self.pending_edits = 0
        #: the entry recorded last from this line (what Up in the empty line corrects)
        self.last_recorded: str | None = None
        #: (session id, text, kind) last written as the draft; None: nothing written yet
        self._draft_written: tuple[str, str, m.EntryKind] | None = None

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #FFF4CE; color: #4A3B00; padding: 6px; border: 1px solid #E0C060; font-weight: bold;"
        )
        self.banner.hide()
        self.title_label = QLabel(self)
        self.clock_label = QLabel(self)
        self.clock_label.setStyleSheet("font-family: monospace; font-size: 14pt;")

        self.kind_combo = choice_combo(
            self, {k: f"{w} (Ctrl+{i})" for i, (k, w) in enumerate(kind_words(self).items(), 1)}
        )
        self.kind_combo.setToolTip(self.tr("Kind of entry: Ctrl+1…6, or a prefix such as “d: ” or “3: ”"))
        self.kind_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.kind_combo.activated.connect(lambda _i: self._schedule_draft())
        self.speaker_edit = QLineEdit(self)
        self.speaker_edit.setPlaceholderText(self.tr("Speaker"))
        self.speaker_edit.setClearButtonEnabled(True)
        self.speaker_model = QStringListModel(self)
        self.speaker_completer = QCompleter(self.speaker_model, self)
        self.speaker_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.speaker_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.speaker_edit.setCompleter(self.speaker_completer)
        self.speaker_edit.returnPressed.connect(lambda: self.line.setFocus())  # the speaker chosen: type
        self.visibility_combo = choice_combo(self, visibility_words(self))
        self.visibility_combo.setToolTip(
            self.tr("Who may see this entry (the session's visibility unless changed)")
        )
        self.visibility_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.author_edit = QLineEdit(self)
        self.author_edit.setPlaceholderText(self.tr("Recorded by"))
        self.author_edit.setText(self.settings.author())
        self.author_edit.editingFinished.connect(self._remember_author)

        self.line = CaptureLine(self)
        self.line.setPlaceholderText(self.tr("Type what is said and press Enter · @ for actors"))
        self.line.setMaxLength(m.TEXT_MAX)
        self.mentions = MentionCompleter(self.line)
        self.line.returnPressed.connect(self.record)
        self.line.textChanged.connect(self._on_line_changed)
        self.problem_label = error_label(self)

        self.model = EntriesModel(self, self._edit_entry)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(EntriesModel.KIND, KindDelegate(self))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)  # one line per entry: rows of fitted heights cost too much per keystroke
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        # widths from the font, not fitted to the rows: fitting reads every row after every entry
        metrics = self.view.fontMetrics()
        widths = {
            EntriesModel.TIME: metrics.horizontalAdvance("00:00:00") + 16,
            EntriesModel.KIND: max(metrics.horizontalAdvance(w) for w in kind_words(self).values()) + 16,
            EntriesModel.SPEAKER: metrics.horizontalAdvance("M" * 14),
        }
        for col, width in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(EntriesModel.TEXT, QHeaderView.ResizeMode.Stretch)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.action_button = QPushButton(self.tr("Make action item"), self)
        self.action_button.setToolTip(
            self.tr("An action item made from the selected entry, which it remembers")
        )
        self.action_button.clicked.connect(self.action_from_selected)
        self.end_button = QPushButton(self.tr("End session"), self)
        self.end_button.setToolTip(self.tr("Record the end time now and take a snapshot of the map"))
        self.end_button.clicked.connect(self.end_session)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        back_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.view)
        back_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        back_key.activated.connect(self.line.setFocus)  # back to typing

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.clock_label)
        fields = QHBoxLayout()
        fields.addWidget(self.kind_combo)
        fields.addWidget(self.speaker_edit, 1)
        fields.addWidget(self.visibility_combo)
        fields.addWidget(self.author_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(fields)
        layout.addWidget(self.line)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self._make_kind_shortcuts()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.update_clock)
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_EVERY_MS)
        self.draft_timer.timeout.connect(self.save_draft)
        self.set_session(None)

    # ------------------------------------------------------------------ the session shown

    def set_session(self, session_id: str | None) -> None:
        """Show ``session_id`` (None: nothing to record into); a kept draft comes back into the line.

        Choosing the session already shown reloads it and leaves the line as it is."""
        self.flush_draft()
        if session_id is not None and session_id == self.session_id:
            self._on_changed(None)
            return
        self.session = load_session(self.service, session_id) if session_id else None
        self._load_actors()
        self._show_session()
        text, kind = "", None
        self._draft_written = None
        if self.session is not None and self.drafts is not None:
            draft = self.drafts.load_draft(self.session.id)
            text, kind = _draft_parts(draft)
            if text and self._already_recorded(text, getattr(draft, "updated_at", None)):
                text, kind = "", None  # recorded just before a crash that left its draft behind
            if text:
                self._draft_written = (self.session.id, text, kind or m.EntryKind.NOTE)
        self.line.blockSignals(True)
        self.line.setText(text)
        self.line.blockSignals(False)
        select_data(self.kind_combo, kind or m.EntryKind.NOTE)
        if self.session is not None:
            select_data(self.visibility_combo, self.session.visibility)
        self.update_clock()
        if self.session is None:
            self.ticker.stop()
        else:
            self.ticker.start()

    def _already_recorded(self, line: str, saved_at: dt.datetime | None) -> bool:
        """Whether ``line`` is an entry recorded after the draft was saved.

        Recording an entry and clearing its draft are two transactions; a crash between them
        leaves a draft of what is already an entry, which must not come back to be recorded twice."""
        if self.session is None or saved_at is None:
            return False
        _kind, text = rules.parse_prefix(line)
        text = rules.resolve_mentions(text, self.mention_names)[0].strip()
        return any(e.text == text and e.at >= saved_at for e in self.session.entries)

    @property
    def session_id(self) -> str | None:
        return None if self.session is None else self.session.id

    def _load_actors(self) -> None:
        self.actors = self.hub.actors()
        self.mention_names = rules.mention_names(self.actors)
        self.mentions.set_names(list(self.mention_names))

    def _show_session(self) -> None:
        se = self.session
        enabled = se is not None
        writable = enabled and not getattr(self.service.file, "readonly", False)
        for w in (self.line, self.speaker_edit, self.kind_combo, self.visibility_combo):
            w.setEnabled(writable)
        self.view.setEnabled(enabled)
        for w in (self.delete_button, self.action_button, self.end_button):
            w.setEnabled(writable)
        if writable:
            self.view.setEditTriggers(
                QAbstractItemView.EditTrigger.DoubleClicked
                | QAbstractItemView.EditTrigger.EditKeyPressed
                | QAbstractItemView.EditTrigger.SelectedClicked
            )
        else:
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        if se is None:
            self.title_label.setText(self.tr("No session chosen."))
            self.banner.hide()
            self.model.set_entries([], self.actors)
            self._speakers = {}
            self.speaker_model.setStringList([])
            return
        self.title_label.setText(f"{se.title} · {se.starts_at.strftime('%Y-%m-%d %H:%M')}")
        if se.rule == m.Rule.CHATHAM_HOUSE:
            self.banner.setText(
                self.tr(
                    "Chatham House Rule: what is said may be used, but no one may say who said it. "
                    "Speakers are kept for the team only."
                )
            )
        elif se.rule == m.Rule.OFF_THE_RECORD:
            self.banner.setText(
                self.tr("Off the record: nothing of this session leaves the team, not even in summaries.")
            )
        self.banner.setVisible(se.rule != m.Rule.OPEN)
        by_id = {a.id: a for a in self.actors}
        speakers = [by_id[p.actor] for p in se.participants if p.actor in by_id]
        self._speakers = {a.name.casefold(): a.id for a in self.actors}
        self.speaker_model.setStringList([a.name for a in speakers])
        self.model.set_entries(se.entries, self.actors)

    def _on_changed(self, change: ChangeSet | None) -> None:
        if self.session is None:
            return
        if change is not None and change.tables() <= ENTRY_TABLES:
            self._update_entries(change)
            return
        if touches(change, "actors"):
            self._load_actors()  # names for speakers and mentions; moves on the circle change none of the entries
        if touches(change, "sessions", "participants", "entries", "entry_about", "actors"):
            selected = self.selected_entry_ids()
            if touches(change, "sessions", "participants", "entries", "entry_about"):
                self.session = load_session(self.service, self.session.id)
            self._show_session()
            self.select_entries(selected)
            self.update_clock()

    def _update_entries(self, change: ChangeSet) -> None:
        """Only entries changed: update those rows (a 500-entry list is not rebuilt per entry)."""
        assert self.session is not None
        touched = {k for k in change.ids("entries") if isinstance(k, str)}
        touched |= {k[0] for k in change.ids("entry_about") if isinstance(k, tuple)}
        found = load_entries(self.service, touched)
        selected = self.selected_entry_ids()
        for entry_id in touched:
            session_id, entry = found.get(entry_id, (None, None))
            if entry is None or session_id != self.session.id:
                self.model.remove_entry(entry_id)
            else:
                self.model.put_entry(entry)
        self.session.entries = list(self.model.entries)
        self.select_entries([i for i in selected if i in found or self.model.row_of(i) >= 0])

    def update_clock(self) -> None:
        """Elapsed time since the start; before it, the time to go; after the end, the length."""
        if self.session is None:
            self.clock_label.setText("")
            return
        now, se = self.clock(), self.session
        if se.ends_at is not None and now > se.ends_at:
            self.clock_label.setText(
                self.tr("{length} (ended)").format(length=_hms(se.ends_at - se.starts_at))
            )
            self.clock_label.setToolTip(self.tr("The session has ended; this was its length"))
            return
        elapsed = now - se.starts_at
        if elapsed < dt.timedelta(0):
            self.clock_label.setText("−" + _hms(-elapsed))
            self.clock_label.setToolTip(self.tr("Time until the session starts"))
        else:
            self.clock_label.setText(_hms(elapsed))
            self.clock_label.setToolTip(self.tr("Time since the session started"))

    # ------------------------------------------------------------------ kinds

    def _make_kind_shortcuts(self) -> None:
        """Ctrl+1…6 by key code; Ctrl+Shift+digit for layouts whose digits need Shift (AZERTY);
        the keypad digits too."""
        ctrl = Qt.KeyboardModifier.ControlModifier
        self.kind_shortcuts: list[QShortcut] = []
        for i, kind in enumerate(rules.KINDS):
            key = Qt.Key(Qt.Key.Key_1.value + i)
            for mods in (
                ctrl,
                ctrl | Qt.KeyboardModifier.ShiftModifier,
                ctrl | Qt.KeyboardModifier.KeypadModifier,
            ):
                shortcut = QShortcut(QKeySequence(QKeyCombination(mods, key)), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda k=kind: self.choose_kind(k))
                self.kind_shortcuts.append(shortcut)
        # the physical digit keys, whatever they type (AZERTY "&é\"'(-", Arabic, Hebrew…)
        self.line.installEventFilter(self)
        self.view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not Qt.Key.Key_1.value <= event.key() <= Qt.Key.Key_6.value
        ):
            digit = physical_digit(event.nativeScanCode(), event.nativeVirtualKey())
            if digit is not None and digit <= len(rules.KINDS):
                self.choose_kind(rules.KINDS[digit - 1])
                return True
        if (
            watched is self.line
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Up
            and not self.line.text()
            and not self.mentions.popup().isVisible()
        ):
            return self.edit_last_entry()
        return super().eventFilter(watched, event)

    def edit_last_entry(self) -> bool:
        """Up in the empty line: correct the entry just recorded here, else the latest one
        (Esc comes back to the line)."""
        if not self.model.entries or not self.line.isEnabled():
            return False
        latest = self.model.row_of(self.last_recorded or "")
        if latest < 0:
            latest = max(
                range(len(self.model.entries)), key=lambda r: m.entry_sort_key(self.model.entries[r])
            )
        index = self.model.index(latest, EntriesModel.TEXT)
        self.view.setFocus()
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.edit(index)
        return True

    def choose_kind(self, kind: m.EntryKind) -> None:
        """From the list: re-kind the selected entries; anywhere else: the kind of the next entry."""
        if self.view.hasFocus() and self.selected_entry_ids():
            self.rekind_selected(kind)
            return
        select_data(self.kind_combo, kind)
        self._schedule_draft()

    @property
    def kind(self) -> m.EntryKind:
        return m.EntryKind(self.kind_combo.currentData())

    @property
    def visibility(self) -> m.Visibility:
        return m.Visibility(self.visibility_combo.currentData())

    # ------------------------------------------------------------------ recording

    def speaker_id(self) -> tuple[bool, str | None]:
        """(known, actor id) for the speaker field; an empty field is a known 'nobody'."""
        name = self.speaker_edit.text().strip()
        if not name:
            return True, None
        actor_id = self._speakers.get(name.casefold())
        return actor_id is not None, actor_id

    def record(self) -> str | None:
        """Record the line as an entry; returns its id (None when nothing was recorded)."""
        if self.session is None:
            return None
        kind, text = rules.parse_prefix(self.line.text())
        text, about = rules.resolve_mentions(text, self.mention_names)
        text = text.strip()
        if not text:
            return None
        known, speaker = self.speaker_id()
        if not known:
            self.error_text(
                self.tr("No actor is called “{name}”: choose a participant, or clear the speaker.").format(
                    name=self.speaker_edit.text().strip()
                )
            )
            return None
        session_id = self.session.id
        fields: dict[str, Any] = {
            "kind": kind or self.kind,
            "speaker": speaker,
            "about": about,
            "author": self.author_edit.text().strip(),
            "visibility": self.visibility,
        }
        at = self.clock()
        change = self.hub.apply(lambda: self.service.add_entry(session_id, at, text, **fields))
        if not change:
            return None
        entry_id = change.created["entry"]
        self.last_recorded = entry_id
        self.draft_timer.stop()
        self.line.blockSignals(True)
        self.line.clear()
        self.line.blockSignals(False)
        select_data(self.kind_combo, m.EntryKind.NOTE)
        if self.session is not None:
            select_data(self.visibility_combo, self.session.visibility)
        self._write_draft("", m.EntryKind.NOTE)
        self.error_text("")
        self.view.scrollToBottom()
        self.entry_recorded.emit(entry_id)
        return entry_id

    def _remember_author(self) -> None:
        self.settings.set_author(self.author_edit.text().strip())

    # ------------------------------------------------------------------ the draft

    def _on_line_changed(self, _text: str) -> None:
        self.error_text("")
        self._schedule_draft()

    def _schedule_draft(self) -> None:
        if self.drafts is not None and self.session is not None and not self.draft_timer.isActive():
            self.draft_timer.start()

    def flush_draft(self) -> None:
        """Write a draft that is waiting for its turn now (leaving the session, hiding, closing)."""
        if self.draft_timer.isActive():
            self.draft_timer.stop()
            self.save_draft()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.flush_draft()
        super().hideEvent(event)

    def save_draft(self) -> None:
        """Keep the line being typed in the file (called by the throttle, and when leaving a session)."""
        self._write_draft(self.line.text(), self.kind)

    def _write_draft(self, text: str, kind: m.EntryKind) -> None:
        if self.drafts is None or self.session is None:
            return
        if (self.session.id, text, kind) == self._draft_written or (not text and self._draft_written is None):
            return  # nothing new to keep: no write (recording an entry stays one transaction)
        try:
            self.drafts.save_draft(self.session.id, text, kind)
            self._draft_written = (self.session.id, text, kind)
        except Exception as exc:  # noqa: BLE001 - a failed draft must not stop the typing; say so
            self.error_text(self.tr("The line being typed could not be kept: {reason}").format(reason=exc))

    # ------------------------------------------------------------------ editing entries

    def error_text(self, text: str) -> None:
        show_error(self.problem_label, text)
        if text:
            self.error.emit(text)

    def _edit_entry(self, entry_id: str, fields: dict[str, Any]) -> bool:
        """Edits from the list run after its editor has closed: reloading the list under an
        open editor would pull the editor away from the view while it commits."""
        self.pending_edits += 1

        def run() -> None:
            self.pending_edits -= 1
            self.hub.apply(lambda: self.service.update_entry(entry_id, **fields))

        QTimer.singleShot(0, self, run)
        return True

    def selected_entry_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.entry_at(r).id for r in rows if r < len(self.model.entries)]

    def select_entries(self, ids: list[str]) -> None:
        sel = self.view.selectionModel()
        sel.clearSelection()
        for entry_id in ids:
            row = self.model.row_of(entry_id)
            if row >= 0:
                sel.select(
                    self.model.index(row, 0),
                    sel.SelectionFlag.Select | sel.SelectionFlag.Rows,
                )

    def delete_selected(self) -> None:
        ids = self.selected_entry_ids()
        if len(ids) == 1:
            self.hub.apply(lambda: self.service.delete_entry(ids[0]))
        elif ids:
            self.hub.apply_many(
                self.tr("Delete {n} entries").format(n=len(ids)),
                [lambda i=i: self.service.delete_entry(i) for i in ids],
            )

    def rekind_selected(self, kind: m.EntryKind) -> None:
        ids = [i for i in self.selected_entry_ids() if self.model.entries[self.model.row_of(i)].kind != kind]
        if len(ids) == 1:
            self.hub.apply(lambda: self.service.update_entry(ids[0], kind=kind))
        elif ids:
            self.hub.apply_many(
                self.tr("Change kind of {n} entries").format(n=len(ids)),
                [lambda i=i: self.service.update_entry(i, kind=kind) for i in ids],
            )

    def end_session(self) -> str | None:
        """The session ends now: its end time, and a snapshot of the map tied to it, in one undo step.

        Returns the snapshot's id. An end time already recorded is replaced by now."""
        if self.session is None:
            return None
        session_id, now = self.session.id, self.clock()
        if now < self.session.starts_at:
            self.error_text(self.tr("This session has not started yet, so it cannot end now."))
            return None
        snapshot_id = m.new_id()
        label = self.tr("End of {title}").format(title=self.session.title)
        done = self.hub.apply_many(
            self.tr("End session {title}").format(title=self.session.title),
            [
                lambda: self.service.update_session(session_id, ends_at=now),
                lambda: self.service.take_snapshot(
                    session_id=session_id,
                    label=label,
                    taken_at=now,
                    snapshot_id=snapshot_id,
                ),
            ],
        )
        if not any(c.created.get("snapshot") == snapshot_id for c in done):
            return None
        self.session_ended.emit(session_id, snapshot_id)
        return snapshot_id

    def action_from_selected(self) -> str | None:
        """An action item from the selected entry: its text, remembering the entry."""
        ids = self.selected_entry_ids()
        if self.session is None or len(ids) != 1:
            return None
        entry = self.model.entries[self.model.row_of(ids[0])]
        session_id = self.session.id
        change = self.hub.apply(
            lambda: self.service.add_action(
                session_id, entry.text, entry=entry.id, visibility=entry.visibility
            )
        )
        if not change:
            return None
        action_id = change.created["action"]
        self.action_created.emit(action_id, entry.id)
        return action_id


class FileDrafts:
    """The drafts kept in the workshop file (``services.drafts``), as a ``DraftStore``."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def save_draft(self, session_id: str, text: str, kind: m.EntryKind) -> None:
        draft_files.save_draft(self.file, session_id, text, kind)

    def load_draft(self, session_id: str) -> draft_files.Draft | None:
        return draft_files.load_draft(self.file, session_id)


def _drafts_of(service: WorkshopService) -> DraftStore | None:
    """Drafts in the service's file; none for a file opened read-only."""
    if getattr(service.file, "readonly", False):
        return None
    return FileDrafts(service.file)
