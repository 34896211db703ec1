"""Plain values for every record of a workshop (exchange format v1).

Nothing here knows about Qt, SQL or JSON. Storage, exchange, audiences and exporters all
speak in these types. Datetimes are timezone-aware ``datetime`` objects whose ``tzinfo`` is
the offset the facilitator gave: the instant *and* the local offset are kept.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field
from typing import Any

JSONValue = Any  # a value that json.loads could return

NAME_MAX = 300
TEXT_MAX = 100_000


class _Choice(str, enum.Enum):
    """String enums whose value is the word used in files."""

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.value

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class Visibility(_Choice):
    SHAREABLE = "shareable"
    TEAM = "team"
    PRIVATE = "private"

    @property
    def rank(self) -> int:
        return _VIS_RANK[self]

    def visible_to(self, audience: Visibility) -> bool:
        """A record of this visibility may be shown to ``audience``."""
        return self.rank <= audience.rank


_VIS_RANK = {Visibility.SHAREABLE: 0, Visibility.TEAM: 1, Visibility.PRIVATE: 2}

# The audience of an export is one of the same three words.
Audience = Visibility


class ActorKind(_Choice):
    PERSON = "person"
    ORGANISATION = "organisation"
    GOVERNMENT = "government"
    ARMED_GROUP = "armed_group"
    NETWORK = "network"
    COMMUNITY = "community"
    OTHER = "other"


class Stance(_Choice):
    SUPPORTIVE = "supportive"
    NEUTRAL = "neutral"
    OPPOSED = "opposed"
    UNKNOWN = "unknown"


class ActorStatus(_Choice):
    ACTIVE = "active"
    DORMANT = "dormant"
    WITHDRAWN = "withdrawn"


class LinkKind(_Choice):
    COMMUNICATION = "communication"
    COOPERATION = "cooperation"
    FUNDING = "funding"
    INFLUENCE = "influence"
    TENSION = "tension"
    BROKEN = "broken"


class SessionFormat(_Choice):
    TRACK1 = "track1"
    TRACK1_5 = "track1.5"
    TRACK2 = "track2"
    MULTITRACK = "multitrack"
    INTERNAL = "internal"


class Rule(_Choice):
    OPEN = "open"
    CHATHAM_HOUSE = "chatham_house"
    OFF_THE_RECORD = "off_the_record"


class Gender(_Choice):
    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class EntryKind(_Choice):
    NOTE = "note"
    DECISION = "decision"
    ACTION = "action"
    QUOTE = "quote"
    QUESTION = "question"
    RISK = "risk"


class ActionStatus(_Choice):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


def new_id() -> str:
    """A fresh record id, written as the exchange format writes ids."""
    return str(uuid.uuid4())


def now_utc() -> dt.datetime:
    """The current instant in UTC, to the second (what the app stamps on changes)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(slots=True)
class Placement:
    angle_deg: float
    radius: float


@dataclass(slots=True)
class Workshop:
    id: str
    title: str
    context: str = ""
    language: str = "en"
    facilitators: list[str] = field(default_factory=list)
    created_at: dt.datetime = field(default_factory=now_utc)
    updated_at: dt.datetime = field(default_factory=now_utc)
    extra: JSONValue | None = None


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    also_known_as: list[str] = field(default_factory=list)
    alias: str | None = None
    anonymise: bool = False
    visibility: Visibility = Visibility.SHAREABLE
    kind: ActorKind = ActorKind.ORGANISATION
    track: int | None = None
    also_tracks: list[int] = field(default_factory=list)
    placement: Placement | None = None
    influence: int = 3
    stance: Stance = Stance.UNKNOWN
    status: ActorStatus = ActorStatus.ACTIVE
    description: str = ""
    contact: str = ""
    tags: list[str] = field(default_factory=list)
    extra: JSONValue | None = None


@dataclass(slots=True)
class Link:
    id: str
    source: str
    target: str
    kind: LinkKind = LinkKind.COMMUNICATION
    directed: bool = False
    strength: int = 2
    note: str = ""
    visibility: Visibility = Visibility.TEAM
    extra: JSONValue | None = None


@dataclass(slots=True)
class Participant:
    actor: str | None = None
    name: str = ""
    role: str = ""
    present: bool = True
    gender: Gender = Gender.UNDISCLOSED
    extra: JSONValue | None = None


@dataclass(slots=True)
class Entry:
    id: str
    at: dt.datetime
    text: str
    kind: EntryKind = EntryKind.NOTE
    speaker: str | None = None
    about: list[str] = field(default_factory=list)
    author: str = ""
    visibility: Visibility = Visibility.TEAM
    extra: JSONValue | None = None


@dataclass(slots=True)
class Action:
    id: str
    text: str
    owner: str | None = None
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    entry: str | None = None
    visibility: Visibility = Visibility.TEAM
    extra: JSONValue | None = None


@dataclass(slots=True)
class Session:
    id: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    location: str = ""
    format: SessionFormat = SessionFormat.TRACK2
    rule: Rule = Rule.CHATHAM_HOUSE
    visibility: Visibility = Visibility.TEAM
    participants: list[Participant] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    extra: JSONValue | None = None


@dataclass(slots=True)
class SnapshotPlacement:
    actor: str
    track: int
    angle_deg: float
    radius: float
    influence: int | None = None
    stance: Stance | None = None
    status: ActorStatus | None = None


@dataclass(slots=True)
class SnapshotLink:
    source: str
    target: str
    kind: LinkKind = LinkKind.COMMUNICATION
    directed: bool = False
    strength: int = 2


@dataclass(slots=True)
class Snapshot:
    id: str
    taken_at: dt.datetime
    session: str | None = None
    label: str = ""
    placements: list[SnapshotPlacement] = field(default_factory=list)
    links: list[SnapshotLink] = field(default_factory=list)
    extra: JSONValue | None = None


@dataclass(slots=True)
class WorkshopDocument:
    """A whole workshop: what one file holds and one exchange document carries."""

    workshop: Workshop
    actors: list[Actor] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)

    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    def session_by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}


def entry_sort_key(entry: Entry) -> tuple[dt.datetime, str]:
    """Entries are ordered by the instant they were recorded, then by id."""
    return (entry.at.astimezone(dt.UTC), entry.id)
