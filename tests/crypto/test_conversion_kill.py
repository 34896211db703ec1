"""A conversion killed at a random moment (SIGKILL) leaves the original intact and openable.

Each trial runs ``multitrack encrypt`` (or ``decrypt``) in a subprocess on a workshop large
enough that the conversion itself takes a good share of the run, and kills it after a random
delay spread over the whole run. Afterwards the file must be either the original, byte for
byte, or the complete converted workshop with the same content; the next conversion works.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from multitrack_desktop.domain import model as m
from multitrack_desktop.exchange import write_document
from multitrack_desktop.services.files import build_workshop_file, decrypt_file, encrypt_file, load_document
from multitrack_desktop.storage import crypto
from multitrack_desktop.storage.crypto import Key

from .conftest import ROOT, marked_document, sha256

PW = "kill 'me' \"softly\""
TRIALS = 12


def big_document(n_entries: int = 6000) -> m.WorkshopDocument:
    doc = marked_document()
    session = doc.sessions[0]
    at = session.entries[0].at
    extra = [
        m.Entry(
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"entry-{i}")),
            at=at + dt.timedelta(seconds=i),
            text=f"Entry {i}: " + "the talks went on late into the night " * 6,
        )
        for i in range(n_entries)
    ]
    doc.sessions[0] = dataclasses.replace(session, entries=session.entries + extra)
    return doc


def start(command: str, path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MULTITRACK_PASSPHRASE": PW}
    env.pop("MULTITRACK_NEW_PASSPHRASE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "multitrack_desktop", command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )


def wait_for_temp_file(path: Path, proc: subprocess.Popen[bytes]) -> float:
    """The moment the conversion's temporary file appears beside ``path``."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if crypto.leftovers(path):
            return time.monotonic()
        time.sleep(0.001)
    return time.monotonic()


@pytest.mark.slow
def test_killed_conversions_leave_the_original_intact(tmp_path: Path) -> None:
    key = Key.from_passphrase(PW)
    plain = tmp_path / "plain-original.multitrack"
    build_workshop_file(big_document(), plain)
    expected = write_document(load_document(plain))
    locked = tmp_path / "locked-original.multitrack"
    shutil.copyfile(plain, locked)
    encrypt_file(locked, key)

    # how long a whole run takes (the kill moments are spread over it)
    probe = tmp_path / "probe" / "w.multitrack"
    probe.parent.mkdir()
    shutil.copyfile(plain, probe)
    t0 = time.monotonic()
    proc = start("encrypt", probe)
    converting_at = wait_for_temp_file(probe, proc)
    assert proc.wait(timeout=120) == 0
    whole = time.monotonic() - t0
    conversion = whole - (converting_at - t0)
    assert crypto.is_encrypted_with(probe, key)

    rnd = random.Random(20261125)
    outcomes = {"original": 0, "converted": 0}
    for trial in range(TRIALS):
        command = "encrypt" if trial % 2 == 0 else "decrypt"
        original = plain if command == "encrypt" else locked
        work = tmp_path / f"trial-{trial}" / "w.multitrack"
        work.parent.mkdir()
        shutil.copyfile(original, work)
        before = sha256(work)
        proc = start(command, work)
        if trial % 4 < 2:  # any moment of the run
            time.sleep(rnd.uniform(0.3, 1.0) * whole)
        else:  # while the converted copy is being written, checked and renamed
            wait_for_temp_file(work, proc)
            time.sleep(rnd.uniform(0.0, 1.0) * conversion)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)

        if sha256(work) == before:
            outcomes["original"] += 1
            doc = load_document(work, key=key if command == "decrypt" else None)
        else:  # the rename happened: the converted file must be whole
            outcomes["converted"] += 1
            doc = load_document(work, key=key if command == "encrypt" else None)
        assert write_document(doc) == expected, f"trial {trial} ({command})"
        # what the killed run left beside it is cleared by the next conversion, which works
        if command == "encrypt" and not crypto.needs_passphrase(work):
            encrypt_file(work, key)
        elif command == "decrypt" and crypto.needs_passphrase(work):
            decrypt_file(work, key)
        assert crypto.leftovers(work) == []
        assert write_document(load_document(work, key=key)) == expected
    # the kill moments must have hit before the rename at least sometimes (else the test proves little)
    assert outcomes["original"] >= 3, outcomes
