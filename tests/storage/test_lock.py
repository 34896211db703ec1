"""One writer per workshop: a second process is told who holds the file; a dead holder does not block."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import LockedByOther
from multitrack_desktop.storage.lock import lock_path

from .helpers import CURRENT, assert_sentence, sha256

HOLD = """
import sys, time
from multitrack_desktop.storage.database import WorkshopFile
wf = WorkshopFile.open(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""

TRY_OPEN = """
import json, sys
from multitrack_desktop.storage import repository
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import LockedByOther, StorageError
readonly = sys.argv[2] == "ro"
try:
    wf = WorkshopFile.open(sys.argv[1], readonly=readonly)
except LockedByOther as exc:
    print(json.dumps({"error": "LockedByOther", "message": str(exc), "pid": exc.pid, "host": exc.host}))
    sys.exit(3)
except StorageError as exc:
    print(json.dumps({"error": type(exc).__name__, "message": str(exc)}))
    sys.exit(4)
with wf.read() as conn:
    title = repository.load_workshop(conn).title
wf.close()
print(json.dumps({"opened": True, "title": title}))
"""


def python(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60, **kw)


@pytest.fixture
def holder(copy_fixture: Callable[..., Path]) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """Another process that has the workshop open for writing (and keeps it open)."""
    path = copy_fixture(CURRENT)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "holding"
        yield path, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_second_process_is_told_who_holds_the_file(holder: tuple[Path, subprocess.Popen[str]]) -> None:
    path, proc = holder
    before = sha256(path)
    started = time.monotonic()
    done = python("-c", TRY_OPEN, str(path), "rw")
    assert done.returncode == 3, done.stdout + done.stderr
    assert time.monotonic() - started < 30, "the second opener must give up at once, not wait"
    result = json.loads(done.stdout)
    assert result["pid"] == proc.pid
    assert result["host"] == socket.gethostname()
    assert_sentence(result["message"], path)
    assert str(proc.pid) in result["message"] and socket.gethostname() in result["message"]
    assert "read-only" in result["message"]  # it says what the person can do instead
    assert sha256(path) == before
    assert proc.poll() is None, "the holder is not disturbed"


def test_this_process_is_refused_too(holder: tuple[Path, subprocess.Popen[str]]) -> None:
    path, proc = holder
    with pytest.raises(LockedByOther) as info:
        WorkshopFile.open(path)
    assert info.value.pid == proc.pid
    assert_sentence(str(info.value), path)
    assert lock_path(path).exists(), "a refused opener must not remove the holder's lock"


def test_read_only_open_works_while_another_process_holds_it(
    holder: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, _proc = holder
    before = sha256(path)
    done = python("-c", TRY_OPEN, str(path), "ro")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == {"opened": True, "title": "Fixture v2"}
    wf = WorkshopFile.open(path, readonly=True)
    try:
        with wf.read() as conn:
            assert len(r.load_actors(conn)) == 2
    finally:
        wf.close()
    assert sha256(path) == before


def test_lock_of_a_killed_holder_is_stale(holder: tuple[Path, subprocess.Popen[str]]) -> None:
    path, proc = holder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert lock_path(path).exists(), "SIGKILL leaves the lock file behind"
    assert str(proc.pid) in lock_path(path).read_text(errors="replace")

    # another process, then this one, open it for writing despite the leftover lock
    done = python("-c", TRY_OPEN, str(path), "rw")
    assert done.returncode == 0, done.stdout + done.stderr
    wf = WorkshopFile.open(path)
    try:
        assert wf.integrity_problems() == []
        # and now it is ours: the lock works again, naming this process
        other = python("-c", TRY_OPEN, str(path), "rw")
        assert other.returncode == 3, other.stdout + other.stderr
        assert json.loads(other.stdout)["pid"] == os.getpid()
    finally:
        wf.close()
    assert not lock_path(path).exists(), "closing removes our lock"


def test_close_releases_the_lock_for_others(copy_fixture: Callable[..., Path]) -> None:
    path = copy_fixture(CURRENT)
    wf = WorkshopFile.open(path)
    assert lock_path(path).exists()
    assert python("-c", TRY_OPEN, str(path), "rw").returncode == 3
    wf.close()
    assert not lock_path(path).exists()
    done = python("-c", TRY_OPEN, str(path), "rw")
    assert done.returncode == 0, done.stdout + done.stderr
