"""The file itself refuses rows that break the format's rules (CHECK constraints, foreign keys, UNIQUE).

Each bad row is tried twice: through a bare engine connection (SQLAlchemy's IntegrityError)
and through ``WorkshopFile.write()``, where it must surface as ``InvalidEdit`` with a sentence,
and leave nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, func, insert, select
from sqlalchemy.exc import IntegrityError

from multitrack_desktop.domain import model as m
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import InvalidEdit

from .helpers import assert_sentence

AT = dt.datetime(2024, 5, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
A, B, SESSION, ENTRY = "actor-a", "actor-b", "session-1", "entry-1"


@pytest.fixture
def wf(tmp_path: Path) -> Iterator[WorkshopFile]:
    f = WorkshopFile.create(tmp_path / "rules.multitrack")
    session = m.Session(
        id=SESSION,
        title="Session",
        starts_at=AT,
        participants=[m.Participant(actor=A)],
        entries=[m.Entry(id=ENTRY, at=AT, text="A note")],
    )
    doc = m.WorkshopDocument(
        workshop=m.Workshop(id="w", title="Rules"),
        actors=[m.Actor(id=A, name="A"), m.Actor(id=B, name="B")],
        sessions=[session],
    )
    with f.write() as conn:
        r.insert_document(conn, doc)
    try:
        yield f
    finally:
        f.close()


def actor(**over: Any) -> tuple[Table, dict[str, Any]]:
    row = r.actor_row(m.Actor(id="new-actor", name="New"), 9)
    row.update(over)
    return r.T_ACTORS, row


def link(**over: Any) -> tuple[Table, dict[str, Any]]:
    row = r.link_row(m.Link(id="new-link", source=A, target=B), 9)
    row.update(over)
    return r.T_LINKS, row


def participant(**over: Any) -> tuple[Table, dict[str, Any]]:
    row = r.participant_row(m.Participant(actor=B), SESSION, 9, "new-participant")
    row.update(over)
    return r.T_PARTICIPANTS, row


def entry(**over: Any) -> tuple[Table, dict[str, Any]]:
    row = r.entry_row(m.Entry(id="new-entry", at=AT, text="Said"), SESSION)
    row.update(over)
    return r.T_ENTRIES, row


def session(**over: Any) -> tuple[Table, dict[str, Any]]:
    row = r.session_row(m.Session(id="new-session", title="Other", starts_at=AT), 9)
    row.update(over)
    return r.T_SESSIONS, row


def snapshot_placement(**over: Any) -> tuple[Table, dict[str, Any]]:
    row = r.snapshot_placement_row(m.SnapshotPlacement(actor=A, track=1, angle_deg=5, radius=0.8), "snap", 0)
    row.update(over)
    return r.T_SNAP_PLACEMENTS, row


REFUSED: dict[str, Callable[[], tuple[Table, dict[str, Any]]]] = {
    "track 10": lambda: actor(track=10),
    "track 0": lambda: actor(track=0),
    "influence 6": lambda: actor(influence=6),
    "influence 0": lambda: actor(influence=0),
    "angle 30 radius 0.5 on track 1": lambda: actor(track=1, angle_deg=30.0, radius=0.5),
    "angle 22.5 on track 1 (belongs to track 2)": lambda: actor(track=1, angle_deg=22.5, radius=0.5),
    "radius 0.3 on track 9 (the ring starts at 0.3)": lambda: actor(track=9, angle_deg=100.0, radius=0.3),
    "radius 0.2 on track 3 (inner circle is track 9)": lambda: actor(track=3, angle_deg=90.0, radius=0.2),
    "angle 360": lambda: actor(track=1, angle_deg=360.0, radius=0.8),
    "radius above 1": lambda: actor(track=1, angle_deg=0.0, radius=1.01),
    "angle without radius": lambda: actor(track=1, angle_deg=0.0, radius=None),
    "placement without track": lambda: actor(track=None, angle_deg=0.0, radius=0.8),
    "anonymise without alias": lambda: actor(anonymise=True, alias=None),
    "empty name": lambda: actor(name=""),
    "name too long": lambda: actor(name="x" * (m.NAME_MAX + 1)),
    "actor kind 'dragon'": lambda: actor(kind="dragon"),
    "stance 'hostile'": lambda: actor(stance="hostile"),
    "visibility 'secret'": lambda: actor(visibility="secret"),
    "tags not a list": lambda: actor(tags={"a": 1}),
    "link source == target": lambda: link(target=A),
    "link to a missing actor": lambda: link(target="nobody"),
    "link kind 'love'": lambda: link(kind="love"),
    "link strength 4": lambda: link(strength=4),
    "participant actor twice in one session": lambda: participant(actor=A),
    "participant in a missing session": lambda: participant(session_id="no-session"),
    "participant with neither actor nor name": lambda: participant(actor=None, name=""),
    "participant gender 'x'": lambda: participant(gender="x"),
    "entry text empty": lambda: entry(text=""),
    "entry kind 'rumour'": lambda: entry(kind="rumour"),
    "entry speaker missing": lambda: entry(speaker="ghost"),
    "session rule 'secret'": lambda: session(rule="secret"),
    "session format 'track3'": lambda: session(format="track3"),
    "snapshot placement of a missing snapshot": lambda: snapshot_placement(),
}

ACCEPTED: dict[str, Callable[[], tuple[Table, dict[str, Any]]]] = {
    "angle 22.5 on track 2": lambda: actor(track=2, angle_deg=22.5, radius=0.5),
    "angle 22.4 on track 1": lambda: actor(track=1, angle_deg=22.4, radius=0.5),
    "angle 350 on track 1 (wraps round)": lambda: actor(track=1, angle_deg=350.0, radius=0.5),
    "radius 0.3 on its ring track": lambda: actor(track=3, angle_deg=90.0, radius=0.3),
    "radius 0.29 on track 9": lambda: actor(track=9, angle_deg=90.0, radius=0.29),
    "anonymise with alias": lambda: actor(anonymise=True, alias="Interlocutor B"),
    "no track, no placement": lambda: actor(track=None, angle_deg=None, radius=None),
    "a second participant actor": lambda: participant(actor=B),
    "a participant by name only": lambda: participant(actor=None, name="Observer"),
    "link between two actors": lambda: link(),
    "an entry of one character": lambda: entry(text="!"),
}


def count(wf: WorkshopFile, table: Table) -> int:
    with wf.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.mark.parametrize("case", list(REFUSED))
def test_bad_row_is_refused_by_the_file(wf: WorkshopFile, case: str) -> None:
    table, row = REFUSED[case]()
    rows_before = count(wf, table)

    with pytest.raises(IntegrityError), wf.engine.begin() as conn:
        conn.execute(insert(table), [row])

    with pytest.raises(InvalidEdit) as info, wf.write() as conn:
        conn.execute(insert(table), [row])
    assert_sentence(str(info.value), wf.path)
    assert "breaks a rule" in str(info.value)

    assert count(wf, table) == rows_before, "nothing of a refused edit is kept"
    assert wf.integrity_problems() == []


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_good_row_is_accepted(wf: WorkshopFile, case: str) -> None:
    """The rules are not simply refusing everything: the neighbours of each bad case pass."""
    table, row = ACCEPTED[case]()
    rows_before = count(wf, table)
    with wf.write() as conn:
        conn.execute(insert(table), [row])
    assert count(wf, table) == rows_before + 1
    assert wf.integrity_problems() == []


def test_a_refused_row_rolls_back_the_whole_edit(wf: WorkshopFile) -> None:
    """Good rows written earlier in the same transaction go too: one edit, all or nothing."""
    good_table, good = actor(id="fine-actor")
    bad_table, bad = link(target="nobody")
    before = count(wf, r.T_ACTORS)
    with pytest.raises(InvalidEdit), wf.write() as conn:
        conn.execute(insert(good_table), [good])
        conn.execute(insert(bad_table), [bad])
    assert count(wf, r.T_ACTORS) == before


def test_deleting_a_referenced_actor_is_refused(wf: WorkshopFile) -> None:
    with pytest.raises(InvalidEdit), wf.write() as conn:
        conn.execute(r.T_ACTORS.delete().where(r.T_ACTORS.c.id == A))  # a participant refers to it
    assert count(wf, r.T_ACTORS) == 2
