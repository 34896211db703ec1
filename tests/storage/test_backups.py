"""Daily backup copies: one a day, only the last N days kept, listed newest first, restorable."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert

from multitrack_desktop.domain import model as m
from multitrack_desktop.storage import backups
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.database import WorkshopFile, read_header
from multitrack_desktop.storage.errors import NotAWorkshop, OutputExists, StorageError

from .helpers import CURRENT, assert_sentence, sha256

DAY = dt.date(2025, 3, 10)
WORKSHOP_ID = "55555555-5555-4555-8555-555555555555"  # the fixtures' workshop id (v2 and current)


@pytest.fixture
def wf(copy_fixture: Callable[..., Path]) -> Iterator[WorkshopFile]:
    # the automatic copy at open is tested on its own below; here each test makes its copies by hand
    f = WorkshopFile.open(copy_fixture(CURRENT, "talks.multitrack"), daily_backup=False)
    try:
        yield f
    finally:
        f.close()


def actor_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM actors")}
    finally:
        conn.close()


def add_actor(wf: WorkshopFile, actor_id: str) -> None:
    with wf.write() as conn:
        conn.execute(insert(r.T_ACTORS), [r.actor_row(m.Actor(id=actor_id, name=actor_id), 50)])


def test_backups_go_under_the_data_dir(wf: WorkshopFile, data_dir: Path) -> None:
    assert os.environ["MULTITRACK_DATA_DIR"] == str(data_dir)
    made = backups.daily_backup(wf, today=DAY)
    assert made is not None
    assert made.parent == data_dir / "backups" / WORKSHOP_ID
    assert made.name == "talks-2025-03-10.multitrack"
    assert read_header(made).user_version == read_header(wf.path).user_version
    assert actor_ids(made) == actor_ids(wf.path)
    copy = WorkshopFile.open(made, readonly=True)
    try:
        assert copy.integrity_problems() == []
    finally:
        copy.close()


def test_one_copy_a_day(wf: WorkshopFile, data_dir: Path) -> None:
    first = backups.daily_backup(wf, today=DAY)
    assert first is not None
    stamp = sha256(first)
    add_actor(wf, "later-that-day")
    assert backups.daily_backup(wf, today=DAY) is None, "a second call the same day makes nothing"
    assert sha256(first) == stamp, "and does not overwrite the morning's copy"
    assert "later-that-day" not in actor_ids(first)

    nxt = backups.daily_backup(wf, today=DAY + dt.timedelta(days=1))
    assert nxt is not None and nxt != first
    assert "later-that-day" in actor_ids(nxt)
    assert len(backups.list_backups(first.parent)) == 2


def test_only_keep_days_are_kept_newest_first(wf: WorkshopFile) -> None:
    folder = None
    for i in range(10):
        made = backups.daily_backup(wf, today=DAY + dt.timedelta(days=i), keep_days=3)
        assert made is not None
        folder = made.parent
    assert folder is not None
    listed = backups.list_backups(folder)
    assert [b.day for b in listed] == [DAY + dt.timedelta(days=d) for d in (9, 8, 7)]
    assert all(b.kind == "daily" for b in listed)
    assert sorted(p.name for p in folder.iterdir()) == sorted(b.path.name for b in listed), (
        "old files deleted"
    )


def test_list_backups_order_and_kinds(wf: WorkshopFile, tmp_path: Path) -> None:
    root = tmp_path / "elsewhere"
    for day in (DAY, DAY - dt.timedelta(days=2), DAY - dt.timedelta(days=1)):
        backups.daily_backup(wf, today=day, root=root)
    before = backups.pre_migration_copy(wf, 1, root)
    folder = root / WORKSHOP_ID
    (folder / "notes.txt").write_text("not a backup")
    listed = backups.list_backups(folder)
    assert [b.day for b in listed if b.kind == "daily"] == [
        DAY,
        DAY - dt.timedelta(days=1),
        DAY - dt.timedelta(days=2),
    ]
    assert listed[0].day == DAY, "newest first"
    assert [b.path for b in listed if b.kind == "before-upgrade"] == [before]
    assert all(b.path.suffix == ".multitrack" for b in listed)
    assert backups.list_backups(tmp_path / "no-such-folder") == []


def test_keep_days_never_deletes_upgrade_copies(wf: WorkshopFile) -> None:
    before = backups.pre_migration_copy(wf, 1)
    for i in range(5):
        backups.daily_backup(wf, today=DAY + dt.timedelta(days=i), keep_days=1)
    assert before.exists()
    kinds = [b.kind for b in backups.list_backups(before.parent)]
    assert sorted(kinds) == ["before-upgrade", "daily"]


def test_restore_writes_a_new_file_and_refuses_to_overwrite(wf: WorkshopFile, tmp_path: Path) -> None:
    made = backups.daily_backup(wf, today=DAY)
    assert made is not None
    add_actor(wf, "after-the-backup")
    backup_hash = sha256(made)

    dest = tmp_path / "restored.multitrack"
    assert backups.restore(made, dest) == dest
    assert sha256(dest) == backup_hash
    assert "after-the-backup" not in actor_ids(dest)
    assert sorted(p.name for p in tmp_path.iterdir() if "restor" in p.name) == ["restored.multitrack"]
    restored = WorkshopFile.open(dest, daily_backup=False)
    try:
        assert restored.integrity_problems() == []
    finally:
        restored.close()

    # over an existing file: refused, both files untouched
    existing = wf.path
    existing_hash = sha256(existing)
    with pytest.raises(OutputExists) as info:
        backups.restore(made, existing)
    assert_sentence(str(info.value), existing)
    assert sha256(existing) == existing_hash
    assert sha256(made) == backup_hash


def test_restore_refuses_something_that_is_not_a_workshop(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus-2025-03-10.multitrack"
    bogus.write_bytes(b"not a database at all")
    dest = tmp_path / "out.multitrack"
    with pytest.raises(NotAWorkshop) as info:
        backups.restore(bogus, dest)
    assert_sentence(str(info.value), bogus)
    assert not dest.exists()


def test_save_copy_is_consistent_and_atomic(wf: WorkshopFile, tmp_path: Path) -> None:
    add_actor(wf, "in-the-copy")
    dest = tmp_path / "copy.multitrack"
    wf.save_copy(dest)
    assert "in-the-copy" in actor_ids(dest)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")] == [], "no temporary left"
    copy = WorkshopFile.open(dest)
    try:
        assert copy.integrity_problems() == []
    finally:
        copy.close()


def test_restore_into_a_missing_folder_is_a_sentence(wf: WorkshopFile, tmp_path: Path) -> None:
    made = backups.daily_backup(wf, today=DAY)
    assert made is not None
    dest = tmp_path / "gone" / "restored.multitrack"
    with pytest.raises(StorageError) as info:
        backups.restore(made, dest)
    assert_sentence(str(info.value), dest)
    assert not dest.parent.exists()


def test_opening_for_editing_makes_todays_copy_once(
    copy_fixture: Callable[..., Path], data_dir: Path
) -> None:
    path = copy_fixture(CURRENT, "daily.multitrack")
    folder = data_dir / "backups" / WORKSHOP_ID
    with WorkshopFile.open(path, readonly=True):
        pass
    assert not folder.exists(), "reading never makes a backup"
    with WorkshopFile.open(path) as f:
        assert f.backup_warning is None
    copies = backups.list_backups(folder)
    assert [b.kind for b in copies] == ["daily"] and copies[0].day == dt.date.today()
    assert actor_ids(copies[0].path) == actor_ids(path)
    with WorkshopFile.open(path):
        pass
    assert len(backups.list_backups(folder)) == 1


def test_a_failed_backup_is_reported_and_does_not_stop_the_work(
    copy_fixture: Callable[..., Path], data_dir: Path
) -> None:
    path = copy_fixture(CURRENT, "nobackup.multitrack")
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "backups").write_text("a file where the backup folder should be")
    with WorkshopFile.open(path) as f:
        assert f.backup_warning and "backup" in f.backup_warning
        with f.read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM actors").scalar() > 0
