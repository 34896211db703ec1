"""Whole workshops in and out of the file, as domain values.

Rows are converted to and from domain dataclasses here and nowhere else. Reads use Core
selects (fast for tens of thousands of entries); writes of single records go through the
services and ``storage.changes`` so they can be reversed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, insert, select

from ..domain import model as m
from . import schema as s
from . import search_index

T_WORKSHOP = s.WorkshopRow.__table__
T_ACTORS = s.ActorRow.__table__
T_LINKS = s.LinkRow.__table__
T_SESSIONS = s.SessionRow.__table__
T_PARTICIPANTS = s.ParticipantRow.__table__
T_ENTRIES = s.EntryRow.__table__
T_ABOUT = s.EntryAboutRow.__table__
T_ACTIONS = s.ActionRow.__table__
T_SNAPSHOTS = s.SnapshotRow.__table__
T_SNAP_PLACEMENTS = s.SnapshotPlacementRow.__table__
T_SNAP_LINKS = s.SnapshotLinkRow.__table__

Row = dict[str, Any]


# --------------------------------------------------------------------------- domain -> rows


#: a stored word to its enum member by dictionary look-up (``Enum(value)`` costs several times more,
#: and a large workshop converts tens of thousands of them when it opens)
_WORD = {
    cls: cls._value2member_map_.__getitem__
    for cls in (
        m.Visibility,
        m.ActorKind,
        m.Stance,
        m.ActorStatus,
        m.LinkKind,
        m.SessionFormat,
        m.Rule,
        m.Gender,
        m.EntryKind,
        m.ActionStatus,
    )
}


def workshop_row(w: m.Workshop) -> Row:
    return {
        "id": w.id,
        "singleton": 1,
        "title": w.title,
        "context": w.context,
        "language": w.language,
        "facilitators": list(w.facilitators),
        "created_at": w.created_at,
        "updated_at": w.updated_at,
        "extra": w.extra,
    }


def actor_row(a: m.Actor, position: int) -> Row:
    return {
        "id": a.id,
        "position": position,
        "name": a.name,
        "also_known_as": list(a.also_known_as),
        "alias": a.alias,
        "anonymise": a.anonymise,
        "visibility": a.visibility.value,
        "kind": a.kind.value,
        "track": a.track,
        "also_tracks": list(a.also_tracks),
        "angle_deg": a.placement.angle_deg if a.placement else None,
        "radius": a.placement.radius if a.placement else None,
        "influence": a.influence,
        "stance": a.stance.value,
        "status": a.status.value,
        "description": a.description,
        "contact": a.contact,
        "tags": list(a.tags),
        "extra": a.extra,
    }


def link_row(lk: m.Link, position: int) -> Row:
    return {
        "id": lk.id,
        "position": position,
        "source": lk.source,
        "target": lk.target,
        "kind": lk.kind.value,
        "directed": lk.directed,
        "strength": lk.strength,
        "note": lk.note,
        "visibility": lk.visibility.value,
        "extra": lk.extra,
    }


def session_row(se: m.Session, position: int) -> Row:
    return {
        "id": se.id,
        "position": position,
        "title": se.title,
        "starts_at": se.starts_at,
        "ends_at": se.ends_at,
        "location": se.location,
        "format": se.format.value,
        "rule": se.rule.value,
        "visibility": se.visibility.value,
        "agenda": list(se.agenda),
        "extra": se.extra,
    }


def participant_row(p: m.Participant, session_id: str, position: int, row_id: str) -> Row:
    return {
        "id": row_id,
        "session_id": session_id,
        "position": position,
        "actor": p.actor,
        "name": p.name,
        "role": p.role,
        "present": p.present,
        "gender": p.gender.value,
        "extra": p.extra,
    }


def entry_row(e: m.Entry, session_id: str) -> Row:
    return {
        "id": e.id,
        "session_id": session_id,
        "at": e.at,
        "kind": e.kind.value,
        "text": e.text,
        "speaker": e.speaker,
        "author": e.author,
        "visibility": e.visibility.value,
        "extra": e.extra,
    }


def about_rows(e: m.Entry) -> list[Row]:
    return [{"entry_id": e.id, "position": i, "actor": a} for i, a in enumerate(e.about)]


def action_row(a: m.Action, session_id: str, position: int) -> Row:
    return {
        "id": a.id,
        "session_id": session_id,
        "position": position,
        "text": a.text,
        "owner": a.owner,
        "due": a.due,
        "status": a.status.value,
        "entry": a.entry,
        "visibility": a.visibility.value,
        "extra": a.extra,
    }


def snapshot_row(sn: m.Snapshot, position: int) -> Row:
    return {
        "id": sn.id,
        "position": position,
        "session_id": sn.session,
        "taken_at": sn.taken_at,
        "label": sn.label,
        "extra": sn.extra,
    }


def snapshot_placement_row(p: m.SnapshotPlacement, snapshot_id: str, position: int) -> Row:
    return {
        "snapshot_id": snapshot_id,
        "position": position,
        "actor": p.actor,
        "track": p.track,
        "angle_deg": p.angle_deg,
        "radius": p.radius,
        "influence": p.influence,
        "stance": p.stance.value if p.stance else None,
        "status": p.status.value if p.status else None,
    }


def snapshot_link_row(lk: m.SnapshotLink, snapshot_id: str, position: int) -> Row:
    return {
        "snapshot_id": snapshot_id,
        "position": position,
        "source": lk.source,
        "target": lk.target,
        "kind": lk.kind.value,
        "directed": lk.directed,
        "strength": lk.strength,
    }


def insert_document(conn: Connection, doc: m.WorkshopDocument, *, index: bool = True) -> None:
    """Write a whole workshop into an empty file (import, demo, tests).

    ``index=False`` only for writing into the tables of an older schema (test fixtures), which
    has no search index yet."""
    conn.execute(insert(T_WORKSHOP), [workshop_row(doc.workshop)])
    if doc.actors:
        conn.execute(insert(T_ACTORS), [actor_row(a, i) for i, a in enumerate(doc.actors)])
    if doc.links:
        conn.execute(insert(T_LINKS), [link_row(lk, i) for i, lk in enumerate(doc.links)])
    if doc.sessions:
        conn.execute(insert(T_SESSIONS), [session_row(se, i) for i, se in enumerate(doc.sessions)])
    participants: list[Row] = []
    entries: list[Row] = []
    about: list[Row] = []
    actions: list[Row] = []
    for se in doc.sessions:
        participants += [participant_row(p, se.id, i, m.new_id()) for i, p in enumerate(se.participants)]
        for e in se.entries:
            entries.append(entry_row(e, se.id))
            about += about_rows(e)
        actions += [action_row(a, se.id, i) for i, a in enumerate(se.actions)]
    for table, rows in (
        (T_PARTICIPANTS, participants),
        (T_ENTRIES, entries),
        (T_ABOUT, about),
        (T_ACTIONS, actions),
    ):
        if rows:
            conn.execute(insert(table), rows)
    if doc.snapshots:
        conn.execute(insert(T_SNAPSHOTS), [snapshot_row(sn, i) for i, sn in enumerate(doc.snapshots)])
        placements = [
            snapshot_placement_row(p, sn.id, i) for sn in doc.snapshots for i, p in enumerate(sn.placements)
        ]
        links = [snapshot_link_row(lk, sn.id, i) for sn in doc.snapshots for i, lk in enumerate(sn.links)]
        if placements:
            conn.execute(insert(T_SNAP_PLACEMENTS), placements)
        if links:
            conn.execute(insert(T_SNAP_LINKS), links)
    if index and search_index.flush(conn):  # the triggers noted every record; fold them in
        search_index.purge(conn)  # (only when the file already held some of these records)


# --------------------------------------------------------------------------- rows -> domain


def to_workshop(r: Any) -> m.Workshop:
    return m.Workshop(
        id=r.id,
        title=r.title,
        context=r.context,
        language=r.language,
        facilitators=list(r.facilitators),
        created_at=r.created_at,
        updated_at=r.updated_at,
        extra=r.extra,
    )


def to_actor(r: Any) -> m.Actor:
    placement = None if r.angle_deg is None else m.Placement(r.angle_deg, r.radius)
    return m.Actor(
        id=r.id,
        name=r.name,
        also_known_as=list(r.also_known_as),
        alias=r.alias,
        anonymise=bool(r.anonymise),
        visibility=_WORD[m.Visibility](r.visibility),
        kind=_WORD[m.ActorKind](r.kind),
        track=r.track,
        also_tracks=list(r.also_tracks),
        placement=placement,
        influence=r.influence,
        stance=_WORD[m.Stance](r.stance),
        status=_WORD[m.ActorStatus](r.status),
        description=r.description,
        contact=r.contact,
        tags=list(r.tags),
        extra=r.extra,
    )


def to_link(r: Any) -> m.Link:
    return m.Link(
        id=r.id,
        source=r.source,
        target=r.target,
        kind=_WORD[m.LinkKind](r.kind),
        directed=bool(r.directed),
        strength=r.strength,
        note=r.note,
        visibility=_WORD[m.Visibility](r.visibility),
        extra=r.extra,
    )


def to_session(r: Any) -> m.Session:
    return m.Session(
        id=r.id,
        title=r.title,
        starts_at=r.starts_at,
        ends_at=r.ends_at,
        location=r.location,
        format=_WORD[m.SessionFormat](r.format),
        rule=_WORD[m.Rule](r.rule),
        visibility=_WORD[m.Visibility](r.visibility),
        agenda=list(r.agenda),
        extra=r.extra,
    )


def to_participant(r: Any) -> m.Participant:
    return m.Participant(
        actor=r.actor,
        name=r.name,
        role=r.role,
        present=bool(r.present),
        gender=_WORD[m.Gender](r.gender),
        extra=r.extra,
    )


def to_entry(r: Any, about: list[str]) -> m.Entry:
    return m.Entry(
        id=r.id,
        at=r.at,
        text=r.text,
        kind=_WORD[m.EntryKind](r.kind),
        speaker=r.speaker,
        about=about,
        author=r.author,
        visibility=_WORD[m.Visibility](r.visibility),
        extra=r.extra,
    )


def to_action(r: Any) -> m.Action:
    return m.Action(
        id=r.id,
        text=r.text,
        owner=r.owner,
        due=r.due,
        status=_WORD[m.ActionStatus](r.status),
        entry=r.entry,
        visibility=_WORD[m.Visibility](r.visibility),
        extra=r.extra,
    )


def to_snapshot_placement(r: Any) -> m.SnapshotPlacement:
    return m.SnapshotPlacement(
        actor=r.actor,
        track=r.track,
        angle_deg=r.angle_deg,
        radius=r.radius,
        influence=r.influence,
        stance=_WORD[m.Stance](r.stance) if r.stance else None,
        status=_WORD[m.ActorStatus](r.status) if r.status else None,
    )


def to_snapshot_link(r: Any) -> m.SnapshotLink:
    return m.SnapshotLink(
        source=r.source,
        target=r.target,
        kind=_WORD[m.LinkKind](r.kind),
        directed=bool(r.directed),
        strength=r.strength,
    )


def load_workshop(conn: Connection) -> m.Workshop:
    return to_workshop(conn.execute(select(T_WORKSHOP)).one())


def load_actors(conn: Connection) -> list[m.Actor]:
    return [to_actor(r) for r in conn.execute(select(T_ACTORS).order_by(T_ACTORS.c.position, T_ACTORS.c.id))]


def load_links(conn: Connection) -> list[m.Link]:
    return [to_link(r) for r in conn.execute(select(T_LINKS).order_by(T_LINKS.c.position, T_LINKS.c.id))]


def load_sessions(conn: Connection, *, with_contents: bool = True) -> list[m.Session]:
    """Sessions in document order; with their participants, entries and actions unless asked not to."""
    sessions = [
        to_session(r)
        for r in conn.execute(select(T_SESSIONS).order_by(T_SESSIONS.c.position, T_SESSIONS.c.id))
    ]
    if not with_contents:
        return sessions
    by_id = {se.id: se for se in sessions}
    for r in conn.execute(
        select(T_PARTICIPANTS).order_by(T_PARTICIPANTS.c.session_id, T_PARTICIPANTS.c.position)
    ):
        by_id[r.session_id].participants.append(to_participant(r))
    about: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute(select(T_ABOUT).order_by(T_ABOUT.c.entry_id, T_ABOUT.c.position)):
        about[r.entry_id].append(r.actor)
    for r in conn.execute(select(T_ENTRIES)):
        by_id[r.session_id].entries.append(to_entry(r, about.get(r.id, [])))
    for se in sessions:
        se.entries.sort(key=m.entry_sort_key)
    for r in conn.execute(select(T_ACTIONS).order_by(T_ACTIONS.c.session_id, T_ACTIONS.c.position)):
        by_id[r.session_id].actions.append(to_action(r))
    return sessions


def load_snapshots(conn: Connection) -> list[m.Snapshot]:
    snaps = [
        m.Snapshot(id=r.id, taken_at=r.taken_at, session=r.session_id, label=r.label, extra=r.extra)
        for r in conn.execute(select(T_SNAPSHOTS).order_by(T_SNAPSHOTS.c.position, T_SNAPSHOTS.c.id))
    ]
    by_id = {sn.id: sn for sn in snaps}
    for r in conn.execute(
        select(T_SNAP_PLACEMENTS).order_by(T_SNAP_PLACEMENTS.c.snapshot_id, T_SNAP_PLACEMENTS.c.position)
    ):
        by_id[r.snapshot_id].placements.append(to_snapshot_placement(r))
    for r in conn.execute(select(T_SNAP_LINKS).order_by(T_SNAP_LINKS.c.snapshot_id, T_SNAP_LINKS.c.position)):
        by_id[r.snapshot_id].links.append(to_snapshot_link(r))
    return snaps


def load_document(conn: Connection) -> m.WorkshopDocument:
    """The whole workshop as domain values (what export and the audience rules read)."""
    return m.WorkshopDocument(
        workshop=load_workshop(conn),
        actors=load_actors(conn),
        links=load_links(conn),
        sessions=load_sessions(conn),
        snapshots=load_snapshots(conn),
    )
