"""A writer killed at any moment loses nothing it reported saved, and leaves a sound file.

``crash_worker.py`` commits edits in a loop (an actor and its link per transaction) and
reports each commit; it is killed with SIGKILL at random moments. After each kill the file
is read read-only first (the killed writer often leaves a rollback journal, which a read-only
connection cannot roll back itself) and then opened for writing despite the stale lock.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from multitrack_desktop.domain import model as m
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.lock import lock_path

from .helpers import sha256

WORKER = Path(__file__).with_name("crash_worker.py")
TRIALS = 24
SEED = 20240611


def journal_path(path: Path) -> Path:
    """SQLite's rollback journal beside the file (journal_mode=DELETE)."""
    return path.with_name(path.name + "-journal")


def state(wf: WorkshopFile) -> tuple[set[str], set[str], str]:
    """Actor ids, the actors that have their link, and the workshop title."""
    with wf.read() as conn:
        actors = {a.id for a in r.load_actors(conn)}
        linked = {row.source for row in conn.execute(select(r.T_LINKS.c.source))}
        title = r.load_workshop(conn).title
    return actors, linked, title


@pytest.mark.slow
def test_killed_writer_loses_nothing_reported(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    path = tmp_path / "live.multitrack"
    wf = WorkshopFile.create(path)
    with wf.write() as conn:
        r.insert_document(
            conn,
            m.WorkshopDocument(
                workshop=m.Workshop(id=m.new_id(), title="Live capture"),
                actors=[m.Actor(id="anchor", name="Anchor")],
            ),
        )
    wf.close()

    reported: set[str] = set()
    left_journal = left_lock = 0
    started = time.monotonic()
    for trial in range(TRIALS):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), f"t{trial}"], stdout=subprocess.PIPE, text=True
        )
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", f"worker {trial} did not start"
            time.sleep(rng.uniform(0.05, 0.5))
        finally:
            proc.send_signal(signal.SIGKILL)
            out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, f"worker {trial} died by itself: {proc.returncode}"
        done = {line.split()[1] for line in out.splitlines() if line.startswith("done ")}
        reported |= done
        left_journal += journal_path(path).exists()
        left_lock += lock_path(path).exists()

        # read-only first: must read the committed state and change nothing, journal included
        before = sha256(path)
        journal_before = journal_path(path).read_bytes() if journal_path(path).exists() else None
        ro = WorkshopFile.open(path, readonly=True)
        try:
            actors, linked, _title = state(ro)
            assert reported <= actors, f"trial {trial}: reported edits missing (read-only)"
            assert ro.integrity_problems() == []
        finally:
            ro.close()
        assert sha256(path) == before
        journal_after = journal_path(path).read_bytes() if journal_path(path).exists() else None
        assert journal_after == journal_before

        # then for writing, as the app does after a crash: the stale lock does not stop it
        wf = WorkshopFile.open(path)
        try:
            actors, linked, title = state(wf)
            assert wf.integrity_problems() == []
        finally:
            wf.close()
        assert reported <= actors, f"trial {trial}: reported edits missing"
        edits = actors - {"anchor"}
        assert edits == linked, f"trial {trial}: an edit was half applied"
        assert title == "Live capture" or title.startswith("Edited "), title

    elapsed = time.monotonic() - started
    assert len(reported) > TRIALS, "the workers committed edits before being killed"
    assert left_lock == TRIALS, "every SIGKILL left its lock file behind, and it was recognised as stale"
    assert left_journal > 0, "some kills landed during a save (the interesting case)"
    assert elapsed < 90, f"crash trials took {elapsed:.0f}s"
