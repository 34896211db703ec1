"""Every facilitator operation: validated, one transaction, reported, and exactly reversible."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from multitrack_desktop.domain import geometry
from multitrack_desktop.domain import model as m
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.storage import repository as repo
from multitrack_desktop.storage.changes import ChangeSet
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import InvalidEdit, StorageError

TZ = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2005, 2, 1, 9, 0, tzinfo=TZ)


def ids(n: int, prefix: str) -> list[str]:
    return [f"{prefix:0>8}-0000-4000-8000-{i:012d}" for i in range(n)]


A = ids(4, "aaaaaaaa")
S = ids(2, "55555555")
E = ids(3, "eeeeeeee")


def small_document() -> m.WorkshopDocument:
    actors = [
        m.Actor(
            id=A[0],
            name="Government of Indonesia",
            kind=m.ActorKind.GOVERNMENT,
            track=1,
            placement=m.Placement(5.0, 0.8),
            also_tracks=[2],
        ),
        m.Actor(
            id=A[1],
            name="Free Aceh Movement",
            kind=m.ActorKind.ARMED_GROUP,
            track=1,
            also_known_as=["GAM"],
            alias="Movement A",
            anonymise=True,
        ),
        m.Actor(id=A[2], name="Radio Antero", track=9, placement=m.Placement(200.0, 0.1)),
        m.Actor(id=A[3], name="Ulama council", kind=m.ActorKind.NETWORK),
    ]
    links = [
        m.Link(id=ids(2, "11111111")[0], source=A[0], target=A[1], kind=m.LinkKind.TENSION),
        m.Link(id=ids(2, "11111111")[1], source=A[2], target=A[1]),
    ]
    session = m.Session(
        id=S[0],
        title="Preparation",
        starts_at=T0,
        ends_at=T0 + dt.timedelta(hours=6),
        participants=[m.Participant(actor=A[1], role="guest"), m.Participant(name="Observer")],
        agenda=["Opening"],
        entries=[
            m.Entry(id=E[0], at=T0, text="Opening words", speaker=A[1], about=[A[0], A[1]]),
            m.Entry(id=E[1], at=T0 + dt.timedelta(minutes=5), text="Follow up", kind=m.EntryKind.ACTION),
        ],
        actions=[m.Action(id=ids(1, "acac0000")[0], text="Send notes", owner=A[1], entry=E[1])],
    )
    snapshot = m.Snapshot(
        id=ids(1, "5a5a5a5a")[0],
        taken_at=T0,
        session=S[0],
        placements=[m.SnapshotPlacement(actor=A[1], track=1, angle_deg=10.0, radius=0.5)],
        links=[m.SnapshotLink(source=A[0], target=A[1])],
    )
    ws = m.Workshop(id=ids(1, "ffffffff")[0], title="Aceh", created_at=T0, updated_at=T0)
    return m.WorkshopDocument(
        workshop=ws, actors=actors, links=links, sessions=[session], snapshots=[snapshot]
    )


@pytest.fixture
def service(tmp_path: Path):
    wf = WorkshopFile.create(tmp_path / "w.multitrack")
    with wf.write() as conn:
        repo.insert_document(conn, small_document())
    ticks = iter(range(10_000))
    svc = WorkshopService(
        wf, clock=lambda: dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=next(ticks))
    )
    yield svc
    wf.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read with plain sqlite3 from the file on disk.

    The search index is compared by what it holds (record and folded text), not by the FTS5
    shadow tables, whose internal segments legitimately differ after a reversal."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if not r[0].startswith("search_")
        ]
        out = {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
        out["search (kind, ref, body)"] = con.execute(
            "SELECT d.kind, d.ref, f.body FROM search_docs d JOIN search_fts f ON f.rowid = d.id "
            "ORDER BY d.kind, d.ref"
        ).fetchall()
        out["search pending"] = con.execute("SELECT * FROM search_pending").fetchall()
        return out
    finally:
        con.close()


OPERATIONS: dict[str, Callable[[WorkshopService], ChangeSet]] = {
    "update_workshop": lambda s: s.update_workshop(title="Aceh 2005", facilitators=["Team"]),
    "create_actor": lambda s: s.create_actor("Women's network", track=4, kind="network"),
    "update_actor": lambda s: s.update_actor(A[0], influence=5, stance="supportive", description="Changed"),
    "move_actor": lambda s: s.place_actor(A[0], 2, m.Placement(50.0, 0.6)),
    "unplace_actor": lambda s: s.place_actor(A[2], None),
    "move_actors": lambda s: s.move_actors([(A[0], 3, None), (A[3], 9, m.Placement(10.0, 0.1))]),
    "delete_actor": lambda s: s.delete_actor(A[1]),
    "create_link": lambda s: s.create_link(A[0], A[3], kind="funding", directed=True),
    "update_link": lambda s: s.update_link(ids(2, "11111111")[0], strength=3, note="Strong"),
    "delete_link": lambda s: s.delete_link(ids(2, "11111111")[1]),
    "create_session": lambda s: s.create_session("Second", T0 + dt.timedelta(days=1), rule="open"),
    "update_session": lambda s: s.update_session(S[0], location="Banda Aceh", agenda=["A", "B"]),
    "delete_session": lambda s: s.delete_session(S[0]),
    "add_participant": lambda s: s.add_participant(S[0], m.Participant(actor=A[0], gender=m.Gender.WOMAN)),
    "update_participant": lambda s: s.update_participant(s.participant_ids(S[0])[1], present=False),
    "remove_participant": lambda s: s.remove_participant(s.participant_ids(S[0])[0]),
    "add_entry": lambda s: s.add_entry(
        S[0], T0 + dt.timedelta(hours=1), "Decision taken", kind="decision", about=[A[3]]
    ),
    "update_entry": lambda s: s.update_entry(E[0], text="Reworded", about=[A[2]], speaker=None),
    "delete_entry": lambda s: s.delete_entry(E[1]),
    "add_action": lambda s: s.add_action(S[0], "Call back", owner=A[0], due=dt.date(2005, 3, 1)),
    "update_action": lambda s: s.update_action(ids(1, "acac0000")[0], status="done"),
    "delete_action": lambda s: s.delete_action(ids(1, "acac0000")[0]),
    "take_snapshot": lambda s: s.take_snapshot(session_id=S[0], label="End of day"),
    "delete_snapshot": lambda s: s.delete_snapshot(ids(1, "5a5a5a5a")[0]),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_changes_the_file_and_its_reversal_restores_it_exactly(
    service: WorkshopService, name: str
) -> None:
    path = service.file.path
    before = dump(path)
    change = OPERATIONS[name](service)
    after = dump(path)
    assert change, f"{name} reported no change"
    assert after != before
    assert "workshop" in change.tables(), "updated_at must move with every change"
    service.undo(change)
    assert dump(path) == before
    service.redo(change)
    assert dump(path) == after
    service.undo(change)
    assert dump(path) == before


def test_delete_actor_clears_every_reference_and_undo_restores_them(service: WorkshopService) -> None:
    change = service.delete_actor(A[1])
    doc = service.document()
    assert A[1] not in {a.id for a in doc.actors}
    assert all(A[1] not in (lk.source, lk.target) for lk in doc.links)
    session = doc.sessions[0]
    assert [p.name for p in session.participants] == ["Observer"]
    assert session.entries[0].speaker is None and session.entries[0].about == [A[0]]
    assert session.actions[0].owner is None
    assert doc.snapshots[0].placements == [] and doc.snapshots[0].links == []
    assert change.ids("links", "removed") == {ids(2, "11111111")[0], ids(2, "11111111")[1]}
    service.undo(change)
    restored = service.document()
    original = small_document()
    assert restored.actors == original.actors
    assert restored.links == original.links
    assert restored.sessions[0].participants == original.sessions[0].participants
    assert restored.sessions[0].entries[0].about == [A[0], A[1]]
    assert restored.snapshots == original.snapshots


def test_moving_onto_an_also_track_removes_it_from_there(service: WorkshopService) -> None:
    service.place_actor(A[0], 2, m.Placement(45.0, 0.7))
    actor = service.actor(A[0])
    assert actor.track == 2 and actor.also_tracks == []


def test_angle_360_is_stored_as_0(service: WorkshopService) -> None:
    service.place_actor(A[3], 1, m.Placement(360.0, 0.5))
    assert service.actor(A[3]).placement == m.Placement(0.0, 0.5)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.place_actor(A[0], 1, m.Placement(22.5, 0.5)),  # boundary belongs to track 2
        lambda s: s.place_actor(A[0], 9, m.Placement(0.0, 0.3)),  # radius 0.3 is the ring
        lambda s: s.update_actor(A[0], influence=6),
        lambda s: s.update_actor(A[0], name=""),
        lambda s: s.update_actor(A[0], name="x" * 301),
        lambda s: s.update_actor(A[0], anonymise=True),  # no alias
        lambda s: s.update_actor(A[0], visibility="secret"),
        lambda s: s.update_actor(A[0], colour="red"),
        lambda s: s.create_link(A[0], A[0]),
        lambda s: s.create_link(A[0], "00000000-0000-4000-8000-000000000999"),
        lambda s: s.add_participant(S[0], m.Participant(actor=A[1])),  # already there
        lambda s: s.add_entry(S[0], T0, ""),
        lambda s: s.update_session(S[0], ends_at=T0 - dt.timedelta(hours=1)),
        lambda s: s.delete_actor("00000000-0000-4000-8000-000000000999"),
    ],
)
def test_invalid_edits_are_refused_with_a_sentence_and_change_nothing(service: WorkshopService, call) -> None:
    before = dump(service.file.path)
    with pytest.raises(StorageError) as info:
        call(service)
    assert isinstance(info.value, InvalidEdit)
    assert "Traceback" not in str(info.value) and str(info.value).endswith(".")
    assert dump(service.file.path) == before


def test_text_is_stored_nfc(service: WorkshopService) -> None:
    change = service.create_actor("Re\u0301seau des femmes")
    assert service.actor(change.created["actor"]).name == "R\u00e9seau des femmes"


def test_entry_takes_the_session_visibility_by_default(service: WorkshopService) -> None:
    service.update_session(S[0], visibility="private")
    change = service.add_entry(S[0], T0, "Quiet word")
    entry = next(e for e in service.document().sessions[0].entries if e.id == change.created["entry"])
    assert entry.visibility is m.Visibility.PRIVATE


def test_snapshot_records_placed_actors_with_laid_out_positions(service: WorkshopService) -> None:
    change = service.take_snapshot(label="now")
    snap = next(s for s in service.document().snapshots if s.id == change.created["snapshot"])
    placed = {p.actor: p for p in snap.placements}
    assert set(placed) == {A[0], A[1], A[2]}
    p = placed[A[1]]  # track 1 without placement: laid out inside track 1
    assert geometry.track_at(p.angle_deg, p.radius) == 1
    assert {(lk.source, lk.target) for lk in snap.links} == {(A[0], A[1]), (A[2], A[1])}


def test_readonly_file_refuses_edits(tmp_path: Path) -> None:
    path = tmp_path / "r.multitrack"
    wf = WorkshopFile.create(path)
    with wf.write() as conn:
        repo.insert_document(conn, small_document())
    wf.close()
    ro = WorkshopFile.open(path, readonly=True)
    try:
        with pytest.raises(StorageError):
            WorkshopService(ro).update_actor(A[0], influence=1)
    finally:
        ro.close()
