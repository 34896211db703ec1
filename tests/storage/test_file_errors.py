"""Bad inputs are refused with a sentence that names the file, and are never changed.

Every case hashes the file before and after; anything other than a ``StorageError`` escaping
(a raw ``sqlite3`` error, a traceback text in the message) is a bug.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert

from multitrack_desktop.domain import model as m
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.database import APPLICATION_ID, SCHEMA_VERSION, WorkshopFile, read_header
from multitrack_desktop.storage.errors import (
    DamagedFile,
    FileMissing,
    NewerVersion,
    NoSpace,
    NotAWorkshop,
    ReadOnly,
    StorageError,
)
from multitrack_desktop.storage.lock import lock_path

from .helpers import CURRENT, V1, assert_sentence, sha256

MODES = pytest.mark.parametrize("readonly", [False, True], ids=["for-writing", "read-only"])


def refuse(path: Path, readonly: bool, expected: type[StorageError]) -> StorageError:
    """Open ``path``; it must be refused with ``expected``, a sentence, and leave nothing behind."""
    before = sha256(path) if path.is_file() else None
    listing = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StorageError) as info:
        WorkshopFile.open(path, readonly=readonly)
    assert type(info.value) is expected, f"{type(info.value).__name__}: {info.value}"
    assert_sentence(str(info.value), path)
    if before is not None:
        assert sha256(path) == before, "a refused file must not change"
    # no lock file, journal or half-made file is left beside it
    assert sorted(p.name for p in path.parent.iterdir()) == listing
    return info.value


def opened_or_refused(path: Path, readonly: bool) -> str:
    """Open, load and check a damaged file: the damage must come out as a StorageError or as problems."""
    try:
        wf = WorkshopFile.open(path, readonly=readonly)
    except StorageError as exc:
        assert_sentence(str(exc), path)
        return f"refused: {type(exc).__name__}"
    try:
        try:
            with wf.read() as conn:
                r.load_document(conn)
        except StorageError as exc:
            assert_sentence(str(exc), path)
            return f"load refused: {type(exc).__name__}"
        try:
            problems = wf.integrity_problems()
        except StorageError as exc:
            assert_sentence(str(exc), path)
            return f"check refused: {type(exc).__name__}"
        return "problems" if problems else "clean"
    finally:
        wf.close()


# --------------------------------------------------------------------------- not workshops


@MODES
def test_missing_path_is_refused_and_not_created(tmp_path: Path, readonly: bool) -> None:
    path = tmp_path / "nowhere.multitrack"
    refuse(path, readonly, FileMissing)
    assert not path.exists()
    assert not lock_path(path).exists()


@MODES
def test_a_folder_is_refused(tmp_path: Path, readonly: bool) -> None:
    folder = tmp_path / "looks-like.multitrack"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    refuse(folder, readonly, NotAWorkshop)
    assert [p.name for p in folder.iterdir()] == ["inside.txt"]


BAD_BYTES: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "random": lambda: random.Random(7).randbytes(64 * 1024),
    "png": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(8).randbytes(4000),
    "text": lambda: b"Meeting notes, not a workshop.\n" * 50,
}


@MODES
@pytest.mark.parametrize("kind", list(BAD_BYTES))
def test_files_that_are_not_databases_are_refused(tmp_path: Path, kind: str, readonly: bool) -> None:
    path = tmp_path / f"{kind}.multitrack"
    path.write_bytes(BAD_BYTES[kind]())
    exc = refuse(path, readonly, NotAWorkshop)
    assert "workshop" in str(exc)


@MODES
def test_sqlite_file_of_another_program_is_refused(tmp_path: Path, readonly: bool) -> None:
    path = tmp_path / "contacts.multitrack"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO people VALUES ('Ana', '123')")
    conn.close()
    exc = refuse(path, readonly, NotAWorkshop)
    assert "another program" in str(exc)


@MODES
def test_our_header_without_our_tables_is_refused(tmp_path: Path, readonly: bool) -> None:
    """A file that claims to be ours (application_id, user_version) but has none of our tables."""
    path = tmp_path / "claims.multitrack"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    refuse(path, readonly, NotAWorkshop)


@MODES
def test_newer_version_is_refused_unchanged(copy_fixture: Callable[..., Path], readonly: bool) -> None:
    path = copy_fixture(CURRENT, "from-the-future.multitrack")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    exc = refuse(path, readonly, NewerVersion)
    assert "newer version" in str(exc)
    assert "99" in str(exc)
    with pytest.raises(NewerVersion):
        read_header(path)


# --------------------------------------------------------------------------- damaged workshops


@MODES
@pytest.mark.parametrize("cut", ["header-only", "2KB", "half"])
def test_truncated_workshop_is_refused(copy_fixture: Callable[..., Path], readonly: bool, cut: str) -> None:
    path = copy_fixture(CURRENT, f"cut-{cut}.multitrack")
    data = path.read_bytes()
    keep = {"header-only": 60, "2KB": 2048, "half": len(data) // 2}[cut]
    path.write_bytes(data[:keep])
    refuse(path, readonly, DamagedFile)


def make_big_workshop(path: Path, entries: int = 3000) -> Path:
    """A workshop of several hundred pages: most pages in the middle hold entry rows."""
    wf = WorkshopFile.create(path)
    try:
        at = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
        session = m.Session(id=m.new_id(), title="Long session", starts_at=at)
        session.entries = [
            m.Entry(
                id=m.new_id(), at=at + dt.timedelta(seconds=i), text=f"Entry number {i}: " + "words " * 20
            )
            for i in range(entries)
        ]
        doc = m.WorkshopDocument(
            workshop=m.Workshop(id=m.new_id(), title="Big"),
            actors=[m.Actor(id=m.new_id(), name=f"Actor {i}") for i in range(50)],
            sessions=[session],
        )
        with wf.write() as conn:
            r.insert_document(conn, doc)
    finally:
        wf.close()
    return path


@pytest.fixture(scope="module")
def big_workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield make_big_workshop(tmp_path_factory.mktemp("big") / "big.multitrack")


@MODES
@pytest.mark.parametrize("where", [0.3, 0.45, 0.5, 0.6, 0.75])
def test_garbage_in_the_middle_is_reported_never_raw(
    big_workshop: Path, tmp_path: Path, readonly: bool, where: float
) -> None:
    path = tmp_path / "garbled.multitrack"
    data = bytearray(big_workshop.read_bytes())
    page = read_header(big_workshop).page_size
    assert len(data) // page > 100, "the file must have many pages"
    start = int(len(data) * where) // page * page
    data[start : start + 2 * page] = random.Random(int(where * 100)).randbytes(2 * page)
    path.write_bytes(bytes(data))
    before = sha256(path)
    outcome = opened_or_refused(path, readonly)
    assert outcome != "clean", "two pages of garbage among the rows must be noticed"
    assert sha256(path) == before
    assert not lock_path(path).exists()


@pytest.mark.parametrize("fixture", [V1, CURRENT], ids=["v1", "current"])
def test_every_damaged_page_is_reported_never_raw(tmp_path: Path, fixture: Path) -> None:
    """Garble each page of a real workshop in turn (for writing and read-only).

    Whatever page is hit, the damage is a StorageError or a list of problems. A damaged
    older file opened for writing is refused rather than migrated in place, so it is never
    changed; a file that opens for writing at all loads cleanly.
    """
    good = fixture.read_bytes()
    page = read_header(fixture).page_size
    rng = random.Random(2024)
    outcomes: dict[str, int] = {}
    for n in range(1, len(good) // page):
        for readonly in (False, True):
            data = bytearray(good)
            # keep the page's 8-byte b-tree header: empty pages then stay empty, and the
            # cases where a writer opens the file at all are informative
            data[n * page + 8 : (n + 1) * page - 8] = rng.randbytes(page - 16)
            path = tmp_path / f"page{n}-{readonly}.multitrack"
            path.write_bytes(bytes(data))
            before = sha256(path)
            outcome = opened_or_refused(path, readonly)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if readonly or fixture == CURRENT:
                assert sha256(path) == before, (n, readonly, outcome)
            elif outcome != "clean":
                # the older file was damaged: the writer must not have touched it
                assert outcome == "refused: DamagedFile", (n, outcome)
                assert sha256(path) == before, (n, outcome)
            assert not lock_path(path).exists()
            path.unlink()
    assert outcomes.get("refused: DamagedFile", 0) > 0, outcomes


# --------------------------------------------------------------------------- the OS refuses


def _interpreter_for(user: str) -> tuple[list[str], dict[str, str]] | None:
    """A Python that ``user`` may run with this project importable, or None.

    The venv's interpreter may live under /root (mode 700); then the system python3 of the
    same minor version is used with the venv's site-packages on PYTHONPATH.
    """
    site = sysconfig.get_paths()["purelib"]
    project = str(Path(__file__).resolve().parents[2])
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/nonexistent",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": os.pathsep.join([site, project]),
    }
    want = f"{sys.version_info.major}.{sys.version_info.minor}"
    for exe in (sys.executable, f"/usr/bin/python{want}"):
        probe = subprocess.run(
            [*_as(user), exe, "-c", "import sys, sqlalchemy, PySide6.QtCore; print(sys.version[:4])"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if probe.returncode == 0 and probe.stdout.strip() == want[:4]:
            return [*_as(user), exe], env
    return None


def _as(user: str) -> list[str]:
    return ["setpriv", f"--reuid={user}", "--regid=nogroup", "--clear-groups"]


OPEN_SCRIPT = """
import json, sys
from multitrack_desktop.storage import repository
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import StorageError
path, readonly = sys.argv[1], sys.argv[2] == "ro"
try:
    wf = WorkshopFile.open(path, readonly=readonly)
except StorageError as exc:
    print(json.dumps({"error": type(exc).__name__, "message": str(exc)}))
    sys.exit(0)
with wf.read() as conn:
    doc = repository.load_document(conn)
print(json.dumps({"opened": True, "title": doc.workshop.title, "problems": wf.integrity_problems()}))
wf.close()
"""


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    """A folder outside pytest's private tmp (mode 700), so another user can reach the file."""
    folder = Path(tempfile.mkdtemp(prefix="multitrack-ro-", dir="/tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to the nobody user (setpriv)")
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv is not installed")
@pytest.mark.parametrize("folder_mode", [0o755, 0o777], ids=["folder-read-only", "folder-writable"])
def test_read_only_file_refused_for_writing_as_unprivileged_user(
    world_readable_dir: Path, folder_mode: int
) -> None:
    """Root ignores file modes, so the open runs as ``nobody`` (setpriv) on a root-owned 644 file.

    With a read-only folder no lock file can be made; with a writable folder the file
    itself is read-only. Both are a ReadOnly sentence, and reading still works.
    """
    runner = _interpreter_for("nobody")
    if runner is None:
        pytest.skip("no Python interpreter the nobody user may run with this project importable")
    cmd, env = runner
    path = world_readable_dir / "shared.multitrack"
    shutil.copyfile(CURRENT, path)
    path.chmod(0o644)
    world_readable_dir.chmod(folder_mode)
    before = sha256(path)

    def run(mode: str) -> dict[str, object]:
        done = subprocess.run(
            [*cmd, "-c", OPEN_SCRIPT, str(path), mode], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    result = run("rw")
    assert result.get("error") == "ReadOnly", result
    message = str(result["message"])
    assert_sentence(message, path)
    assert "read-only" in message
    assert sha256(path) == before
    assert sorted(p.name for p in world_readable_dir.iterdir()) == ["shared.multitrack"]

    result = run("ro")
    assert result == {"opened": True, "title": "Fixture v2", "problems": []}
    assert sha256(path) == before


def test_write_on_a_read_only_open_is_refused(copy_fixture: Callable[..., Path]) -> None:
    path = copy_fixture(CURRENT)
    before = sha256(path)
    wf = WorkshopFile.open(path, readonly=True)
    try:
        with pytest.raises(ReadOnly) as info, wf.write():
            pass
    finally:
        wf.close()
    assert_sentence(str(info.value), path)
    assert sha256(path) == before


def test_full_disk_during_a_write(copy_fixture: Callable[..., Path]) -> None:
    """A full disk is simulated with ``PRAGMA max_page_count`` on the open connection."""
    path = copy_fixture(CURRENT)
    wf = WorkshopFile.open(path)
    try:
        with wf.write() as conn:
            conn.execute(insert(r.T_ACTORS), [r.actor_row(m.Actor(id="kept", name="Saved before"), 10)])
        raw = wf.raw_connection()
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        assert raw.execute(f"PRAGMA max_page_count={pages + 3}").fetchone()[0] == pages + 3
        big = [
            r.actor_row(m.Actor(id=f"big-{i}", name=f"Big {i}", description="x" * 20_000), 100 + i)
            for i in range(100)
        ]
        with pytest.raises(NoSpace) as info, wf.write() as conn:
            conn.execute(insert(r.T_ACTORS), big)
        assert_sentence(str(info.value), path)
        assert "not saved" in str(info.value)

        with wf.read() as conn:
            ids = [a.id for a in r.load_actors(conn)]
        assert "kept" in ids
        assert not any(i.startswith("big-") for i in ids)
        assert wf.integrity_problems() == []

        # once there is room again, the next write succeeds on the same open file
        raw.execute("PRAGMA max_page_count=1073741823")
        with wf.write() as conn:
            conn.execute(insert(r.T_ACTORS), big[:2])
    finally:
        wf.close()
    wf = WorkshopFile.open(path, readonly=True)
    try:
        with wf.read() as conn:
            ids = {a.id for a in r.load_actors(conn)}
        assert {"kept", "big-0", "big-1"} <= ids and "big-2" not in ids
        assert wf.integrity_problems() == []
    finally:
        wf.close()
