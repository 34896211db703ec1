"""The bundled demo workshop (``multitrack --demo``) is valid and shows every part of the product.

A newcomer's first look at the app is this file, so it must import cleanly and exercise every
feature the format offers: all nine tracks, every kind of actor, link, session and entry, the
audiences, an anonymised actor whose names are visibly withheld, three scripts. These tests read it
through the real importer and check each of those promises on the resulting domain values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import re
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from multitrack_desktop.domain.geometry import in_track
from multitrack_desktop.domain.model import (
    ActionStatus,
    ActorKind,
    ActorStatus,
    EntryKind,
    Gender,
    LinkKind,
    Rule,
    SessionFormat,
    Stance,
    Visibility,
    WorkshopDocument,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "resources" / "demo"
DEMO_JSON = DEMO_DIR / "demo-workshop.json"
GENERATOR = DEMO_DIR / "make_demo.py"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def raw() -> bytes:
    return DEMO_JSON.read_bytes()


@pytest.fixture(scope="module")
def doc(raw: bytes) -> WorkshopDocument:
    from multitrack_desktop.exchange import ExchangeError, read_document

    try:
        return read_document(raw)
    except ExchangeError as exc:  # show every problem, not just the first
        pytest.fail("demo workshop refused by the importer:\n" + "\n".join(map(str, exc.problems)))


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a domain value (dataclasses, lists, dicts)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


def _occurrences(name: str, text: str) -> list[str]:
    """Matches of ``name`` in ``text`` as the redaction rule finds them (case-insensitive, whole words)."""
    found = []
    for m in re.finditer(re.escape(name), text, re.IGNORECASE):
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not (before and _is_word_char(before)) and not (after and _is_word_char(after)):
            found.append(m.group(0))
    return found


# ---------------------------------------------------------------------------------------------
# The file itself
# ---------------------------------------------------------------------------------------------


def test_committed_json_is_exactly_the_generators_output() -> None:
    assert DEMO_JSON.read_text(encoding="utf-8") == _load_generator().render()


def test_raw_ids_are_unique_lowercase_uuids(raw: bytes) -> None:
    ids: list[str] = []

    def walk(o: Any) -> None:
        if isinstance(o, dict):
            if "id" in o:
                ids.append(o["id"])
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    data = json.loads(raw)
    walk(data)
    assert len(ids) > 50
    assert len(ids) == len(set(ids))
    for i in ids:
        assert str(uuid.UUID(i)) == i
    assert data["format"] == "multitrack-workshop" and data["format_version"] == 1
    assert "audience" not in data  # a full workshop, not a redacted copy


def test_ids_are_unique_across_the_imported_document(doc: WorkshopDocument) -> None:
    ids = [doc.workshop.id, *(a.id for a in doc.actors), *(link.id for link in doc.links)]
    for s in doc.sessions:
        ids += [s.id, *(e.id for e in s.entries), *(a.id for a in s.actions)]
    ids += [snap.id for snap in doc.snapshots]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------------------------
# Workshop
# ---------------------------------------------------------------------------------------------


def test_workshop_says_it_is_an_illustrative_demonstration(doc: WorkshopDocument) -> None:
    w = doc.workshop
    assert "Aceh" in w.title
    assert "demonstration" in w.context.lower() and "illustrative" in w.context.lower()
    for fact in (
        "Free Aceh Movement",
        "Crisis Management Initiative",
        "Henry Dunant Centre",
        "9 December 2002",
    ):
        assert fact in w.context
    assert w.language == "en"
    assert len(w.facilitators) >= 2
    assert w.created_at.utcoffset() == dt.timedelta(hours=7)
    assert w.updated_at > w.created_at
    assert isinstance(w.extra, dict) and w.extra.get("source") == "demo"


def test_every_datetime_keeps_its_offset(doc: WorkshopDocument) -> None:
    stamps = [doc.workshop.created_at, doc.workshop.updated_at]
    for s in doc.sessions:
        stamps.append(s.starts_at)
        if s.ends_at is not None:
            assert s.ends_at >= s.starts_at
            stamps.append(s.ends_at)
        stamps += [e.at for e in s.entries]
    stamps += [snap.taken_at for snap in doc.snapshots]
    offsets = {t.utcoffset() for t in stamps}
    assert None not in offsets
    assert dt.timedelta(hours=7) in offsets  # Aceh
    assert dt.timedelta(hours=3) in offsets  # Helsinki in summer


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------


def test_actors_cover_all_nine_tracks_and_the_library(doc: WorkshopDocument) -> None:
    assert 20 <= len(doc.actors) <= 30
    tracks = {a.track for a in doc.actors}
    assert set(range(1, 10)) <= tracks
    unplaced = [a for a in doc.actors if a.track is None]
    assert 3 <= len(unplaced) <= 4
    assert all(a.placement is None for a in unplaced)


def test_placements_lie_in_their_tracks_region(doc: WorkshopDocument) -> None:
    placed = [a for a in doc.actors if a.placement is not None]
    laid_out_by_app = [a for a in doc.actors if a.track is not None and a.placement is None]
    assert len(placed) >= 9 and len(laid_out_by_app) >= 5
    assert 9 in {a.track for a in placed}  # the inner disc too
    for a in placed:
        assert a.track is not None
        assert in_track(a.track, a.placement.angle_deg, a.placement.radius), a.name


def test_actors_use_every_kind_stance_status_and_a_range_of_influence(doc: WorkshopDocument) -> None:
    assert {a.kind for a in doc.actors} == set(ActorKind)
    assert {a.stance for a in doc.actors} == set(Stance)
    assert {a.status for a in doc.actors} == set(ActorStatus)
    influences = {a.influence for a in doc.actors}
    assert {1, 5} <= influences and len(influences) == 5


def test_a_track_one_and_a_half_actor(doc: WorkshopDocument) -> None:
    multi = [a for a in doc.actors if a.also_tracks]
    assert multi
    for a in multi:
        assert a.track not in a.also_tracks
        assert len(set(a.also_tracks)) == len(a.also_tracks)
    assert any(a.kind is ActorKind.PERSON and 1 in a.also_tracks for a in multi)


def test_team_only_and_private_actors(doc: WorkshopDocument) -> None:
    by_vis = {v: [a for a in doc.actors if a.visibility is v] for v in Visibility}
    assert by_vis[Visibility.TEAM] and by_vis[Visibility.PRIVATE]
    assert len(by_vis[Visibility.SHAREABLE]) > len(doc.actors) // 2


def test_anonymised_actor_has_alias_and_other_spellings(doc: WorkshopDocument) -> None:
    anon = [a for a in doc.actors if a.anonymise]
    assert len(anon) == 1
    k = anon[0]
    assert k.alias and k.alias != k.name and k.alias.lower() not in k.name.lower()
    assert k.visibility is Visibility.SHAREABLE  # shown, but only by its alias
    assert len(k.also_known_as) >= 2
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in aka) for aka in k.also_known_as)  # Arabic spelling


def test_anonymised_names_appear_in_texts_in_another_case(doc: WorkshopDocument) -> None:
    """So that a shareable export visibly replaces them with the alias."""
    k = next(a for a in doc.actors if a.anonymise)
    texts = [e.text for s in doc.sessions for e in s.entries] + [link.note for link in doc.links]
    shown_in_shareable = [
        e.text
        for s in doc.sessions
        if s.visibility is Visibility.SHAREABLE and s.rule is not Rule.OFF_THE_RECORD
        for e in s.entries
        if e.visibility is Visibility.SHAREABLE
    ]

    def other_case_hits(name: str, corpus: list[str]) -> list[str]:
        return [m for t in corpus for m in _occurrences(name, t) if m != name]

    assert other_case_hits(k.name, texts), "the real name should appear in a text, in another case"
    assert other_case_hits(k.name, shown_in_shareable)
    spelled = [aka for aka in k.also_known_as if other_case_hits(aka, texts)]
    assert spelled, "another spelling should appear in a text, in another case"
    assert any(other_case_hits(aka, shown_in_shareable) for aka in spelled)
    # The alias must not give the name away.
    assert not _occurrences(k.name, k.alias)


# ---------------------------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------------------------


def test_links_cover_every_kind_direction_strength_and_visibility(doc: WorkshopDocument) -> None:
    ids = doc.actor_by_id()
    assert {link.kind for link in doc.links} == set(LinkKind)
    assert {link.directed for link in doc.links} == {True, False}
    assert {link.strength for link in doc.links} == {1, 2, 3}
    assert {link.visibility for link in doc.links} == set(Visibility)
    assert sum(1 for link in doc.links if link.note) >= 3
    for link in doc.links:
        assert link.source in ids and link.target in ids and link.source != link.target


# ---------------------------------------------------------------------------------------------
# Sessions, entries, actions
# ---------------------------------------------------------------------------------------------


def test_sessions_cover_every_rule_format_and_visibility(doc: WorkshopDocument) -> None:
    assert len(doc.sessions) >= 3
    assert {s.rule for s in doc.sessions} == set(Rule)
    assert {s.format for s in doc.sessions} == set(SessionFormat)
    assert {s.visibility for s in doc.sessions} == set(Visibility)
    assert all(s.agenda for s in doc.sessions)
    assert sum(1 for s in doc.sessions if s.location) >= 3


def test_participants_from_the_map_and_by_name(doc: WorkshopDocument) -> None:
    ids = doc.actor_by_id()
    rows = [p for s in doc.sessions for p in s.participants]
    assert any(p.actor is not None for p in rows)
    assert any(p.actor is None and p.name for p in rows)
    assert {p.present for p in rows} == {True, False}
    assert {p.gender for p in rows} == set(Gender)
    for s in doc.sessions:
        on_map = [p.actor for p in s.participants if p.actor is not None]
        assert len(on_map) == len(set(on_map)), s.title
        assert all(a in ids for a in on_map)
        assert all(p.name for p in s.participants if p.actor is None)


def test_entries_cover_every_kind_and_visibility(doc: WorkshopDocument) -> None:
    ids = doc.actor_by_id()
    entries = [e for s in doc.sessions for e in s.entries]
    assert {e.kind for e in entries} == set(EntryKind)
    assert {e.visibility for e in entries} == set(Visibility)
    assert any(e.visibility.rank > s.visibility.rank for s in doc.sessions for e in s.entries)
    assert any(e.speaker is not None for e in entries)
    assert any(e.about for e in entries)
    for e in entries:
        assert e.text
        assert e.speaker is None or e.speaker in ids
        assert all(a in ids for a in e.about)


def test_actions_have_owners_due_dates_every_status_and_an_entry_source(doc: WorkshopDocument) -> None:
    ids = doc.actor_by_id()
    actions = [a for s in doc.sessions for a in s.actions]
    assert {a.status for a in actions} == set(ActionStatus)
    assert any(a.owner is not None for a in actions)
    assert any(a.due is not None for a in actions)
    assert all(a.owner is None or a.owner in ids for a in actions)
    from_action_entry = [
        a
        for s in doc.sessions
        for a in s.actions
        for e in s.entries
        if a.entry == e.id and e.kind is EntryKind.ACTION
    ]
    assert from_action_entry
    entry_ids = {e.id for s in doc.sessions for e in s.entries}
    assert all(a.entry is None or a.entry in entry_ids for a in actions)


# ---------------------------------------------------------------------------------------------
# Snapshots
# ---------------------------------------------------------------------------------------------


def test_two_snapshots_one_tied_to_a_session(doc: WorkshopDocument) -> None:
    ids = doc.actor_by_id()
    sessions = doc.session_by_id()
    assert len(doc.snapshots) == 2
    tied = [snap for snap in doc.snapshots if snap.session is not None]
    assert len(tied) == 1 and tied[0].session in sessions
    for snap in doc.snapshots:
        assert snap.label and snap.placements and snap.links
        for p in snap.placements:
            assert p.actor in ids
            assert in_track(p.track, p.angle_deg, p.radius)
        for link in snap.links:
            assert link.source in ids and link.target in ids
    placements = [p for snap in doc.snapshots for p in snap.placements]
    assert any(p.influence is not None and p.stance is not None and p.status is not None for p in placements)
    assert any(p.influence is None for p in placements)  # "not recorded" is shown too
    # History differs from today: some stance changed between the snapshots.
    stances = {(p.actor, p.stance) for p in placements if p.stance is not None}
    assert len(stances) > len({a for a, _ in stances})


# ---------------------------------------------------------------------------------------------
# Scripts
# ---------------------------------------------------------------------------------------------


def test_text_in_arabic_accented_latin_and_cyrillic(doc: WorkshopDocument) -> None:
    text = "\n".join(_strings(doc))
    assert re.search("[\u0600-\u06ff]", text), "Arabic"
    assert re.search("[\u0400-\u04ff]", text), "Cyrillic"
    assert re.search("[À-ÿ]", text), "Latin with diacritics"
    assert "السلام عليكم" in text
    assert "illustrative" in text.lower()
    # Stored as given after NFC: the demo itself is already NFC.
    assert all(unicodedata.is_normalized("NFC", s) for s in _strings(doc))


# ---------------------------------------------------------------------------------------------
# What the demo is for: showing the exchange format and the audiences at work
# ---------------------------------------------------------------------------------------------


def test_demo_is_already_in_the_exporters_canonical_form(raw: bytes, doc: WorkshopDocument) -> None:
    """Exporting the demo gives the demo back, byte for byte: it doubles as a sample of export output."""
    from multitrack_desktop.exchange import write_document

    assert write_document(doc) == raw


def test_shareable_view_shows_the_alias_instead_of_every_spelling(doc: WorkshopDocument) -> None:
    from multitrack_desktop.domain.audience import redact

    k = next(a for a in doc.actors if a.anonymise)
    shared = redact(doc, Visibility.SHAREABLE).document
    entries = [e.text for s in shared.sessions for e in s.entries]
    assert sum(1 for t in entries if k.alias in t) >= 2  # replaced in the texts that stay
    everything = "\n".join(_strings(shared))
    for name in (k.name, *k.also_known_as):
        assert not _occurrences(name, everything), name
    # Team and private audiences still see the real name.
    team = redact(doc, Visibility.TEAM).document
    assert any(a.name == k.name for a in team.actors)
