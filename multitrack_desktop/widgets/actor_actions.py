"""New, duplicate and delete actors: the library's toolbar, its context menu and the Edit menu.

Each gesture is one undo step, however many actors it touches (several service operations
go in one undo macro). Deleting suggests marking the actor as withdrawn instead: a
facilitator usually wants the history kept, and the map to show who left.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from ..commands import AppliedChange
from ..domain import geometry
from ..domain import model as m
from ..storage.changes import ChangeSet
from ..storage.errors import StorageError
from .opening import show_error

if TYPE_CHECKING:
    from .main_window import MainWindow

DELETE, WITHDRAW = "delete", "withdraw"
COPY_SUFFIX = " (copy)"


def tr(text: str) -> str:
    return QCoreApplication.translate("ActorActions", text)


def copy_fields(actor: m.Actor) -> dict[str, Any]:
    """Everything of ``actor`` a duplicate takes: all but its id, name and exact position."""
    skip = {"id", "name", "placement"}
    out = {}
    for f in dataclasses.fields(actor):
        if f.name in skip:
            continue
        value = getattr(actor, f.name)
        out[f.name] = list(value) if isinstance(value, list) else value
    return out


def copy_name(name: str) -> str:
    suffix = tr(COPY_SUFFIX)
    return name[: m.NAME_MAX - len(suffix)] + suffix


def ask_delete(parent: QWidget | None, actors: Sequence[m.Actor], links: int) -> str | None:
    """Delete, mark as withdrawn, or neither (None)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Delete actors") if len(actors) > 1 else tr("Delete actor"))
    if len(actors) == 1:
        box.setText(tr("Delete “{name}”?").format(name=actors[0].name))
    else:
        box.setText(tr("Delete {n} actors?").format(n=len(actors)))
    box.setInformativeText(
        tr(
            "{links} links go with them, and they are taken out of sessions, entries, actions and "
            "snapshots. Undo puts everything back.\n\nIf they have left the process, mark them as "
            "withdrawn instead: they stay on the map, faded, with their history."
        ).format(links=links)
    )
    withdraw = box.addButton(tr("Mark as withdrawn"), QMessageBox.ButtonRole.AcceptRole)
    delete = box.addButton(tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(withdraw)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is delete:
        return DELETE
    if clicked is withdraw:
        return WITHDRAW
    return None


class ActorActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.new_action = self._action(tr("&New actor"), self.new_actor, QKeySequence("Ctrl+Shift+N"))
        self.new_action.setToolTip(tr("Add an actor to the library"))
        self.duplicate_action = self._action(tr("D&uplicate"), self.duplicate, QKeySequence("Ctrl+D"))
        self.duplicate_action.setToolTip(tr("Add a copy of the selected actors"))
        self.delete_action = self._action(
            tr("&Delete"), self.delete, QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.delete_action.setToolTip(tr("Delete the selected actors, or mark them as withdrawn"))
        self.actions = [self.new_action, self.duplicate_action, self.delete_action]
        self.place_menu = QMenu(tr("&Put on track"), window)
        self.place_actions: dict[int | None, QAction] = {}
        for track in geometry.TRACKS:
            action = self.place_menu.addAction(f"&{track} · {tr(geometry.TRACK_NAMES[track])}")
            action.triggered.connect(lambda _=False, t=track: self.place(t))
            self.place_actions[track] = action
        self.place_menu.addSeparator()
        off = self.place_menu.addAction(tr("&Take off the circle"))
        off.triggered.connect(lambda _=False: self.place(None))
        self.place_actions[None] = off

    def _action(self, text: str, slot: Any, shortcut: QKeySequence) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def update_enabled(self) -> None:
        doc = self.window.document
        editable = doc is not None and not doc.readonly
        selected = bool(self.window.library.selected_ids())
        self.new_action.setEnabled(editable)
        self.duplicate_action.setEnabled(editable and selected)
        self.delete_action.setEnabled(editable and selected)
        self.place_menu.setEnabled(editable and selected)

    # ------------------------------------------------------------------ gestures

    def new_actor(self) -> str | None:
        """An actor in the library, named for now; the name field is ready to type over."""
        changes = self._run([lambda doc: doc.create_actor(tr("New actor"))], tr("Add actor"))
        if not changes:
            return None
        actor_id = changes[0].created["actor"]
        self.window.library.search.clear()
        self.window.select_actors([actor_id])
        name = self.window.inspector.editor("name")
        name.setFocus()
        name.selectAll()  # type: ignore[attr-defined]
        return actor_id

    def duplicate(self) -> list[str]:
        actors = self._selected()
        changes = self._run(
            [lambda doc, a=a: doc.create_actor(copy_name(a.name), **copy_fields(a)) for a in actors],
            tr("Duplicate {n} actors").format(n=len(actors)),
        )
        ids = [c.created["actor"] for c in changes]
        if ids:
            self.window.library.search.clear()
            self.window.select_actors(ids)
        return ids

    def place(self, track: int | None) -> None:
        """Put the selected actors on ``track`` (laid out by the app), or back in the library: one step.

        The keyboard's way to do what a drag from the library does.
        """
        actors = [a for a in self._selected() if a.track != track or a.placement is not None]
        if not actors:
            return
        self._run([lambda doc: doc.move_actors([(a.id, track, None) for a in actors])], tr("Move actors"))
        if track is not None:
            self.window.select_actors([a.id for a in actors])

    def delete(self) -> None:
        actors = self._selected()
        doc = self.window.document
        if not actors or doc is None:
            return
        ids = {a.id for a in actors}
        links = sum(1 for lk in doc.links if lk.source in ids or lk.target in ids)
        answer = ask_delete(self.window, actors, links)
        if answer == DELETE:
            self._run(
                [lambda d, a=a: d.delete_actor(a.id) for a in actors],
                tr("Delete {n} actors").format(n=len(actors)),
            )
        elif answer == WITHDRAW:
            self._run(
                [
                    lambda d, a=a: d.update_actor(a.id, status=m.ActorStatus.WITHDRAWN)
                    for a in actors
                    if a.status is not m.ActorStatus.WITHDRAWN
                ],
                tr("Mark {n} actors as withdrawn").format(n=len(actors)),
            )

    # ------------------------------------------------------------------ plumbing

    def _selected(self) -> list[m.Actor]:
        doc = self.window.document
        if doc is None or doc.readonly:
            return []
        found = (doc.actor(i) for i in self.window.library.selected_ids())
        return [a for a in found if a is not None]

    def _run(self, steps: Sequence[Any], label: str) -> list[ChangeSet]:
        """Run the service operations in order and push them as one undo step.

        If one is refused, those already done stay done (and on the undo stack) and the
        reason is shown: the file and the undo history never disagree.
        """
        doc = self.window.document
        if doc is None:
            return []
        changes: list[ChangeSet] = []
        error: StorageError | None = None
        for step in steps:
            try:
                change = step(doc)
            except StorageError as exc:
                error = exc
                break
            if change:
                changes.append(change)
        stack = self.window.undo_stack
        on_error = self.window.show_undo_error
        if len(changes) == 1:
            stack.push(AppliedChange(doc, changes[0], on_error=on_error))
        elif changes:
            stack.beginMacro(label)
            for change in changes:
                stack.push(AppliedChange(doc, change, on_error=on_error))
            stack.endMacro()
        if error is not None:
            show_error(self.window, error)
        return changes
