"""The full-text search index inside the workshop file (SQLite FTS5), and the text folding it uses.

Design: plain-SQL triggers on ``actors``, ``entries``, ``sessions`` and ``actions`` note *which*
record changed in ``search_pending``; the app folds the text of the records noted there and
writes it to ``search_fts`` (``flush``), in the same transaction as the change. So:

- every write is caught, whatever wrote it: service edits, undo and redo (``changes.apply``),
  imports (``repository.insert_document``), migrations, code added later, even another SQLite
  tool; nothing relies on a call being remembered in the right place;
- the triggers use built-in SQL only, so the file stays self-contained: any SQLite tool can
  still read *and write* it (the folding of what such a tool wrote happens the next time the
  app writes, and search folds it on the fly until then);
- the folding (NFKC, case folding, combining marks incl. Arabic harakat, tatweel, ё→е...) and
  what counts as a word are Python, because SQLite's ``unicode61`` tokenizer strips Latin
  diacritics only and has Unicode 6.1 tables: the index holds the app's words joined by spaces;
- text that leaves the index (a deletion, an edit) is purged from FTS5's segments before the
  transaction commits (``purge``), so a deleted note's words do not stay in the file.

``search_docs`` maps an FTS rowid to its record (``kind``, ``ref``) so an update replaces one
FTS row by rowid instead of scanning the index. None of these tables is in the SQLAlchemy
metadata: they are derived data, never exported, and never part of an undo record.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection

#: record kind -> (table, columns whose text is indexed)
INDEXED: dict[str, tuple[str, tuple[str, ...]]] = {
    "actor": ("actors", ("name", "also_known_as", "alias")),
    "entry": ("entries", ("text",)),
    "session": ("sessions", ("title", "location", "agenda")),
    "action": ("actions", ("text",)),
}
KIND_OF_TABLE = {table: kind for kind, (table, _cols) in INDEXED.items()}
#: columns holding a JSON array of strings
JSON_COLUMNS = {"also_known_as", "agenda"}
#: every table (and prefix of FTS5 shadow tables) this module owns; kept out of schema comparisons
OWN_TABLES = ("search_fts", "search_docs", "search_pending")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """For Alembic's comparison of the file with the models: the search tables are not models."""
    return not (type_ == "table" and name is not None and name.startswith(OWN_TABLES))


DDL_TABLES = (
    "CREATE TABLE IF NOT EXISTS search_docs ("
    "id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, UNIQUE (kind, ref))",
    "CREATE TABLE IF NOT EXISTS search_pending ("
    "seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, UNIQUE (kind, ref))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2')",
)


def trigger_ddl() -> list[str]:
    """Three triggers per indexed table, built-in SQL only (the file stays writable by any tool)."""
    out = []
    for kind, (table, cols) in INDEXED.items():
        note = "INSERT OR IGNORE INTO search_pending (kind, ref) VALUES ('{k}', {v}.id);"
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_ai AFTER INSERT ON {table} "
            f"BEGIN {note.format(k=kind, v='NEW')} END"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_au AFTER UPDATE OF id, {', '.join(cols)} "
            f"ON {table} BEGIN {note.format(k=kind, v='OLD')} {note.format(k=kind, v='NEW')} END"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_ad AFTER DELETE ON {table} "
            f"BEGIN {note.format(k=kind, v='OLD')} END"
        )
    return out


def install(conn: Connection) -> None:
    """Create the index tables and triggers (a new file, or migration 0003), then index every record."""
    for sql in (*DDL_TABLES, *trigger_ddl()):
        conn.exec_driver_sql(sql)
    rebuild(conn)


def ensure_triggers(conn: Connection) -> None:
    """Put back triggers a table rebuild dropped (Alembic batch migrations recreate tables)."""
    have = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    if "search_pending" not in have:
        return  # a file from before the index (schema 1 or 2); revision 0003 creates it
    for sql in trigger_ddl():
        conn.exec_driver_sql(sql)


def rebuild(conn: Connection) -> None:
    """Index every record from scratch (the folding changed, or the index was damaged)."""
    conn.exec_driver_sql("DELETE FROM search_fts")
    conn.exec_driver_sql("DELETE FROM search_docs")
    conn.exec_driver_sql("DELETE FROM search_pending")
    for kind, (table, cols) in INDEXED.items():
        rows = conn.exec_driver_sql(f"SELECT id, {', '.join(cols)} FROM {table}").fetchall()
        for row in rows:
            _write(conn, kind, row[0], body_of(cols, row[1:]), known=None)
    purge(conn)  # what was indexed before leaves no words behind


# --------------------------------------------------------------------------- keeping in step


def flush(conn: Connection) -> int:
    """Fold and index every record the triggers noted. Cheap when none are.

    Returns how many indexed texts were taken out (records deleted, or their text replaced):
    when any were, the caller runs ``purge`` once before its transaction commits.
    Reads and writes in batches (an import notes tens of thousands of records at once).
    """
    # in the order the records were written, so that rowids follow time (see services.search)
    pending = conn.exec_driver_sql("SELECT kind, ref FROM search_pending ORDER BY seq").fetchall()
    if not pending:
        return 0
    todo = list(dict.fromkeys((kind, ref) for kind, ref in pending if kind in INDEXED))
    bodies: dict[tuple[str, str], str] = {}
    known: dict[tuple[str, str], int] = {}
    for kind, (table, cols) in INDEXED.items():
        refs = [ref for k, ref in todo if k == kind]
        for chunk in _chunks(refs, 500):
            marks = ", ".join("?" * len(chunk))
            for row in conn.exec_driver_sql(
                f"SELECT id, {', '.join(cols)} FROM {table} WHERE id IN ({marks})", tuple(chunk)
            ):
                bodies[(kind, row[0])] = body_of(cols, tuple(row[1:]))
            for doc_id, ref in conn.exec_driver_sql(
                f"SELECT id, ref FROM search_docs WHERE kind = ? AND ref IN ({marks})", (kind, *chunk)
            ):
                known[(kind, ref)] = doc_id
    removed = len(known)  # texts indexed before: taken out now, written again if the record is still there
    if known:
        conn.exec_driver_sql("DELETE FROM search_fts WHERE rowid = ?", [(i,) for i in known.values()])
        gone = [(i,) for key, i in known.items() if key not in bodies]
        if gone:
            conn.exec_driver_sql("DELETE FROM search_docs WHERE id = ?", gone)
    new = [key for key in todo if key in bodies and key not in known]
    for chunk in _chunks(new, 500):
        conn.exec_driver_sql("INSERT INTO search_docs (kind, ref) VALUES (?, ?)", chunk)
        for kind in {k for k, _ in chunk}:
            refs = [ref for k, ref in chunk if k == kind]
            marks = ", ".join("?" * len(refs))
            for doc_id, ref in conn.exec_driver_sql(
                f"SELECT id, ref FROM search_docs WHERE kind = ? AND ref IN ({marks})", (kind, *refs)
            ):
                known[(kind, ref)] = doc_id
    rows = [(known[key], bodies[key]) for key in todo if key in bodies]
    if rows:
        conn.exec_driver_sql("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", rows)
    conn.exec_driver_sql("DELETE FROM search_pending")
    return removed


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


PURGE = "INSERT INTO search_fts (search_fts) VALUES ('optimize')"


def purge(conn: Connection | Any) -> None:
    """Rewrite the index without what was taken out of it.

    FTS5 keeps a deleted text's words in its older segments (and writes them again as delete
    markers) until the segments are merged: the words of a deleted note would stay readable in
    the file, which ``secure_delete`` is there to prevent. ``optimize`` merges every segment into
    one, dropping them (and ``secure_delete`` zeroes the freed pages). Its cost grows with the
    index (about 30 ms for 20,000 entries), so it runs once per transaction, only after a
    deletion or a change of indexed text. ``conn``: a SQLAlchemy or a plain sqlite3 connection.
    """
    if isinstance(conn, Connection):
        conn.exec_driver_sql(PURGE)
    else:
        conn.execute(PURGE)


def _write(conn: Connection, kind: str, ref: str, body: str, *, known: int | None) -> None:
    if known is None:
        known = conn.exec_driver_sql(
            "INSERT INTO search_docs (kind, ref) VALUES (?, ?)", (kind, ref)
        ).lastrowid
    conn.exec_driver_sql("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", (known, body))


def pending(conn: Connection) -> list[tuple[str, str]]:
    """Records changed by a writer that did not fold them (another tool); empty after any app write."""
    return [(r[0], r[1]) for r in conn.exec_driver_sql("SELECT kind, ref FROM search_pending")]


def body_of(columns: Iterable[str], values: Iterable[Any]) -> str:
    """What the index holds for one record: the words of its indexed columns (JSON lists, such as
    other names, flattened), folded, joined by spaces; then its Arabic words without their attached
    conjunction, preposition or article."""
    words = tokens(fold("\n".join(texts(columns, values))))
    return " ".join(words + arabic_stems(words))


#: attached prefixes tried longest first: the article ال, alone or after a conjunction (و ف) or a
#: preposition (ب ك ل); a conjunction alone. A lone ب ك ل is not tried: too many words begin so.
_ARABIC_PREFIXES = ("وبال", "ولل", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def arabic_stems(words: Iterable[str]) -> list[str]:
    """Arabic words as they are looked up: "السلام" and "سلام" for "والسلام", so that a search for
    السلام finds والسلام (FTS5 matches prefixes of words, not their middles). Extra words only
    widen what matches; the text shown is never changed."""
    out: list[str] = []
    for w in words:
        if len(w) < 4 or not _ARABIC_LETTER.match(w):
            continue
        for p in _ARABIC_PREFIXES:
            rest = w[len(p) :]
            if w.startswith(p) and len(rest) >= 2:
                if p == "لل":  # لل = ل + ال with the alef dropped: للسلام -> السلام
                    out.append("ال" + rest)
                elif p.endswith("ال") and p != "ال":
                    out.append("ال" + rest)
                out.append(rest)
                break
    return list(dict.fromkeys(out))


def texts(columns: Iterable[str], values: Iterable[Any]) -> Iterator[str]:
    """The text in a record's indexed columns, as stored (the JSON arrays opened)."""
    for col, v in zip(columns, values, strict=True):
        if v is None:
            continue
        if col in JSON_COLUMNS:
            items = v
            if isinstance(v, str):
                try:
                    items = json.loads(v)
                except ValueError:
                    items = [v]
            if isinstance(items, list):
                yield from (str(i) for i in items if i is not None)
            else:
                yield str(items)
            continue
        yield str(v)


# --------------------------------------------------------------------------- folding

TATWEEL = "\u0640"
#: removed outright: tatweel, soft hyphen, zero-width (non-)joiners, direction marks and controls
_DROP = [ord(c) for c in TATWEEL + "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"]
_DROP += list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))
#: the breve stays on these letters: й and ў are letters of their own, not и and у with an accent
_BREVE_KEPT = (("и\u0306", "й"), ("у\u0306", "ў"))
#: letters written either way (as search engines for Arabic fold them): alef maksura and yeh,
#: teh marbuta and heh, the Persian keyboard's yeh and keheh
_SAME_LETTER = (("ى", "ي"), ("ة", "ه"), ("ی", "ي"), ("ک", "ك"))


@functools.cache
def _removed() -> re.Pattern[str]:
    """Every combining mark (canonical combining class > 0: Latin accents, Arabic harakat,
    hamza and madda above or below alef, Hebrew points...) plus ``_DROP``, as one pattern."""
    points = sorted({c for c in range(0x1F000) if unicodedata.combining(chr(c))} | set(_DROP))
    return re.compile("[" + _ranges_pattern(points) + "]")


def fold(text: str) -> str:
    """The form text is indexed and searched in: NFKC (Arabic presentation forms, ligatures, full-width),
    case folded, combining marks removed (Latin accents, Arabic harakat and hamza/madda on alef, ё→е),
    tatweel and invisible joiners removed, ى/ي and ة/ه made one. The same function folds the query."""
    if text.isascii():
        return text.lower()  # the same result, without the work
    t = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    for decomposed, letter in _BREVE_KEPT:
        t = t.replace(decomposed, letter)
    t = unicodedata.normalize("NFC", _removed().sub("", t))
    for written, same in _SAME_LETTER:
        t = t.replace(written, same)
    return t


def _ranges_pattern(points: Iterable[int], extra: str = "") -> str:
    ranges: list[list[int]] = []
    for c in points:
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return (
        "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
        )
        + extra
    )


@functools.cache
def _token() -> re.Pattern[str]:
    """A word: a run of letters, digits, marks (Indic vowel signs stay inside their word) and
    private-use characters. Everything else separates words."""
    category = unicodedata.category
    points = (c for c in range(0x32000) if (k := category(chr(c)))[0] in "LNM" or k == "Co")
    return re.compile("[" + _ranges_pattern(points, "\U000f0000-\U0010fffd") + "]+")


def tokens(folded: str) -> list[str]:
    """The words of folded text. The index holds exactly these words, joined by spaces, and a query
    looks up exactly these words: so what counts as a word is decided here, the same way for
    both, not by SQLite's tokenizer (whose Unicode tables are older than Python's)."""
    return _token().findall(folded)
