"""The rules of exchange format v1 that a workshop of domain values can break.

One place decides what a valid workshop is, for every way in: the exchange reader runs
``validate_document`` after it has turned JSON into domain values, the ``check`` command runs
it on a stored file, and the services run ``record_problems`` on one record before an edit.
Problems name the path of the value as the exchange format would write it
(``sessions[0].entries[2].speaker``), so a message points at the line to fix.

Domain values are expected to be normalised already (ids lowercase, angles in [0, 360));
the reader does that, and refuses what it cannot normalise.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import geometry
from . import model as m

_LANGUAGE = re.compile(
    # a language and its subtags, a private-use tag (x-...), or an irregular grandfathered one (i-...)
    r"^(?:[A-Za-z]{2,8}|[XxIi](?=-))(-[A-Za-z0-9]{1,8})*$"
)


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (a path in the exchange format's terms) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def join(path: str, name: str) -> str:
    """The path of field ``name`` inside the value at ``path``."""
    return f"{path}.{name}" if path else name


def key_path(path: str, key: str) -> str:
    """The path of ``key`` inside the object at ``path``: ``a.b``, or ``a["odd key"]`` for other keys."""
    if key.isidentifier() and key.isascii():
        return join(path, key)
    return f"{path}[{json.dumps(key)}]"


def show(value: Any) -> str:
    """A value as a short piece of a message (numbers without a pointless ``.0``)."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int) and abs(value) >= 10**20:
        return f"a number with {len(str(abs(value)))} digits"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return '"' + text.encode("utf-8", "backslashreplace").decode("utf-8") + '"'
    return repr(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


class _Checker:
    """Collects problems; one method per kind of value."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- plain values

    def text(self, path: str, value: Any, low: int = 0, high: int = m.TEXT_MAX, what: str = "text") -> bool:
        if not isinstance(value, str):
            self.add(path, f"{show(value)} is not text")
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.add(path, "is not valid Unicode (it holds a lone surrogate)")
            return False
        if len(value) < low:
            self.add(path, f"{what} must not be empty")
            return False
        if len(value) > high:
            self.add(path, f"{what} is {len(value)} characters long (at most {high})")
            return False
        return True

    def name(self, path: str, value: Any, what: str = "a name") -> bool:
        return self.text(path, value, 1, m.NAME_MAX, what)

    def texts(self, path: str, values: Any, low: int = 0, high: int = m.TEXT_MAX) -> None:
        if not isinstance(values, list):
            self.add(path, f"{show(values)} is not a list")
            return
        for i, value in enumerate(values):
            self.text(f"{path}[{i}]", value, low, high)

    def flag(self, path: str, value: Any) -> None:
        if not isinstance(value, bool):
            self.add(path, f"{show(value)} is not true or false")

    def choice(self, path: str, value: Any, enum: type[m._Choice], nullable: bool = False) -> None:
        if value is None and nullable:
            return
        if not isinstance(value, str) or value not in enum.values():
            self.add(path, f"{show(value)} is not one of {', '.join(enum.values())}")

    def integer(self, path: str, value: Any, low: int, high: int, what: str, nullable: bool = False) -> bool:
        if value is None and nullable:
            return False
        if not _is_int(value) or not low <= value <= high:
            self.add(path, f"{show(value)} is not {what} ({low}-{high})")
            return False
        return True

    def moment(self, path: str, value: Any, nullable: bool = False) -> bool:
        if value is None and nullable:
            return False
        if not isinstance(value, dt.datetime):
            self.add(path, f"{show(value)} is not a date and time")
            return False
        offset = value.utcoffset()
        if offset is None:
            self.add(path, "a date and time needs a UTC offset (e.g. +02:00 or Z)")
            return False
        if offset.microseconds or offset.seconds % 60:
            self.add(path, "a UTC offset must be whole minutes")
            return False
        try:  # every exporter sorts and prints instants in UTC too
            value.astimezone(dt.UTC)
        except OverflowError:
            self.add(path, f"{value.isoformat()} is outside the years 1 to 9999 in UTC")
            return False
        return True

    def day(self, path: str, value: Any) -> None:
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            self.add(path, f"{show(value)} is not a date")

    def ident(self, path: str, value: Any, nullable: bool = False) -> bool:
        """An id, or a reference to one: a UUID written lowercase with hyphens."""
        if value is None and nullable:
            return False
        if isinstance(value, str):
            try:
                if str(uuid.UUID(value)) == value:
                    return True
            except ValueError:
                pass
        self.add(path, f"{show(value)} is not an id (a UUID, lowercase with hyphens)")
        return False

    def extra(self, path: str, value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(path, f"extra must be a JSON object, not {show(value)}")
            return
        self._json(path, value)

    def _json(self, path: str, value: Any) -> None:
        if value is None or isinstance(value, bool | int | str):
            if isinstance(value, str):
                self.text(path, value, 0, sys.maxsize)
            return
        if isinstance(value, float):
            if not math.isfinite(value):
                self.add(path, f"{show(value)} is not a JSON number")
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                self._json(f"{path}[{i}]", item)
            return
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    self.add(path, f"the key {show(key)} is not text")
                else:
                    self._json(key_path(path, key), item)
            return
        self.add(path, f"{type(value).__name__} is not a JSON value")

    # -- the circle

    def point(self, path: str, track: Any, angle: Any, radius: Any) -> None:
        """A point (angle, radius) that must lie in ``track``'s region (track already checked)."""
        angle_ok = _is_number(angle) and 0.0 <= angle < 360.0
        if not angle_ok:
            self.add(join(path, "angle_deg"), f"{show(angle)} is not an angle (0 to 360, 360 read as 0)")
        radius_ok = _is_number(radius) and 0.0 <= radius <= 1.0
        if not radius_ok:
            self.add(join(path, "radius"), f"{show(radius)} is not a radius (0-1)")
        if angle_ok and radius_ok and _is_int(track) and 1 <= track <= 9:
            found = geometry.track_at(angle, radius)
            if found != track:
                self.add(
                    path,
                    f"angle {show(angle)}, radius {show(radius)} lies in track {found}, not in track {track}",
                )


# ---------------------------------------------------------------------------- one record


def _workshop(c: _Checker, w: m.Workshop, p: str) -> None:
    c.ident(join(p, "id"), w.id)
    c.name(join(p, "title"), w.title, "a title")
    c.text(join(p, "context"), w.context)
    if not isinstance(w.language, str) or not _LANGUAGE.match(w.language):
        c.add(join(p, "language"), f"{show(w.language)} is not a language tag (BCP 47, e.g. en, fr, ar-SY)")
    c.texts(join(p, "facilitators"), w.facilitators, 1, m.NAME_MAX)
    c.moment(join(p, "created_at"), w.created_at)
    c.moment(join(p, "updated_at"), w.updated_at)
    c.extra(join(p, "extra"), w.extra)


def _actor(c: _Checker, a: m.Actor, p: str) -> None:
    c.ident(join(p, "id"), a.id)
    c.name(join(p, "name"), a.name)
    c.texts(join(p, "also_known_as"), a.also_known_as, 1, m.NAME_MAX)
    if a.alias is not None:
        c.name(join(p, "alias"), a.alias, "an alias")
    c.flag(join(p, "anonymise"), a.anonymise)
    if a.anonymise is True and (not isinstance(a.alias, str) or not a.alias.strip()):
        c.add(join(p, "alias"), "an anonymised actor needs an alias")
    c.choice(join(p, "visibility"), a.visibility, m.Visibility)
    c.choice(join(p, "kind"), a.kind, m.ActorKind)
    track_ok = c.integer(join(p, "track"), a.track, 1, 9, "a track", nullable=True)
    _also_tracks(c, join(p, "also_tracks"), a.also_tracks, a.track)
    if a.placement is not None:
        pp = join(p, "placement")
        if not isinstance(a.placement, m.Placement):
            c.add(pp, f"{show(a.placement)} is not a placement")
        elif a.track is None:
            c.add(pp, "a placement is only allowed on an actor with a track")
        else:
            c.point(pp, a.track if track_ok else None, a.placement.angle_deg, a.placement.radius)
    c.integer(join(p, "influence"), a.influence, 1, 5, "an influence")
    c.choice(join(p, "stance"), a.stance, m.Stance)
    c.choice(join(p, "status"), a.status, m.ActorStatus)
    c.text(join(p, "description"), a.description)
    c.text(join(p, "contact"), a.contact)
    c.texts(join(p, "tags"), a.tags)
    c.extra(join(p, "extra"), a.extra)


def _also_tracks(c: _Checker, p: str, values: Any, track: Any) -> None:
    if not isinstance(values, list):
        c.add(p, f"{show(values)} is not a list")
        return
    seen: set[int] = set()
    for i, value in enumerate(values):
        if not c.integer(f"{p}[{i}]", value, 1, 9, "a track"):
            continue
        if value in seen:
            c.add(f"{p}[{i}]", f"track {value} is listed twice")
        elif value == track:
            c.add(f"{p}[{i}]", f"track {value} is the actor's own track")
        seen.add(value)


def _link(c: _Checker, lk: m.Link | m.SnapshotLink, p: str) -> None:
    if isinstance(lk, m.Link):
        c.ident(join(p, "id"), lk.id)
    ok = c.ident(join(p, "source"), lk.source) & c.ident(join(p, "target"), lk.target)
    if ok and lk.source == lk.target:
        c.add(join(p, "target"), "a link joins two different actors")
    c.choice(join(p, "kind"), lk.kind, m.LinkKind)
    c.flag(join(p, "directed"), lk.directed)
    c.integer(join(p, "strength"), lk.strength, 1, 3, "a strength")
    if isinstance(lk, m.Link):
        c.text(join(p, "note"), lk.note)
        c.choice(join(p, "visibility"), lk.visibility, m.Visibility)
        c.extra(join(p, "extra"), lk.extra)


def _session(c: _Checker, s: m.Session, p: str) -> None:
    c.ident(join(p, "id"), s.id)
    c.name(join(p, "title"), s.title, "a title")
    starts_ok = c.moment(join(p, "starts_at"), s.starts_at)
    if c.moment(join(p, "ends_at"), s.ends_at, nullable=True) and starts_ok and s.ends_at < s.starts_at:
        c.add(join(p, "ends_at"), "a session cannot end before it starts")
    c.text(join(p, "location"), s.location)
    c.choice(join(p, "format"), s.format, m.SessionFormat)
    c.choice(join(p, "rule"), s.rule, m.Rule)
    c.choice(join(p, "visibility"), s.visibility, m.Visibility)
    seen: dict[str, str] = {}
    for i, part in enumerate(s.participants):
        pp = f"{join(p, 'participants')}[{i}]"
        _participant(c, part, pp)
        if isinstance(part.actor, str):
            if part.actor in seen:
                c.add(join(pp, "actor"), f"the actor is already a participant ({seen[part.actor]})")
            seen.setdefault(part.actor, pp)
    c.texts(join(p, "agenda"), s.agenda)
    for i, entry in enumerate(s.entries):
        _entry(c, entry, f"{join(p, 'entries')}[{i}]")
    for i, action in enumerate(s.actions):
        _action(c, action, f"{join(p, 'actions')}[{i}]")
    c.extra(join(p, "extra"), s.extra)


def _participant(c: _Checker, part: m.Participant, p: str) -> None:
    if part.actor is None:
        if part.name == "":
            c.add(join(p, "name"), "a participant who is not an actor needs a name")
        else:
            c.name(join(p, "name"), part.name)
    else:
        c.ident(join(p, "actor"), part.actor)
        c.text(join(p, "name"), part.name, 0, m.NAME_MAX, "a name")
    c.text(join(p, "role"), part.role)
    c.flag(join(p, "present"), part.present)
    c.choice(join(p, "gender"), part.gender, m.Gender)
    c.extra(join(p, "extra"), part.extra)


def _entry(c: _Checker, e: m.Entry, p: str) -> None:
    c.ident(join(p, "id"), e.id)
    c.moment(join(p, "at"), e.at)
    c.choice(join(p, "kind"), e.kind, m.EntryKind)
    c.text(join(p, "text"), e.text, 1)
    c.ident(join(p, "speaker"), e.speaker, nullable=True)
    if not isinstance(e.about, list):
        c.add(join(p, "about"), f"{show(e.about)} is not a list")
    else:
        for i, actor in enumerate(e.about):
            if c.ident(f"{join(p, 'about')}[{i}]", actor) and actor in e.about[:i]:
                c.add(f"{join(p, 'about')}[{i}]", "the actor is listed twice")
    c.text(join(p, "author"), e.author)
    c.choice(join(p, "visibility"), e.visibility, m.Visibility)
    c.extra(join(p, "extra"), e.extra)


def _action(c: _Checker, a: m.Action, p: str) -> None:
    c.ident(join(p, "id"), a.id)
    c.text(join(p, "text"), a.text, 1)
    c.ident(join(p, "owner"), a.owner, nullable=True)
    c.day(join(p, "due"), a.due)
    c.choice(join(p, "status"), a.status, m.ActionStatus)
    c.ident(join(p, "entry"), a.entry, nullable=True)
    c.choice(join(p, "visibility"), a.visibility, m.Visibility)
    c.extra(join(p, "extra"), a.extra)


def _snapshot(c: _Checker, s: m.Snapshot, p: str) -> None:
    c.ident(join(p, "id"), s.id)
    c.ident(join(p, "session"), s.session, nullable=True)
    c.moment(join(p, "taken_at"), s.taken_at)
    c.text(join(p, "label"), s.label)
    seen: dict[str, str] = {}
    for i, pl in enumerate(s.placements):
        pp = f"{join(p, 'placements')}[{i}]"
        if c.ident(join(pp, "actor"), pl.actor):
            if pl.actor in seen:
                c.add(join(pp, "actor"), f"the actor is already placed ({seen[pl.actor]})")
            seen.setdefault(pl.actor, pp)
        track_ok = c.integer(join(pp, "track"), pl.track, 1, 9, "a track")
        c.point(pp, pl.track if track_ok else None, pl.angle_deg, pl.radius)
        c.integer(join(pp, "influence"), pl.influence, 1, 5, "an influence", nullable=True)
        c.choice(join(pp, "stance"), pl.stance, m.Stance, nullable=True)
        c.choice(join(pp, "status"), pl.status, m.ActorStatus, nullable=True)
    for i, lk in enumerate(s.links):
        _link(c, lk, f"{join(p, 'links')}[{i}]")
    c.extra(join(p, "extra"), s.extra)


_RECORD_RULES: dict[type, Any] = {
    m.Workshop: _workshop,
    m.Actor: _actor,
    m.Link: _link,
    m.SnapshotLink: _link,
    m.Session: _session,
    m.Participant: _participant,
    m.Entry: _entry,
    m.Action: _action,
    m.Snapshot: _snapshot,
}


def record_problems(record: Any, path: str = "") -> list[Problem]:
    """Rules one record can break on its own (no references checked), paths under ``path``.

    A session's participants, entries and actions, and a snapshot's placements and links,
    are checked with it.
    """
    rules = _RECORD_RULES.get(type(record))
    if rules is None:
        raise TypeError(f"no rules for {type(record).__name__}")
    c = _Checker()
    rules(c, record, path)
    return c.problems


# ---------------------------------------------------------------------------- the whole document


@dataclass(frozen=True)
class _Known:
    kind: str  # "actor", "link", "session", "entry", "action", "snapshot", "workshop"
    path: str
    session: int | None = None  # index of the session holding an entry


def _records(doc: m.WorkshopDocument) -> Iterable[tuple[str, str, Any, int | None]]:
    """(kind, path, id, session index) of every record with an id, in document order."""
    yield "workshop", "workshop.id", doc.workshop.id, None
    for i, a in enumerate(doc.actors):
        yield "actor", f"actors[{i}].id", a.id, None
    for i, lk in enumerate(doc.links):
        yield "link", f"links[{i}].id", lk.id, None
    for i, s in enumerate(doc.sessions):
        yield "session", f"sessions[{i}].id", s.id, None
        for j, e in enumerate(s.entries):
            yield "entry", f"sessions[{i}].entries[{j}].id", e.id, i
        for j, a in enumerate(s.actions):
            yield "action", f"sessions[{i}].actions[{j}].id", a.id, i
    for i, snap in enumerate(doc.snapshots):
        yield "snapshot", f"snapshots[{i}].id", snap.id, None


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


class _References:
    def __init__(self, c: _Checker, known: dict[str, _Known]) -> None:
        self.c = c
        self.known = known

    def check(self, path: str, value: Any, kind: str) -> _Known | None:
        if not isinstance(value, str):
            return None  # already reported by the record's own rules
        found = self.known.get(value.lower())
        if found is None:
            self.c.add(path, f"no {kind} has the id {value} in this workshop")
        elif found.kind != kind:
            self.c.add(path, f"{value} is {_a(found.kind)} ({found.path[:-3]}), not {_a(kind)}")
            return None
        return found


def validate_document(doc: m.WorkshopDocument) -> list[Problem]:
    """Every rule of the format a whole workshop can break; [] when it is valid."""
    c = _Checker()
    _workshop(c, doc.workshop, "workshop")
    for i, a in enumerate(doc.actors):
        _actor(c, a, f"actors[{i}]")
    for i, lk in enumerate(doc.links):
        _link(c, lk, f"links[{i}]")
    for i, s in enumerate(doc.sessions):
        _session(c, s, f"sessions[{i}]")
    for i, snap in enumerate(doc.snapshots):
        _snapshot(c, snap, f"snapshots[{i}]")

    known: dict[str, _Known] = {}
    for kind, path, ident, session in _records(doc):
        if not isinstance(ident, str):
            continue
        first = known.get(ident.lower())
        if first is not None:
            c.add(path, f"the id {ident} is already used by {first.path[:-3]}")
        else:
            known[ident.lower()] = _Known(kind, path, session)

    refs = _References(c, known)
    for i, lk in enumerate(doc.links):
        refs.check(f"links[{i}].source", lk.source, "actor")
        refs.check(f"links[{i}].target", lk.target, "actor")
    for i, s in enumerate(doc.sessions):
        p = f"sessions[{i}]"
        for j, part in enumerate(s.participants):
            if part.actor is not None:
                refs.check(f"{p}.participants[{j}].actor", part.actor, "actor")
        for j, e in enumerate(s.entries):
            if e.speaker is not None:
                refs.check(f"{p}.entries[{j}].speaker", e.speaker, "actor")
            for k, actor in enumerate(e.about if isinstance(e.about, list) else []):
                refs.check(f"{p}.entries[{j}].about[{k}]", actor, "actor")
        for j, a in enumerate(s.actions):
            if a.owner is not None:
                refs.check(f"{p}.actions[{j}].owner", a.owner, "actor")
            if a.entry is not None:
                entry = refs.check(f"{p}.actions[{j}].entry", a.entry, "entry")
                # An action is created from a note of its own session.
                if entry is not None and entry.session != i:
                    c.add(
                        f"{p}.actions[{j}].entry",
                        f"the entry {a.entry} belongs to another session (sessions[{entry.session}])",
                    )
    for i, snap in enumerate(doc.snapshots):
        p = f"snapshots[{i}]"
        if snap.session is not None:
            refs.check(f"{p}.session", snap.session, "session")
        for j, pl in enumerate(snap.placements):
            refs.check(f"{p}.placements[{j}].actor", pl.actor, "actor")
        for j, lk in enumerate(snap.links):
            refs.check(f"{p}.links[{j}].source", lk.source, "actor")
            refs.check(f"{p}.links[{j}].target", lk.target, "actor")
    return c.problems
