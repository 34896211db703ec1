"""Plumbing shared by the session widgets: one edit = one service call = one undo step.

Each widget is given the service, the window's undo stack and either the ``OpenWorkshop``
(which reloads and emits ``changed``) or a plain callback to call after every change. The
``EditHub`` runs an operation, pushes it as one ``AppliedChange`` and tells the widget (and
the window) that the file changed, the same way for an edit, its undo and its redo.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLabel, QWidget
from sqlalchemy import select

from ...commands import AppliedChange
from ...domain import model as m
from ...services.workshop import WorkshopService
from ...storage import repository as repo
from ...storage.changes import ChangeSet
from ...storage.errors import StorageError

Refresh = Callable[[ChangeSet | None], None]
log = logging.getLogger(__name__)
ERROR_STYLE = "color: #C4291C;"


class EditHub(QObject):
    """Runs service operations as undo steps and says when the file changed."""

    #: ChangeSet | None — after an edit, an undo or a redo (None: anything may have changed)
    changed = Signal(object)
    #: a sentence for the facilitator (a refused edit, a file problem)
    error = Signal(str)

    def __init__(
        self,
        service: WorkshopService,
        undo_stack: QUndoStack,
        document: Any | Refresh | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack = undo_stack
        self._document = document if hasattr(document, "changed") else None
        self._callback: Refresh | None = None if self._document is not None else document  # type: ignore[assignment]
        if self._document is not None:
            self._document.changed.connect(self.changed)
        self.replay = Replay(self)

    def actors(self) -> list[m.Actor]:
        """Every actor: the open workshop's list when there is one (already read), else from the file."""
        actors = getattr(self._document, "actors", None)
        return list(actors) if actors is not None else self.service.actors()

    def apply(self, operation: Callable[[], ChangeSet]) -> ChangeSet | None:
        """Run ``operation``; a refusal becomes ``error`` and nothing is pushed."""
        try:
            change = operation()
        except StorageError as exc:
            self.error.emit(str(exc))
            return None
        if change:
            self.undo_stack.push(self._command(change))
            self.replay.after(change)
        return change

    def apply_many(self, label: str, operations: list[Callable[[], ChangeSet]]) -> list[ChangeSet]:
        """Several operations as one undo step; stops at the first refusal (what was done
        before it stays, as one step, and the refusal is reported)."""
        done: list[ChangeSet] = []
        for op in operations:
            try:
                change = op()
            except StorageError as exc:
                self.error.emit(str(exc))
                break
            if change:
                done.append(change)
        if len(done) == 1:
            self.undo_stack.push(self._command(done[0]))
        elif done:
            self.undo_stack.beginMacro(label)
            for change in done:
                self.undo_stack.push(self._command(change))
            self.undo_stack.endMacro()
        for change in done:
            self.replay.after(change)
        return done

    def _command(self, change: ChangeSet) -> AppliedChange:
        return AppliedChange(self.replay, change, on_error=self.replay.failed)  # type: ignore[arg-type]


class Replay:
    """What an undo command replays through. A plain object, not the hub: the window's undo
    stack outlives the widget that made an edit, and must still undo it after the widget is gone."""

    def __init__(self, hub: EditHub) -> None:
        self.hub = hub
        self.service = hub.service
        self.document = hub._document
        self.callback = hub._callback

    def undo(self, change: ChangeSet) -> None:
        if self.document is not None:
            self.document.undo(change)  # refreshes, and every widget on the document hears it
            return
        try:
            self.service.undo(change)
        finally:
            self.after(change)

    def redo(self, change: ChangeSet) -> None:
        if self.document is not None:
            self.document.redo(change)
            return
        try:
            self.service.redo(change)
        finally:
            self.after(change)

    def after(self, change: ChangeSet) -> None:
        if self.document is not None:
            self.document.refresh(change)  # emits document.changed, relayed by each hub
            return
        if self.callback is not None:
            self.callback(change)
        if shiboken6.isValid(self.hub):
            self.hub.changed.emit(change)

    def failed(self, exc: StorageError) -> None:
        if shiboken6.isValid(self.hub):
            self.hub.error.emit(str(exc))
        else:
            log.warning("An undo step could not be replayed: %s", exc)


def touches(change: ChangeSet | None, *tables: str) -> bool:
    """Whether a widget showing ``tables`` must reload after ``change``.

    ``"actors"`` among ``tables`` means the actors' names only (what the session widgets show
    of them): an actor dragged on the circle or given another stance changes none of them.
    """
    if change is None:
        return True
    found = change.tables() & set(tables)
    if found == {"actors"}:
        return actor_names_change(change)
    return bool(found)


#: the fields of an actor the session widgets show (speakers, mentions, owners, participants, snapshots)
NAME_FIELDS = frozenset({"name", "also_known_as", "alias", "anonymise"})


def actor_names_change(change: ChangeSet | None) -> bool:
    """Whether ``change`` adds, removes or renames an actor (None: anything may have changed)."""
    if change is None:
        return True
    for row in change.rows:
        if row.table != "actors":
            continue
        if row.before is None or row.after is None:
            return True
        if any(k in NAME_FIELDS and row.before.get(k) != v for k, v in row.after.items()):
            return True
    return False


def load_session(service: WorkshopService, session_id: str) -> m.Session | None:
    """One session with its participants, entries and actions, without reading the others.

    ``WorkshopService`` has no single-session read yet; a 20,000-entry workshop must not be
    read whole for every keystroke, so this reads one session's rows (read-only).
    """
    own = getattr(service, "session", None)
    if callable(own):
        return own(session_id)
    T = repo
    with service.file.read() as conn:
        r = conn.execute(select(T.T_SESSIONS).where(T.T_SESSIONS.c.id == session_id)).first()
        if r is None:
            return None
        session = repo.to_session(r)
        session.participants = [
            repo.to_participant(p)
            for p in conn.execute(
                select(T.T_PARTICIPANTS)
                .where(T.T_PARTICIPANTS.c.session_id == session_id)
                .order_by(T.T_PARTICIPANTS.c.position)
            )
        ]
        entry_rows = list(conn.execute(select(T.T_ENTRIES).where(T.T_ENTRIES.c.session_id == session_id)))
        about: dict[str, list[str]] = {}
        if entry_rows:
            for a in conn.execute(
                select(T.T_ABOUT)
                .join(T.T_ENTRIES, T.T_ENTRIES.c.id == T.T_ABOUT.c.entry_id)
                .where(T.T_ENTRIES.c.session_id == session_id)
                .order_by(T.T_ABOUT.c.entry_id, T.T_ABOUT.c.position)
            ):
                about.setdefault(a.entry_id, []).append(a.actor)
        session.entries = sorted(
            (repo.to_entry(e, about.get(e.id, [])) for e in entry_rows), key=m.entry_sort_key
        )
        session.actions = [
            repo.to_action(a)
            for a in conn.execute(
                select(T.T_ACTIONS)
                .where(T.T_ACTIONS.c.session_id == session_id)
                .order_by(T.T_ACTIONS.c.position)
            )
        ]
        return session


def load_entries(service: WorkshopService, entry_ids: set[str]) -> dict[str, tuple[str, m.Entry]]:
    """Some entries by id, each with its session id (what a live list needs after one edit)."""
    if not entry_ids:
        return {}
    T = repo
    with service.file.read() as conn:
        rows = list(conn.execute(select(T.T_ENTRIES).where(T.T_ENTRIES.c.id.in_(entry_ids))))
        about: dict[str, list[str]] = {}
        for a in conn.execute(
            select(T.T_ABOUT).where(T.T_ABOUT.c.entry_id.in_(entry_ids)).order_by(T.T_ABOUT.c.position)
        ):
            about.setdefault(a.entry_id, []).append(a.actor)
        return {r.id: (r.session_id, repo.to_entry(r, about.get(r.id, []))) for r in rows}


def load_snapshots(service: WorkshopService) -> list[m.Snapshot]:
    """Every snapshot with its placements and links (not the rest of the workshop)."""
    with service.file.read() as conn:
        return repo.load_snapshots(conn)


# ---------------------------------------------------------------------- words shown


def kind_words(w: QWidget) -> dict[m.EntryKind, str]:
    return {
        m.EntryKind.NOTE: w.tr("Note"),
        m.EntryKind.DECISION: w.tr("Decision"),
        m.EntryKind.ACTION: w.tr("Action"),
        m.EntryKind.QUOTE: w.tr("Quote"),
        m.EntryKind.QUESTION: w.tr("Question"),
        m.EntryKind.RISK: w.tr("Risk"),
    }


def visibility_words(w: QWidget) -> dict[m.Visibility, str]:
    return {
        m.Visibility.SHAREABLE: w.tr("Shareable"),
        m.Visibility.TEAM: w.tr("Team"),
        m.Visibility.PRIVATE: w.tr("Private"),
    }


def format_words(w: QWidget) -> dict[m.SessionFormat, str]:
    return {
        m.SessionFormat.TRACK1: w.tr("Track 1"),
        m.SessionFormat.TRACK1_5: w.tr("Track 1.5"),
        m.SessionFormat.TRACK2: w.tr("Track 2"),
        m.SessionFormat.MULTITRACK: w.tr("Multi-track"),
        m.SessionFormat.INTERNAL: w.tr("Internal"),
    }


def rule_words(w: QWidget) -> dict[m.Rule, str]:
    return {
        m.Rule.OPEN: w.tr("Open"),
        m.Rule.CHATHAM_HOUSE: w.tr("Chatham House"),
        m.Rule.OFF_THE_RECORD: w.tr("Off the record"),
    }


def gender_words(w: QWidget) -> dict[m.Gender, str]:
    return {
        m.Gender.WOMAN: w.tr("Woman"),
        m.Gender.MAN: w.tr("Man"),
        m.Gender.OTHER: w.tr("Other"),
        m.Gender.UNDISCLOSED: w.tr("Undisclosed"),
    }


def status_words(w: QWidget) -> dict[m.ActionStatus, str]:
    return {
        m.ActionStatus.OPEN: w.tr("Open"),
        m.ActionStatus.DONE: w.tr("Done"),
        m.ActionStatus.DROPPED: w.tr("Dropped"),
    }


def choice_combo(parent: QWidget, words: dict[Any, str]) -> QComboBox:
    """A combo box of choices whose item data is the enum value."""
    combo = QComboBox(parent)
    for value, word in words.items():
        combo.addItem(word, value)
    return combo


def select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class CaptureSettings:
    """The live capture's remembered values: plain strings behind named keys."""

    AUTHOR = "capture/author"

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings if settings is not None else QSettings()

    def author(self) -> str:
        value = self._s.value(self.AUTHOR, "")
        return value if isinstance(value, str) else ""

    def set_author(self, author: str) -> None:
        self._s.setValue(self.AUTHOR, author)
        self._s.sync()
