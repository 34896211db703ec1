"""Encrypted workshops in storage and services: what is on disk, keys, conversion, backups."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from multitrack_desktop.exchange import write_document
from multitrack_desktop.services.files import (
    check_file,
    decrypt_file,
    encrypt_file,
    export_json,
    import_workshop,
    load_document,
)
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.storage import backups, crypto
from multitrack_desktop.storage.crypto import Key, PassphraseNeeded, PassphraseRefused, WrongPassphrase
from multitrack_desktop.storage.database import SCHEMA_VERSION, WorkshopFile, read_header
from multitrack_desktop.storage.errors import DamagedFile, NotAWorkshop, StorageError

from ..storage.helpers import V1, assert_sentence
from .conftest import EXAMPLE, MARKERS, assert_no_markers, marked_document, marker_bytes, sha256

# ------------------------------------------------------------------ what is on disk


def test_markers_are_readable_in_the_plain_file_and_absent_from_the_encrypted_one(
    plain_file: Path, encrypted_file: Path
) -> None:
    plain = plain_file.read_bytes()
    for marker in marker_bytes():
        assert marker in plain  # the check below could not fail if the markers were never stored
    assert_no_markers(encrypted_file)
    assert not encrypted_file.read_bytes().startswith(b"SQLite format 3")
    assert crypto.needs_passphrase(encrypted_file)
    assert not crypto.needs_passphrase(plain_file)


def test_encrypted_file_holds_the_same_document(plain_file: Path, encrypted_file: Path, key: Key) -> None:
    assert write_document(load_document(encrypted_file, key=key)) == write_document(load_document(plain_file))
    with WorkshopFile.open(encrypted_file, readonly=True, key=key) as wf:
        assert wf.encrypted
        assert wf.header is not None and wf.header.user_version == SCHEMA_VERSION
        assert wf.integrity_problems() == []


def test_an_encrypted_file_is_not_recognised_without_its_passphrase(encrypted_file: Path) -> None:
    with pytest.raises(NotAWorkshop) as info:
        read_header(encrypted_file)
    assert "encrypted" in str(info.value)
    with pytest.raises(NotAWorkshop):
        WorkshopFile.open(encrypted_file, readonly=True)


# ------------------------------------------------------------------ keys


def test_right_passphrase_opens_for_editing_and_edits_stay_encrypted(encrypted_file: Path, key: Key) -> None:
    with WorkshopFile.open(encrypted_file, key=key) as wf:
        svc = WorkshopService(wf)
        actor = svc.actors()[1]
        svc.update_actor(actor.id, description="Qx7 edited in the locked file")
        assert wf.backup_warning is None
    assert_no_markers(encrypted_file)
    doc = load_document(encrypted_file, key=Key.from_passphrase("correct horse battery staple"))
    assert any(a.description == "Qx7 edited in the locked file" for a in doc.actors)


@pytest.mark.parametrize("readonly", [True, False])
def test_wrong_passphrase_is_said_plainly_and_changes_nothing(
    encrypted_file: Path, readonly: bool, data_dir: Path
) -> None:
    before = sha256(encrypted_file)
    listing = sorted(p.name for p in encrypted_file.parent.iterdir())
    with pytest.raises(WrongPassphrase) as info:
        WorkshopFile.open(
            encrypted_file, readonly=readonly, key=Key.from_passphrase("Correct horse battery staple")
        )
    assert str(info.value) == (
        f"The passphrase for {encrypted_file} is not right (or {encrypted_file} is not a Multitrack workshop)."
    )
    assert_sentence(str(info.value), encrypted_file)
    assert sha256(encrypted_file) == before
    assert sorted(p.name for p in encrypted_file.parent.iterdir()) == listing  # no lock or journal left
    assert not data_dir.exists() or not any(data_dir.rglob("*.multitrack"))  # no backup made
    # the right one still opens it (a wrong try is not held against it)
    with WorkshopFile.open(
        encrypted_file, readonly=True, key=Key.from_passphrase("correct horse battery staple")
    ):
        pass


def test_empty_passphrase_is_refused() -> None:
    with pytest.raises(PassphraseRefused) as info:
        Key.from_passphrase("")
    assert "empty" in str(info.value)


def test_a_key_never_shows_its_passphrase(key: Key) -> None:
    assert "horse" not in repr(key) and "horse" not in str(key)
    assert "horse" not in repr([key]) and "horse" not in f"{key}"


HARD = [
    'say "hello"',
    "it's o'clock",
    "a;b; DROP TABLE actors; --",
    "'; PRAGMA key='x",
    "كلمة السر للورشة",
    "🔐🕊️ peace 🇸🇩",
    "  spaces  around  ",
    "tab\tand\\backslash",
]


@pytest.mark.parametrize("passphrase", HARD)
def test_passphrases_with_any_characters_work(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "w.multitrack"
    import_workshop(EXAMPLE, path, key=Key.from_passphrase(passphrase))
    assert crypto.needs_passphrase(path)
    doc = load_document(path, key=Key.from_passphrase(passphrase))
    assert len(doc.actors) == 5
    with pytest.raises(WrongPassphrase):
        load_document(path, key=Key.from_passphrase(passphrase + "x"))
    with pytest.raises(WrongPassphrase):
        load_document(path, key=Key.from_passphrase(passphrase[:-1] or "x"))


def test_passphrases_are_nfc_normalised(tmp_path: Path) -> None:
    composed, decomposed = "caf\u00e9 r\u00e9union", "cafe\u0301 re\u0301union"
    assert composed != decomposed
    path = tmp_path / "w.multitrack"
    import_workshop(EXAMPLE, path, key=Key.from_passphrase(decomposed))
    assert len(load_document(path, key=Key.from_passphrase(composed)).actors) == 5


def test_a_key_given_for_a_plain_file_is_not_used(plain_file: Path, key: Key) -> None:
    with WorkshopFile.open(plain_file, readonly=True, key=key) as wf:
        assert not wf.encrypted


# ------------------------------------------------------------------ bad files


def test_random_bytes_given_a_passphrase(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "noise.multitrack"
    path.write_bytes(os.urandom(64 * 1024))
    before = sha256(path)
    with pytest.raises(WrongPassphrase) as info:
        WorkshopFile.open(path, key=key)
    assert_sentence(str(info.value), path)
    with pytest.raises(WrongPassphrase):
        check_file(path, key=key)
    with pytest.raises(WrongPassphrase):
        encrypt_file(path, Key.from_passphrase("new one"), key)
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "app-data") == ["noise.multitrack"]


@pytest.mark.parametrize("keep", [100, 5000, 0.5])
def test_truncated_encrypted_file(encrypted_file: Path, key: Key, keep: float) -> None:
    data = encrypted_file.read_bytes()
    n = int(len(data) * keep) if isinstance(keep, float) else keep
    encrypted_file.write_bytes(data[:n])
    before = sha256(encrypted_file)
    with pytest.raises((WrongPassphrase, DamagedFile)) as info:
        with WorkshopFile.open(encrypted_file, readonly=True, key=key) as wf:
            problems = wf.integrity_problems()
            with wf.read():
                pass
            if problems:
                raise DamagedFile(f"{encrypted_file} is damaged.")
            load_document(encrypted_file, key=key)
    assert_sentence(str(info.value), encrypted_file)
    with pytest.raises(StorageError):
        encrypt_file(encrypted_file, Key.from_passphrase("new one"), key)
    assert sha256(encrypted_file) == before


def test_encrypting_an_encrypted_file_needs_its_passphrase(encrypted_file: Path) -> None:
    with pytest.raises(PassphraseNeeded):
        encrypt_file(encrypted_file, Key.from_passphrase("another"))


# ------------------------------------------------------------------ conversion


def exported(path: Path, key: Key | None, out: Path) -> bytes:
    export_json(path, out, key=key)
    return out.read_bytes()


def test_encrypt_change_and_decrypt_round_trip_through_the_exchange_format(
    plain_file: Path, tmp_path: Path
) -> None:
    mode = 0o640
    os.chmod(plain_file, mode)
    before = exported(plain_file, None, tmp_path / "before.json")
    first, second = Key.from_passphrase("first 'one'"), Key.from_passphrase('second "one" 🕊')

    done = encrypt_file(plain_file, first)
    assert done.encrypted
    assert_no_markers(plain_file)
    assert exported(plain_file, first, tmp_path / "a.json") == before
    assert os.stat(plain_file).st_mode & 0o777 == mode

    encrypt_file(plain_file, second, first)
    assert_no_markers(plain_file)
    with pytest.raises(WrongPassphrase):
        load_document(plain_file, key=first)
    assert exported(plain_file, second, tmp_path / "b.json") == before

    done = decrypt_file(plain_file, second)
    assert not done.encrypted
    assert read_header(plain_file).user_version == SCHEMA_VERSION  # header values set again
    assert exported(plain_file, None, tmp_path / "c.json") == before
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "app-data")
    assert left == ["a.json", "b.json", "before.json", "c.json", "plain.multitrack"]  # no temporary file
    assert check_file(plain_file).ok


def test_conversion_keeps_the_search_index_working(plain_file: Path, key: Key) -> None:
    from multitrack_desktop.services.search import search

    def hits(k: Key | None) -> list[tuple[str, str]]:
        with WorkshopFile.open(plain_file, readonly=True, key=k) as wf:
            return [(h.kind, h.id) for q in ("Qx7ActorMarker", "mill", "radio") for h in search(wf, q)]

    before = hits(None)
    assert ("actor", marked_document().actors[0].id) in before
    encrypt_file(plain_file, key)
    assert hits(key) == before
    assert check_file(plain_file, key=key).ok
    # an edit in the encrypted file is found at once
    with WorkshopFile.open(plain_file, key=key) as wf:
        svc = WorkshopService(wf)
        svc.update_actor(svc.actors()[2].id, name="Zanzibar Rendezvous")
        from multitrack_desktop.services.search import search as find

        assert [h.kind for h in find(wf, "zanzibar")] == ["actor"]


def test_decrypt_with_the_wrong_passphrase_changes_nothing(encrypted_file: Path) -> None:
    before = sha256(encrypted_file)
    with pytest.raises(WrongPassphrase):
        decrypt_file(encrypted_file, Key.from_passphrase("nope"))
    assert sha256(encrypted_file) == before


def test_conversion_is_refused_while_another_holder_has_the_file(plain_file: Path, key: Key) -> None:
    from multitrack_desktop.storage.errors import LockedByOther

    before = sha256(plain_file)
    wf = WorkshopFile.open(plain_file)  # this process holds it: a conversion must not go under it
    try:
        with pytest.raises(LockedByOther):
            encrypt_file(plain_file, key)
    finally:
        wf.close()
    assert sha256(plain_file) == before


def test_leftovers_of_a_killed_conversion_are_removed_by_the_next(plain_file: Path, key: Key) -> None:
    stale = plain_file.with_name(f".{plain_file.name}.abc123.converting")
    stale.write_bytes(plain_file.read_bytes())
    encrypt_file(plain_file, key)
    assert not stale.exists()


def test_an_older_encrypted_workshop_is_upgraded_and_its_pre_migration_copy_is_encrypted(
    tmp_path: Path, key: Key, data_dir: Path
) -> None:
    old = tmp_path / "old.multitrack"
    shutil.copyfile(V1, old)
    encrypt_file(old, key)
    assert crypto.needs_passphrase(old)
    # reading goes through a migrated copy, which is encrypted too (and removed afterwards)
    assert check_file(old, key=key).needs_upgrade
    with WorkshopFile.open(old, key=key) as wf:
        assert wf.header is not None and wf.header.user_version < SCHEMA_VERSION
        folder = backups.backup_folder(wf)
    with WorkshopFile.open(old, readonly=True, key=key) as wf:
        assert wf.header is not None and wf.header.user_version == SCHEMA_VERSION
    copies = backups.list_backups(folder)
    kinds = sorted(b.kind for b in copies)
    assert kinds == ["before-upgrade", "daily"]
    for b in copies:
        assert crypto.needs_passphrase(b.path)
        assert crypto.is_encrypted_with(b.path, key)


# ------------------------------------------------------------------ backups


def test_backups_of_an_encrypted_workshop_are_encrypted(
    encrypted_file: Path, key: Key, data_dir: Path
) -> None:
    with WorkshopFile.open(encrypted_file, key=key) as wf:
        assert wf.backup_warning is None
        folder = backups.backup_folder(wf)
        wf.save_copy(encrypted_file.with_name("copy.multitrack"))
    made = backups.list_backups(folder)
    assert len(made) == 1
    for path in (made[0].path, encrypted_file.with_name("copy.multitrack")):
        assert_no_markers(path)
        assert crypto.is_encrypted_with(path, key)
        doc = load_document(path, key=key)
        assert doc.actors[0].name == MARKERS["actor"]
    # a restored copy is the encrypted backup, recognised with the key
    restored = backups.restore(made[0].path, encrypted_file.with_name("restored.multitrack"), key=key)
    assert crypto.is_encrypted_with(restored, key)


def test_encrypting_replaces_earlier_plain_backups(plain_file: Path, key: Key, data_dir: Path) -> None:
    with WorkshopFile.open(plain_file) as wf:  # today's backup: plain
        folder = backups.backup_folder(wf)
        backups.daily_backup(wf, today=dt.date.today() - dt.timedelta(days=1))
    plain_copies = [b.path for b in backups.list_backups(folder)]
    assert len(plain_copies) == 2
    for p in plain_copies:
        assert MARKERS["actor"].encode() in p.read_bytes()

    done = encrypt_file(plain_file, key)
    assert done.backups_converted == 2 and done.backup_problems == []
    assert sorted(b.path for b in backups.list_backups(folder)) == sorted(plain_copies)
    for p in plain_copies:
        assert_no_markers(p)
        assert load_document(p, key=key).actors[0].name == MARKERS["actor"]
    assert sorted(q.name for q in folder.iterdir()) == sorted(p.name for p in plain_copies)

    new = Key.from_passphrase("changed")
    assert encrypt_file(plain_file, new, key).backups_converted == 2
    for p in plain_copies:
        assert crypto.is_encrypted_with(p, new) and not crypto.is_encrypted_with(p, key)
    assert decrypt_file(plain_file, new).backups_converted == 2
    for p in plain_copies:
        assert read_header(p).user_version == SCHEMA_VERSION


def test_plain_copies_left_beside_an_encrypted_workshop_are_encrypted_at_the_next_open(
    plain_file: Path, key: Key, data_dir: Path, tmp_path: Path
) -> None:
    with WorkshopFile.open(plain_file) as wf:
        folder = backups.backup_folder(wf)
    (copy,) = [b.path for b in backups.list_backups(folder)]
    saved = tmp_path / "saved-plain-copy.multitrack"
    shutil.copyfile(copy, saved)
    assert encrypt_file(plain_file, key).backups_converted == 1
    # as if a conversion had been stopped after the rename, before the copies were converted
    stray = folder / "plain-before-upgrade-from-v1-2025-01-01T000000.multitrack"
    shutil.copyfile(saved, stray)
    with WorkshopFile.open(plain_file, key=key) as wf:
        assert wf.backup_warning is None
    assert len(backups.list_backups(folder)) == 2
    for b in backups.list_backups(folder):
        assert crypto.is_encrypted_with(b.path, key), b.path.name
        assert_no_markers(b.path)


def test_a_damaged_plain_backup_is_removed_when_the_workshop_is_encrypted(
    plain_file: Path, key: Key, data_dir: Path
) -> None:
    with WorkshopFile.open(plain_file) as wf:
        folder = backups.backup_folder(wf)
    (copy,) = [b.path for b in backups.list_backups(folder)]
    data = bytearray(copy.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xff" * 4096  # a damaged page
    copy.write_bytes(bytes(data))
    done = encrypt_file(plain_file, key)
    assert done.backups_removed == 1 and len(done.backup_problems) == 1
    assert not copy.exists()


# ------------------------------------------------------------------ import


def test_import_encrypted_leaves_no_plain_copy(
    tmp_path: Path, key: Key, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multitrack_desktop.services import files

    src = tmp_path / "in.json"
    src.write_bytes(write_document(marked_document()))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dest = out_dir / "w.multitrack"
    seen: list[str] = []
    insert = files.repo.insert_document

    def insert_and_look(conn, doc, **kw):  # type: ignore[no-untyped-def]
        insert(conn, doc, **kw)
        conn.exec_driver_sql("PRAGMA cache_spill=ON")
        conn.exec_driver_sql("PRAGMA shrink_memory")
        # mid-transaction: the temporary file and its journal are on disk; neither may be readable
        for p in out_dir.iterdir():
            seen.append(p.name)
            assert_no_markers(p)

    monkeypatch.setattr(files.repo, "insert_document", insert_and_look)
    import_workshop(src, dest, key=key)
    assert any(name.endswith("-journal") for name in seen), seen
    assert sorted(p.name for p in out_dir.iterdir()) == ["w.multitrack"]
    assert_no_markers(dest)
    assert load_document(dest, key=key).actors[0].name == MARKERS["actor"]


def test_the_rollback_journal_of_an_encrypted_workshop_is_encrypted(encrypted_file: Path, key: Key) -> None:
    """Mid-save, the journal holds the pages as they were (with the markers): they must be encrypted too."""
    from sqlalchemy import update

    from multitrack_desktop.storage import repository as r

    journal = encrypted_file.with_name(encrypted_file.name + "-journal")
    with WorkshopFile.open(encrypted_file, key=key, daily_backup=False) as wf:
        with wf.write() as conn:
            conn.execute(update(r.T_ACTORS).values(name="renamed", contact=""))
            conn.execute(update(r.T_ENTRIES).values(text="rewritten"))
            conn.exec_driver_sql("PRAGMA cache_size=1")  # spill changed pages to the file
            conn.exec_driver_sql("PRAGMA shrink_memory")
            assert journal.exists() and journal.stat().st_size > 0
            assert_no_markers(journal)
            assert_no_markers(encrypted_file)
