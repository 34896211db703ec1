"""Search: folding (accents, Arabic marks and forms, tatweel, ё/е, case), prefixes, hostile input,
and an index that follows every write: edits, undo/redo, import, migration, other tools."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack_desktop.domain import model as m
from multitrack_desktop.services.search import SearchHit, match_expression, query_terms, search, snippet
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.storage import search_index
from multitrack_desktop.storage.database import SCHEMA_VERSION, WorkshopFile, read_header

from ..storage.helpers import V1, V2
from .conftest import (
    ACT,
    ACTOR,
    ANON,
    ARABIC,
    E_AR,
    E_FORMS,
    E_FR,
    E_LONG,
    E_RU,
    E_TATWEEL,
    RUSSIAN,
    S1,
    S2,
    T0,
)


def found(wf: WorkshopFile, query: str) -> set[tuple[str, str]]:
    return {(h.kind, h.id) for h in search(wf, query)}


# --------------------------------------------------------------------------- folding


def test_latin_diacritics_and_case(wf: WorkshopFile) -> None:
    assert ("entry", E_FR) in found(wf, "reconciliation")
    assert ("entry", E_FR) in found(wf, "RÉCONCILIATION")
    assert ("session", S1) in found(wf, "reunion preparatoire")
    assert ("session", S1) in found(wf, "konigstedt")  # location
    assert found(wf, "reconciliations") == set()


def test_arabic_with_and_without_vowel_marks(wf: WorkshopFile) -> None:
    plain = found(wf, "محمد")
    assert {("actor", ARABIC), ("entry", E_AR), ("entry", E_FORMS)} <= plain
    assert found(wf, "مُحَمَّد") == plain  # the query's marks are folded the same way
    assert ("actor", ARABIC) in found(wf, "الامين")  # hamza on alef and fatha both folded
    assert ("actor", ARABIC) in found(wf, "الأمين")


def test_arabic_presentation_forms_and_tatweel(wf: WorkshopFile) -> None:
    assert ("entry", E_FORMS) in found(wf, "محمد")  # indexed text in presentation forms
    assert ("entry", E_AR) in found(wf, "ﻣﺤﻤﺪ")  # a query in presentation forms
    assert ("entry", E_TATWEEL) in found(wf, "المفاوضات")  # indexed text with tatweel
    assert ("entry", E_TATWEEL) in found(wf, "المـفاوضـات")  # a query with tatweel


def test_cyrillic_yo_and_e(wf: WorkshopFile) -> None:
    assert ("actor", RUSSIAN) in found(wf, "Петр")
    assert ("actor", RUSSIAN) in found(wf, "ПЁТР")
    assert ("entry", E_RU) in found(wf, "петр согласился")
    assert ("actor", RUSSIAN) in found(wf, "ильич")
    # й stays a letter of its own: "ильич" does not make "и" match "й"
    assert search_index.fold("Йод") == "йод" and search_index.fold("Ёж") == "еж"


def test_prefixes_and_every_word_must_match(wf: WorkshopFile) -> None:
    assert ("entry", E_FR) in found(wf, "recon")
    assert ("entry", E_FR) in found(wf, "réc")
    assert ("action", ACT) in found(wf, "monit missi")
    assert ("session", S1) in found(wf, "ceasefire")  # agenda items
    assert ("action", ACT) not in found(wf, "monitoring helsinki")
    assert found(wf, "helsinki round") == {("session", S2)}


def test_actor_other_names_and_alias(wf: WorkshopFile) -> None:
    assert ("actor", ACTOR) in found(wf, "cmi")
    assert ("actor", ACTOR) in found(wf, "ahtisaari")
    assert ("actor", ANON) in found(wf, "nightingale")
    hit = next(h for h in search(wf, "ahtis") if h.id == ACTOR)
    assert hit.title == "Crisis Management Initiative"
    assert "Ahtisaari office" in hit.snippet and hit.at is None and hit.session_id is None


def test_a_hit_says_what_it_is_where_and_when(wf: WorkshopFile) -> None:
    hits = search(wf, "reconciliation")
    assert hits == [
        SearchHit("entry", E_FR, S1, "Réconciliation d'abord", "Réconciliation d'abord", T0, hits[0].score)
    ]
    action = next(h for h in search(wf, "monitoring") if h.kind == "action")
    assert action.session_id == S1 and action.at == dt.date(2005, 2, 1)
    session = next(h for h in search(wf, "helsinki") if h.kind == "session")
    assert session.session_id == S2 and session.at == T0 + dt.timedelta(days=30)


def test_ranked_by_relevance_then_newest_first(service: WorkshopService) -> None:
    wf = service.file
    service.add_entry(S2, T0 + dt.timedelta(days=30), "amnesty")
    service.add_entry(S2, T0 + dt.timedelta(days=31), "amnesty")
    service.add_entry(S2, T0 + dt.timedelta(days=29), "amnesty amnesty amnesty")
    hits = search(wf, "amnesty")
    assert [h.at for h in hits[:3]] == [
        T0 + dt.timedelta(days=29),  # the word three times in a short text: most relevant
        T0 + dt.timedelta(days=31),  # equally relevant: the newest first
        T0 + dt.timedelta(days=30),
    ]
    assert hits[-1].id == E_LONG  # once, in a long text
    assert len(search(wf, "amnesty", limit=2)) == 2


def test_long_text_shows_the_part_that_matches(wf: WorkshopFile) -> None:
    (hit,) = search(wf, "amnesty")
    assert hit.id == E_LONG
    assert len(hit.snippet) <= 120 and "amnesty" in hit.snippet and hit.snippet.startswith("…")
    assert snippet("a\tb\nc\u202e d", ["a"]) == "a b c d"  # one line; a direction override removed


# --------------------------------------------------------------------------- hostile input

HOSTILE = [
    '"',
    '""',
    "*",
    "-",
    ":",
    "(",
    ")",
    "NEAR(",
    "NEAR(a b)",
    "AND",
    "OR",
    "NOT",
    "a OR b",
    "^",
    "+",
    "body:x",
    "{a b}",
    "'; DROP TABLE entries; --",
    "",
    "   ",
    "\x00",
    "*recon",
    "\u202e",
    "x" * 10_000,
    "recon " * 2_000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise(wf: WorkshopFile, query: str) -> None:
    hits = search(wf, query)
    assert isinstance(hits, list)
    with wf.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM entries").scalar() == 6


def test_syntax_words_are_searched_as_words(service: WorkshopService) -> None:
    service.add_entry(S2, T0, "Do NOT sign, OR wait AND see (near the border)")
    assert [h.title for h in search(service.file, "not or and near")] == [
        "Do NOT sign, OR wait AND see (near the border)"
    ]
    assert found(service.file, '"recon"') == {("entry", E_FR)}
    assert found(service.file, "-reconciliation") == {("entry", E_FR)}
    assert query_terms("") == [] and search(service.file, "") == []
    assert match_expression(['a"b']) == '"a""b"*'


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_any_text_is_a_query(wf: WorkshopFile, query: str) -> None:
    assert isinstance(search(wf, query), list)


# --------------------------------------------------------------------------- the index follows every write


def test_index_follows_create_update_delete_and_undo_redo(service: WorkshopService) -> None:
    wf = service.file
    add = service.add_entry(S1, T0, "Quorum reached")
    new = add.created["entry"]
    assert ("entry", new) in found(wf, "quorum")
    edit = service.update_entry(new, text="Consensus reached")
    assert found(wf, "quorum") == set() and ("entry", new) in found(wf, "consensus")
    service.undo(edit)
    assert ("entry", new) in found(wf, "quorum") and found(wf, "consensus") == set()
    service.redo(edit)
    assert ("entry", new) in found(wf, "consensus")
    gone = service.delete_entry(new)
    assert found(wf, "consensus") == set()
    service.undo(gone)
    assert ("entry", new) in found(wf, "consensus"), "undo of a delete brings the entry back to search"
    service.redo(gone)
    assert found(wf, "consensus") == set()

    actor = service.create_actor("Free Aceh Movement", also_known_as=["GAM"])
    actor_id = actor.created["actor"]
    assert ("actor", actor_id) in found(wf, "gam")
    rename = service.update_actor(actor_id, also_known_as=["Gerakan Aceh Merdeka"])
    assert found(wf, "gam") == set() and ("actor", actor_id) in found(wf, "merdeka")
    service.undo(rename)
    assert ("actor", actor_id) in found(wf, "gam")
    service.undo(actor)
    assert found(wf, "gam") == set()

    session = service.update_session(S2, title="Helsinki final round", location="Königstedt")
    assert ("session", S2) in found(wf, "final konig")
    service.undo(session)
    assert found(wf, "final") == set()

    action = service.update_action(ACT, text="Draft the AMM mandate")
    assert ("action", ACT) in found(wf, "mandate")
    service.undo(action)
    assert ("action", ACT) in found(wf, "monitoring") and found(wf, "mandate") == set()


def test_deleting_a_session_takes_its_records_out_and_undo_puts_them_back(service: WorkshopService) -> None:
    wf = service.file
    before = found(wf, "محمد")
    change = service.delete_session(S1)
    assert found(wf, "reconciliation") == set() and found(wf, "monitoring") == set()
    assert found(wf, "محمد") == {("actor", ARABIC)}
    service.undo(change)
    assert found(wf, "محمد") == before and ("action", ACT) in found(wf, "monitoring")
    assert index_is_exact(wf)


def test_deleting_an_actor_and_undoing_it(service: WorkshopService) -> None:
    change = service.delete_actor(ARABIC)
    assert ("actor", ARABIC) not in found(service.file, "محمد")
    service.undo(change)
    assert ("actor", ARABIC) in found(service.file, "محمد")
    assert index_is_exact(service.file)


def index_is_exact(wf: WorkshopFile) -> bool:
    """The index holds one row per indexed record, with its folded text, and nothing else."""
    with wf.read() as conn:
        indexed = set(
            conn.exec_driver_sql(
                "SELECT d.kind, d.ref, f.body FROM search_docs d JOIN search_fts f ON f.rowid = d.id"
            ).fetchall()
        )
        expected = set()
        for kind, (table, cols) in search_index.INDEXED.items():
            for row in conn.exec_driver_sql(f"SELECT id, {', '.join(cols)} FROM {table}"):
                expected.add((kind, row[0], search_index.body_of(cols, row[1:])))
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_docs)"
        ).scalar()
        pending = conn.exec_driver_sql("SELECT count(*) FROM search_pending").scalar()
    return indexed == expected and orphans == 0 and pending == 0


def test_import_indexes_everything(wf: WorkshopFile) -> None:
    assert index_is_exact(wf)
    with wf.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM search_docs").scalar() == 4 + 2 + 6 + 1


def test_import_through_the_command_path(tmp_path: Path) -> None:
    from multitrack_desktop.services.files import import_workshop

    example = Path(__file__).resolve().parents[1] / "data" / "example-workshop.json"
    dest = tmp_path / "imported.multitrack"
    doc = import_workshop(example, dest)
    with WorkshopFile.open(dest, readonly=True) as wf:
        assert index_is_exact(wf)
        first = doc.sessions[0].entries[0]
        word = next(w for w in first.text.split() if len(w) > 4)
        assert ("entry", first.id) in found(wf, word[:4])


def test_a_write_by_another_sqlite_tool_is_found_at_once_and_folded_at_the_next_app_write(
    workshop_path: Path,
) -> None:
    """The triggers use built-in SQL only: plain sqlite3 (no app function) can still write the file."""
    con = sqlite3.connect(workshop_path)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(
        "INSERT INTO entries (id, session_id, at, kind, text, author, visibility) "
        "VALUES ('raw-1', ?, ?, 'note', 'Écrit à la main: مُحَمَّد', '', 'team')",
        (S2, T0.isoformat()),
    )
    con.execute("UPDATE entries SET text = 'Plus de réconciliation' WHERE id = ?", (E_FR,))
    con.commit()
    con.close()
    with WorkshopFile.open(workshop_path, readonly=True) as ro:
        assert ("entry", "raw-1") in found(ro, "ecrit محمد")
        assert ("entry", E_FR) in found(ro, "plus")
        assert ("entry", E_FR) not in found(ro, "abord")
    with WorkshopFile.open(workshop_path, daily_backup=False) as rw:
        WorkshopService(rw).add_entry(S2, T0, "Anything")  # any write folds what was waiting
        assert index_is_exact(rw)
        assert ("entry", "raw-1") in found(rw, "ecrit")


def test_a_new_file_has_the_index(tmp_path: Path) -> None:
    with WorkshopFile.create(tmp_path / "new.multitrack") as wf:
        with wf.write() as conn:
            conn.exec_driver_sql(
                "INSERT INTO workshop (id, singleton, title, context, language, facilitators, created_at, "
                "updated_at) VALUES ('w', 1, 'T', '', 'en', '[]', ?, ?)",
                (T0.isoformat(), T0.isoformat()),
            )
        service = WorkshopService(wf)
        s = service.create_session("Première séance", T0).created["session"]
        assert found(wf, "premiere") == {("session", s)}


# --------------------------------------------------------------------------- older files


@pytest.mark.parametrize("fixture", [V1, V2], ids=["v1", "v2"])
def test_search_after_upgrading_an_older_file(tmp_path: Path, fixture: Path) -> None:
    path = tmp_path / "old.multitrack"
    shutil.copyfile(fixture, path)
    with WorkshopFile.open(path, readonly=True) as ro:  # read through a migrated copy
        doc = WorkshopService(ro).document()
        word = doc.actors[0].name.split()[0][:4]
        words = found(ro, word)
        assert ("actor", doc.actors[0].id) in words, "the upgraded copy is indexed"
        assert index_is_exact(ro)
    assert read_header(path).user_version < SCHEMA_VERSION, "reading did not change the file"
    with WorkshopFile.open(path, backup_dir=tmp_path / "b", daily_backup=False) as wf:
        assert read_header(path).user_version == SCHEMA_VERSION
        assert index_is_exact(wf)
        assert found(wf, word) == words
        doc = WorkshopService(wf).document()
        actor = doc.actors[0]
        assert ("actor", actor.id) in found(wf, actor.name)
        session = doc.sessions[0]
        new = WorkshopService(wf).add_entry(session.id, session.starts_at, "Zanzibar").created["entry"]
        assert found(wf, "zanzib") == {("entry", new)}


def test_search_triggers_survive_a_table_rebuild(wf: WorkshopFile) -> None:
    """A batch migration recreates a table, which drops its triggers; migrations put them back."""
    with wf.write() as conn:
        conn.exec_driver_sql("DROP TRIGGER search_entries_ai")
        search_index.ensure_triggers(conn)
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert len(names) == 12 and "search_entries_ai" in names


def test_entry_kinds_are_not_part_of_the_text(service: WorkshopService) -> None:
    service.add_entry(S2, T0, "Something", kind=m.EntryKind.DECISION)
    assert found(service.file, "decision") == set()


def test_arabic_attached_prefixes_and_letters_written_either_way(service: WorkshopService) -> None:
    wf = service.file
    a = service.add_entry(S2, T0, "وقال: والسلام عليكم").created["entry"]
    b = service.add_entry(S2, T0, "نجتمع في المستشفى بالمدينة").created["entry"]
    c = service.add_entry(S2, T0, "كتاب جديد").created["entry"]
    assert ("entry", a) in found(wf, "السلام")  # the conjunction و attached
    assert ("entry", a) in found(wf, "سلام")  # and the article
    assert ("entry", a) in found(wf, "والسلام")
    assert ("entry", b) in found(wf, "المدينه")  # بال attached; teh marbuta typed as heh
    assert ("entry", b) in found(wf, "مستشفي")  # alef maksura typed as yeh
    assert ("entry", c) in found(wf, "کتاب")  # the Persian keyboard's keheh
    assert ("entry", c) not in found(wf, "تاب"), "a lone ك is not taken for a preposition"
    assert found(wf, "لام") == set(), "a match starts at the start of a word (or of its stem)"


def test_when_thousands_match_only_the_newest_are_ranked(service: WorkshopService) -> None:
    wf = service.file
    best = service.add_entry(S2, T0, "truce truce truce").created["entry"]  # indexed first: oldest
    newer = [service.add_entry(S2, T0, f"truce and talk {i}").created["entry"] for i in range(4)]
    assert search(wf, "truce", rank_window=None)[0].id == best
    assert search(wf, "truce")[0].id == best  # fewer matches than the window: all ranked
    windowed = {h.id for h in search(wf, "truce", rank_window=2)}
    assert windowed == set(newer[-2:])
    assert len(search(wf, "truce", limit=None, rank_window=None)) == 5
    assert len(search(wf, "truce", limit=3)) == 3


def _file_bytes(wf: WorkshopFile) -> bytes:
    """The file on disk (journal_mode=DELETE: complete after each commit)."""
    return wf.path.read_bytes()


def test_deleted_or_replaced_text_leaves_no_words_in_the_file(service: WorkshopService) -> None:
    """FTS5 keeps a deleted text's words in old segments until they are merged: purged at commit."""
    wf = service.file
    a = service.add_entry(S2, T0, "the informant is qwertyzanzibar").created["entry"]
    b = service.add_entry(S2, T0, "meeting at the azertyharbour").created["entry"]
    assert b"qwertyzanzibar" in _file_bytes(wf)
    service.delete_entry(a)
    service.update_entry(b, text="meeting somewhere else")
    data = _file_bytes(wf)
    assert b"qwertyzanzibar" not in data and b"informant" not in data
    assert b"azertyharbour" not in data
    assert index_is_exact(wf)


def test_deleting_a_big_session_purges_once(
    service: WorkshopService, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(30):
        service.add_entry(S2, T0, f"note {i}")
    calls: list[object] = []
    real = search_index.purge
    monkeypatch.setattr(search_index, "purge", lambda conn: (calls.append(conn), real(conn)))
    change = service.delete_session(S2)
    assert len(calls) == 1
    service.undo(change)  # putting rows back removes no text: no purge
    assert len(calls) == 1
    service.redo(change)
    assert len(calls) == 2 and found(service.file, "note") == set()
    assert index_is_exact(service.file)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_every_word_of_any_text_finds_it(service: WorkshopService, text: str) -> None:
    """The words are decided by the app for both the index and the query (SQLite's tokenizer has
    older Unicode tables): any word of any script finds its entry, as a whole and by its start."""
    terms = [t for t in query_terms(text) if not all(unicodedata.category(c)[0] == "M" for c in t)]
    if not text.strip() or not terms:
        return
    entry = service.add_entry(S2, T0, text).created["entry"]
    try:
        for term in terms:
            for query in {term, term[: max(1, len(term) // 2)]}:
                if all(unicodedata.category(c)[0] == "M" for c in query):
                    continue  # a start made of marks alone (as excluded above for whole words)
                hits = {h.id for h in search(service.file, query, limit=None, rank_window=None)}
                assert entry in hits, (text, query)
    finally:
        service.delete_entry(entry)


def test_rebuild_gives_the_same_index_and_leaves_nothing_behind(wf: WorkshopFile) -> None:
    with wf.write() as conn:
        conn.exec_driver_sql("UPDATE search_fts SET body = 'qwertyleftover' WHERE rowid = 1")
    assert b"qwertyleftover" in wf.path.read_bytes() and not index_is_exact(wf)
    with wf.write() as conn:
        search_index.rebuild(conn)
    assert index_is_exact(wf) and b"qwertyleftover" not in wf.path.read_bytes()
