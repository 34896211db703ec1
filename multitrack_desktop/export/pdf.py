"""The PDF summary of a workshop, made for one audience.

:func:`export_pdf` calls the audience function once and builds every page, the outline and the metadata from
the document it returns; nothing here decides what an audience may see. User text goes through ``text.py``
(escaped, cleaned, right-to-left shaped and reordered), and the file is written through ``atomic_path``, so a
failure or a cancel leaves no partial PDF.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Collection
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..domain import geometry, palette
from ..domain.audience import Redaction, Withheld, redact
from ..domain.model import (
    ActionStatus,
    Actor,
    ActorStatus,
    EntryKind,
    Gender,
    LinkKind,
    Rule,
    Session,
    SessionFormat,
    Visibility,
    WorkshopDocument,
    entry_sort_key,
)
from ..services.files import atomic_path
from . import text as tx
from .mapdraw import INK, KIND_WORDS, STANCE_WORDS, legend_drawing, map_drawing

__all__ = ["AUDIENCE_WORDS", "SECTIONS", "ExportCancelled", "export_pdf"]

SECTIONS = ("map", "actors", "relationships", "sessions", "open_actions")
"""The parts of the summary after its cover, in the order they appear."""
SECTION_WORDS = {
    "map": "map",
    "actors": "list of actors",
    "relationships": "relationships",
    "sessions": "session records",
    "open_actions": "open actions",
}


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


AUDIENCE_WORDS: dict[Visibility, str] = {
    Visibility.SHAREABLE: (
        "shareable audience — people outside the facilitation team, such as participants and partners. "
        "Team and private records are left out, anonymised actors appear by their alias only, and sessions "
        "under the Chatham House rule name no one."
    ),
    Visibility.TEAM: (
        "the facilitation team — team records are included; private records and contact details are left "
        "out, off-the-record sessions show only their title and dates, and no speaker is named under the "
        "Chatham House rule. Do not pass this on outside the team."
    ),
    Visibility.PRIVATE: (
        "private use — everything in the workshop, including private records and contact details. "
        "Keep this copy to yourself."
    ),
}
AUDIENCE_SHORT = {
    Visibility.SHAREABLE: "shareable",
    Visibility.TEAM: "team only",
    Visibility.PRIVATE: "private",
}

FORMAT_WORDS = {
    SessionFormat.TRACK1: "Track 1 (official)",
    SessionFormat.TRACK1_5: "Track 1.5 (official and unofficial)",
    SessionFormat.TRACK2: "Track 2 (unofficial)",
    SessionFormat.MULTITRACK: "Multi-track",
    SessionFormat.INTERNAL: "Internal (facilitation team)",
}
RULE_WORDS = {
    Rule.OPEN: "Open: what was said may be quoted and attributed",
    Rule.CHATHAM_HOUSE: "Chatham House rule: what was said may be used, not who said it",
    Rule.OFF_THE_RECORD: "Off the record",
}
ENTRY_WORDS = {
    EntryKind.NOTE: "Note",
    EntryKind.DECISION: "Decision",
    EntryKind.ACTION: "Action",
    EntryKind.QUOTE: "Quote",
    EntryKind.QUESTION: "Question",
    EntryKind.RISK: "Risk",
}
LINK_WORDS = {
    LinkKind.COMMUNICATION: "communication",
    LinkKind.COOPERATION: "cooperation",
    LinkKind.FUNDING: "funding",
    LinkKind.INFLUENCE: "influence",
    LinkKind.TENSION: "tension",
    LinkKind.BROKEN: "broken",
}
STRENGTH_WORDS = {1: "informal", 2: "regular", 3: "strong"}
GENDER_WORDS = {
    Gender.WOMAN: "woman",
    Gender.MAN: "man",
    Gender.OTHER: "other",
    Gender.UNDISCLOSED: "undisclosed",
}
GENDER_PLURAL = {
    Gender.WOMAN: "women",
    Gender.MAN: "men",
    Gender.OTHER: "other",
    Gender.UNDISCLOSED: "undisclosed",
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN
BUILD_SHARE = 0.25  # of the progress: making the records into flowables (the rest: laying out pages)
CELL_MAX = 1500  # characters of free text in one table cell (the full text is in the entries)
CANCEL_EVERY = 200  # records made into rows or paragraphs between two looks at Cancel while building
TABLE_BLOCK = 100  # rows in one Table: a long table is a run of these (see _Builder.table)


# ------------------------------------------------------------------------------------------- styles


def _styles() -> dict[str, ParagraphStyle]:
    tx.register_fonts()
    base = ParagraphStyle("body", fontName=tx.FONT, fontSize=9.5, leading=12.5, textColor=INK, spaceAfter=3)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cellhead": ParagraphStyle(
            "cellhead",
            parent=base,
            fontName=tx.FONT_BOLD,
            fontSize=8,
            leading=10,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=tx.FONT_BOLD, fontSize=24, leading=30, spaceAfter=10
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=tx.FONT_BOLD, fontSize=16, leading=20, spaceBefore=6, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=tx.FONT_BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=tx.FONT_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "meta": ParagraphStyle(
            "meta",
            parent=base,
            fontSize=8,
            leading=10,
            textColor=colors.HexColor("#56616B"),
            spaceBefore=5,
            spaceAfter=1,
        ),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#56616B")
        ),
        "audience": ParagraphStyle(
            "audience",
            parent=base,
            fontSize=10.5,
            leading=14,
            borderColor=INK,
            borderWidth=0.8,
            borderPadding=8,
            backColor=colors.HexColor("#F2F4F7"),
            spaceBefore=14,
            spaceAfter=18,
        ),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8, leading=10, alignment=TA_CENTER),
    }


# ------------------------------------------------------------------------------------------- pages


class _Numbered(rl_canvas.Canvas):
    """A canvas that knows the page count when it saves, for "3 of 17" on every page."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:  # noqa: N802
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(tx.FONT, 8)
            self.setFillColor(colors.HexColor("#56616B"))
            self.drawCentredString(PAGE_W / 2, MARGIN - 9 * mm, f"{self._pageNumber} of {total}")
            super().showPage()
        super().save()


class _Doc(BaseDocTemplate):
    def __init__(
        self, fh: object, *, header: str, on_flowable: Callable[[Flowable], None], **kw: object
    ) -> None:
        super().__init__(
            fh,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN,
            **kw,
        )  # type: ignore[arg-type]
        self.header = header
        self._on_flowable = on_flowable
        frame = Frame(
            MARGIN,
            MARGIN,
            FRAME_W,
            PAGE_H - 2 * MARGIN - 4 * mm,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, c: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        c.saveState()
        c.setFont(tx.FONT, 8)
        c.setFillColor(colors.HexColor("#56616B"))
        c.drawString(MARGIN, PAGE_H - MARGIN + 1 * mm, self.header)
        c.setStrokeColor(colors.HexColor("#D5DAE0"))
        c.setLineWidth(0.6)
        c.line(MARGIN, PAGE_H - MARGIN, PAGE_W - MARGIN, PAGE_H - MARGIN)
        c.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        self._on_flowable(flowable)
        outline = getattr(flowable, "outline", None)
        if outline is not None:
            title, level, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


def _heading(text: str, style: ParagraphStyle, *, outline: tuple[str, int, str] | None = None) -> Flowable:
    """A heading on one line (user text allowed: it is escaped or laid out right to left) that can carry an
    outline entry. A heading is one flowable, so the entry is never lost inside a split group."""
    (flow,) = tx.flowables(tx.one_line(text)[:1000], style, keep_empty=True)
    flow.outline = outline  # type: ignore[attr-defined]
    # never split: it moves whole to the next page, as a split part would carry no outline entry
    flow.split = lambda *_: []  # type: ignore[method-assign]
    return flow


# ------------------------------------------------------------------------------------------- words


def _date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _offset(t: dt.datetime) -> str:
    off = t.utcoffset() or dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    h, m = divmod(abs(minutes), 60)
    return "UTC" if minutes == 0 else f"UTC{sign}{h:02d}:{m:02d}"


def _when(start: dt.datetime, end: dt.datetime | None) -> str:
    text = f"{_date(start)}, {start:%H:%M}"
    if end is not None:
        end = end.astimezone(start.tzinfo)
        text += f"–{end:%H:%M}" if end.date() == start.date() else f" – {_date(end)}, {end:%H:%M}"
    return f"{text} ({_offset(start)})"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def withheld_sentence(w: Withheld) -> str:
    if w.total == 0:
        return "Nothing was withheld for this audience."
    counts = (
        (w.actors, "actor", "actors"), (w.links, "link", "links"), (w.sessions, "session", "sessions"),
        (w.entries, "entry", "entries"), (w.actions, "action", "actions"),
    )  # fmt: skip
    parts = [_plural(n, one, many) for n, one, many in counts if n]
    return f"Withheld for this audience: {', '.join(parts)} ({_plural(w.total, 'record')} in all)."


# ------------------------------------------------------------------------------------------- the build


class _Builder:
    def __init__(
        self,
        r: Redaction,
        made_at: dt.datetime,
        sections: frozenset[str],
        sessions: frozenset[str] | None,
        step: Callable[[float], None] | None = None,
    ) -> None:
        self.r = r
        self.step = step or (lambda _fraction: None)  # building a large story takes seconds: report, cancel
        self.doc = r.document
        self.made_at = made_at
        self.sections = sections
        # the sessions the facilitator chose, among those the audience may see (a choice, not a rule)
        self.sessions = [s for s in self.doc.sessions if sessions is None or s.id in sessions]
        self.st = _styles()
        self.actors = self.doc.actor_by_id()
        self.story: list[Flowable] = []
        self.audience = r.audience

    # helpers -----------------------------------------------------------------------------------
    def add(self, *items: Flowable) -> None:
        self.story.extend(items)

    def text(self, s: str, style: str = "body") -> None:
        self.story.extend(tx.flowables(s, self.st[style]))

    def cell(self, s: str, *, limit: int = CELL_MAX) -> list[Flowable]:
        return tx.flowables(tx.shorten(s, limit), self.st["cell"], keep_empty=True)

    def name(self, actor_id: str | None) -> str:
        if actor_id is None or actor_id not in self.actors:
            return ""
        return self.actors[actor_id].name

    def table(
        self,
        head: list[str],
        rows: list[list[list[Flowable]]],
        widths: list[float],
        extra: list[tuple] | None = None,
    ) -> list[Flowable]:
        """The rows as tables of at most TABLE_BLOCK rows, each with the header row (repeated on a new page).

        ReportLab measures every remaining row again each time a table splits across a page, so one table of
        5,000 rows costs far more per page than a run of short ones; the short ones read the same."""
        header = [tx.Para(tx.markup(h), self.st["cellhead"]) for h in head]
        blocks: list[Flowable] = []
        for start in range(0, max(len(rows), 1), TABLE_BLOCK):
            stop = start + TABLE_BLOCK
            # the commands for rows of this block (``extra`` counts the header as row 0 and names single rows)
            own = [
                (cmd[0], (cmd[1][0], cmd[1][1] - start), (cmd[2][0], cmd[2][1] - start), *cmd[3:])
                for cmd in extra or []
                if start < cmd[1][1] <= stop
            ]
            blocks.append(self._table_block([header, *rows[start:stop]], widths, own))
        return blocks

    def _table_block(self, data: list, widths: list[float], extra: list[tuple]) -> Table:
        t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#3A4A57")),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F3F5F8")]),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#D5DAE0")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), tx.FONT, 8),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    *extra,
                ]
            )
        )
        return t

    # sections ----------------------------------------------------------------------------------
    def build(self) -> list[Flowable]:
        self.cover()
        self.step(0.0)
        parts = {
            "map": self.map_page,
            "actors": self.actors_section,
            "relationships": self.links_section,
            "sessions": self.sessions_section,
            "open_actions": self.open_actions,
        }
        for name in SECTIONS:
            if name in self.sections:
                parts[name]()
                self.step(0.0)
        return self.story

    def cover(self) -> None:
        w = self.doc.workshop
        self.add(Spacer(1, 30 * mm))
        self.add(_heading(w.title or "Untitled workshop", self.st["title"], outline=("Cover", 0, "cover")))
        if w.context.strip():
            self.text(w.context)
        shown = self.sessions
        if shown:
            first = min(s.starts_at for s in shown)
            last = max((s.ends_at or s.starts_at) for s in shown)
            span = (
                _date(first.date())
                if first.date() == last.date()
                else f"{_date(first.date())} – {_date(last.date())}"
            )
            count = _plural(len(shown), "session")
            self.add(tx.Para(f"<b>Dates:</b> {tx.markup(span)} ({count})", self.st["body"]))
        else:
            self.add(tx.Para("<b>Dates:</b> no sessions are shown to this audience.", self.st["body"]))
        if w.facilitators:
            self.text("Facilitators: " + ", ".join(tx.one_line(f) for f in w.facilitators))
        counts = (
            f"{_plural(len(self.doc.actors), 'actor')}, {_plural(len(self.doc.links), 'link')}, "
            f"{_plural(len(shown), 'session')}, "
            f"{sum(len(s.entries) for s in shown)} recorded entries, "
            f"{_plural(sum(len(s.actions) for s in shown), 'action item')}."
        )
        self.add(tx.Para(f"<b>In this summary:</b> {counts}", self.st["body"]))
        left_out = len(self.doc.sessions) - len(shown)
        missing = [SECTION_WORDS[name] for name in SECTIONS if name not in self.sections]
        if left_out or missing:
            choice = []
            if left_out:
                choice.append(f"{_plural(left_out, 'session')} this audience may see")
            if missing:
                choice.append("the " + ", ".join(missing))
            self.text(f"Left out by choice when this summary was made: {' and '.join(choice)}.", "note")
        self.add(
            tx.Para(
                f"<b>Prepared for:</b> {tx.markup(AUDIENCE_WORDS[self.audience])}<br/>"
                f"{tx.markup(withheld_sentence(self.r.withheld))}",
                self.st["audience"],
            )
        )
        made = self.made_at.astimezone(dt.UTC)
        self.add(
            tx.Para(
                f"Made on {_date(made.date())} at {made:%H:%M} UTC with Multitrack Desktop.", self.st["note"]
            )
        )
        self.add(PageBreak())

    def map_page(self) -> None:
        self.add(_heading("The nine-track map", self.st["h1"], outline=("The nine-track map", 0, "map")))
        badges = self.audience is Visibility.SHAREABLE
        self.add(map_drawing(self.doc, FRAME_W, 430, alias_badges=badges))
        self.add(
            tx.Para(
                "Track 9, communications and media, is the inner circle that ties the others "
                "together. Track 1 is at the top; the tracks follow clockwise.",
                self.st["caption"],
            )
        )
        self.add(Spacer(1, 6))
        self.add(legend_drawing(FRAME_W, alias_badges=badges))
        off = [a for a in self.doc.actors if a.track is None]
        if off:
            self.add(Spacer(1, 4))
            self.add(
                tx.Para(
                    f"{_plural(len(off), 'actor')} not placed on the circle: see “Not on the circle” below.",
                    self.st["note"],
                )
            )
        self.add(PageBreak())

    def actors_section(self) -> None:
        self.add(_heading("Actors by track", self.st["h1"], outline=("Actors by track", 0, "actors")))
        if not self.doc.actors:
            self.text("No actors are shown to this audience.", "note")
            return
        groups: list[tuple[str, str, list[Actor]]] = []
        for track in geometry.TRACKS:
            on = [a for a in self.doc.actors if a.track == track]
            if on:
                tint = palette.mix(palette.TRACK_COLOURS[track], "#FFFFFF", 0.55)
                groups.append((f"Track {track} · {geometry.TRACK_NAMES[track]}", tint, on))
        loose = [a for a in self.doc.actors if a.track is None]
        if loose:
            groups.append(("Not on the circle", "#E4E7EB", loose))
        private = self.audience is Visibility.PRIVATE
        rows: list[list[list[Flowable]]] = []
        extra: list[tuple] = []
        for title, tint, actors in groups:
            n = len(rows) + 1  # the header row comes first
            rows.append([[tx.Para(f"<b>{tx.markup(title)}</b>", self.st["cell"])], [], [], []])
            extra += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), colors.HexColor(tint))]
            for a in sorted(actors, key=lambda a: (tx.one_line(a.name).casefold(), a.id)):
                if len(rows) % CANCEL_EVERY == 0:
                    self.step(0.0)
                extras = []
                if a.also_known_as:
                    extras.append("Also known as: " + ", ".join(a.also_known_as))
                if a.also_tracks:
                    extras.append("Also works on track " + ", ".join(map(str, a.also_tracks)))
                if a.tags:
                    extras.append("Tags: " + ", ".join(a.tags))
                if private and a.contact:
                    extras.append("Contact: " + a.contact)
                if a.anonymise and self.audience is Visibility.SHAREABLE:
                    extras.append("Shown by an alias.")
                if label := self.visibility_label(a.visibility):
                    extras.append(label)
                details = "\n".join([a.description, *extras]).strip()
                status = "" if a.status is ActorStatus.ACTIVE else f"\n{a.status.value}"
                rows.append(
                    [
                        self.cell(a.name, limit=300),
                        self.cell(KIND_WORDS[a.kind]),
                        self.cell(f"{STANCE_WORDS[a.stance]}\ninfluence {a.influence}{status}"),
                        self.cell(details),
                    ]
                )
        widths = [120, 66, 82, FRAME_W - 268]
        self.add(*self.table(["Actor", "Kind", "Stance, influence", "About"], rows, widths, extra))

    def visibility_label(self, visibility: Visibility) -> str:
        """Say which records must not go further, in the copies made for the team or for oneself."""
        if self.audience is Visibility.SHAREABLE or visibility is Visibility.SHAREABLE:
            return ""
        return "Team only." if visibility is Visibility.TEAM else "Private."

    def links_section(self) -> None:
        self.add(CondPageBreak(120))
        self.add(_heading("Relationships", self.st["h1"], outline=("Relationships", 0, "links")))
        if not self.doc.links:
            self.text("No links are shown to this audience.", "note")
            return
        rows = []
        for x in self.doc.links:
            if len(rows) % CANCEL_EVERY == 0:
                self.step(0.0)
            kind = f"{LINK_WORDS[x.kind]}, {STRENGTH_WORDS.get(x.strength, str(x.strength))}"
            if x.directed:
                kind += "\n→ directed"
            note = "\n".join(filter(None, [x.note, self.visibility_label(x.visibility)]))
            rows.append(
                [
                    self.cell(self.name(x.source)),
                    self.cell(kind),
                    self.cell(self.name(x.target)),
                    self.cell(note),
                ]
            )
        self.add(*self.table(["From", "Link", "To", "Note"], rows, [110, 85, 110, FRAME_W - 305]))

    def sessions_section(self) -> None:
        self.add(CondPageBreak(PAGE_H / 3))
        self.add(_heading("Sessions", self.st["h1"], outline=("Sessions", 0, "sessions")))
        sessions = sorted(self.sessions, key=lambda s: (s.starts_at.astimezone(dt.UTC), s.id))
        if not sessions:
            self.text("No sessions are shown to this audience.", "note")
        for i, s in enumerate(sessions, start=1):
            self.session(s, i)
            self.step(i / len(sessions))

    def session(self, s: Session, number: int) -> None:
        self.add(CondPageBreak(140))
        title = tx.one_line(s.title) or "Untitled session"
        self.add(_heading(title, self.st["h2"], outline=(self.r.text(title), 1, f"session-{number}")))
        facts = [
            ("When", _when(s.starts_at, s.ends_at)),
            ("Format", FORMAT_WORDS[s.format]),
            ("Rule", RULE_WORDS[s.rule]),
        ]
        if label := self.visibility_label(s.visibility):
            facts.append(("Shown to", label))
        if not self.r.hidden_by_rule3(s.id) and s.location.strip():
            facts.insert(1, ("Where", s.location))
        rows = [[tx.Para(f"<b>{k}</b>", self.st["cell"]), self.cell(v, limit=600)] for k, v in facts]
        t = Table(rows, colWidths=[55, FRAME_W - 55], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), tx.FONT, 8),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        self.add(t)
        if self.r.hidden_by_rule3(s.id):
            self.text(
                "This session was off the record: for this audience only its title, dates, format and rule "
                "are shown.",
                "note",
            )
            return
        self.participants(s)
        if s.agenda:
            self.add(_heading("Agenda", self.st["h3"]))
            for i, item in enumerate(s.agenda, start=1):
                self.text(f"{i}. {tx.clean(item)}")
        self.entries(s)
        self.decisions_and_actions(s)

    def participants(self, s: Session) -> None:
        if not s.participants:
            return
        self.add(_heading("Participants", self.st["h3"]))
        anonymous = self.audience is Visibility.SHAREABLE and s.rule == Rule.CHATHAM_HOUSE
        present = [p for p in s.participants if p.present]
        by_gender = Counter(p.gender for p in present)
        gender = ", ".join(
            f"{by_gender[g]} {(GENDER_WORDS if by_gender[g] == 1 else GENDER_PLURAL)[g]}"
            for g in Gender
            if by_gender[g]
        )
        summary = f"{len(present)} of {_plural(len(s.participants), 'invited participant')} present"
        summary += f" ({gender})." if gender else "."
        if anonymous:
            self.text(summary + " Under the Chatham House rule participants are not named.")
            return
        self.text(summary)
        rows = []
        for p in s.participants:
            who = self.name(p.actor) if p.actor else p.name
            rows.append(
                [
                    self.cell(who, limit=300),
                    self.cell(p.role, limit=300),
                    self.cell("present" if p.present else "absent"),
                    self.cell(GENDER_WORDS[p.gender]),
                ]
            )
        self.add(
            *self.table(["Participant", "Role", "Attendance", "Gender"], rows, [150, FRAME_W - 330, 90, 90])
        )

    def entries(self, s: Session) -> None:
        if not s.entries:
            return
        self.add(_heading("Record", self.st["h3"]))
        for n, e in enumerate(sorted(s.entries, key=entry_sort_key)):
            if n % CANCEL_EVERY == CANCEL_EVERY - 1:
                self.step(0.0)
            local = e.at.astimezone(s.starts_at.tzinfo)
            meta = (
                f"{local:%H:%M}"
                if local.date() == s.starts_at.date()
                else f"{_date(local.date())}, {local:%H:%M}"
            )
            meta += f" · {ENTRY_WORDS[e.kind]}"
            speaker = self.name(e.speaker)
            if speaker:
                meta += f" · {tx.one_line(speaker)}"
            about = [self.name(a) for a in e.about if self.name(a)]
            if about:
                meta += " · about " + ", ".join(tx.one_line(x) for x in about)
            if label := self.visibility_label(e.visibility):
                meta += f" · {label.rstrip('.')}"
            # the line that says when and who stays with the start of its text (a page break is cheaper
            # than keepWithNext, which wraps every entry twice)
            self.add(CondPageBreak(36), *tx.flowables(meta, self.st["meta"]))
            self.text(e.text)

    def decisions_and_actions(self, s: Session) -> None:
        decisions = [e for e in sorted(s.entries, key=entry_sort_key) if e.kind is EntryKind.DECISION]
        if decisions:
            self.add(_heading("Decisions", self.st["h3"]))
            rows = [
                [self.cell(f"{e.at.astimezone(s.starts_at.tzinfo):%H:%M}"), self.cell(e.text)]
                for e in decisions
            ]
            self.add(*self.table(["Time", "Decision"], rows, [45, FRAME_W - 45]))
        if s.actions:
            self.add(_heading("Action items", self.st["h3"]))
            self.add(*self.action_table([(s, a) for a in s.actions], with_session=False))

    def action_table(self, items: list, *, with_session: bool) -> list[Flowable]:
        rows = []
        for s, a in items:
            row = [
                self.cell(a.text),
                self.cell(self.name(a.owner)),
                self.cell(_date(a.due) if a.due else ""),
                self.cell(
                    " ".join(filter(None, [a.status.value, self.visibility_label(a.visibility).lower()]))
                ),
            ]
            if with_session:
                row.insert(0, self.cell(s.title, limit=200))
            rows.append(row)
        if with_session:
            return self.table(
                ["Session", "Action", "Owner", "Due", "Status"], rows, [100, FRAME_W - 320, 100, 75, 45]
            )
        return self.table(["Action", "Owner", "Due", "Status"], rows, [FRAME_W - 220, 100, 75, 45])

    def open_actions(self) -> None:
        self.add(CondPageBreak(120))
        self.add(_heading("Open actions", self.st["h1"], outline=("Open actions", 0, "open-actions")))
        items = [(s, a) for s in self.sessions for a in s.actions if a.status is ActionStatus.OPEN]
        if not items:
            self.text("No open actions are shown to this audience.", "note")
            return
        far = dt.date.max
        items.sort(key=lambda sa: (sa[1].due or far, sa[0].starts_at.astimezone(dt.UTC), sa[1].id))
        self.add(*self.action_table(items, with_session=True))


def export_pdf(
    doc: WorkshopDocument,
    dest: Path,
    *,
    audience: Visibility = Visibility.SHAREABLE,
    made_at: dt.datetime | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    sections: Collection[str] = SECTIONS,
    sessions: Collection[str] | None = None,
) -> Withheld:
    """Write the PDF summary of ``doc`` for ``audience`` to ``dest`` atomically; return what was withheld.

    ``progress`` receives fractions from 0 to 1: up to ``BUILD_SHARE`` as the sessions are made into paragraphs
    and tables, the rest as the pages are laid out. ``cancelled`` is asked after each section and session, then
    after each laid-out piece; when it returns true the export stops with :class:`ExportCancelled` and no file is
    left behind. ``sections`` (from
    :data:`SECTIONS`; the cover is always there) and ``sessions`` (ids; None: all) are the facilitator's choice
    of what to include, on top of what the audience may see.
    """
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown PDF sections: {', '.join(sorted(unknown))}")
    r = redact(doc, Visibility(audience))
    made_at = made_at or dt.datetime.now(dt.UTC)
    chosen = None if sessions is None else frozenset(sessions)
    if progress is not None:
        progress(0.0)

    def building(fraction: float) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        if progress is not None and fraction > 0:
            progress(BUILD_SHARE * fraction)

    story = _Builder(r, made_at, frozenset(sections), chosen, building).build()
    total = max(len(story), 1)
    done = 0

    reported = 0  # in steps of 1/200: a progress bar needs no more, and a signal per entry would flood it

    def on_flowable(_: Flowable) -> None:
        nonlocal done, reported
        done += 1
        if cancelled is not None and cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        step = min(done * 200 // total, 199)
        if progress is not None and step > reported:
            reported = step
            progress(BUILD_SHARE + (1 - BUILD_SHARE) * step / 200)

    w = r.document.workshop
    title = tx.one_line(w.title) or "Untitled workshop"
    header = r.text(f"{title} — {AUDIENCE_SHORT[r.audience]}")
    if len(header) > 110:
        header = header[:109] + "…"
    authors = ", ".join(tx.one_line(f) for f in w.facilitators) or "the facilitation team"
    with atomic_path(Path(dest)) as tmp, tmp.open("wb") as fh:
        pdf = _Doc(
            fh,
            header=tx.visual_line(header, rtl=False),  # the header reads in the app's language,
            on_flowable=on_flowable,
            title=r.text(title),
            author=r.text(authors),
            subject=r.text(f"Workshop summary for the {r.audience.value} audience"),
            creator="Multitrack Desktop",
            initialFontName=tx.FONT,  # every font the pages use is embedded (no base-14 Helvetica)
            keywords=[r.audience.value],
            lang=w.language or "en",
        )
        pdf.build(story, canvasmaker=_Numbered)
        fh.flush()
        os.fsync(fh.fileno())
    if progress is not None:
        progress(1.0)
    return r.withheld
