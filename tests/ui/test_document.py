"""The open workshop reads back only what an edit touched, and always agrees with the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from multitrack_desktop.document import OpenWorkshop
from multitrack_desktop.domain import model as m
from multitrack_desktop.storage.database import WorkshopFile

from .conftest import ARABIC, ELDER, GOV, load


@pytest.fixture
def document(qtbot, workshop_path: Path):  # -> OpenWorkshop
    doc = OpenWorkshop(WorkshopFile.open(workshop_path))
    yield doc
    doc.close()


def agrees(document: OpenWorkshop, path: Path) -> None:
    stored = load(path)
    assert document.actors == stored.actors
    assert document.links == stored.links
    assert document.workshop == stored.workshop
    assert all(document.actor(a.id) == a for a in stored.actors)


def test_every_kind_of_edit_and_its_undo_leave_the_document_as_the_file(
    document: OpenWorkshop, workshop_path: Path, monkeypatch
) -> None:
    full_reads: list[int] = []
    real = document.service.actors
    monkeypatch.setattr(document.service, "actors", lambda: full_reads.append(1) or real())

    change = document.update_actor(GOV, name="Renamed", tags=["a"])
    agrees(document, workshop_path)
    assert full_reads == []  # one actor changed: read back alone
    document.undo(change)
    agrees(document, workshop_path)
    document.redo(change)
    agrees(document, workshop_path)

    moved = document.move_actors([(ARABIC, 3, m.Placement(90.0, 0.6)), (ELDER, 9, None)])
    agrees(document, workshop_path)
    document.undo(moved)
    agrees(document, workshop_path)
    assert full_reads == []

    created = document.create_actor("Fresh", track=4)
    agrees(document, workshop_path)
    document.undo(created)
    agrees(document, workshop_path)
    document.redo(created)
    agrees(document, workshop_path)

    deleted = document.delete_actor(GOV)  # with its links
    agrees(document, workshop_path)
    document.undo(deleted)
    agrees(document, workshop_path)
    document.redo(deleted)
    agrees(document, workshop_path)
    assert full_reads  # rows added or removed: read back whole


def test_refresh_says_what_changed(qtbot, document: OpenWorkshop) -> None:
    with qtbot.waitSignal(document.changed) as signal:
        change = document.update_actor(GOV, influence=1)
    assert signal.args == [change]
    assert document.actor(GOV).influence == 1
