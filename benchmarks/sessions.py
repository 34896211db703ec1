"""Sessions benchmark: 200 sessions and 20,000 entries; recording, searching, opening a session.

Prints one ``name=value`` line per figure (units in the names). Each app figure has a raw
``sqlite3`` baseline measured in the same run, on the same file, with the same PRAGMAs
(``database.apply_pragmas``), interleaved with the app's calls so both see the same disk:

- recording one entry until committed: ``WorkshopService.add_entry`` (validation, change record,
  ``updated_at``, search index) against raw ``BEGIN IMMEDIATE; INSERT entry; INSERT into the
  search index; COMMIT`` (the baseline does the same index work: fold, docs row, FTS row);
- a search: ``services.search.search`` (fold, FTS5 MATCH, bm25 over the newest 2,000 matches,
  rows to show) against raw sqlite3 running the same statements, for a common word (in most
  entries), two words, an Arabic prefix and a rare one; and, for reference, raw FTS5 ranking
  every match;
- opening the largest session (500 entries): the session, its participants, entries (with the
  actors they are about) and actions as domain values; no widgets (see the UI's own figures).

    .venv/bin/python benchmarks/sessions.py [--sessions 200 --entries 20000 --largest 500]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.storage import filesystem, make_document, percentile, uid  # noqa: E402
from multitrack_desktop.domain import model as m  # noqa: E402
from multitrack_desktop.services.search import (  # noqa: E402
    RANK_WINDOW,
    DocumentSearch,
    match_expression,
    query_terms,
    search,
)
from multitrack_desktop.services.workshop import WorkshopService  # noqa: E402
from multitrack_desktop.storage import repository as repo  # noqa: E402
from multitrack_desktop.storage import search_index  # noqa: E402
from multitrack_desktop.storage.database import WorkshopFile, apply_pragmas  # noqa: E402

QUERIES = {
    "common": "recon",  # in most entries
    "two_words": "paix мир",  # "мир" is in none: AND of a common and an absent word
    "arabic": "مفاوض",
    "rare": "actor 123",  # a dozen actors
}


def build(path: Path, n_sessions: int, n_entries: int, largest: int, n_actors: int) -> tuple[str, int]:
    """The storage benchmark's document, with one session holding ``largest`` entries."""
    doc = make_document(n_actors, n_actors * 2, n_sessions, n_entries)
    everything = [e for s in doc.sessions for e in s.entries]
    big, rest = doc.sessions[0], doc.sessions[1:]
    big.ends_at = None
    big.entries = [
        dataclasses.replace(e, at=big.starts_at + dt.timedelta(seconds=30 * k))
        for k, e in enumerate(everything[:largest])
    ]
    others = everything[largest:]
    per = len(others) // len(rest)
    for i, s in enumerate(rest):
        chunk = others[i * per : (i + 1) * per if i < len(rest) - 1 else len(others)]
        s.entries = [
            dataclasses.replace(e, at=s.starts_at + dt.timedelta(minutes=k % 480))
            for k, e in enumerate(chunk)
        ]
    big.participants = [m.Participant(actor=doc.actors[i].id) for i in range(20)]
    big.actions = [m.Action(id=uid("action", i), text=f"Follow up {i} on reconciliation") for i in range(30)]
    wf = WorkshopFile.create(path)
    with wf.write() as conn:
        repo.insert_document(conn, doc)
    wf.close()
    return big.id, sum(len(s.entries) for s in doc.sessions)


def load_session(svc: WorkshopService, session_id: str) -> m.Session:
    """One session with its contents, without reading the other sessions."""
    T = repo
    with svc.file.read() as conn:
        session = repo.to_session(
            conn.execute(T.T_SESSIONS.select().where(T.T_SESSIONS.c.id == session_id)).one()
        )
        session.participants = [
            repo.to_participant(r)
            for r in conn.execute(
                T.T_PARTICIPANTS.select()
                .where(T.T_PARTICIPANTS.c.session_id == session_id)
                .order_by(T.T_PARTICIPANTS.c.position)
            )
        ]
        rows = list(conn.execute(T.T_ENTRIES.select().where(T.T_ENTRIES.c.session_id == session_id)))
        about: dict[str, list[str]] = {}
        for r in conn.execute(
            T.T_ABOUT.select()
            .join(T.T_ENTRIES, T.T_ENTRIES.c.id == T.T_ABOUT.c.entry_id)
            .where(T.T_ENTRIES.c.session_id == session_id)
        ):
            about.setdefault(r.entry_id, []).append(r.actor)
        session.entries = sorted((repo.to_entry(r, about.get(r.id, [])) for r in rows), key=m.entry_sort_key)
        session.actions = [
            repo.to_action(r)
            for r in conn.execute(
                T.T_ACTIONS.select()
                .where(T.T_ACTIONS.c.session_id == session_id)
                .order_by(T.T_ACTIONS.c.position)
            )
        ]
    return session


def raw_record(raw: sqlite3.Connection, session_id: str, i: int, at: dt.datetime, text: str) -> None:
    """The same insert as ``add_entry``, with the same search-index work, in plain sqlite3."""
    entry_id = f"raw-{i}"
    raw.execute("BEGIN IMMEDIATE")
    raw.execute(
        "INSERT INTO entries (id, session_id, at, kind, text, speaker, author, visibility, extra) "
        "VALUES (?, ?, ?, 'note', ?, NULL, '', 'team', NULL)",
        (entry_id, session_id, at.isoformat(), text),
    )
    rowid = raw.execute("INSERT INTO search_docs (kind, ref) VALUES ('entry', ?)", (entry_id,)).lastrowid
    raw.execute("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", (rowid, search_index.fold(text)))
    raw.execute("DELETE FROM search_pending")
    raw.execute("COMMIT")


def raw_search(raw: sqlite3.Connection, expr: str, limit: int = 200) -> list[tuple[str, str, float]]:
    """The statements ``services.search`` runs, in plain sqlite3."""
    row = raw.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (expr, RANK_WINDOW - 1),
    ).fetchone()
    ranked = raw.execute(
        "SELECT rowid, bm25(search_fts) AS s FROM search_fts WHERE search_fts MATCH ? AND rowid >= ? "
        "ORDER BY s LIMIT ?",
        (expr, 0 if row is None else row[0], limit),
    ).fetchall()
    ids = [r[0] for r in ranked]
    docs = {
        r[0]: (r[1], r[2])
        for r in raw.execute(
            f"SELECT id, kind, ref FROM search_docs WHERE id IN ({', '.join('?' * len(ids))})", ids
        )
    }
    return [(*docs[i], s) for i, s in ranked]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--entries", type=int, default=20000)
    ap.add_argument("--largest", type=int, default=500)
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--searches", type=int, default=100)
    args = ap.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="multitrack-bench-sessions-"))
    path = folder / "sessions.multitrack"
    print(f"filesystem={filesystem(folder)}")
    t0 = time.perf_counter()
    largest_id, n_entries = build(path, args.sessions, args.entries, args.largest, args.actors)
    print(f"build_s={time.perf_counter() - t0:.3f}")
    print(f"entries_count={n_entries}")
    print(f"file_size_mb={path.stat().st_size / 1e6:.1f}")

    wf = WorkshopFile.open(path, daily_backup=False)
    svc = WorkshopService(wf)

    # opening the panel: every session, without contents
    panel = []
    for _ in range(20):
        t0 = time.perf_counter()
        sessions = svc.sessions()
        panel.append((time.perf_counter() - t0) * 1000)
    print(f"open_panel_sessions_count={len(sessions)}")
    print(f"open_panel_p50_ms={percentile(panel, 0.5):.2f}")

    # opening the largest session
    opened = []
    for _ in range(20):
        t0 = time.perf_counter()
        session = load_session(svc, largest_id)
        opened.append((time.perf_counter() - t0) * 1000)
    print(f"open_largest_session_entries_count={len(session.entries)}")
    print(f"open_largest_session_p50_ms={percentile(opened, 0.5):.2f}")
    print(f"open_largest_session_max_ms={max(opened):.2f}")

    # recording one entry until committed, interleaved with the raw baseline
    raw = sqlite3.connect(str(path), isolation_level=None)
    apply_pragmas(raw, readonly=False)
    rnd = random.Random(3)
    words = "paix dialogue ceasefire сессия مفاوضات reconciliation Aceh Helsinki réunion".split()
    record_ms, raw_ms = [], []
    at = session.starts_at
    for i in range(args.records):
        text = " ".join(rnd.choices(words, k=15))
        t0 = time.perf_counter()
        svc.add_entry(largest_id, at, text)
        record_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        raw_record(raw, largest_id, i, at, text)
        raw_ms.append((time.perf_counter() - t0) * 1000)
    # changing or deleting indexed text also purges the index (see search_index.purge)
    edit_ms, delete_ms = [], []
    for i in range(min(50, args.records)):
        added = svc.add_entry(largest_id, at, f"draft wording {i}").created["entry"]
        t0 = time.perf_counter()
        svc.update_entry(added, text=f"final wording {i}")
        edit_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        svc.delete_entry(added)
        delete_ms.append((time.perf_counter() - t0) * 1000)
    for name, values in (
        ("record_entry", record_ms),
        ("raw_record_entry", raw_ms),
        ("edit_entry_text", edit_ms),
        ("delete_entry", delete_ms),
    ):
        print(f"{name}_p50_ms={percentile(values, 0.5):.2f}")
        print(f"{name}_p95_ms={percentile(values, 0.95):.2f}")
    print(f"record_to_raw_p50_ratio={percentile(record_ms, 0.5) / percentile(raw_ms, 0.5):.2f}")

    # a search, interleaved with raw sqlite3 running the same FTS5 statements (window, bm25, the
    # rows' records) without the folding, the Python around them and the text to show
    all_search: list[float] = []
    for label, query in QUERIES.items():
        expr = match_expression(query_terms(query))
        app_ms, base_ms, rank_all_ms = [], [], []
        for _ in range(args.searches):
            t0 = time.perf_counter()
            hits = search(wf, query)
            app_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            raw_search(raw, expr)
            base_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            raw.execute(
                "SELECT rowid, bm25(search_fts) AS s FROM search_fts WHERE search_fts MATCH ? ORDER BY s LIMIT 200",
                (expr,),
            ).fetchall()
            rank_all_ms.append((time.perf_counter() - t0) * 1000)
        all_search += app_ms
        print(f"search_{label}_hits_count={len(hits)}")
        print(f"search_{label}_p50_ms={percentile(app_ms, 0.5):.2f}")
        print(f"search_{label}_p95_ms={percentile(app_ms, 0.95):.2f}")
        print(f"raw_fts_{label}_p50_ms={percentile(base_ms, 0.5):.2f}")
        print(f"raw_fts_{label}_p95_ms={percentile(base_ms, 0.95):.2f}")
        print(f"raw_fts_rank_every_match_{label}_p50_ms={percentile(rank_all_ms, 0.5):.2f}")
    # presentation mode: the same search in memory over the redacted document (here the team's view,
    # which keeps every entry of this generated workshop: the worst case)
    from multitrack_desktop.domain.audience import redact

    t0 = time.perf_counter()
    shown = DocumentSearch(redact(svc.document(), m.Visibility.TEAM).document)
    print(f"document_search_build_ms={(time.perf_counter() - t0) * 1000:.0f}")
    doc_ms = []
    for query in QUERIES.values():
        for _ in range(5):
            t0 = time.perf_counter()
            shown.search(query)
            doc_ms.append((time.perf_counter() - t0) * 1000)
    print(f"document_search_p50_ms={percentile(doc_ms, 0.5):.2f}")
    print(f"document_search_p95_ms={percentile(doc_ms, 0.95):.2f}")
    print(f"search_all_queries_p50_ms={percentile(all_search, 0.5):.2f}")
    print(f"search_all_queries_p95_ms={percentile(all_search, 0.95):.2f}")
    raw.close()
    wf.close()

    p95_entry = percentile(record_ms, 0.95)
    p95_search = percentile(all_search, 0.95)
    print(f"target_entry_p95_under_10ms={'yes' if p95_entry < 10 else 'no'}")
    print(f"target_search_p95_under_30ms={'yes' if p95_search < 30 else 'no'}")
    print(f"target_open_session_under_150ms={'yes' if statistics.median(opened) < 150 else 'no'}")


if __name__ == "__main__":
    main()
