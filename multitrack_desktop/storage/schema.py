"""Tables of a workshop file (SQLAlchemy 2.0 typed ORM).

The schema holds as many of the exchange format's rules as SQLite can: CHECK constraints
for choices, ranges, lengths and the circle's geometry; foreign keys for every reference;
uniqueness where the format requires it. What SQLite cannot hold (unique ids across
tables, datetimes compared across offsets) is checked by ``domain.validation``.

Lists of plain strings are JSON arrays; ``extra`` is the JSON object the format keeps
unchanged, NULL when absent. Datetimes are ISO 8601 text with their own offset, so the
local time of a meeting survives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..domain import model as m
from .errors import DamagedFile

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class IsoDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime kept as ISO 8601 text with its own UTC offset."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Any) -> dt.datetime | None:
        return read_datetime(value)


class IsoDate(TypeDecorator[dt.date]):
    impl = String
    cache_ok = True

    def process_bind_param(self, value: dt.date | None, dialect: Any) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: str | None, dialect: Any) -> dt.date | None:
        return read_date(value)


def read_date(value: str | None) -> dt.date | None:
    """A stored date; text that is not an ISO 8601 date is a damaged file."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _damaged("a date", value) from None


def read_datetime(value: str | None) -> dt.datetime | None:
    """A stored datetime; text that is not an aware ISO 8601 datetime is a damaged file."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _damaged("a date and time", value)
    return moment


def _damaged(expected: str, value: object) -> DamagedFile:
    """Another program wrote something this file's schema cannot hold: said, never a traceback."""
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "…"
    return DamagedFile(
        f"The workshop file is damaged: {shown} is stored where {expected} belongs. "
        "Another program may have changed it; `multitrack check` lists what it finds."
    )


ExtraJSON = JSON(none_as_null=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _choice(column: str, enum: type[m._Choice], nullable: bool = False) -> CheckConstraint:
    words = ", ".join(f"'{v}'" for v in enum.values())
    cond = f"{column} IN ({words})"
    if nullable:
        cond = f"{column} IS NULL OR {cond}"
    return CheckConstraint(cond, name=f"{column}_choice")


def _length(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"length({column}) BETWEEN {low} AND {high}", name=f"{column}_length")


def _json_array(column: str) -> CheckConstraint:
    return CheckConstraint(f"json_type({column}) = 'array'", name=f"{column}_array")


def _json_object(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR json_type({column}) = 'object'", name=f"{column}_object")


def _track_of(angle: str, radius: str) -> str:
    """SQL for the track a point belongs to (the same arithmetic as geometry.track_at)."""
    return f"(CASE WHEN {radius} < 0.3 THEN 9 ELSE (CAST(({angle} + 22.5) / 45 AS INTEGER) % 8) + 1 END)"


def _placement_checks(track: str, angle: str, radius: str, optional: bool) -> list[CheckConstraint]:
    inside = f"{track} = {_track_of(angle, radius)}"
    ranges = f"{angle} >= 0 AND {angle} < 360 AND {radius} >= 0 AND {radius} <= 1"
    if optional:
        return [
            CheckConstraint(f"({angle} IS NULL) = ({radius} IS NULL)", name="placement_pair"),
            CheckConstraint(f"{angle} IS NULL OR {track} IS NOT NULL", name="placement_needs_track"),
            CheckConstraint(f"{angle} IS NULL OR ({ranges})", name="placement_range"),
            CheckConstraint(f"{angle} IS NULL OR {inside}", name="placement_in_track"),
        ]
    return [
        CheckConstraint(ranges, name="placement_range"),
        CheckConstraint(inside, name="placement_in_track"),
    ]


class WorkshopRow(Base):
    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint("singleton = 1", name="one_workshop"),
        _length("title", 1, m.NAME_MAX),
        _length("context", 0, m.TEXT_MAX),
        _json_array("facilitators"),
        _json_object("extra"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    singleton: Mapped[int] = mapped_column(Integer, nullable=False, default=1, unique=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    context: Mapped[str] = mapped_column(Text, nullable=False, default="")
    language: Mapped[str] = mapped_column(String, nullable=False, default="en")
    facilitators: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(IsoDateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(IsoDateTime, nullable=False)
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class ActorRow(Base):
    __tablename__ = "actors"
    __table_args__ = (
        _length("name", 1, m.NAME_MAX),
        CheckConstraint("alias IS NULL OR length(alias) BETWEEN 1 AND 300", name="alias_length"),
        CheckConstraint("NOT anonymise OR alias IS NOT NULL", name="anonymise_needs_alias"),
        _choice("visibility", m.Visibility),
        _choice("kind", m.ActorKind),
        CheckConstraint("track IS NULL OR track BETWEEN 1 AND 9", name="track_range"),
        *_placement_checks("track", "angle_deg", "radius", optional=True),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence_range"),
        _choice("stance", m.Stance),
        _choice("status", m.ActorStatus),
        _length("description", 0, m.TEXT_MAX),
        _length("contact", 0, m.TEXT_MAX),
        _json_array("also_known_as"),
        _json_array("also_tracks"),
        _json_array("tags"),
        _json_object("extra"),
        Index("ix_actors_position", "position"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    also_known_as: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    alias: Mapped[str | None] = mapped_column(Text, nullable=True)
    anonymise: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="anonymise_bool"), nullable=False, default=False
    )
    visibility: Mapped[str] = mapped_column(String, nullable=False, default="shareable")
    kind: Mapped[str] = mapped_column(String, nullable=False, default="organisation")
    track: Mapped[int | None] = mapped_column(Integer, nullable=True)
    also_tracks: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    angle_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    radius: Mapped[float | None] = mapped_column(Float, nullable=True)
    influence: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    stance: Mapped[str] = mapped_column(String, nullable=False, default="unknown")
    status: Mapped[str] = mapped_column(String, nullable=False, default="active")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    contact: Mapped[str] = mapped_column(Text, nullable=False, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class LinkRow(Base):
    __tablename__ = "links"
    __table_args__ = (
        CheckConstraint("source <> target", name="two_actors"),
        _choice("kind", m.LinkKind),
        CheckConstraint("strength BETWEEN 1 AND 3", name="strength_range"),
        _length("note", 0, m.TEXT_MAX),
        _choice("visibility", m.Visibility),
        _json_object("extra"),
        Index("ix_links_source", "source"),
        Index("ix_links_target", "target"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    source: Mapped[str] = mapped_column(ForeignKey("actors.id"), nullable=False)
    target: Mapped[str] = mapped_column(ForeignKey("actors.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False, default="communication")
    directed: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="directed_bool"), nullable=False, default=False
    )
    strength: Mapped[int] = mapped_column(Integer, nullable=False, default=2)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    visibility: Mapped[str] = mapped_column(String, nullable=False, default="team")
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        _length("title", 1, m.NAME_MAX),
        _length("location", 0, m.TEXT_MAX),
        _choice("format", m.SessionFormat),
        _choice("rule", m.Rule),
        _choice("visibility", m.Visibility),
        _json_array("agenda"),
        _json_object("extra"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    starts_at: Mapped[dt.datetime] = mapped_column(IsoDateTime, nullable=False)
    ends_at: Mapped[dt.datetime | None] = mapped_column(IsoDateTime, nullable=True)
    location: Mapped[str] = mapped_column(Text, nullable=False, default="")
    format: Mapped[str] = mapped_column(String, nullable=False, default="track2")
    rule: Mapped[str] = mapped_column(String, nullable=False, default="chatham_house")
    visibility: Mapped[str] = mapped_column(String, nullable=False, default="team")
    agenda: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class ParticipantRow(Base):
    """A participant has no id in the exchange format; the file gives it one of its own."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("session_id", "actor", name="uq_participants_once_per_session"),
        CheckConstraint("actor IS NOT NULL OR length(name) >= 1", name="named_or_actor"),
        _length("name", 0, m.NAME_MAX),
        _length("role", 0, m.TEXT_MAX),
        _choice("gender", m.Gender),
        _json_object("extra"),
        Index("ix_participants_session", "session_id", "position"),
        Index("ix_participants_actor", "actor"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    actor: Mapped[str | None] = mapped_column(ForeignKey("actors.id"), nullable=True)
    name: Mapped[str] = mapped_column(Text, nullable=False, default="")
    role: Mapped[str] = mapped_column(Text, nullable=False, default="")
    present: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="present_bool"), nullable=False, default=True
    )
    gender: Mapped[str] = mapped_column(String, nullable=False, default="undisclosed")
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class EntryRow(Base):
    __tablename__ = "entries"
    __table_args__ = (
        _choice("kind", m.EntryKind),
        _length("text", 1, m.TEXT_MAX),
        _length("author", 0, m.TEXT_MAX),
        _choice("visibility", m.Visibility),
        _json_object("extra"),
        Index("ix_entries_session", "session_id"),
        Index("ix_entries_speaker", "speaker"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(IsoDateTime, nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False, default="note")
    text: Mapped[str] = mapped_column(Text, nullable=False)
    speaker: Mapped[str | None] = mapped_column(ForeignKey("actors.id"), nullable=True)
    author: Mapped[str] = mapped_column(Text, nullable=False, default="")
    visibility: Mapped[str] = mapped_column(String, nullable=False)
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class EntryAboutRow(Base):
    """One actor an entry is about; a table of its own so that the reference is enforced."""

    __tablename__ = "entry_about"
    __table_args__ = (Index("ix_entry_about_actor", "actor"),)

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(ForeignKey("actors.id"), nullable=False)


class ActionRow(Base):
    __tablename__ = "actions"
    __table_args__ = (
        _length("text", 1, m.TEXT_MAX),
        _choice("status", m.ActionStatus),
        _choice("visibility", m.Visibility),
        _json_object("extra"),
        Index("ix_actions_session", "session_id", "position"),
        Index("ix_actions_owner", "owner"),
        Index("ix_actions_entry", "entry"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    owner: Mapped[str | None] = mapped_column(ForeignKey("actors.id"), nullable=True)
    due: Mapped[dt.date | None] = mapped_column(IsoDate, nullable=True)
    status: Mapped[str] = mapped_column(String, nullable=False, default="open")
    entry: Mapped[str | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    visibility: Mapped[str] = mapped_column(String, nullable=False)
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class SnapshotRow(Base):
    __tablename__ = "snapshots"
    __table_args__ = (
        _length("label", 0, m.TEXT_MAX),
        _json_object("extra"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"), nullable=True)
    taken_at: Mapped[dt.datetime] = mapped_column(IsoDateTime, nullable=False)
    label: Mapped[str] = mapped_column(Text, nullable=False, default="")
    extra: Mapped[Any] = mapped_column(ExtraJSON, nullable=True)


class SnapshotPlacementRow(Base):
    __tablename__ = "snapshot_placements"
    __table_args__ = (
        UniqueConstraint("snapshot_id", "actor", name="uq_snapshot_placements_once"),
        CheckConstraint("track BETWEEN 1 AND 9", name="track_range"),
        *_placement_checks("track", "angle_deg", "radius", optional=False),
        CheckConstraint("influence IS NULL OR influence BETWEEN 1 AND 5", name="influence_range"),
        _choice("stance", m.Stance, nullable=True),
        _choice("status", m.ActorStatus, nullable=True),
        Index("ix_snapshot_placements_actor", "actor"),
    )

    snapshot_id: Mapped[str] = mapped_column(ForeignKey("snapshots.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(ForeignKey("actors.id"), nullable=False)
    track: Mapped[int] = mapped_column(Integer, nullable=False)
    angle_deg: Mapped[float] = mapped_column(Float, nullable=False)
    radius: Mapped[float] = mapped_column(Float, nullable=False)
    influence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stance: Mapped[str | None] = mapped_column(String, nullable=True)
    status: Mapped[str | None] = mapped_column(String, nullable=True)


class SnapshotLinkRow(Base):
    __tablename__ = "snapshot_links"
    __table_args__ = (
        CheckConstraint("source <> target", name="two_actors"),
        _choice("kind", m.LinkKind),
        CheckConstraint("strength BETWEEN 1 AND 3", name="strength_range"),
        Index("ix_snapshot_links_source", "source"),
        Index("ix_snapshot_links_target", "target"),
    )

    snapshot_id: Mapped[str] = mapped_column(ForeignKey("snapshots.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(ForeignKey("actors.id"), nullable=False)
    target: Mapped[str] = mapped_column(ForeignKey("actors.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False, default="communication")
    directed: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="directed_bool"), nullable=False, default=False
    )
    strength: Mapped[int] = mapped_column(Integer, nullable=False, default=2)


class DraftRow(Base):
    """The line a facilitator is typing in a session's live capture, kept so a crash loses at most a second.

    Added by schema version 2; not part of the exchange format.
    """

    __tablename__ = "drafts"
    __table_args__ = (
        _length("text", 0, m.TEXT_MAX),
        _choice("kind", m.EntryKind),
    )

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    kind: Mapped[str] = mapped_column(String, nullable=False, default="note")
    updated_at: Mapped[dt.datetime] = mapped_column(IsoDateTime, nullable=False)


metadata = Base.metadata
