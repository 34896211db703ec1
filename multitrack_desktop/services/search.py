"""Search a workshop as you type: actors (names, other names, alias), entries, sessions, actions.

The query is folded exactly like the indexed text (``storage.search_index.fold``: case, accents,
Arabic vowel marks and presentation forms, tatweel, ё/е), cut into words, and each word is
looked up as a prefix (``word*``); all words must match. The words are quoted for FTS5, so
nothing a person types (quotes, ``*``, ``-``, ``:``, brackets, NEAR, AND/OR) is read as
syntax: hostile input finds what it literally says, or nothing, and never raises.

Results are ranked by FTS5's bm25, then the newest first (when thousands of records match,
among the most recent ``RANK_WINDOW`` of them). Reading only: works on a file
opened read-only, and on one another process holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from ..storage import search_index as si
from ..storage.database import WorkshopFile
from ..storage.schema import read_date, read_datetime

KINDS = ("actor", "entry", "session", "action")
#: a query longer than this is cut (nobody types more; a pasted page should not cost seconds)
MAX_QUERY_CHARS = 1000
MAX_TERMS = 16
MAX_TERM_CHARS = 64
SNIPPET_CHARS = 120
#: at most this many matches are ranked (the most recently indexed ones); see ``search``
RANK_WINDOW = 2000


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One record that matches: what it is, where it belongs, and text to show for it."""

    kind: str  # "actor" | "entry" | "session" | "action"
    id: str
    #: the session an entry or action belongs to; a session's own id; None for an actor
    session_id: str | None
    #: the record's own text on one line (an actor's name, a session's title, an entry's text)
    title: str
    #: at most ``SNIPPET_CHARS`` characters of the matching text, around the first match
    snippet: str
    #: when: an entry's time, a session's start, an action's due date; None for an actor
    at: dt.datetime | dt.date | None
    score: float = 0.0


def query_terms(query: str) -> list[str]:
    """The folded words of a query, each to be matched as a prefix (duplicates dropped)."""
    query = query[:MAX_QUERY_CHARS]
    if not query.strip():
        return []  # nothing to look up (and no need to build the word pattern yet)
    words = si.tokens(si.fold(query))
    out: list[str] = []
    for w in words:
        w = w[:MAX_TERM_CHARS]
        if w not in out:
            out.append(w)
    return out[:MAX_TERMS]


def match_expression(terms: Iterable[str]) -> str:
    """FTS5 syntax for "every term, as a prefix": each one a quoted string (quotes doubled)."""
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def search(
    file: WorkshopFile, query: str, *, limit: int | None = 200, rank_window: int | None = RANK_WINDOW
) -> list[SearchHit]:
    """What matches ``query`` in ``file``, best first; an empty list for no match or an empty query.

    ``limit`` None returns every match. ``rank_window``: when more records than this match (the
    first letters typed match nearly everything), only the most recently indexed ``rank_window``
    of them are ranked, so a keystroke never waits for 20,000 scores; None ranks every match.
    """
    terms = query_terms(query)
    if not terms or (limit is not None and limit <= 0):
        return []
    with file.read() as conn:
        return search_connection(conn, terms, limit=limit, rank_window=rank_window)


def search_connection(
    conn: Connection, terms: list[str], *, limit: int | None, rank_window: int | None = RANK_WINDOW
) -> list[SearchHit]:
    # records another SQLite tool wrote are noted but not folded yet: matched here, in Python
    waiting = set(si.pending(conn))
    expr = match_expression(terms)
    lowest = 0
    if rank_window is not None:
        # the rowid of the rank_window-th newest match (no scoring: a walk down the doclists)
        row = conn.exec_driver_sql(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (expr, rank_window - 1),
        ).first()
        lowest = 0 if row is None else row[0]
    # rank first, then look up only the rows kept (two queries: a join here is planned badly)
    ranked = conn.exec_driver_sql(
        "SELECT rowid, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH ? AND rowid >= ? "
        "ORDER BY score LIMIT ?",
        (expr, lowest, -1 if limit is None else limit + len(waiting)),
    ).fetchall()
    docs: dict[int, tuple[str, str]] = {}
    for chunk in _chunks([r[0] for r in ranked], 500):
        marks = ", ".join("?" * len(chunk))
        for rowid, kind, ref in conn.exec_driver_sql(
            f"SELECT id, kind, ref FROM search_docs WHERE id IN ({marks})", tuple(chunk)
        ):
            docs[rowid] = (kind, ref)
    rows = [(*docs[rowid], score) for rowid, score in ranked if rowid in docs]
    found = [(kind, ref, float(rank)) for kind, ref, rank in rows if (kind, ref) not in waiting]
    for kind, ref in sorted(waiting):
        if kind in si.INDEXED and _matches_now(conn, kind, ref, terms):
            found.append((kind, ref, 0.0))
    hits = _describe(conn, found, terms)
    hits.sort(key=lambda h: (h.score, -_when(h.at)))
    return hits if limit is None else hits[:limit]


def _matches_now(conn: Connection, kind: str, ref: str, terms: list[str]) -> bool:
    table, cols = si.INDEXED[kind]
    row = conn.exec_driver_sql(f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (ref,)).first()
    if row is None:
        return False
    words = si.tokens(si.body_of(cols, tuple(row)))
    return all(any(w.startswith(t) for w in words) for t in terms)


def _describe(conn: Connection, found: list[tuple[str, str, float]], terms: list[str]) -> list[SearchHit]:
    """Load what each hit shows (from the records themselves, not the folded index)."""
    by_kind: dict[str, list[str]] = {}
    for kind, ref, _score in found:
        by_kind.setdefault(kind, []).append(ref)
    #: (session, title, longer text shown or None for the title itself, when)
    details: dict[tuple[str, str], tuple[str | None, str, str | None, Any]] = {}
    for kind, refs in by_kind.items():
        for chunk in _chunks(refs, 500):
            marks = ", ".join("?" * len(chunk))
            if kind == "actor":
                sql = f"SELECT id, name, also_known_as, alias FROM actors WHERE id IN ({marks})"
                for r in conn.exec_driver_sql(sql, tuple(chunk)):
                    others = list(si.texts(("also_known_as", "alias"), (r[2], r[3])))
                    shown = r[1] + (f" ({', '.join(others)})" if others else "")
                    details[(kind, r[0])] = (None, r[1], shown, None)
            elif kind == "entry":
                sql = f"SELECT id, session_id, at, text FROM entries WHERE id IN ({marks})"
                for r in conn.exec_driver_sql(sql, tuple(chunk)):
                    details[(kind, r[0])] = (r[1], r[3], None, _datetime(r[2]))
            elif kind == "session":
                sql = f"SELECT id, title, starts_at, location, agenda FROM sessions WHERE id IN ({marks})"
                for r in conn.exec_driver_sql(sql, tuple(chunk)):
                    parts = [r[1], r[3], *si.texts(("agenda",), (r[4],))]
                    details[(kind, r[0])] = (r[0], r[1], " · ".join(p for p in parts if p), _datetime(r[2]))
            elif kind == "action":
                sql = f"SELECT id, session_id, text, due FROM actions WHERE id IN ({marks})"
                for r in conn.exec_driver_sql(sql, tuple(chunk)):
                    due = read_date(r[3]) if r[3] else None
                    details[(kind, r[0])] = (r[1], r[2], None, due)
    hits = []
    for kind, ref, score in found:
        d = details.get((kind, ref))
        if d is None:  # deleted since it was indexed by another tool's write: nothing to show
            continue
        session_id, title, shown, at = d
        title = one_line(title)
        shown = title if shown is None else one_line(shown)
        text = shown if len(shown) <= SNIPPET_CHARS else _window(shown, terms, SNIPPET_CHARS)
        hits.append(SearchHit(kind, ref, session_id, title, text, at, score))
    return hits


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _datetime(value: str | None) -> dt.datetime | None:
    return read_datetime(value)  # text another program wrote where a datetime belongs: a damaged file


def _when(at: dt.datetime | dt.date | None) -> float:
    if at is None:
        return -math.inf
    if isinstance(at, dt.datetime):
        return at.timestamp()
    return dt.datetime.combine(at, dt.time(), tzinfo=dt.UTC).timestamp()


# --------------------------------------------------------------------------- text to show

_SPACE = re.compile(r"\s+")


#: control characters and direction overrides removed from text shown on one line
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text for one line of a list or a terminal: whitespace runs become one space, and control
    and direction-override characters are removed (a note must not rewrite the screen)."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """At most ``width`` characters of ``text`` on one line, from the first word matching a term."""
    line = one_line(text)
    if len(line) <= width:
        return line
    return _window(line, terms, width)


def _window(line: str, terms: list[str], width: int) -> str:
    head = line[: width - 1]
    if _has_match(head, terms):
        return head.rstrip() + "…"
    start = 0
    for word in re.finditer(r"\S+", line):
        if _has_match(word.group(), terms):
            start = word.start()
            break
    begin = max(0, min(start - width // 4, len(line) - (width - 1)))
    if begin == 0:
        return head.rstrip() + "…"
    out = "…" + line[begin : begin + width - 2].lstrip()
    return out if begin + width - 2 >= len(line) else out[: width - 1].rstrip() + "…"


def _has_match(text: str, terms: list[str]) -> bool:
    return any(w.startswith(t) for w in si.tokens(si.fold(text)) for t in terms)


# --------------------------------------------------------------------------- what an audience may see


class DocumentSearch:
    """The same search (folding, words, every word a prefix) over domain values held in memory.

    For presentation mode: give it ``redact(doc, audience).document`` and a hit can only come
    from what that audience may see, as it is shown to them (withheld records absent, anonymised
    actors by their alias, withheld names rewritten in texts), never from the file's full text.
    Ranking: the share of a record's words that match, then the newest first.
    """

    def __init__(self, doc: Any) -> None:
        self._records: list[tuple[SearchHit, str, int]] = []
        for a in doc.actors:
            body = si.body_of(("name", "also_known_as", "alias"), (a.name, list(a.also_known_as), a.alias))
            others = [*a.also_known_as, *([a.alias] if a.alias and a.alias != a.name else [])]
            shown = a.name + (f" ({', '.join(others)})" if others else "")
            self._add("actor", a.id, None, a.name, shown, None, body)
        for se in doc.sessions:
            body = si.body_of(("title", "location", "agenda"), (se.title, se.location, list(se.agenda)))
            shown = " · ".join(p for p in [se.title, se.location, *se.agenda] if p)
            self._add("session", se.id, se.id, se.title, shown, se.starts_at, body)
            for e in se.entries:
                self._add("entry", e.id, se.id, e.text, e.text, e.at, si.body_of(("text",), (e.text,)))
            for ac in se.actions:
                self._add("action", ac.id, se.id, ac.text, ac.text, ac.due, si.body_of(("text",), (ac.text,)))

    def _add(
        self, kind: str, ref: str, session_id: str | None, title: str, shown: str, at: Any, body: str
    ) -> None:
        hit = SearchHit(kind, ref, session_id, one_line(title), one_line(shown), at)
        # " word word ...": a term starts a word exactly when " " + term occurs in it
        self._records.append((hit, " " + body, body.count(" ") + 1))

    def search(self, query: str, *, limit: int | None = 200) -> list[SearchHit]:
        terms = query_terms(query)
        if not terms:
            return []
        starts = [" " + t for t in terms]
        scored = [
            (-sum(words.count(st) for st in starts) / n, -_when(hit.at), i)
            for i, (hit, words, n) in enumerate(self._records)
            if all(st in words for st in starts)
        ]
        best = sorted(scored) if limit is None else heapq.nsmallest(limit, scored)
        out = []
        for score, _newest, i in best:  # the text to show, for the hits kept only
            hit = self._records[i][0]
            text = hit.snippet
            if len(text) > SNIPPET_CHARS:
                text = _window(text, terms, SNIPPET_CHARS)
            out.append(dataclasses.replace(hit, snippet=text, score=score))
        return out
