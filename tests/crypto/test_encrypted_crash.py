"""A writer of an encrypted workshop killed mid-save loses nothing it reported (like a plain one).

The worker commits one edit after another and prints each committed id; it is killed at a
random moment. Reading afterwards (while a rollback journal may be left) and opening for
editing must both show every reported edit and a whole database.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from multitrack_desktop.services.files import build_workshop_file
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.crypto import Key
from multitrack_desktop.storage.database import WorkshopFile, journal_path

from .conftest import ROOT, marked_document

PW = "crash ' test"
WORKER = """
import sys
from sqlalchemy import insert, update
from multitrack_desktop.domain import model as m
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.crypto import Key
from multitrack_desktop.storage.database import WorkshopFile
wf = WorkshopFile.open(sys.argv[1], key=Key.from_passphrase(sys.argv[2]), daily_backup=False)
print("ready", flush=True)
n = 0
while True:
    actor_id = f"crash-{n}"
    with wf.write() as conn:
        conn.execute(insert(r.T_ACTORS), [r.actor_row(m.Actor(id=actor_id, name=actor_id, description="x" * (n % 7 * 1500)), 1000 + n)])
        conn.execute(update(r.T_WORKSHOP).values(title=f"Edited {n} times"))
    print(f"done {actor_id}", flush=True)
    n += 1
"""


@pytest.mark.slow
def test_killed_writer_of_an_encrypted_workshop_loses_nothing_reported(tmp_path: Path) -> None:
    key = Key.from_passphrase(PW)
    rnd = random.Random(7)
    journals = 0
    for trial in range(5):
        path = tmp_path / f"w{trial}.multitrack"
        build_workshop_file(marked_document(), path, key=key)
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), PW], stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0.2, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        journals += journal_path(path).exists()
        reported = {line.split()[1] for line in proc.stdout.read().splitlines() if line.startswith("done ")}
        proc.stdout.close()
        assert reported, "the worker committed nothing before the kill; the trial proves nothing"
        for readonly in (True, False):  # reading first: through a private copy if a journal was left
            with WorkshopFile.open(path, readonly=readonly, key=key, daily_backup=False) as wf:
                assert wf.integrity_problems() == []
                with wf.read() as conn:
                    ids = {a.id for a in r.load_actors(conn)}
            assert reported <= ids, (trial, readonly, sorted(reported - ids)[:3])
    assert journals >= 1, "no kill landed mid-save: the rollback of an encrypted journal was not tried"
