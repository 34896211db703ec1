"""Build the kept workshop files in tests/data (run by hand; the outputs are committed).

    .venv/bin/python tests/data/make_fixtures.py

- ``workshop-v1.multitrack``: schema version 1 (Alembic revision 0001 only, ``user_version`` 1)
  holding the example workshop of the exchange-format spec. Made by running revision 0001
  itself, so it is what version 1 of the app wrote, whatever today's models say.
- ``workshop-v2.multitrack``: schema version 2 (revisions 0001-0002) with a small document.
- ``workshop-v3.multitrack``: today's schema (``WorkshopFile.create``) with the same small document.

The example content is converted from ``example-workshop.json`` here, without the exchange
package, so the fixtures do not depend on code that is tested elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import StaticPool

from multitrack_desktop.domain import model as m
from multitrack_desktop.storage import database, migrate, repository
from multitrack_desktop.storage import schema as s

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "example-workshop.json"
V1 = HERE / "workshop-v1.multitrack"
V2 = HERE / "workshop-v2.multitrack"
V3 = HERE / "workshop-v3.multitrack"

#: tables revision 0001 creates (everything of today's schema except what later revisions added)
V1_TABLES = [t for t in s.metadata.sorted_tables if t.name != "drafts"]


def _when(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def example_document(path: Path = EXAMPLE) -> m.WorkshopDocument:
    """The spec's example workshop as domain values."""
    d: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    w = d["workshop"]
    workshop = m.Workshop(
        id=w["id"],
        title=w["title"],
        context=w.get("context", ""),
        language=w.get("language", "en"),
        facilitators=list(w.get("facilitators", [])),
        created_at=_when(w["created_at"]),
        updated_at=_when(w["updated_at"]),
        extra=w.get("extra"),
    )
    actors = []
    for a in d.get("actors", []):
        p = a.get("placement")
        actors.append(
            m.Actor(
                id=a["id"],
                name=a["name"],
                also_known_as=list(a.get("also_known_as", [])),
                alias=a.get("alias"),
                anonymise=bool(a.get("anonymise", False)),
                visibility=m.Visibility(a.get("visibility", "shareable")),
                kind=m.ActorKind(a.get("kind", "organisation")),
                track=a.get("track"),
                also_tracks=list(a.get("also_tracks", [])),
                placement=m.Placement(p["angle_deg"], p["radius"]) if p else None,
                influence=a.get("influence", 3),
                stance=m.Stance(a.get("stance", "unknown")),
                status=m.ActorStatus(a.get("status", "active")),
                description=a.get("description", ""),
                contact=a.get("contact", ""),
                tags=list(a.get("tags", [])),
                extra=a.get("extra"),
            )
        )
    links = [
        m.Link(
            id=lk["id"],
            source=lk["source"],
            target=lk["target"],
            kind=m.LinkKind(lk.get("kind", "communication")),
            directed=bool(lk.get("directed", False)),
            strength=lk.get("strength", 2),
            note=lk.get("note", ""),
            visibility=m.Visibility(lk.get("visibility", "team")),
            extra=lk.get("extra"),
        )
        for lk in d.get("links", [])
    ]
    sessions = []
    for se in d.get("sessions", []):
        sessions.append(
            m.Session(
                id=se["id"],
                title=se["title"],
                starts_at=_when(se["starts_at"]),
                ends_at=_when(se.get("ends_at")),
                location=se.get("location", ""),
                format=m.SessionFormat(se.get("format", "track2")),
                rule=m.Rule(se.get("rule", "chatham_house")),
                visibility=m.Visibility(se.get("visibility", "team")),
                participants=[
                    m.Participant(
                        actor=p.get("actor"),
                        name=p.get("name", ""),
                        role=p.get("role", ""),
                        present=bool(p.get("present", True)),
                        gender=m.Gender(p.get("gender", "undisclosed")),
                        extra=p.get("extra"),
                    )
                    for p in se.get("participants", [])
                ],
                agenda=list(se.get("agenda", [])),
                entries=[
                    m.Entry(
                        id=e["id"],
                        at=_when(e["at"]),
                        text=e["text"],
                        kind=m.EntryKind(e.get("kind", "note")),
                        speaker=e.get("speaker"),
                        about=list(e.get("about", [])),
                        author=e.get("author", ""),
                        visibility=m.Visibility(e.get("visibility", "team")),
                        extra=e.get("extra"),
                    )
                    for e in se.get("entries", [])
                ],
                actions=[
                    m.Action(
                        id=a["id"],
                        text=a["text"],
                        owner=a.get("owner"),
                        due=_day(a.get("due")),
                        status=m.ActionStatus(a.get("status", "open")),
                        entry=a.get("entry"),
                        visibility=m.Visibility(a.get("visibility", "team")),
                        extra=a.get("extra"),
                    )
                    for a in se.get("actions", [])
                ],
                extra=se.get("extra"),
            )
        )
    snapshots = [
        m.Snapshot(
            id=sn["id"],
            taken_at=_when(sn["taken_at"]),
            session=sn.get("session"),
            label=sn.get("label", ""),
            placements=[
                m.SnapshotPlacement(
                    actor=p["actor"],
                    track=p["track"],
                    angle_deg=p["angle_deg"],
                    radius=p["radius"],
                    influence=p.get("influence"),
                    stance=m.Stance(p["stance"]) if p.get("stance") else None,
                    status=m.ActorStatus(p["status"]) if p.get("status") else None,
                )
                for p in sn.get("placements", [])
            ],
            links=[
                m.SnapshotLink(
                    source=lk["source"],
                    target=lk["target"],
                    kind=m.LinkKind(lk.get("kind", "communication")),
                    directed=bool(lk.get("directed", False)),
                    strength=lk.get("strength", 2),
                )
                for lk in sn.get("links", [])
            ],
            extra=sn.get("extra"),
        )
        for sn in d.get("snapshots", [])
    ]
    return m.WorkshopDocument(workshop, actors, links, sessions, snapshots)


def small_document() -> m.WorkshopDocument:
    """A few records of today's schema, with fixed ids so the file is the same every time."""
    at = dt.datetime(2024, 5, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    a1, a2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
    session = m.Session(
        id="33333333-3333-4333-8333-333333333333",
        title="Séance de travail",
        starts_at=at,
        participants=[m.Participant(actor=a1, role="chair")],
        entries=[m.Entry(id="44444444-4444-4444-8444-444444444444", at=at, text="السلام عليكم", speaker=a1)],
    )
    return m.WorkshopDocument(
        workshop=m.Workshop(
            id="55555555-5555-4555-8555-555555555555", title="Fixture v2", created_at=at, updated_at=at
        ),
        actors=[
            m.Actor(id=a1, name="Ministry", track=1, placement=m.Placement(10.0, 0.8)),
            m.Actor(id=a2, name="Elders' council", track=9, placement=m.Placement(0.0, 0.1)),
        ],
        links=[m.Link(id="66666666-6666-4666-8666-666666666666", source=a1, target=a2)],
        sessions=[session],
    )


def _insert_v1(conn: Connection, doc: m.WorkshopDocument) -> None:
    """Rows as version 1 wrote them: repository's row builders, into 0001's tables only."""
    names = {t.name for t in V1_TABLES}
    assert names >= {t.name for t in (repository.T_WORKSHOP, repository.T_ACTORS, repository.T_SNAP_LINKS)}
    repository.insert_document(conn, doc, index=False)  # no search index before revision 0003


def make_v1(path: Path = V1, doc: m.WorkshopDocument | None = None) -> Path:
    """A schema-version-1 file: revision 0001 run on an empty database, stamped, header set."""
    path.unlink(missing_ok=True)
    raw = sqlite3.connect(str(path), isolation_level=None)
    database.apply_pragmas(raw, readonly=False)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            found = migrate.current_revision(conn)
            if found != "0001":
                raise SystemExit(f"expected revision 0001, got {found!r}")
            database.set_header(conn, 1)
            _insert_v1(conn, doc or example_document())
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "drafts" in tables:
            raise SystemExit("revision 0001 must not create the drafts table")
        problems = (
            raw.execute("PRAGMA integrity_check").fetchall()
            + raw.execute("PRAGMA foreign_key_check").fetchall()
        )
        if problems != [("ok",)]:
            raise SystemExit(f"v1 fixture is not sound: {problems}")
        raw.execute("VACUUM")
    finally:
        engine.dispose()
        raw.close()
    return path


def make_v2(path: Path = V2) -> Path:
    """A schema-version-2 file: revisions 0001-0002 (drafts, no search index yet)."""
    path.unlink(missing_ok=True)
    raw = sqlite3.connect(str(path), isolation_level=None)
    database.apply_pragmas(raw, readonly=False)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            database.set_header(conn, 2)
            repository.insert_document(conn, small_document(), index=False)
        raw.execute("VACUUM")
    finally:
        engine.dispose()
        raw.close()
    return path


def make_current(path: Path = V3) -> Path:
    """Today's schema, through ``WorkshopFile.create``."""
    path.unlink(missing_ok=True)
    wf = database.WorkshopFile.create(path)
    try:
        with wf.write() as conn:
            repository.insert_document(conn, small_document())
        wf.raw_connection().execute("VACUUM")
    finally:
        wf.close()
    return path


def main() -> int:
    for p in (make_v1(), make_v2(), make_current()):
        print(f"{p.name}: {p.stat().st_size} bytes, {database.read_header(p)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
