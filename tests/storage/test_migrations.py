"""Older files are upgraded safely; the migrated schema is the schema of the models.

Fixtures: tests/data/workshop-v1.multitrack (revision 0001 only, user_version 1, the spec's
example workshop) and workshop-v2.multitrack (today's schema), built by tests/data/make_fixtures.py.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import StaticPool

from multitrack_desktop.storage import database, migrate
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage import schema as s
from multitrack_desktop.storage.backups import list_backups
from multitrack_desktop.storage.database import SCHEMA_VERSION, WorkshopFile, read_header
from multitrack_desktop.storage.errors import DamagedFile, ReadOnly
from multitrack_desktop.storage.lock import lock_path
from multitrack_desktop.storage.search_index import include_object

from .helpers import CURRENT, V1, V2, assert_sentence, load_fixture_module, sha256


def tables_of(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def alembic_revision(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def test_the_kept_fixtures_are_what_they_claim() -> None:
    assert read_header(V1).user_version == 1
    assert alembic_revision(V1) == database.REVISIONS[1]
    assert "drafts" not in tables_of(V1)
    assert read_header(V2).user_version == 2
    assert alembic_revision(V2) == database.REVISIONS[2]
    assert "drafts" in tables_of(V2) and "search_fts" not in tables_of(V2)
    assert read_header(CURRENT).user_version == SCHEMA_VERSION
    assert alembic_revision(CURRENT) == database.HEAD_REVISION
    assert {"drafts", "search_fts"} <= tables_of(CURRENT)
    assert V1.stat().st_size < 200_000 and V2.stat().st_size < 210_000
    assert CURRENT.stat().st_size < 250_000


# --------------------------------------------------------------------------- opening v1


def test_opening_v1_for_writing_migrates_it_after_a_backup(
    copy_fixture: Callable[..., Path], tmp_path: Path
) -> None:
    path = copy_fixture(V1, "old.multitrack")
    original = path.read_bytes()
    backups = tmp_path / "backups"
    wf = WorkshopFile.open(path, backup_dir=backups)
    try:
        with wf.read() as conn:
            doc = r.load_document(conn)
            assert migrate.current_revision(conn) == database.HEAD_REVISION
        assert wf.integrity_problems() == []
        with wf.write() as conn:  # the new table is usable at once
            conn.execute(
                s.DraftRow.__table__.insert(),
                [
                    {
                        "session_id": doc.sessions[0].id,
                        "text": "half a thought",
                        "kind": "note",
                        "updated_at": doc.workshop.updated_at,
                    }
                ],
            )
    finally:
        wf.close()

    assert read_header(path).user_version == SCHEMA_VERSION == 3
    assert "drafts" in tables_of(path)
    assert doc == load_fixture_module().example_document(), "every record survives the upgrade"
    # local offsets, not just instants, survive
    assert doc.sessions[0].starts_at.utcoffset() is not None
    assert doc.sessions[0].starts_at.isoformat() == "2000-03-02T09:00:00+02:00"

    found = list_backups(backups / doc.workshop.id)
    # the copy as the old version wrote it, and the day's automatic copy of the upgraded file
    assert sorted(b.kind for b in found) == ["before-upgrade", "daily"]
    copy = next(b.path for b in found if b.kind == "before-upgrade")
    assert "from-v1" in copy.name
    assert read_header(copy).user_version == 1
    assert "drafts" not in tables_of(copy)
    assert alembic_revision(copy) == "0001"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM actors").fetchone()[0] == len(doc.actors)
    conn.close()
    assert path.read_bytes() != original

    # opening again: nothing more to do, no second backup
    WorkshopFile.open(path, backup_dir=backups).close()
    assert len(list_backups(backups / doc.workshop.id)) == 2


def test_opening_v1_read_only_changes_nothing(copy_fixture: Callable[..., Path], data_dir: Path) -> None:
    path = copy_fixture(V1, "old.multitrack")
    before = sha256(path)
    wf = WorkshopFile.open(path, readonly=True)
    try:
        assert wf.readonly
        assert wf.source == path
        with wf.read() as conn:
            doc = r.load_document(conn)
        assert doc == load_fixture_module().example_document()
        with pytest.raises(ReadOnly) as info, wf.write():
            pass
        assert_sentence(str(info.value), path)
        temp = wf.path
        assert temp != path and temp.exists()
    finally:
        wf.close()
    assert not temp.exists(), "the migrated temporary copy is removed on close"
    assert sha256(path) == before
    assert read_header(path).user_version == 1
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("old")) == ["old.multitrack"]
    assert not data_dir.exists() or not any(data_dir.rglob("*.multitrack")), "reading makes no backup"


# --------------------------------------------------------------------------- schema == models


def _upgrade(conn: Connection, target: str = "head") -> None:
    cfg = migrate.alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


@pytest.fixture
def scratch_db(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], Connection]]]:
    path = tmp_path / "scratch.db"
    raw = sqlite3.connect(path, isolation_level=None)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        yield path, engine.connect
    finally:
        engine.dispose()
        raw.close()


def test_migrations_from_nothing_equal_the_models(scratch_db: tuple[Path, Callable[[], Connection]]) -> None:
    _path, connect = scratch_db
    with connect() as conn:
        with conn.begin():
            _upgrade(conn)
        assert migrate.current_revision(conn) == database.HEAD_REVISION
        assert compare_metadata(_context(conn), s.metadata) == []


def _context(conn: Connection) -> MigrationContext:
    """Compare with the models, leaving out the search index (an FTS5 table: not a model)."""
    return MigrationContext.configure(conn, opts={"include_object": include_object})


def test_migrated_v1_equals_the_models(copy_fixture: Callable[..., Path], tmp_path: Path) -> None:
    path = copy_fixture(V1)
    WorkshopFile.open(path, backup_dir=tmp_path / "b").close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert compare_metadata(_context(conn), s.metadata) == []
    finally:
        engine.dispose()


def test_compare_metadata_would_notice_a_difference(
    scratch_db: tuple[Path, Callable[[], Connection]],
) -> None:
    """The comparison above can fail: stop at revision 0001 and the drafts table is missing."""
    _path, connect = scratch_db
    with connect() as conn:
        with conn.begin():
            _upgrade(conn, "0001")
        diff = compare_metadata(MigrationContext.configure(conn), s.metadata)
    assert [d[0] for d in diff] == ["add_table"] and diff[0][1].name == "drafts"


def _split_top_level(body: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in body:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def normalised_schema(path: Path) -> dict[tuple[str, str], object]:
    """Tables and indexes as SQLite stores them; column order kept, constraint order ignored."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index') "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    finally:
        conn.close()
    out: dict[tuple[str, str], object] = {}
    for kind, name, sql in rows:
        text = re.sub(r"\s+", " ", sql or "").strip()
        if kind == "table":
            head, body = text.split("(", 1)
            items = _split_top_level(body.rsplit(")", 1)[0])
            columns = [
                i
                for i in items
                if not i.upper().startswith(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))
            ]
            constraints = sorted(i for i in items if i not in columns)
            out[(kind, name)] = (head.strip(), columns, constraints)
        else:
            out[(kind, name)] = text
    return out


def test_created_schema_equals_migrated_schema(copy_fixture: Callable[..., Path], tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.multitrack"
    WorkshopFile.create(fresh).close()
    migrated = copy_fixture(V1, "migrated.multitrack")
    WorkshopFile.open(migrated, backup_dir=tmp_path / "b").close()

    a, b = normalised_schema(fresh), normalised_schema(migrated)
    assert set(a) == set(b)
    for key in a:
        assert a[key] == b[key], key
    assert ("table", "drafts") in a and ("index", "ix_actors_position") in a
    assert read_header(fresh).user_version == read_header(migrated).user_version == SCHEMA_VERSION


# --------------------------------------------------------------------------- failed migrations


def _set_alembic_version(path: Path, value: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (value,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("value", ["0002", "9999", "bogus"])
def test_wrong_revision_is_damaged_and_unchanged(
    copy_fixture: Callable[..., Path], tmp_path: Path, value: str
) -> None:
    path = copy_fixture(V1, "odd.multitrack")
    _set_alembic_version(path, value)
    before = sha256(path)
    with pytest.raises(DamagedFile) as info:
        WorkshopFile.open(path, backup_dir=tmp_path / "b")
    assert_sentence(str(info.value), path)
    assert sha256(path) == before
    assert not lock_path(path).exists()
    # and read-only opening says the same, leaving it alone too
    with pytest.raises(DamagedFile):
        WorkshopFile.open(path, readonly=True)
    assert sha256(path) == before


def test_migration_failing_midway_leaves_the_file_unchanged(
    copy_fixture: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision that breaks after its DDL ran: the transaction (DDL included) is rolled back."""
    path = copy_fixture(V1, "old.multitrack")
    before = sha256(path)
    real_upgrade = command.upgrade

    def upgrade_then_fail(cfg: object, target: str) -> None:
        real_upgrade(cfg, target)  # drafts now exists inside the transaction
        raise RuntimeError("revision failed half-way")

    monkeypatch.setattr(migrate.command, "upgrade", upgrade_then_fail)
    with pytest.raises(RuntimeError):
        WorkshopFile.open(path, backup_dir=tmp_path / "b")
    assert sha256(path) == before
    assert "drafts" not in tables_of(path)
    assert not lock_path(path).exists()
    monkeypatch.undo()
    WorkshopFile.open(path, backup_dir=tmp_path / "b").close()  # and it still upgrades afterwards
    assert "drafts" in tables_of(path)


def test_migration_leaving_dangling_references_is_refused(
    copy_fixture: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``PRAGMA foreign_key_check`` runs before the new version is written; a failure rolls back."""
    path = copy_fixture(V1, "old.multitrack")
    before = sha256(path)
    real_upgrade = command.upgrade

    def upgrade_and_break(cfg: object, target: str) -> None:
        real_upgrade(cfg, target)
        conn = cfg.attributes["connection"]  # type: ignore[attr-defined]
        conn.exec_driver_sql("UPDATE links SET target = 'no-such-actor'")

    monkeypatch.setattr(migrate.command, "upgrade", upgrade_and_break)
    with pytest.raises(DamagedFile) as info:
        WorkshopFile.open(path, backup_dir=tmp_path / "b")
    assert_sentence(str(info.value), path)
    assert "has not been changed" in str(info.value)
    assert sha256(path) == before


def test_current_fixture_opens_without_migration(copy_fixture: Callable[..., Path], tmp_path: Path) -> None:
    path = copy_fixture(CURRENT)
    before = sha256(path)
    wf = WorkshopFile.open(path, backup_dir=tmp_path / "b")
    try:
        with wf.read() as conn:
            doc = r.load_document(conn)
    finally:
        wf.close()
    expected = load_fixture_module().small_document()
    # participants get file-local ids; everything the format carries is equal
    assert dataclasses.asdict(doc) == dataclasses.asdict(expected)
    assert sha256(path) == before, "opening and closing a current file writes nothing"
    made = [b.kind for b in list_backups(tmp_path / "b" / doc.workshop.id)]
    assert made == ["daily"], "no upgrade copy for a current file; only the day's automatic copy"
