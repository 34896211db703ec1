"""Fixtures for encrypted workshops: a document with planted markers, plain and encrypted files."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from multitrack_desktop.domain import model as m
from multitrack_desktop.services.files import build_workshop_file, parse_exchange
from multitrack_desktop.storage.crypto import Key

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT.parent / "shared" / "spec" / "example-workshop.json"
if not EXAMPLE.exists():
    EXAMPLE = ROOT / "tests" / "data" / "example-workshop.json"

#: planted in an entry, an actor's name and a contact; must never show in an encrypted file's bytes
MARKERS = {
    "entry": "Qx7EntryMarker said the meeting is at the old mill",
    "actor": "Qx7ActorMarker Commander",
    "contact": "qx7contactmarker@example.org",
}
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups of every test go to a folder of its own."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(folder))
    monkeypatch.delenv("MULTITRACK_PASSPHRASE", raising=False)
    monkeypatch.delenv("MULTITRACK_NEW_PASSPHRASE", raising=False)
    return folder


def marked_document() -> m.WorkshopDocument:
    doc = parse_exchange(EXAMPLE.read_bytes(), "the example")
    a0 = doc.actors[0]
    doc.actors[0] = dataclasses.replace(a0, name=MARKERS["actor"], contact=MARKERS["contact"])
    session = doc.sessions[0]
    e0 = session.entries[0]
    session.entries[0] = dataclasses.replace(e0, text=MARKERS["entry"])
    return doc


def marker_bytes() -> list[bytes]:
    """The markers, and a distinctive word of each (what a search index would keep).

    Long enough that random (encrypted) bytes never contain them by chance: a 3-byte needle
    turns up in about one 200 KB random file in twenty.
    """
    words = ["Qx7EntryMarker", "Qx7ActorMarker", "qx7contactmarker"]
    return [v.encode("utf-8") for v in MARKERS.values()] + [w.encode() for w in words]


def assert_no_markers(path: Path) -> None:
    data = path.read_bytes()
    for marker in marker_bytes():
        assert marker not in data, f"{marker!r} readable in {path.name}"
        assert marker.lower() not in data.lower(), f"{marker!r} readable (any case) in {path.name}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def key() -> Key:
    return Key.from_passphrase(PASSPHRASE)


@pytest.fixture
def plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain.multitrack"
    build_workshop_file(marked_document(), path)
    return path


@pytest.fixture
def encrypted_file(tmp_path: Path, key: Key) -> Path:
    path = tmp_path / "locked.multitrack"
    build_workshop_file(marked_document(), path, key=key)
    return path


@pytest.fixture
def data_dir(_data_dir: Path) -> Path:
    return _data_dir
