"""What an export may show to one audience (exchange format v1, "Audiences: what an export may show").

Every export that leaves the facilitator's machine (a redacted exchange file, the PDF, map images, the
presentation screen) calls :func:`redact` and prints only the document it returns, so the seven rules live in
one place and no exporter filters on its own. The input document is never changed and shares no mutable object
with the result.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from multitrack_desktop.domain.model import (
    NAME_MAX,
    TEXT_MAX,
    Action,
    Actor,
    Entry,
    Link,
    Participant,
    Placement,
    Rule,
    Session,
    Snapshot,
    SnapshotLink,
    SnapshotPlacement,
    Visibility,
    Workshop,
    WorkshopDocument,
)

WITHHELD_NAME = "[withheld]"
"""What stands in for an actor the audience may not see at all (rule 5)."""

ANONYMOUS_PARTICIPANT = "Participant {number}"
"""The name of a participant row under the Chatham House rule in ``shareable`` (rule 4)."""


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@dataclass(frozen=True)
class Withheld:
    """How many records rules 1-3 left out, by kind (rule 7: the PDF's first page says so)."""

    actors: int = 0
    links: int = 0
    sessions: int = 0
    entries: int = 0
    actions: int = 0

    @property
    def total(self) -> int:
        return self.actors + self.links + self.sessions + self.entries + self.actions


@dataclass(frozen=True)
class Redaction:
    """The part of a workshop one audience may see, already rewritten, and what was left out."""

    audience: Visibility
    document: WorkshopDocument
    withheld: Withheld
    full_sessions: frozenset[str] = frozenset()
    """Sessions shown with their participants, agenda, entries and actions."""
    title_only_sessions: frozenset[str] = frozenset()
    """Off-the-record sessions shown by title, dates, format and rule only (rule 3)."""
    _rewrite: Callable[[str], str] = field(default=_nfc, repr=False, compare=False)

    def text(self, s: str) -> str:
        """Withhold names in a text an exporter prints itself (PDF metadata, outline, file titles)."""
        return self._rewrite(s)

    def session_shown(self, session_id: str) -> bool:
        return session_id in self.full_sessions or session_id in self.title_only_sessions

    def session_shown_in_full(self, session_id: str) -> bool:
        return session_id in self.full_sessions

    def hidden_by_rule3(self, session_id: str) -> bool:
        """An off-the-record session this audience sees by its title only: say so instead of its content."""
        return session_id in self.title_only_sessions


def redact(doc: WorkshopDocument, audience: Visibility | str) -> Redaction:
    """Apply the audience rules 1-7 to ``doc`` and return a new, valid document for ``audience``."""
    return _Redactor(doc, Visibility(audience)).run()


# --- names withheld (rule 5) -------------------------------------------------------------------------------
#
# Names are matched as ``re`` with IGNORECASE would match them, but on a case-folded copy of the text with a
# case-sensitive pattern. The fold keeps every character's position and its being a letter, mark or digit,
# and two characters fold alike exactly when IGNORECASE takes them as equal (tests/test_audience.py checks
# both over all of Unicode). The pattern starts at the character before a name, from a class ``re`` scans in
# C, and tries names as a trie; 20,000 entries then take a fraction of a second.

_SCANNED_PLANES = (range(0x40000), range(0xE0000, 0xF0000))
"""Planes 0-3 and 14; 4-13 are unassigned and 15-16 private use (no letters, marks, digits or case)."""

_FOLD_EXCEPTIONS = {"\u1fd3": "\u0390", "\u1fe3": "\u03b0", "\ufb05": "\ufb06"}
"""Pairs IGNORECASE takes as equal whose case mappings differ (ΐ, ΰ and the ligature ﬅ/ﬆ)."""


@functools.cache
def _fold_char(c: str) -> str:
    """One character as IGNORECASE compares it: σ/ς/Σ, ſ/s/S, ı/i/I/İ, ẞ/ß each fold to one character."""
    if c in _FOLD_EXCEPTIONS:
        return _FOLD_EXCEPTIONS[c]
    upper = c.upper()
    lower = (upper if len(upper) == 1 else c).lower()
    return lower[0]


@dataclass(frozen=True)
class _UnicodeTables:
    """What the name pattern needs from the Unicode database, built once per process when a name is withheld.

    A name stands alone where the characters around it are not letters, marks or digits (L*, M*, N*).
    ``re``'s ``[^\\W_]`` (str.isalnum) is fast but leaves out combining marks, so ``extra_word`` holds the
    letters, marks and digits it misses and ``not_word`` what it takes beyond them.
    """

    extra_word: str  # a regex class, or "" when empty
    not_word: str
    fixes: dict[int, str]  # what str.lower leaves unfolded (ς -> σ, ſ -> s ...)
    needs_fix: re.Pattern[str]


@functools.cache
def _unicode_tables() -> _UnicodeTables:
    extra_word: list[int] = []
    not_word: list[int] = []
    fixes: dict[int, str] = {}
    for plane in _SCANNED_PLANES:
        for cp, category in zip(plane, map(unicodedata.category, map(chr, plane)), strict=True):
            c = chr(cp)
            word = category[0] in "LMN"
            if word != c.isalnum():
                (extra_word if word else not_word).append(cp)
            if word and c == c.lower() and (c != c.upper() or c in _FOLD_EXCEPTIONS):
                if (folded := _fold_char(c)) != c:
                    fixes[cp] = folded
    return _UnicodeTables(
        extra_word=_regex_class(extra_word),
        not_word=_regex_class(not_word),
        fixes=fixes,
        needs_fix=re.compile(_regex_class(sorted(fixes))),
    )


def _regex_class(code_points: list[int]) -> str:
    """A regex class of sorted code points, written as ranges."""
    if not code_points:
        return ""
    ranges = []
    first = last = code_points[0]
    for cp in [*code_points[1:], -1]:
        if cp == last + 1:
            last = cp
            continue
        ranges.append(f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}")
        first = last = cp
    return "[" + "".join(ranges) + "]"


def _fold(s: str) -> str:
    """``s`` case-folded character by character: same length, same positions."""
    lowered = s.lower()
    if len(lowered) != len(s):  # İ, whose lowercase is two characters
        return "".join(map(_fold_char, s))
    tables = _unicode_tables()
    return lowered.translate(tables.fixes) if tables.needs_fix.search(lowered) else lowered


def _names_regex(keys: Iterable[str]) -> str:
    """The character before a name, then the name as a trie: longest first, one step per character.

    Matched on " " + the folded text (the space stands for the start). The name is captured in a lookahead,
    so that a name may start right after another one ends; ``_Names.text`` skips overlapping matches.
    A flat ``a|b|c`` of two thousand names would try every name at every position; a trie tries one
    branch per character, and its greedy optional tails give the longest name that ends on a boundary.
    """
    tables = _unicode_tables()
    root: dict[str, dict] = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    extra, not_word = tables.extra_word, tables.not_word
    before = "[\\W_" + not_word[1:-1] + "]"
    after = f"(?!(?!{not_word})[^\\W_])" if not_word else "(?![^\\W_])"
    if extra:
        after += f"(?!{extra})"
    pattern = f"{before}(?=({_emit(root)}){after})"
    return pattern + (f"(?<!{extra})" if extra else "")


def _emit(node: dict[str, dict]) -> str:
    alternatives = []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        chain = re.escape(ch)
        while len(child) == 1 and "" not in child:
            ((nxt, child),) = child.items()
            chain += re.escape(nxt)
        alternatives.append(chain + _emit(child))
    if not alternatives:
        return ""
    if "" in node:
        return "(?:" + "|".join(alternatives) + ")?"
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


class _Names:
    """The withheld names of one redaction and what replaces each: one compiled pattern, one pass per text."""

    def __init__(self, left_out: list[Actor], anonymised: list[Actor]) -> None:
        owner: dict[str, str | None] = {}  # folded name -> anonymised actor id, or None for [withheld]
        for actor, anonymous in [(a, False) for a in left_out] + [(a, True) for a in anonymised]:
            for name in [actor.name, *actor.also_known_as]:
                key = _fold(_nfc(name).strip())
                if key and key not in owner:  # [withheld] comes first: it wins over an alias
                    owner[key] = actor.id if anonymous else None
        self.empty = not owner
        self.alias: dict[str, str] = {}  # anonymised actor id -> the alias it is shown by, itself rewritten
        if self.empty:
            return
        self._pattern = re.compile(_names_regex(owner), re.DOTALL)
        # An alias is printed too, so it is rewritten first: a withheld name inside it becomes [withheld].
        self._replacement = dict.fromkeys(owner, WITHHELD_NAME)
        for actor in anonymised:
            alias = _nfc(actor.alias or "").strip()
            # An alias that is one of the actor's own names (a redacted file redacted again: its name is
            # already the alias) hides nothing and stays itself, so redacting twice changes nothing.
            own_alias = frozenset(k for k in (_fold(alias),) if owner.get(k) == actor.id)
            self.alias[actor.id] = self.text(alias, own_alias) if alias else WITHHELD_NAME
        self._replacement = {
            key: WITHHELD_NAME if actor_id is None else self.alias[actor_id]
            for key, actor_id in owner.items()
        }

    def text(self, s: str, keep: frozenset[str] = frozenset()) -> str:
        """``s`` with every withheld name replaced in one pass; folded names in ``keep`` stay as they are."""
        s = _nfc(s)
        if self.empty or not s:
            return s
        parts: list[str] = []
        done = 0  # positions in the folded text, which has one character more in front
        for m in self._pattern.finditer(" " + _fold(s)):
            start, end = m.span(1)
            if start < done:
                continue
            key = m.group(1)
            replacement = s[start - 1 : end - 1] if key in keep else self._replacement[key]
            parts += (s[max(done - 1, 0) : start - 1], replacement)
            done = end
        if not parts:
            return s
        parts.append(s[done - 1 :])
        return "".join(parts)

    @staticmethod
    def own(names: Iterable[str]) -> frozenset[str]:
        """The folded forms of an actor's own names, which its own name fields keep."""
        return frozenset(_fold(_nfc(n).strip()) for n in names)


def _fit(s: str, limit: int) -> str:
    """Keep a rewritten text within the format's limits ([withheld] is longer than a short name)."""
    return s if len(s) <= limit else s[: limit - 1] + "…"


# --- the rules --------------------------------------------------------------------------------------------


class _Redactor:
    def __init__(self, doc: WorkshopDocument, audience: Visibility) -> None:
        self.doc = doc
        self.audience = audience
        self.below_private = audience is not Visibility.PRIVATE
        self.shareable = audience is Visibility.SHAREABLE
        self.shown_actors = {a.id for a in doc.actors if self.visible(a.visibility)}
        left_out = [a for a in doc.actors if a.id not in self.shown_actors]
        anonymised = [a for a in doc.actors if self.shareable and a.anonymise and a.id in self.shown_actors]
        self.names = _Names(left_out, anonymised)
        self.counts = dict.fromkeys(("actors", "links", "sessions", "entries", "actions"), 0)
        self.counts["actors"] = len(left_out)

    def visible(self, visibility: Visibility | str) -> bool:
        return Visibility(visibility).visible_to(self.audience)

    def text(self, s: str, limit: int = TEXT_MAX) -> str:
        return _fit(self.names.text(s), limit)

    def run(self) -> Redaction:
        doc = self.doc
        full: set[str] = set()
        title_only: set[str] = set()
        for s in doc.sessions:
            if not self.visible(s.visibility):
                continue
            if self.below_private and s.rule == Rule.OFF_THE_RECORD:
                title_only.add(s.id)
            else:
                full.add(s.id)
        self.shown_entries = {
            e.id for s in doc.sessions if s.id in full for e in s.entries if self.visible(e.visibility)
        }
        w = doc.workshop
        workshop = Workshop(
            id=w.id,
            title=self.text(w.title, NAME_MAX),
            context=self.text(w.context),
            language=w.language,
            facilitators=[self.text(f, NAME_MAX) for f in w.facilitators],
            created_at=w.created_at,
            updated_at=w.updated_at,
        )
        document = WorkshopDocument(
            workshop=workshop,
            actors=[self.actor(a) for a in doc.actors if a.id in self.shown_actors],
            links=[x for x in map(self.link, doc.links) if x is not None],
            sessions=[x for x in (self.session(s, full, title_only) for s in doc.sessions) if x is not None],
            snapshots=[self.snapshot(s) for s in doc.snapshots if s.session is None or s.session in full],
        )
        return Redaction(
            audience=self.audience,
            document=document,
            withheld=Withheld(**self.counts),
            full_sessions=frozenset(full),
            title_only_sessions=frozenset(title_only),
            _rewrite=self.names.text,
        )

    def actor(self, a: Actor) -> Actor:
        if a.id in self.names.alias:  # rule 5: shown by its alias only
            alias = self.names.alias[a.id]
            return Actor(
                id=a.id,
                name=_fit(alias, NAME_MAX),
                alias=_fit(alias, NAME_MAX),
                anonymise=a.anonymise,
                visibility=a.visibility,
                kind=a.kind,
                track=a.track,
                also_tracks=list(a.also_tracks),
                placement=_placement(a.placement),
                influence=a.influence,
                stance=a.stance,
                status=a.status,
            )
        own = _Names.own([a.name, *a.also_known_as])
        return Actor(
            id=a.id,
            name=_fit(self.names.text(a.name, own), NAME_MAX),
            also_known_as=[_fit(self.names.text(n, own), NAME_MAX) for n in a.also_known_as],
            alias=None if a.alias is None else self.text(a.alias, NAME_MAX),
            anonymise=a.anonymise,
            visibility=a.visibility,
            kind=a.kind,
            track=a.track,
            also_tracks=list(a.also_tracks),
            placement=_placement(a.placement),
            influence=a.influence,
            stance=a.stance,
            status=a.status,
            description=self.text(a.description),
            contact=a.contact if not self.below_private else "",  # rule 6
            tags=[self.text(t) for t in a.tags],
        )

    def link(self, x: Link) -> Link | None:
        if not (
            self.visible(x.visibility) and x.source in self.shown_actors and x.target in self.shown_actors
        ):
            self.counts["links"] += 1
            return None
        return Link(
            id=x.id,
            source=x.source,
            target=x.target,
            kind=x.kind,
            directed=x.directed,
            strength=x.strength,
            note=self.text(x.note),
            visibility=x.visibility,
        )

    def session(self, s: Session, full: set[str], title_only: set[str]) -> Session | None:
        if s.id not in full:
            self.counts["entries"] += len(s.entries)
            self.counts["actions"] += len(s.actions)
            if s.id not in title_only:
                self.counts["sessions"] += 1
                return None
        shown = self.shown_actors
        chatham = self.below_private and s.rule == Rule.CHATHAM_HOUSE
        anonymous = chatham and self.shareable
        result = Session(
            id=s.id,
            title=self.text(s.title, NAME_MAX),
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            format=s.format,
            rule=s.rule,
            visibility=s.visibility,
        )
        if s.id in title_only:  # rule 3
            return result
        result.location = self.text(s.location)
        result.agenda = [self.text(item) for item in s.agenda]
        rows = [p for p in s.participants if p.actor is None or p.actor in shown]
        if anonymous:  # rule 4: the number present and attendance by gender remain, nobody's identity
            result.participants = [
                Participant(name=ANONYMOUS_PARTICIPANT.format(number=n), present=p.present, gender=p.gender)
                for n, p in enumerate(rows, start=1)
            ]
        else:
            result.participants = [
                Participant(
                    actor=p.actor,
                    name=self.text(p.name, NAME_MAX),
                    role=self.text(p.role),
                    present=p.present,
                    gender=p.gender,
                )
                for p in rows
            ]
        for e in s.entries:
            if e.id not in self.shown_entries:
                self.counts["entries"] += 1
                continue
            result.entries.append(
                Entry(
                    id=e.id,
                    at=e.at,
                    text=self.text(e.text),
                    kind=e.kind,
                    speaker=e.speaker if e.speaker in shown and not chatham else None,
                    about=[] if anonymous else [x for x in e.about if x in shown],
                    author=self.text(e.author),
                    visibility=e.visibility,
                )
            )
        for a in s.actions:
            if not self.visible(a.visibility):
                self.counts["actions"] += 1
                continue
            result.actions.append(
                Action(
                    id=a.id,
                    text=self.text(a.text),
                    owner=a.owner if a.owner in shown and not anonymous else None,
                    due=a.due,
                    status=a.status,
                    entry=a.entry if a.entry in self.shown_entries else None,
                    visibility=a.visibility,
                )
            )
        return result

    def snapshot(self, s: Snapshot) -> Snapshot:
        shown = self.shown_actors
        return Snapshot(
            id=s.id,
            taken_at=s.taken_at,
            session=s.session,
            label=self.text(s.label),
            placements=[
                SnapshotPlacement(
                    actor=p.actor,
                    track=p.track,
                    angle_deg=p.angle_deg,
                    radius=p.radius,
                    influence=p.influence,
                    stance=p.stance,
                    status=p.status,
                )
                for p in s.placements
                if p.actor in shown
            ],
            links=[
                SnapshotLink(
                    source=x.source, target=x.target, kind=x.kind, directed=x.directed, strength=x.strength
                )
                for x in s.links
                if x.source in shown and x.target in shown
            ],
        )


def _placement(p: Placement | None) -> Placement | None:
    return None if p is None else Placement(angle_deg=p.angle_deg, radius=p.radius)
