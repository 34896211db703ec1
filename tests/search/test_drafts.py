"""The live-capture line kept as a draft: one upsert, not an edit, and it survives closing the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from multitrack_desktop.domain import model as m
from multitrack_desktop.services.drafts import Draft, clear_draft, load_draft, save_draft
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import InvalidEdit

from .conftest import S1, S2

NOW = dt.datetime(2026, 11, 25, 21, 0, 5, tzinfo=dt.UTC)


def test_a_draft_survives_closing_and_reopening(workshop_path: Path) -> None:
    with WorkshopFile.open(workshop_path, daily_backup=False) as wf:
        save_draft(wf, S1, "Half a sentence about the amnes", "decision", clock=lambda: NOW)
    with WorkshopFile.open(workshop_path, daily_backup=False) as wf:
        assert load_draft(wf, S1) == Draft(S1, "Half a sentence about the amnes", m.EntryKind.DECISION, NOW)
        assert load_draft(wf, S2) is None
    with WorkshopFile.open(workshop_path, readonly=True) as ro:  # and can be read without the lock
        draft = load_draft(ro, S1)
        assert draft is not None and draft.text.endswith("amnes")


def test_saving_replaces_and_clearing_forgets(wf: WorkshopFile) -> None:
    save_draft(wf, S1, "first")
    save_draft(wf, S1, "first words", m.EntryKind.QUOTE)
    save_draft(wf, S2, "other session")
    draft = load_draft(wf, S1)
    assert draft is not None and (draft.text, draft.kind) == ("first words", m.EntryKind.QUOTE)
    with wf.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM drafts").scalar() == 2
    clear_draft(wf, S1)
    assert load_draft(wf, S1) is None and load_draft(wf, S2) is not None
    save_draft(wf, S2, "")  # an emptied line leaves no draft
    assert load_draft(wf, S2) is None
    clear_draft(wf, S2)  # clearing nothing is fine


def test_a_draft_is_not_an_edit(service: WorkshopService) -> None:
    wf = service.file
    before = service.workshop().updated_at
    save_draft(wf, S1, "typing…")
    assert service.workshop().updated_at == before, "a draft does not mark the workshop as changed"
    with wf.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM search_docs WHERE ref = ?", (S1,)).scalar() == 1
    from multitrack_desktop.services.search import search

    assert search(wf, "typing") == [], "a draft is not searchable: it is not a record yet"


def test_bad_drafts_are_refused_with_a_sentence(wf: WorkshopFile) -> None:
    with pytest.raises(InvalidEdit, match="no session"):
        save_draft(wf, "no-such-session", "text")
    with pytest.raises(InvalidEdit, match="kind of entry"):
        save_draft(wf, S1, "text", "gossip")
    with pytest.raises(InvalidEdit, match="longer than"):
        save_draft(wf, S1, "x" * (m.TEXT_MAX + 1))
    assert load_draft(wf, S1) is None


def test_text_is_kept_in_nfc(wf: WorkshopFile) -> None:
    save_draft(wf, S1, "Re\u0301union")
    draft = load_draft(wf, S1)
    assert draft is not None and draft.text == "Réunion"


def test_undoing_a_new_session_takes_its_draft_with_it(service: WorkshopService) -> None:
    wf = service.file
    change = service.create_session("Unplanned meeting", dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    session_id = change.created["session"]
    save_draft(wf, session_id, "half a line")
    service.undo(change)  # would break the draft's reference to the session
    assert load_draft(wf, session_id) is None
    assert session_id not in {s.id for s in service.sessions()}
    service.redo(change)
    assert session_id in {s.id for s in service.sessions()} and load_draft(wf, session_id) is None


def test_a_deleted_session_keeps_its_draft_through_undo(service: WorkshopService) -> None:
    """delete_session records the draft row like any other, so undo gives it back."""
    save_draft(service.file, S1, "unfinished")
    change = service.delete_session(S1)
    assert load_draft(service.file, S1) is None
    service.undo(change)
    draft = load_draft(service.file, S1)
    assert draft is not None and draft.text == "unfinished"
