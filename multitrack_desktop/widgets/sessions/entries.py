"""The text rules of live capture, without Qt: kind prefixes and ``@`` mentions.

Kept apart from the widget so they can be read (and tested) as rules. A prefix is a short
code and a colon at the very start of the line. Letters follow the kind's English word; the
digits 1-6 (in any script, e.g. Arabic-Indic ١) and ``?``/``؟`` work on every keyboard layout.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from ...domain import model as m

#: the order of Ctrl+1…6 and of the digit prefixes
KINDS: tuple[m.EntryKind, ...] = (
    m.EntryKind.NOTE,
    m.EntryKind.DECISION,
    m.EntryKind.ACTION,
    m.EntryKind.QUOTE,
    m.EntryKind.QUESTION,
    m.EntryKind.RISK,
)

LETTER_PREFIXES: dict[str, m.EntryKind] = {
    "n": m.EntryKind.NOTE,
    "d": m.EntryKind.DECISION,
    "a": m.EntryKind.ACTION,
    "q": m.EntryKind.QUOTE,
    "?": m.EntryKind.QUESTION,
    "؟": m.EntryKind.QUESTION,  # the Arabic question mark
    "r": m.EntryKind.RISK,
}

_PREFIX = re.compile(r"^\s*(\S)\s*[:：]\s*", re.UNICODE)


def parse_prefix(text: str) -> tuple[m.EntryKind | None, str]:
    """``"d: we agree"`` → (decision, ``"we agree"``); no prefix → (None, text unchanged)."""
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    code = match.group(1)
    kind = LETTER_PREFIXES.get(code.lower())
    if kind is None and unicodedata.decimal(code, -1) in range(1, len(KINDS) + 1):
        kind = KINDS[unicodedata.decimal(code) - 1]
    if kind is None:
        return None, text
    return kind, text[match.end() :]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def mention_names(actors: Iterable[m.Actor]) -> dict[str, str]:
    """Every name an actor can be mentioned by (name, other names, alias) → actor id."""
    names: dict[str, str] = {}
    seen: set[str] = set()
    for a in actors:
        for name in (a.name, *a.also_known_as, a.alias or ""):
            if name and _fold(name) not in seen:
                seen.add(_fold(name))
                names[name] = a.id
    return names


def resolve_mentions(text: str, names: dict[str, str]) -> tuple[str, list[str]]:
    """``"@Radio Damai agreed"`` → (``"Radio Damai agreed"``, [its id]).

    The longest known name after an ``@`` wins; the ``@`` goes, the name stays in the text.
    An ``@`` followed by no known name is left as typed.
    """
    folded = sorted(((_fold(n), i) for n, i in names.items()), key=lambda p: -len(p[0]))
    out: list[str] = []
    about: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        starts_word = i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        if ch == "@" and starts_word:
            rest = _fold(text[i + 1 :])
            for name, actor_id in folded:
                end = i + 1 + len(name)
                if rest.startswith(name) and (end >= len(text) or not text[end].isalnum()):
                    out.append(text[i + 1 : end])
                    if actor_id not in about:
                        about.append(actor_id)
                    i = end
                    break
            else:
                out.append(ch)
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out), about


def mention_token(text: str, cursor: int) -> tuple[int, str] | None:
    """The ``@`` being typed before ``cursor``: (its position, what follows it), or None."""
    at = text.rfind("@", 0, cursor)
    if at < 0 or (at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")):
        return None
    token = text[at + 1 : cursor]
    if len(token) > 60 or "\n" in token or token.startswith(" "):
        return None
    return at, token


def retimed(at: dt.datetime, typed: str) -> dt.datetime | None:
    """A new time typed for an entry: ``HH:MM[:SS]`` keeps its day and offset; a full
    ``YYYY-MM-DD HH:MM[:SS]`` keeps its offset; an ISO time with an offset is taken as is."""
    typed = typed.strip()
    for fmt in ("%H:%M:%S", "%H:%M"):
        try:
            t = dt.datetime.strptime(typed, fmt).time()
        except ValueError:
            continue
        return at.replace(hour=t.hour, minute=t.minute, second=t.second, microsecond=0)
    try:
        value = dt.datetime.fromisoformat(typed)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=at.tzinfo)
