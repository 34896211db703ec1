"""The spec's field tables, once: names, order, value codecs and defaults of every record.

Reading refuses any field not listed here (except ``extra`` where a record may carry it),
fills in the defaults, and writing emits every field in this order, so the tables below
*are* the format's record layouts.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..domain import model as m
from ..domain.validation import key_path
from .codecs import (
    ANGLE,
    BOOL,
    DATE,
    DATETIME,
    EXTRA,
    ID,
    INT,
    NUMBER,
    TEXT,
    Codec,
    Context,
    Invalid,
    choice,
    list_of,
    nullable,
)


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()
Default = Callable[[Context], Any]


def const(value: Any) -> Default:
    """A default that is the same plain value every time (lists are fresh each time)."""
    return lambda ctx: list(value) if isinstance(value, list) else value


def _import_time(ctx: Context) -> Any:
    return ctx.now


def _session_visibility(ctx: Context) -> Any:
    """Entries and actions default to the visibility of the session that holds them."""
    session = ctx.stack[-2] if len(ctx.stack) >= 2 else {}
    visibility = session.get("visibility")
    return visibility if isinstance(visibility, m.Visibility) else m.Visibility.TEAM


@dataclass(frozen=True)
class Field:
    name: str
    codec: Codec
    default: Default | _Required = REQUIRED


@dataclass(frozen=True)
class RecordSpec:
    what: str  # for messages: "an actor"
    cls: type
    fields: tuple[Field, ...]
    extra: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields) + (("extra",) if self.extra else ())


def record(spec: RecordSpec) -> Codec:
    """A JSON object read into ``spec.cls`` and written back field by field."""

    def read(value: Any, path: str, ctx: Context) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"{spec.what} must be a JSON object")
        names = spec.names
        for key in value:
            if key not in names:
                hint = difflib.get_close_matches(key, names, n=1)
                tip = f' (did you mean "{hint[0]}"?)' if hint else ""
                ctx.problem(key_path(path, key), f"{spec.what} has no such field{tip}")
        values: dict[str, Any] = {}
        ctx.stack.append(values)
        try:
            for f in spec.fields + ((Field("extra", EXTRA, const(None)),) if spec.extra else ()):
                fpath = key_path(path, f.name)
                if f.name in value:
                    try:
                        values[f.name] = f.codec.read(value[f.name], fpath, ctx)
                    except Invalid as exc:
                        ctx.problem(fpath, str(exc))
                        values[f.name] = None
                elif isinstance(f.default, _Required):
                    ctx.problem(fpath, f"{spec.what} needs this field")
                    values[f.name] = None
                else:
                    values[f.name] = f.default(ctx)
        finally:
            ctx.stack.pop()
        return spec.cls(**values)

    def write(obj: Any) -> dict[str, Any]:
        out = {f.name: f.codec.write(getattr(obj, f.name)) for f in spec.fields}
        if spec.extra and obj.extra is not None:
            out["extra"] = obj.extra
        return out

    return Codec(read, write)


NAMES = list_of(TEXT)
ACTOR_IDS = list_of(ID)
VISIBILITY = choice(m.Visibility)

PLACEMENT = RecordSpec(
    "a placement",
    m.Placement,
    (Field("angle_deg", ANGLE), Field("radius", NUMBER)),
    extra=False,
)

WORKSHOP = RecordSpec(
    "the workshop",
    m.Workshop,
    (
        Field("id", ID),
        Field("title", TEXT),
        Field("context", TEXT, const("")),
        Field("language", TEXT, const("en")),
        Field("facilitators", NAMES, const([])),
        Field("created_at", DATETIME, _import_time),
        Field("updated_at", DATETIME, _import_time),
    ),
)

ACTOR = RecordSpec(
    "an actor",
    m.Actor,
    (
        Field("id", ID),
        Field("name", TEXT),
        Field("also_known_as", NAMES, const([])),
        Field("alias", nullable(TEXT), const(None)),
        Field("anonymise", BOOL, const(False)),
        Field("visibility", VISIBILITY, const(m.Visibility.SHAREABLE)),
        Field("kind", choice(m.ActorKind), const(m.ActorKind.ORGANISATION)),
        Field("track", nullable(INT), const(None)),
        Field("also_tracks", list_of(INT), const([])),
        Field("placement", nullable(record(PLACEMENT)), const(None)),
        Field("influence", INT, const(3)),
        Field("stance", choice(m.Stance), const(m.Stance.UNKNOWN)),
        Field("status", choice(m.ActorStatus), const(m.ActorStatus.ACTIVE)),
        Field("description", TEXT, const("")),
        Field("contact", TEXT, const("")),
        Field("tags", NAMES, const([])),
    ),
)

_LINK_FIELDS = (
    Field("source", ID),
    Field("target", ID),
    Field("kind", choice(m.LinkKind), const(m.LinkKind.COMMUNICATION)),
    Field("directed", BOOL, const(False)),
    Field("strength", INT, const(2)),
)

LINK = RecordSpec(
    "a link",
    m.Link,
    (
        Field("id", ID),
        *_LINK_FIELDS,
        Field("note", TEXT, const("")),
        Field("visibility", VISIBILITY, const(m.Visibility.TEAM)),
    ),
)

PARTICIPANT = RecordSpec(
    "a participant",
    m.Participant,
    (
        Field("actor", nullable(ID), const(None)),
        Field("name", TEXT, const("")),
        Field("role", TEXT, const("")),
        Field("present", BOOL, const(True)),
        Field("gender", choice(m.Gender), const(m.Gender.UNDISCLOSED)),
    ),
)

ENTRY = RecordSpec(
    "an entry",
    m.Entry,
    (
        Field("id", ID),
        Field("at", DATETIME),
        Field("kind", choice(m.EntryKind), const(m.EntryKind.NOTE)),
        Field("text", TEXT),
        Field("speaker", nullable(ID), const(None)),
        Field("about", ACTOR_IDS, const([])),
        Field("author", TEXT, const("")),
        Field("visibility", VISIBILITY, _session_visibility),
    ),
)

ACTION = RecordSpec(
    "an action",
    m.Action,
    (
        Field("id", ID),
        Field("text", TEXT),
        Field("owner", nullable(ID), const(None)),
        Field("due", nullable(DATE), const(None)),
        Field("status", choice(m.ActionStatus), const(m.ActionStatus.OPEN)),
        Field("entry", nullable(ID), const(None)),
        Field("visibility", VISIBILITY, _session_visibility),
    ),
)

SESSION = RecordSpec(
    "a session",
    m.Session,
    (
        Field("id", ID),
        Field("title", TEXT),
        Field("starts_at", DATETIME),
        Field("ends_at", nullable(DATETIME), const(None)),
        Field("location", TEXT, const("")),
        Field("format", choice(m.SessionFormat), const(m.SessionFormat.TRACK2)),
        Field("rule", choice(m.Rule), const(m.Rule.CHATHAM_HOUSE)),
        Field("visibility", VISIBILITY, const(m.Visibility.TEAM)),  # read before entries and actions
        Field("participants", list_of(record(PARTICIPANT)), const([])),
        Field("agenda", NAMES, const([])),
        Field("entries", list_of(record(ENTRY), sort_key=m.entry_sort_key), const([])),
        Field("actions", list_of(record(ACTION)), const([])),
    ),
)

SNAPSHOT_PLACEMENT = RecordSpec(
    "a snapshot placement",
    m.SnapshotPlacement,
    (
        Field("actor", ID),
        Field("track", INT),
        Field("angle_deg", ANGLE),
        Field("radius", NUMBER),
        Field("influence", nullable(INT), const(None)),
        Field("stance", nullable(choice(m.Stance)), const(None)),
        Field("status", nullable(choice(m.ActorStatus)), const(None)),
    ),
    extra=False,
)

SNAPSHOT_LINK = RecordSpec("a snapshot link", m.SnapshotLink, _LINK_FIELDS, extra=False)

SNAPSHOT = RecordSpec(
    "a snapshot",
    m.Snapshot,
    (
        Field("id", ID),
        Field("session", nullable(ID), const(None)),
        Field("taken_at", DATETIME),
        Field("label", TEXT, const("")),
        Field("placements", list_of(record(SNAPSHOT_PLACEMENT)), const([])),
        Field("links", list_of(record(SNAPSHOT_LINK)), const([])),
    ),
)
