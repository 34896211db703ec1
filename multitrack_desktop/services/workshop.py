"""The operations a facilitator performs on an open workshop.

Each operation is one transaction, validated against the format's rules before anything
is written, and returns a ``ChangeSet``: what it changed, row by row, which ``undo`` and
``redo`` replay exactly. The window's undo commands and the command line both call this
layer; neither writes SQL of its own. Nothing here imports Qt widgets.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, or_, select

from ..domain import geometry
from ..domain import model as m
from ..domain.layout import layout_positions
from ..domain.validation import Problem, record_problems
from ..storage import repository as repo
from ..storage.changes import ChangeSet, Recorder, apply
from ..storage.database import WorkshopFile
from ..storage.errors import InvalidEdit

Clock = Callable[[], dt.datetime]


def _nfc(value: Any) -> Any:
    """Text is stored after NFC normalisation, as the exchange format says."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _refuse(problems: list[Problem], what: str) -> None:
    if problems:
        details = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in problems[:5])
        raise InvalidEdit(f"The {what} was not changed: {details}.")


class WorkshopService:
    """Every edit of one open workshop file."""

    def __init__(self, file: WorkshopFile, *, clock: Clock = m.now_utc) -> None:
        self.file = file
        self.clock = clock

    # ------------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def _op(self, label: str) -> Iterator[Recorder]:
        change = ChangeSet(label)
        with self.file.write() as conn:
            rec = Recorder(conn, change)
            yield rec
            if change.rows:
                ws = conn.execute(select(repo.T_WORKSHOP.c.id, repo.T_WORKSHOP.c.updated_at)).one()
                rec.update("workshop", (ws.id,), {"updated_at": self.clock()}, before=dict(ws._mapping))

    def undo(self, change: ChangeSet) -> None:
        """Put back every row ``change`` touched, as it was before."""
        with self.file.write() as conn:
            apply(conn, change.rows, reverse=True)

    def redo(self, change: ChangeSet) -> None:
        with self.file.write() as conn:
            apply(conn, change.rows, reverse=False)

    # ------------------------------------------------------------------ reading

    def document(self) -> m.WorkshopDocument:
        with self.file.read() as conn:
            return repo.load_document(conn)

    def workshop(self) -> m.Workshop:
        with self.file.read() as conn:
            return repo.load_workshop(conn)

    def actors(self) -> list[m.Actor]:
        with self.file.read() as conn:
            return repo.load_actors(conn)

    def links(self) -> list[m.Link]:
        with self.file.read() as conn:
            return repo.load_links(conn)

    def sessions(self, *, with_contents: bool = False) -> list[m.Session]:
        with self.file.read() as conn:
            return repo.load_sessions(conn, with_contents=with_contents)

    def actor(self, actor_id: str) -> m.Actor:
        with self.file.read() as conn:
            return self._actor(conn, actor_id)

    def _actor(self, conn: Connection, actor_id: str) -> m.Actor:
        return self._actor_and_row(conn, actor_id)[0]

    def _actor_and_row(self, conn: Connection, actor_id: str) -> tuple[m.Actor, dict[str, Any]]:
        r = conn.execute(select(repo.T_ACTORS).where(repo.T_ACTORS.c.id == actor_id)).first()
        if r is None:
            raise InvalidEdit(f"There is no actor {actor_id} in this workshop.")
        return repo.to_actor(r), dict(r._mapping)

    def _one(self, conn: Connection, table: Any, row_id: str, what: str) -> Any:
        r = conn.execute(select(table).where(table.c.id == row_id)).first()
        if r is None:
            raise InvalidEdit(f"There is no {what} {row_id} in this workshop.")
        return r

    @staticmethod
    def _next_position(conn: Connection, table: Any, *where: Any) -> int:
        q = select(func.max(table.c.position))
        for w in where:
            q = q.where(w)
        top = conn.execute(q).scalar()
        return 0 if top is None else top + 1

    # ------------------------------------------------------------------ workshop

    def update_workshop(self, **fields: Any) -> ChangeSet:
        with self._op("Edit workshop") as rec:
            current = repo.load_workshop(rec.conn)
            new = _replace(current, fields, forbidden={"id", "created_at", "updated_at"})
            _refuse(record_problems(new), "workshop")
            rec.update(
                "workshop", (current.id,), _changed(repo.workshop_row(current), repo.workshop_row(new))
            )
            return rec.change

    # ------------------------------------------------------------------ actors

    def create_actor(self, name: str, **fields: Any) -> ChangeSet:
        actor_id = fields.pop("id", None) or m.new_id()
        actor = _replace(m.Actor(id=actor_id, name=name), fields, forbidden={"id"})
        actor = _settle_placement(actor)
        _refuse(record_problems(actor), "actor")
        with self._op(f"Add actor {actor.name}") as rec:
            position = self._next_position(rec.conn, repo.T_ACTORS)
            rec.insert("actors", repo.actor_row(actor, position))
            rec.change.created["actor"] = actor_id
            return rec.change

    def update_actor(self, actor_id: str, **fields: Any) -> ChangeSet:
        with self._op("Edit actor") as rec:
            current, old_row = self._actor_and_row(rec.conn, actor_id)
            new = _replace(current, fields, forbidden={"id"})
            if "track" in fields and "placement" not in fields and new.track != current.track:
                new.placement = None  # a new track without a position: the app lays it out
            new = _settle_placement(new)
            _refuse(record_problems(new), "actor")
            rec.update("actors", (actor_id,), repo.actor_row(new, old_row["position"]), before=old_row)
            rec.change.label = f"Edit {new.name}"
            return rec.change

    def place_actor(
        self, actor_id: str, track: int | None, placement: m.Placement | None = None
    ) -> ChangeSet:
        """Put an actor on a track (at a position, or laid out by the app), or back in the library."""
        return self.move_actors([(actor_id, track, placement)])

    def move_actors(self, moves: Sequence[tuple[str, int | None, m.Placement | None]]) -> ChangeSet:
        """Several actors moved by one gesture: one transaction, one undo step."""
        with self._op("Move actors" if len(moves) > 1 else "Move actor") as rec:
            for actor_id, track, placement in moves:
                current, old_row = self._actor_and_row(rec.conn, actor_id)
                new = dataclasses.replace(
                    current, track=track, placement=placement if track is not None else None
                )
                new = _settle_placement(new)
                _refuse(record_problems(new), "actor")
                rec.update("actors", (actor_id,), repo.actor_row(new, old_row["position"]), before=old_row)
                if len(moves) == 1:
                    rec.change.label = (
                        f"Move {new.name}" if track is not None else f"Take {new.name} off the circle"
                    )
            return rec.change

    def delete_actor(self, actor_id: str) -> ChangeSet:
        """Delete an actor with its links, and clear it from every reference (all restored by undo)."""
        T = repo
        with self._op("Delete actor") as rec:
            actor = self._actor(rec.conn, actor_id)
            rec.change.label = f"Delete {actor.name}"
            for row in rec.rows("links", or_(T.T_LINKS.c.source == actor_id, T.T_LINKS.c.target == actor_id)):
                rec.delete("links", (row["id"],))
            for row in rec.rows("participants", T.T_PARTICIPANTS.c.actor == actor_id):
                rec.delete("participants", (row["id"],))
            for row in rec.rows("entries", T.T_ENTRIES.c.speaker == actor_id):
                rec.update("entries", (row["id"],), {"speaker": None})
            for row in rec.rows("entry_about", T.T_ABOUT.c.actor == actor_id):
                rec.delete("entry_about", (row["entry_id"], row["position"]))
            for row in rec.rows("actions", T.T_ACTIONS.c.owner == actor_id):
                rec.update("actions", (row["id"],), {"owner": None})
            for row in rec.rows("snapshot_placements", T.T_SNAP_PLACEMENTS.c.actor == actor_id):
                rec.delete("snapshot_placements", (row["snapshot_id"], row["position"]))
            for row in rec.rows(
                "snapshot_links",
                or_(T.T_SNAP_LINKS.c.source == actor_id, T.T_SNAP_LINKS.c.target == actor_id),
            ):
                rec.delete("snapshot_links", (row["snapshot_id"], row["position"]))
            rec.delete("actors", (actor_id,))
            return rec.change

    # ------------------------------------------------------------------ links

    def create_link(self, source: str, target: str, **fields: Any) -> ChangeSet:
        link_id = fields.pop("id", None) or m.new_id()
        link = _replace(m.Link(id=link_id, source=source, target=target), fields, forbidden={"id"})
        _refuse(record_problems(link), "link")
        with self._op("Add link") as rec:
            for end in (source, target):
                self._actor(rec.conn, end)
            position = self._next_position(rec.conn, repo.T_LINKS)
            rec.insert("links", repo.link_row(link, position))
            rec.change.created["link"] = link_id
            return rec.change

    def update_link(self, link_id: str, **fields: Any) -> ChangeSet:
        with self._op("Edit link") as rec:
            r = self._one(rec.conn, repo.T_LINKS, link_id, "link")
            current = repo.to_link(r)
            new = _replace(current, fields, forbidden={"id"})
            _refuse(record_problems(new), "link")
            for end in (new.source, new.target):
                self._actor(rec.conn, end)
            rec.update(
                "links",
                (link_id,),
                _changed(repo.link_row(current, r.position), repo.link_row(new, r.position)),
            )
            return rec.change

    def delete_link(self, link_id: str) -> ChangeSet:
        with self._op("Delete link") as rec:
            self._one(rec.conn, repo.T_LINKS, link_id, "link")
            rec.delete("links", (link_id,))
            return rec.change

    # ------------------------------------------------------------------ sessions

    def create_session(self, title: str, starts_at: dt.datetime, **fields: Any) -> ChangeSet:
        session_id = fields.pop("id", None) or m.new_id()
        for key in ("participants", "entries", "actions"):
            if fields.get(key):
                raise InvalidEdit(f"Add {key} to a session one by one, after creating it.")
            fields.pop(key, None)
        session = _replace(
            m.Session(id=session_id, title=title, starts_at=starts_at), fields, forbidden={"id"}
        )
        _refuse(record_problems(session), "session")
        with self._op(f"Add session {session.title}") as rec:
            position = self._next_position(rec.conn, repo.T_SESSIONS)
            rec.insert("sessions", repo.session_row(session, position))
            rec.change.created["session"] = session_id
            return rec.change

    def update_session(self, session_id: str, **fields: Any) -> ChangeSet:
        if {"participants", "entries", "actions"} & fields.keys():
            raise InvalidEdit("Participants, entries and actions are edited one by one.")
        with self._op("Edit session") as rec:
            r = self._one(rec.conn, repo.T_SESSIONS, session_id, "session")
            current = repo.to_session(r)
            new = _replace(current, fields, forbidden={"id"})
            _refuse(record_problems(new), "session")
            rec.update(
                "sessions",
                (session_id,),
                _changed(repo.session_row(current, r.position), repo.session_row(new, r.position)),
            )
            return rec.change

    def delete_session(self, session_id: str) -> ChangeSet:
        """Delete a session with its participants, entries, actions and draft; its snapshots stay, unattached."""
        T = repo
        with self._op("Delete session") as rec:
            self._one(rec.conn, T.T_SESSIONS, session_id, "session")
            entry_ids = [row["id"] for row in rec.rows("entries", T.T_ENTRIES.c.session_id == session_id)]
            for row in rec.rows("actions", T.T_ACTIONS.c.session_id == session_id):
                rec.delete("actions", (row["id"],))
            # actions of other sessions that were made from these entries keep their text, lose the link
            if entry_ids:
                for row in rec.rows("actions", T.T_ACTIONS.c.entry.in_(entry_ids)):
                    rec.update("actions", (row["id"],), {"entry": None})
                for row in rec.rows("entry_about", T.T_ABOUT.c.entry_id.in_(entry_ids)):
                    rec.delete("entry_about", (row["entry_id"], row["position"]))
            for entry_id in entry_ids:
                rec.delete("entries", (entry_id,))
            for row in rec.rows("participants", T.T_PARTICIPANTS.c.session_id == session_id):
                rec.delete("participants", (row["id"],))
            for row in rec.rows("drafts", repo_drafts().c.session_id == session_id):
                rec.delete("drafts", (row["session_id"],))
            for row in rec.rows("snapshots", T.T_SNAPSHOTS.c.session_id == session_id):
                rec.update("snapshots", (row["id"],), {"session_id": None})
            rec.delete("sessions", (session_id,))
            return rec.change

    # ------------------------------------------------------------------ participants

    def add_participant(self, session_id: str, participant: m.Participant) -> ChangeSet:
        participant = _replace(participant, {}, forbidden=set())
        _refuse(record_problems(participant), "participant")
        with self._op("Add participant") as rec:
            self._one(rec.conn, repo.T_SESSIONS, session_id, "session")
            if participant.actor is not None:
                self._actor(rec.conn, participant.actor)
                taken = rec.rows(
                    "participants",
                    (repo.T_PARTICIPANTS.c.session_id == session_id)
                    & (repo.T_PARTICIPANTS.c.actor == participant.actor),
                )
                if taken:
                    raise InvalidEdit("This actor already takes part in the session.")
            position = self._next_position(
                rec.conn, repo.T_PARTICIPANTS, repo.T_PARTICIPANTS.c.session_id == session_id
            )
            row_id = m.new_id()
            rec.insert("participants", repo.participant_row(participant, session_id, position, row_id))
            rec.change.created["participant"] = row_id
            return rec.change

    def participant_ids(self, session_id: str) -> list[str]:
        """Ids of a session's participant rows, in order (participants have no id in the exchange format)."""
        T = repo.T_PARTICIPANTS
        with self.file.read() as conn:
            return list(
                conn.execute(
                    select(T.c.id).where(T.c.session_id == session_id).order_by(T.c.position)
                ).scalars()
            )

    def update_participant(self, participant_id: str, **fields: Any) -> ChangeSet:
        with self._op("Edit participant") as rec:
            r = self._one(rec.conn, repo.T_PARTICIPANTS, participant_id, "participant")
            current = repo.to_participant(r)
            new = _replace(current, fields, forbidden=set())
            _refuse(record_problems(new), "participant")
            rec.update(
                "participants",
                (participant_id,),
                _changed(
                    repo.participant_row(current, r.session_id, r.position, r.id),
                    repo.participant_row(new, r.session_id, r.position, r.id),
                ),
            )
            return rec.change

    def remove_participant(self, participant_id: str) -> ChangeSet:
        with self._op("Remove participant") as rec:
            self._one(rec.conn, repo.T_PARTICIPANTS, participant_id, "participant")
            rec.delete("participants", (participant_id,))
            return rec.change

    # ------------------------------------------------------------------ entries

    def add_entry(self, session_id: str, at: dt.datetime, text: str, **fields: Any) -> ChangeSet:
        entry_id = fields.pop("id", None) or m.new_id()
        with self._op("Add entry") as rec:
            session = repo.to_session(self._one(rec.conn, repo.T_SESSIONS, session_id, "session"))
            fields.setdefault("visibility", session.visibility)
            entry = _replace(m.Entry(id=entry_id, at=at, text=text), fields, forbidden={"id"})
            _refuse(record_problems(entry), "entry")
            rec.insert("entries", repo.entry_row(entry, session_id))
            for row in repo.about_rows(entry):
                rec.insert("entry_about", row)
            rec.change.created["entry"] = entry_id
            return rec.change

    def update_entry(self, entry_id: str, **fields: Any) -> ChangeSet:
        T = repo
        with self._op("Edit entry") as rec:
            r = self._one(rec.conn, T.T_ENTRIES, entry_id, "entry")
            about = [
                row["actor"]
                for row in sorted(
                    rec.rows("entry_about", T.T_ABOUT.c.entry_id == entry_id), key=lambda x: x["position"]
                )
            ]
            current = repo.to_entry(r, about)
            new = _replace(current, fields, forbidden={"id"})
            _refuse(record_problems(new), "entry")
            rec.update(
                "entries",
                (entry_id,),
                _changed(repo.entry_row(current, r.session_id), repo.entry_row(new, r.session_id)),
            )
            if new.about != current.about:
                for i in range(len(current.about)):
                    rec.delete("entry_about", (entry_id, i))
                for row in repo.about_rows(new):
                    rec.insert("entry_about", row)
            return rec.change

    def delete_entry(self, entry_id: str) -> ChangeSet:
        T = repo
        with self._op("Delete entry") as rec:
            self._one(rec.conn, T.T_ENTRIES, entry_id, "entry")
            for row in rec.rows("actions", T.T_ACTIONS.c.entry == entry_id):
                rec.update("actions", (row["id"],), {"entry": None})
            for row in rec.rows("entry_about", T.T_ABOUT.c.entry_id == entry_id):
                rec.delete("entry_about", (row["entry_id"], row["position"]))
            rec.delete("entries", (entry_id,))
            return rec.change

    # ------------------------------------------------------------------ actions

    def add_action(self, session_id: str, text: str, **fields: Any) -> ChangeSet:
        action_id = fields.pop("id", None) or m.new_id()
        with self._op("Add action") as rec:
            session = repo.to_session(self._one(rec.conn, repo.T_SESSIONS, session_id, "session"))
            fields.setdefault("visibility", session.visibility)
            action = _replace(m.Action(id=action_id, text=text), fields, forbidden={"id"})
            _refuse(record_problems(action), "action")
            position = self._next_position(
                rec.conn, repo.T_ACTIONS, repo.T_ACTIONS.c.session_id == session_id
            )
            rec.insert("actions", repo.action_row(action, session_id, position))
            rec.change.created["action"] = action_id
            return rec.change

    def update_action(self, action_id: str, **fields: Any) -> ChangeSet:
        with self._op("Edit action") as rec:
            r = self._one(rec.conn, repo.T_ACTIONS, action_id, "action")
            current = repo.to_action(r)
            new = _replace(current, fields, forbidden={"id"})
            _refuse(record_problems(new), "action")
            rec.update(
                "actions",
                (action_id,),
                _changed(
                    repo.action_row(current, r.session_id, r.position),
                    repo.action_row(new, r.session_id, r.position),
                ),
            )
            return rec.change

    def delete_action(self, action_id: str) -> ChangeSet:
        with self._op("Delete action") as rec:
            self._one(rec.conn, repo.T_ACTIONS, action_id, "action")
            rec.delete("actions", (action_id,))
            return rec.change

    # ------------------------------------------------------------------ snapshots

    def take_snapshot(
        self,
        *,
        session_id: str | None = None,
        label: str = "",
        taken_at: dt.datetime | None = None,
        snapshot_id: str | None = None,
    ) -> ChangeSet:
        """Record the circle as it stands now: every placed actor and every link."""
        snapshot_id = snapshot_id or m.new_id()
        with self._op("Take snapshot") as rec:
            if session_id is not None:
                self._one(rec.conn, repo.T_SESSIONS, session_id, "session")
            actors = repo.load_actors(rec.conn)
            placed = {a.id for a in actors if a.track is not None}
            snap = m.Snapshot(
                id=snapshot_id, taken_at=taken_at or self.clock(), session=session_id, label=_nfc(label)
            )
            laid_out = layout_positions(actors)
            for a in actors:
                if a.track is None:
                    continue
                angle, radius = (a.placement.angle_deg, a.placement.radius) if a.placement else laid_out[a.id]
                snap.placements.append(
                    m.SnapshotPlacement(a.id, a.track, angle, radius, a.influence, a.stance, a.status)
                )
            for lk in repo.load_links(rec.conn):
                if lk.source in placed and lk.target in placed:
                    snap.links.append(m.SnapshotLink(lk.source, lk.target, lk.kind, lk.directed, lk.strength))
            _refuse(record_problems(snap), "snapshot")
            position = self._next_position(rec.conn, repo.T_SNAPSHOTS)
            rec.insert("snapshots", repo.snapshot_row(snap, position))
            for i, p in enumerate(snap.placements):
                rec.insert("snapshot_placements", repo.snapshot_placement_row(p, snapshot_id, i))
            for i, lk in enumerate(snap.links):
                rec.insert("snapshot_links", repo.snapshot_link_row(lk, snapshot_id, i))
            rec.change.created["snapshot"] = snapshot_id
            return rec.change

    def delete_snapshot(self, snapshot_id: str) -> ChangeSet:
        T = repo
        with self._op("Delete snapshot") as rec:
            self._one(rec.conn, T.T_SNAPSHOTS, snapshot_id, "snapshot")
            for row in rec.rows("snapshot_links", T.T_SNAP_LINKS.c.snapshot_id == snapshot_id):
                rec.delete("snapshot_links", (row["snapshot_id"], row["position"]))
            for row in rec.rows("snapshot_placements", T.T_SNAP_PLACEMENTS.c.snapshot_id == snapshot_id):
                rec.delete("snapshot_placements", (row["snapshot_id"], row["position"]))
            rec.delete("snapshots", (snapshot_id,))
            return rec.change


# ---------------------------------------------------------------------- helpers


def repo_drafts() -> Any:
    from ..storage.schema import DraftRow

    return DraftRow.__table__


def _coerce(record: Any, name: str, value: Any) -> Any:
    """Accept the file's words for choices ("team") as well as the enums themselves."""
    if isinstance(value, str) and not isinstance(value, m._Choice):
        enum_type = _field_enum(type(record), name)
        if enum_type is not None:
            try:
                return enum_type(value)
            except ValueError as exc:
                raise InvalidEdit(
                    f"{value!r} is not a valid {name} (choose from {', '.join(enum_type.values())})."
                ) from exc
    return _nfc(value)


def _field_enum(cls: type, name: str) -> type[m._Choice] | None:
    hints = {
        (m.Actor, "visibility"): m.Visibility,
        (m.Actor, "kind"): m.ActorKind,
        (m.Actor, "stance"): m.Stance,
        (m.Actor, "status"): m.ActorStatus,
        (m.Link, "kind"): m.LinkKind,
        (m.Link, "visibility"): m.Visibility,
        (m.Session, "format"): m.SessionFormat,
        (m.Session, "rule"): m.Rule,
        (m.Session, "visibility"): m.Visibility,
        (m.Participant, "gender"): m.Gender,
        (m.Entry, "kind"): m.EntryKind,
        (m.Entry, "visibility"): m.Visibility,
        (m.Action, "status"): m.ActionStatus,
        (m.Action, "visibility"): m.Visibility,
    }
    return hints.get((cls, name))


def _replace(record: Any, fields: dict[str, Any], *, forbidden: set[str]) -> Any:
    names = {f.name for f in dataclasses.fields(record)}
    unknown = set(fields) - names
    if unknown:
        raise InvalidEdit(
            f"Unknown field(s) for {type(record).__name__.lower()}: {', '.join(sorted(unknown))}."
        )
    blocked = set(fields) & forbidden
    if blocked:
        raise InvalidEdit(f"These fields cannot be changed here: {', '.join(sorted(blocked))}.")
    values = {k: _coerce(record, k, v) for k, v in fields.items()}
    new = dataclasses.replace(record, **values)
    # text fields given at creation are normalised too
    for f in dataclasses.fields(new):
        v = getattr(new, f.name)
        if isinstance(v, str | list) and f.name not in ("extra",):
            setattr(new, f.name, _nfc(v) if not isinstance(v, m._Choice) else v)
    return new


def _settle_placement(actor: m.Actor) -> m.Actor:
    """Normalise the angle (360 reads as 0) and drop the new track from ``also_tracks``."""
    if actor.placement is not None:
        actor.placement = m.Placement(
            geometry.normalise_angle(float(actor.placement.angle_deg)), float(actor.placement.radius)
        )
    if actor.track is not None and actor.track in actor.also_tracks:
        actor.also_tracks = [t for t in actor.also_tracks if t != actor.track]
    return actor


def _changed(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in new.items() if old.get(k) != v or type(old.get(k)) is not type(v)}
