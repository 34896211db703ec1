"""Hypothesis strategies for valid workshops (exchange format v1), shared by exchange and storage tests.

``workshop_documents()`` draws a whole ``WorkshopDocument`` that ``validate_document`` accepts:
every record kind, text in many scripts (NFC, as the app stores it), datetimes with many
offsets, ``extra`` JSON values, placements inside their track's region (boundaries included)
and references that point at records of the right kind.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
import uuid
from typing import Any

from hypothesis import strategies as st

from multitrack_desktop.domain import geometry
from multitrack_desktop.domain import model as m

_WORDS = (
    "Gouvernement",
    "Réseau des femmes",
    "Ñandutí",
    "Zoë",
    "Łódź",
    "Nguyễn",
    "Şırnak",
    "Министерство",
    "Дмитрий",
    "Київ",
    "الحكومة",
    "مجلس السلام",
    "שלום",
    "Ελλάδα",
    "和平",
    "평화",
    "e\u0301cole",  # decomposed é: NFC-normalised below, as the app stores text
)

_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
_nfc = st.text(_chars, max_size=40).map(lambda s: unicodedata.normalize("NFC", s))
_raw_text = st.one_of(_nfc, st.sampled_from(_WORDS).map(lambda s: unicodedata.normalize("NFC", s)))


def _limited(low: int, high: int) -> st.SearchStrategy[str]:
    joined = st.lists(_raw_text, min_size=1, max_size=4).map(lambda parts: _nfc_text(" ".join(parts)))
    return st.one_of(_raw_text, joined).filter(lambda s: low <= len(s) <= high)


def _nfc_text(text: str) -> str:
    return unicodedata.normalize("NFC", text)


names = _limited(1, m.NAME_MAX)
texts = _limited(0, m.TEXT_MAX)
long_texts = _limited(1, m.TEXT_MAX)

ids = st.uuids().map(str)

offsets = st.one_of(
    st.just(dt.UTC),
    st.sampled_from([-12 * 60, -5 * 60, -150, 60, 120, 180, 330, 345, 420, 14 * 60]),
    st.integers(-(23 * 60 + 59), 23 * 60 + 59),
).map(lambda tz: tz if isinstance(tz, dt.timezone) else dt.timezone(dt.timedelta(minutes=tz)))

moments = st.datetimes(
    min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=offsets
)

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1.5e300, -2.5e-300, 0.1]),
    st.text(_chars, max_size=20),  # not normalised: extra keeps the exact value
    st.sampled_from(["e\u0301", "Κ\u0301", "مرحبا"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(_chars, max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
extras = st.one_of(st.none(), st.dictionaries(st.text(_chars, max_size=10), json_values, max_size=4))


@st.composite
def points(draw: st.DrawFn, track: int) -> tuple[float, float]:
    """(angle_deg, radius) inside ``track``'s region, often exactly on an included boundary."""
    if track == 9:
        angle = draw(st.floats(0.0, 360.0, exclude_max=True))
        radius = draw(st.one_of(st.just(0.0), st.floats(0.0, geometry.INNER_RADIUS, exclude_max=True)))
    else:
        start = geometry.sector_start(track)
        offset = draw(st.one_of(st.just(0.0), st.floats(0.0, geometry.SECTOR_DEG, exclude_max=True)))
        angle = geometry.normalise_angle(start + offset)
        radius = draw(
            st.one_of(st.sampled_from([geometry.INNER_RADIUS, 1.0]), st.floats(geometry.INNER_RADIUS, 1.0))
        )
    if geometry.track_at(angle, radius) != track:  # rounding just past the far edge: use the start
        angle = geometry.sector_start(track) if track != 9 else angle
    assert geometry.track_at(angle, radius) == track and math.isfinite(angle)
    return angle, radius


@st.composite
def actors(draw: st.DrawFn, actor_id: str) -> m.Actor:
    track = draw(st.one_of(st.none(), st.integers(1, 9)))
    placement = None
    if track is not None and draw(st.booleans()):
        placement = m.Placement(*draw(points(track)))
    also = draw(st.lists(st.integers(1, 9).filter(lambda t: t != track), unique=True, max_size=3))
    anonymise = draw(st.booleans())
    alias = draw(names.filter(str.strip)) if anonymise else draw(st.one_of(st.none(), names))
    return m.Actor(
        id=actor_id,
        name=draw(names),
        also_known_as=draw(st.lists(names, max_size=3)),
        alias=alias,
        anonymise=anonymise,
        visibility=draw(st.sampled_from(m.Visibility)),
        kind=draw(st.sampled_from(m.ActorKind)),
        track=track,
        also_tracks=also,
        placement=placement,
        influence=draw(st.integers(1, 5)),
        stance=draw(st.sampled_from(m.Stance)),
        status=draw(st.sampled_from(m.ActorStatus)),
        description=draw(texts),
        contact=draw(texts),
        tags=draw(st.lists(texts, max_size=3)),
        extra=draw(extras),
    )


def _pair(draw: st.DrawFn, actor_ids: list[str]) -> tuple[str, str]:
    source, target = draw(st.lists(st.sampled_from(actor_ids), min_size=2, max_size=2, unique=True))
    return source, target


@st.composite
def sessions(draw: st.DrawFn, session_id: str, actor_ids: list[str], fresh: Any) -> m.Session:
    starts = draw(moments)
    ends = draw(
        st.one_of(st.none(), st.timedeltas(dt.timedelta(0), dt.timedelta(days=3)).map(lambda d: starts + d))
    )
    if ends is not None:
        ends = ends.astimezone(draw(offsets))  # another offset, the same instant or later
    visibility = draw(st.sampled_from(m.Visibility))
    some_actor = st.sampled_from(actor_ids) if actor_ids else st.nothing()
    participants = []
    for actor in draw(st.lists(some_actor, unique=True, max_size=3)) if actor_ids else []:
        participants.append(
            m.Participant(
                actor=actor,
                name=draw(st.one_of(st.just(""), names)),
                role=draw(texts),
                present=draw(st.booleans()),
                gender=draw(st.sampled_from(m.Gender)),
                extra=draw(extras),
            )
        )
    for _ in range(draw(st.integers(0, 2))):
        participants.append(
            m.Participant(
                actor=None,
                name=draw(names),
                role=draw(texts),
                present=draw(st.booleans()),
                gender=draw(st.sampled_from(m.Gender)),
            )
        )
    participants = draw(st.permutations(participants))
    entries = [
        m.Entry(
            id=fresh(),
            at=draw(moments),
            text=draw(long_texts),
            kind=draw(st.sampled_from(m.EntryKind)),
            speaker=draw(st.one_of(st.none(), some_actor)) if actor_ids else None,
            about=draw(st.lists(some_actor, unique=True, max_size=3)) if actor_ids else [],
            author=draw(texts),
            visibility=draw(st.sampled_from(m.Visibility)),
            extra=draw(extras),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    entry_ids = [e.id for e in entries]
    actions = [
        m.Action(
            id=fresh(),
            text=draw(long_texts),
            owner=draw(st.one_of(st.none(), some_actor)) if actor_ids else None,
            due=draw(st.one_of(st.none(), dates)),
            status=draw(st.sampled_from(m.ActionStatus)),
            entry=draw(st.one_of(st.none(), st.sampled_from(entry_ids))) if entry_ids else None,
            visibility=draw(st.sampled_from(m.Visibility)),
            extra=draw(extras),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return m.Session(
        id=session_id,
        title=draw(names),
        starts_at=starts,
        ends_at=ends,
        location=draw(texts),
        format=draw(st.sampled_from(m.SessionFormat)),
        rule=draw(st.sampled_from(m.Rule)),
        visibility=visibility,
        participants=participants,
        agenda=draw(st.lists(texts, max_size=3)),
        entries=entries,
        actions=actions,
        extra=draw(extras),
    )


@st.composite
def snapshots(draw: st.DrawFn, snapshot_id: str, actor_ids: list[str], session_ids: list[str]) -> m.Snapshot:
    placements = []
    for actor in draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=4)) if actor_ids else []:
        track = draw(st.integers(1, 9))
        angle, radius = draw(points(track))
        placements.append(
            m.SnapshotPlacement(
                actor=actor,
                track=track,
                angle_deg=angle,
                radius=radius,
                influence=draw(st.one_of(st.none(), st.integers(1, 5))),
                stance=draw(st.one_of(st.none(), st.sampled_from(m.Stance))),
                status=draw(st.one_of(st.none(), st.sampled_from(m.ActorStatus))),
            )
        )
    links = []
    if len(actor_ids) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            source, target = _pair(draw, actor_ids)
            links.append(
                m.SnapshotLink(
                    source,
                    target,
                    draw(st.sampled_from(m.LinkKind)),
                    draw(st.booleans()),
                    draw(st.integers(1, 3)),
                )
            )
    return m.Snapshot(
        id=snapshot_id,
        taken_at=draw(moments),
        session=draw(st.one_of(st.none(), st.sampled_from(session_ids))) if session_ids else None,
        label=draw(texts),
        placements=placements,
        links=links,
        extra=draw(extras),
    )


@st.composite
def workshop_documents(draw: st.DrawFn, max_actors: int = 6, max_sessions: int = 3) -> m.WorkshopDocument:
    """A valid workshop with every kind of record; ids unique, references consistent."""
    used: set[str] = set()

    def fresh() -> str:
        while True:
            value = str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1))))
            if value not in used:
                used.add(value)
                return value

    created = draw(moments)
    workshop = m.Workshop(
        id=fresh(),
        title=draw(names),
        context=draw(texts),
        language=draw(st.sampled_from(["en", "fr", "ar", "ru", "uk", "es-419", "zh-Hant", "ar-SY"])),
        facilitators=draw(st.lists(names, max_size=3)),
        created_at=created,
        updated_at=draw(moments),
        extra=draw(extras),
    )
    actor_list = [draw(actors(fresh())) for _ in range(draw(st.integers(0, max_actors)))]
    actor_ids = [a.id for a in actor_list]
    links = []
    if len(actor_ids) >= 2:
        for _ in range(draw(st.integers(0, 4))):
            source, target = _pair(draw, actor_ids)
            links.append(
                m.Link(
                    id=fresh(),
                    source=source,
                    target=target,
                    kind=draw(st.sampled_from(m.LinkKind)),
                    directed=draw(st.booleans()),
                    strength=draw(st.integers(1, 3)),
                    note=draw(texts),
                    visibility=draw(st.sampled_from(m.Visibility)),
                    extra=draw(extras),
                )
            )
    session_list = [
        draw(sessions(fresh(), actor_ids, fresh)) for _ in range(draw(st.integers(0, max_sessions)))
    ]
    session_ids = [s.id for s in session_list]
    snapshot_list = [draw(snapshots(fresh(), actor_ids, session_ids)) for _ in range(draw(st.integers(0, 2)))]
    return m.WorkshopDocument(workshop, actor_list, links, session_list, snapshot_list)
