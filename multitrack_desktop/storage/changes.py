"""Row-level change records: every write says what it changed, and can be reversed exactly.

A ``Recorder`` wraps the connection of one transaction. Each insert, update or delete
reads the row's image before and after, so a ``ChangeSet`` can be undone (before images
put back, in reverse order) and redone (after images, in order) byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, event, insert, select, update

from . import schema as s
from . import search_index

TABLES: dict[str, Table] = {t.name: t for t in s.metadata.sorted_tables}

Key = tuple[Any, ...]
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RowChange:
    table: str
    key: Key
    before: Row | None
    after: Row | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


@dataclass(slots=True)
class ChangeSet:
    """What one operation changed; the window's undo commands hold these (plain values only)."""

    label: str
    rows: list[RowChange] = field(default_factory=list)
    #: ids the operation created, for callers that need them (the new actor, the new entry...)
    created: dict[str, str] = field(default_factory=dict)

    def ids(self, table: str, kind: str | None = None) -> set[Any]:
        return {
            (rc.key[0] if len(rc.key) == 1 else rc.key)
            for rc in self.rows
            if rc.table == table and (kind is None or rc.kind == kind)
        }

    def tables(self) -> set[str]:
        return {rc.table for rc in self.rows}

    def summary(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for rc in self.rows:
            out.setdefault(rc.table, {}).setdefault(rc.kind, 0)
            out[rc.table][rc.kind] += 1
        return out

    def __bool__(self) -> bool:
        return bool(self.rows)


def _pk(table: Table) -> list[Any]:
    return list(table.primary_key.columns)


def _where(table: Table, key: Key) -> Any:
    cols = _pk(table)
    return and_(*(c == v for c, v in zip(cols, key, strict=True)))


def key_of(table: Table, row: Row) -> Key:
    return tuple(row[c.name] for c in _pk(table))


class Recorder:
    """Writes through one transaction's connection, remembering every row it touched."""

    def __init__(self, conn: Connection, change: ChangeSet) -> None:
        self.conn = conn
        self.change = change
        self._purge_due = False

    def _image(self, table: Table, key: Key) -> Row | None:
        r = self.conn.execute(select(table).where(_where(table, key))).first()
        return None if r is None else dict(r._mapping)

    def insert(self, table_name: str, row: Row) -> Key:
        table = TABLES[table_name]
        self.conn.execute(insert(table), [row])
        key = key_of(table, row)
        self.change.rows.append(RowChange(table_name, key, None, self._image(table, key)))
        self._keep_index(table_name)
        return key

    def update(self, table_name: str, key: Key, values: Row, *, before: Row | None = None) -> bool:
        """Change some columns; records nothing when the values are already there.

        Only the changed columns are kept in the record (before and after), so undo and
        redo touch exactly what the operation touched. Callers that have just read the
        row may pass it as ``before`` to save a query.
        """
        table = TABLES[table_name]
        if before is None:
            before = self._image(table, key)
            if before is None:
                raise LookupError(f"no {table_name} row {key!r}")
        changed = {
            k: v for k, v in values.items() if before.get(k) != v or type(before.get(k)) is not type(v)
        }
        if not changed:
            return False
        self.conn.execute(update(table).where(_where(table, key)).values(**changed))
        old = {k: before[k] for k in changed}
        self.change.rows.append(RowChange(table_name, key, old, dict(changed)))
        self._keep_index(table_name)
        return True

    def delete(self, table_name: str, key: Key) -> Row:
        table = TABLES[table_name]
        before = self._image(table, key)
        if before is None:
            raise LookupError(f"no {table_name} row {key!r}")
        self.conn.execute(delete(table).where(_where(table, key)))
        self.change.rows.append(RowChange(table_name, key, before, None))
        self._keep_index(table_name)
        return before

    def _keep_index(self, table_name: str) -> None:
        """Fold what the search triggers noted, in this transaction (the index is never a change record).

        When text left the index, it is purged once, just before this transaction commits (an
        operation deleting a session with 500 entries purges once, not 500 times)."""
        if table_name in search_index.KIND_OF_TABLE and search_index.flush(self.conn) and not self._purge_due:
            self._purge_due = True
            event.listen(self.conn, "commit", _purge_before_commit, once=True)

    def rows(self, table_name: str, where: Any) -> list[Row]:
        table = TABLES[table_name]
        return [dict(r._mapping) for r in self.conn.execute(select(table).where(where))]


def apply(conn: Connection, rows: Iterable[RowChange], *, reverse: bool) -> None:
    """Put rows back as they were (``reverse``) or as the operation left them."""
    sequence = list(rows)
    if reverse:
        sequence.reverse()
    for rc in sequence:
        table = TABLES[rc.table]
        src, dst = (rc.after, rc.before) if reverse else (rc.before, rc.after)
        if src is not None and dst is None:
            if rc.table == "sessions":
                # a draft is not an edit (no change record holds it): the line typed in a session
                # that undo or redo takes away goes with it, or the session could not be removed
                drafts = TABLES["drafts"]
                conn.execute(delete(drafts).where(drafts.c.session_id == rc.key[0]))
            conn.execute(delete(table).where(_where(table, rc.key)))
        elif src is None and dst is not None:
            conn.execute(insert(table), [dst])
        elif dst is not None:
            conn.execute(update(table).where(_where(table, rc.key)).values(**dst))
    # the triggers noted every indexed row put back; fold them in the same transaction
    if search_index.flush(conn):
        search_index.purge(conn)


def _purge_before_commit(conn: Connection) -> None:
    """The "commit" event comes before SQLite's COMMIT: the purge joins the transaction (through the
    driver's connection, as SQLAlchemy is itself committing)."""
    search_index.purge(conn.connection.driver_connection)
