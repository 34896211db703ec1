"""One open workshop for the window: reads through the service, says when anything changed.

Widgets and the canvas hold no copies of their own: they ask this object and listen to
``changed``. Every edit goes through the service (one transaction, a ``ChangeSet`` back);
this object reloads what the window shows and emits ``changed`` with that ChangeSet.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..domain import model as m
from ..services.workshop import WorkshopService
from ..storage.changes import ChangeSet
from ..storage.database import WorkshopFile

#: changes touching more actors than this are read back whole
INCREMENTAL_MAX = 64


class OpenWorkshop(QObject):
    #: ChangeSet | None (None: everything may have changed)
    changed = Signal(object)

    def __init__(self, file: WorkshopFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.service = WorkshopService(file)
        self.workshop: m.Workshop
        self.actors: list[m.Actor] = []
        self.links: list[m.Link] = []
        self._reload()

    # ------------------------------------------------------------------ reading

    @property
    def path(self) -> Path:
        return Path(self.file.source)

    @property
    def readonly(self) -> bool:
        return self.file.readonly

    @property
    def title(self) -> str:
        return self.workshop.title

    def actor(self, actor_id: str) -> m.Actor | None:
        return self._by_id.get(actor_id)

    def _reload(self) -> None:
        """Everything the window shows, in one read (fast enough for hundreds of actors)."""
        self.workshop = self.service.workshop()
        self.actors = self.service.actors()
        self.links = self.service.links()
        self._by_id = {a.id: a for a in self.actors}

    def _reload_changed(self, change: ChangeSet) -> bool:
        """Read again only what ``change`` touched; False when a full read is simpler.

        An edit of one actor in a workshop of thousands then costs one row, not the whole file.
        Actors added or removed take a full read (the same change is replayed backwards by undo,
        so an added row may be a removed one; the list also keeps the file's order).
        """
        touched = change.ids("actors")
        if len(touched) > INCREMENTAL_MAX or touched != change.ids("actors", "changed"):
            return False
        if not touched <= self._by_id.keys():
            return False
        fresh = {actor_id: self.service.actor(actor_id) for actor_id in touched}
        self.actors = [fresh.get(a.id, a) for a in self.actors]
        self._by_id = {a.id: a for a in self.actors}
        if "links" in change.tables():
            self.links = self.service.links()
        self.workshop = self.service.workshop()
        return True

    def refresh(self, change: ChangeSet | None = None) -> None:
        if change is None or not self._reload_changed(change):
            self._reload()
        self.changed.emit(change)

    # ------------------------------------------------------------------ editing

    def move_actors(self, moves: Sequence[tuple[str, int | None, m.Placement | None]]) -> ChangeSet:
        change = self.service.move_actors(list(moves))
        self.refresh(change)
        return change

    def create_actor(self, name: str, **fields: object) -> ChangeSet:
        change = self.service.create_actor(name, **fields)
        self.refresh(change)
        return change

    def update_actor(self, actor_id: str, **fields: object) -> ChangeSet:
        change = self.service.update_actor(actor_id, **fields)
        self.refresh(change)
        return change

    def delete_actor(self, actor_id: str) -> ChangeSet:
        change = self.service.delete_actor(actor_id)
        self.refresh(change)
        return change

    def create_link(self, source: str, target: str, **fields: object) -> ChangeSet:
        change = self.service.create_link(source, target, **fields)
        self.refresh(change)
        return change

    def update_link(self, link_id: str, **fields: object) -> ChangeSet:
        change = self.service.update_link(link_id, **fields)
        self.refresh(change)
        return change

    def delete_link(self, link_id: str) -> ChangeSet:
        change = self.service.delete_link(link_id)
        self.refresh(change)
        return change

    def link(self, link_id: str) -> m.Link | None:
        return next((lk for lk in self.links if lk.id == link_id), None)

    def undo(self, change: ChangeSet) -> None:
        try:
            self.service.undo(change)
        finally:
            self.refresh(change)

    def redo(self, change: ChangeSet) -> None:
        try:
            self.service.redo(change)
        finally:
            self.refresh(change)

    def close(self) -> None:
        self.file.close()
