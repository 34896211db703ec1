"""The line being typed in a session's live capture, kept in the file so a crash loses at most a second.

A draft is not an edit: saving one is a single upsert in its own small transaction, is not
recorded for undo, and does not move the workshop's ``updated_at``. The live-capture line
saves it (at most a second behind the typing) and clears it when the entry is recorded.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..domain import model as m
from ..storage.database import WorkshopFile
from ..storage.errors import InvalidEdit

Clock = Callable[[], dt.datetime]

_UPSERT = (
    "INSERT INTO drafts (session_id, text, kind, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (session_id) DO UPDATE SET "
    "text = excluded.text, kind = excluded.kind, updated_at = excluded.updated_at"
)


@dataclass(frozen=True, slots=True)
class Draft:
    session_id: str
    text: str
    kind: m.EntryKind
    updated_at: dt.datetime


def save_draft(
    file: WorkshopFile,
    session_id: str,
    text: str,
    kind: m.EntryKind | str = m.EntryKind.NOTE,
    *,
    clock: Clock = m.now_utc,
) -> None:
    """Keep ``text`` as the session's draft (replacing the previous one); empty text clears it."""
    try:
        kind = m.EntryKind(kind)
    except ValueError as exc:
        choices = ", ".join(m.EntryKind.values())
        raise InvalidEdit(f"{kind!r} is not a kind of entry (choose from {choices}).") from exc
    text = unicodedata.normalize("NFC", text)
    if len(text) > m.TEXT_MAX:
        raise InvalidEdit(f"The draft is longer than {m.TEXT_MAX} characters; it was not kept.")
    if not text:
        clear_draft(file, session_id)
        return
    with file.write() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).first() is None:
            raise InvalidEdit(f"There is no session {session_id} in this workshop; the draft was not kept.")
        conn.exec_driver_sql(_UPSERT, (session_id, text, kind.value, clock().isoformat()))


def load_draft(file: WorkshopFile, session_id: str) -> Draft | None:
    """The session's draft, or None when there is none."""
    with file.read() as conn:
        r = conn.exec_driver_sql(
            "SELECT text, kind, updated_at FROM drafts WHERE session_id = ?", (session_id,)
        ).first()
    if r is None:
        return None
    return Draft(session_id, r[0], m.EntryKind(r[1]), dt.datetime.fromisoformat(r[2]))


def clear_draft(file: WorkshopFile, session_id: str) -> None:
    """Forget the session's draft (the entry was recorded, or the line emptied)."""
    with file.write() as conn:
        conn.exec_driver_sql("DELETE FROM drafts WHERE session_id = ?", (session_id,))
