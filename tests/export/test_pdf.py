"""The PDF summary read back: what each audience may and may not see, every script, hostile text, atomic output.

Every PDF is read with pypdf (page text, outline, metadata) and with poppler's ``pdftotext``: a marker must be
absent from all of them, or present where the audience may see it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack_desktop.domain.model import (
    Action,
    Actor,
    ActorKind,
    Entry,
    EntryKind,
    Gender,
    Link,
    LinkKind,
    Participant,
    Placement,
    Rule,
    Session,
    Stance,
    Visibility,
    Workshop,
    WorkshopDocument,
)
from multitrack_desktop.export import text as tx
from multitrack_desktop.export.pdf import ExportCancelled, export_pdf

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT.parent / "shared" / "spec" / "example-workshop.json"
if not EXAMPLE.exists():
    EXAMPLE = ROOT / "tests" / "data" / "example-workshop.json"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

TZ = dt.timezone(dt.timedelta(hours=7))
ARABIC = "السلام عليكم ورحمة الله وبركاته"
ARABIC_LONG = " ".join(["الحوار بين الأطراف يبدأ بالاستماع"] * 14)
RUSSIAN = "Примирение начинается с разговора"
FRENCH = "Réconciliation générale à l'été, façade"
HEBREW = "שלום עולם וברוכים הבאים"
GREEK = "Ειρήνη και συμφιλίωση"
VOWELLED = "مُحَمَّد رَسُولُ"  # Arabic with its vowel marks
HOSTILE = "<b>bold?</b> & <font size=90>big</font> <para> a\x00b\x07c \u202edesrever\u202c end"


def t(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def planted() -> WorkshopDocument:
    """A workshop with one marker per rule of the audience function."""
    pub = Actor(
        id="a-pub",
        name="Public Actor Alpha",
        track=1,
        kind=ActorKind.GOVERNMENT,
        stance=Stance.SUPPORTIVE,
        contact="contactmark555",
        influence=5,
    )
    team = Actor(
        id="a-team", name="Teamactorname", visibility=Visibility.TEAM, track=2, kind=ActorKind.PERSON
    )
    priv = Actor(id="a-priv", name="Privactorname", visibility=Visibility.PRIVATE, track=3)
    anon = Actor(
        id="a-anon",
        name="Realname Anonyma",
        also_known_as=["Anonspelling"],
        alias="Blue Heron",
        anonymise=True,
        track=4,
        kind=ActorKind.PERSON,
        description="anondescmark",
        stance=Stance.OPPOSED,
    )
    ru = Actor(id="a-ru", name="Пётр Иванов", track=9, kind=ActorKind.PERSON, placement=Placement(10.0, 0.15))
    ar = Actor(id="a-ar", name="جمعية السلام", track=7, kind=ActorKind.COMMUNITY, stance=Stance.NEUTRAL)
    loose = Actor(id="a-loose", name="Library Actor", kind=ActorKind.NETWORK)
    links = [
        Link(
            id="l-1",
            source="a-pub",
            target="a-anon",
            kind=LinkKind.TENSION,
            visibility=Visibility.SHAREABLE,
            note="Tension with REALNAME ANONYMA, also written ANONSPELLING.",
        ),
        Link(
            id="l-2",
            source="a-pub",
            target="a-ru",
            kind=LinkKind.COOPERATION,
            strength=3,
            note="privlinknote",
            visibility=Visibility.PRIVATE,
        ),
        Link(
            id="l-3",
            source="a-pub",
            target="a-ar",
            kind=LinkKind.INFLUENCE,
            directed=True,
            strength=1,
            note="teamlinknote",
            visibility=Visibility.TEAM,
        ),
        Link(id="l-4", source="a-ru", target="a-ar", kind=LinkKind.BROKEN, visibility=Visibility.SHAREABLE),
        Link(id="l-5", source="a-team", target="a-pub", visibility=Visibility.SHAREABLE, note="teamendlink"),
    ]
    open_session = Session(
        id="s-open",
        title="Open Session One",
        starts_at=t(10, 9),
        ends_at=t(10, 12),
        location="Hall Openloc",
        rule=Rule.OPEN,
        visibility=Visibility.SHAREABLE,
        participants=[Participant(actor="a-pub", role="host"), Participant(name="Guest Openname")],
        agenda=["Welcome", "Mapping the channels"],
        entries=[
            Entry(id="e-1", at=t(10, 9, 5), text=FRENCH, visibility=Visibility.SHAREABLE),
            Entry(id="e-2", at=t(10, 9, 10), text=RUSSIAN, visibility=Visibility.SHAREABLE),
            Entry(
                id="e-3", at=t(10, 9, 15), text=ARABIC, kind=EntryKind.QUOTE, visibility=Visibility.SHAREABLE
            ),
            Entry(id="e-4", at=t(10, 9, 20), text=HOSTILE, visibility=Visibility.SHAREABLE),
            Entry(id="e-5", at=t(10, 9, 25), text="teamentrymark", visibility=Visibility.TEAM),
            Entry(id="e-6", at=t(10, 9, 30), text="priventrymark", visibility=Visibility.PRIVATE),
            Entry(
                id="e-7",
                at=t(10, 9, 35),
                text="We met TEAMACTORNAME and privactorname.",
                visibility=Visibility.SHAREABLE,
            ),
            Entry(
                id="e-8",
                at=t(10, 9, 40),
                text="Decisionmark agreed",
                kind=EntryKind.DECISION,
                speaker="a-pub",
                visibility=Visibility.SHAREABLE,
            ),
            Entry(id="e-9", at=t(10, 9, 45), text=ARABIC_LONG, visibility=Visibility.SHAREABLE),
            Entry(id="e-10", at=t(10, 9, 50), text=HEBREW, visibility=Visibility.SHAREABLE),
            Entry(id="e-11", at=t(10, 9, 55), text=GREEK, visibility=Visibility.SHAREABLE),
            Entry(id="e-12", at=t(10, 9, 56), text=VOWELLED, visibility=Visibility.SHAREABLE),
        ],
        actions=[
            Action(
                id="x-1",
                text="Send actionmark report",
                owner="a-pub",
                due=dt.date(2026, 4, 1),
                visibility=Visibility.SHAREABLE,
            ),
            Action(id="x-2", text="teamactionmark", visibility=Visibility.TEAM),
        ],
    )
    chatham = Session(
        id="s-ch",
        title="Chatham talk with Teamactorname",
        starts_at=t(11, 9),
        rule=Rule.CHATHAM_HOUSE,
        visibility=Visibility.SHAREABLE,
        participants=[
            Participant(name="Chathamperson", gender=Gender.WOMAN),
            Participant(actor="a-pub", gender=Gender.MAN),
            Participant(name="Chathamabsent", present=False, gender=Gender.OTHER),
        ],
        entries=[
            Entry(
                id="e-ch",
                at=t(11, 9, 30),
                text="Chatham remark",
                kind=EntryKind.RISK,
                speaker="a-pub",
                visibility=Visibility.SHAREABLE,
            )
        ],
        actions=[Action(id="x-ch", text="Chatham follow-up", owner="a-pub", visibility=Visibility.SHAREABLE)],
    )
    otr = Session(
        id="s-otr",
        title="Off Record Session",
        starts_at=t(12, 9),
        rule=Rule.OFF_THE_RECORD,
        visibility=Visibility.SHAREABLE,
        location="Otrlocation",
        entries=[Entry(id="e-otr", at=t(12, 9, 30), text="offrecordmark", visibility=Visibility.SHAREABLE)],
        actions=[Action(id="x-otr", text="otractionmark", visibility=Visibility.SHAREABLE)],
    )
    team_session = Session(
        id="s-team", title="Teamsessionmark", starts_at=t(13, 9), visibility=Visibility.TEAM
    )
    priv_session = Session(
        id="s-priv", title="Privsessionmark", starts_at=t(14, 9), visibility=Visibility.PRIVATE
    )
    return WorkshopDocument(
        workshop=Workshop(
            id="w",
            title="Summit with Realname Anonyma",
            context="Context: Anonspelling helps.",
            facilitators=["Facil One", "Realname Anonyma"],
        ),
        actors=[pub, team, priv, anon, ru, ar, loose],
        links=links,
        sessions=[open_session, chatham, otr, team_session, priv_session],
    )


@dataclass
class ReadBack:
    pages: list[str]  # pypdf, one string per page
    poppler: str  # pdftotext of the whole file
    outline: list[str]
    metadata: dict[str, str]

    @property
    def everything(self) -> str:
        return "\n".join([*self.pages, self.poppler, *self.outline, *self.metadata.values()])


def _flatten(outline: list) -> list[str]:
    out: list[str] = []
    for item in outline:
        if isinstance(item, list):
            out += _flatten(item)
        else:
            out.append(item.title)
    return out


def read_back(path: Path) -> ReadBack:
    reader = pypdf.PdfReader(str(path))
    pages = [p.extract_text() or "" for p in reader.pages]
    poppler = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return ReadBack(pages, poppler, _flatten(reader.outline), meta)


def squash(s: str) -> str:
    """Text compared without case, layout or presentation forms (a name may wrap across a line)."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return re.sub(r"\s+", "", s)


MADE = dt.datetime(2026, 3, 20, 18, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[Visibility, ReadBack]:
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for audience in Visibility:
        path = folder / f"{audience.value}.pdf"
        export_pdf(planted(), path, audience=audience, made_at=MADE)
        out[audience] = read_back(path)
    return out


# markers: (text, audiences that may see it)
S, T, P = Visibility.SHAREABLE, Visibility.TEAM, Visibility.PRIVATE
MARKERS = [
    ("Teamactorname", {T, P}),
    ("Privactorname", {P}),
    ("Realname", {T, P}),
    ("Anonyma", {T, P}),
    ("Anonspelling", {T, P}),
    ("anondescmark", {T, P}),
    ("contactmark555", {P}),
    ("privlinknote", {P}),
    ("teamlinknote", {T, P}),
    ("teamendlink", {T, P}),
    ("teamentrymark", {T, P}),
    ("priventrymark", {P}),
    ("offrecordmark", {P}),
    ("otractionmark", {P}),
    ("Otrlocation", {P}),
    ("Chathamperson", {T, P}),
    ("Chathamabsent", {T, P}),
    ("Teamsessionmark", {T, P}),
    ("Privsessionmark", {P}),
    ("teamactionmark", {T, P}),
    ("Blue Heron", {S}),
    ("[withheld]", {S, T}),
    ("Public Actor Alpha", {S, T, P}),
    ("Decisionmark", {S, T, P}),
    ("actionmark report", {S, T, P}),
    ("Off Record Session", {S, T, P}),
    ("Guest Openname", {S, T, P}),
    ("Library Actor", {S, T, P}),
]


@needs_poppler
@pytest.mark.parametrize("audience", list(Visibility), ids=lambda a: a.value)
def test_each_audience_sees_exactly_its_markers(
    exports: dict[Visibility, ReadBack], audience: Visibility
) -> None:
    rb = exports[audience]
    for source in (rb.pages, [rb.poppler], rb.outline, list(rb.metadata.values())):
        text = squash("\n".join(source))
        for marker, allowed in MARKERS:
            if audience not in allowed:
                assert squash(marker) not in text, f"{marker!r} leaked to {audience.value}"
    pages, poppler = squash("\n".join(rb.pages)), squash(rb.poppler)
    for marker, allowed in MARKERS:
        if audience in allowed:
            assert squash(marker) in pages, f"{marker!r} missing for {audience.value} (pypdf)"
            assert squash(marker) in poppler, f"{marker!r} missing for {audience.value} (pdftotext)"


@needs_poppler
def test_sections_page_numbers_and_cover(exports: dict[Visibility, ReadBack]) -> None:
    for audience, rb in exports.items():
        n = len(rb.pages)
        assert n >= 5
        for i, page in enumerate(rb.pages, start=1):
            assert f"{i} of {n}" in page, f"page {i} of {audience.value} has no page number"
            assert "— " + {S: "shareable", T: "team only", P: "private"}[audience] in page  # running header
        text = rb.poppler
        for section in (
            "The nine-track map",
            "Legend",
            "Actors by track",
            "Relationships",
            "Sessions",
            "Open actions",
            "Track 1 · Government",
            "Not on the circle",
            "Agenda",
            "Record",
            "Decisions",
            "Action items",
            "Participants",
            "Prepared for:",
        ):
            assert section in text, f"{section!r} missing for {audience.value}"
        cover = rb.pages[0]
        assert "Made on 20 March 2026 at 18:30 UTC" in cover
        assert "10 March 2026 – " in cover
    assert "shareable audience" in exports[S].pages[0]
    assert "facilitation team" in exports[T].pages[0]
    assert "private use" in exports[P].pages[0]
    assert "Nothing was withheld" in exports[P].pages[0]
    # copies for the team or for oneself say which records must not go further
    assert "Team only" not in exports[S].poppler and "Private." not in exports[S].poppler
    assert "Team only" in exports[T].poppler and "Private." not in exports[T].poppler
    assert "Team only" in exports[P].poppler and "Private." in exports[P].poppler
    # the withheld counts of the audience function, said in words on the first page
    cover = " ".join(exports[S].pages[0].split())
    assert "2 actors" in cover and "entries" in cover and "records in all" in cover


@needs_poppler
def test_outline_has_every_shown_session_and_metadata_follows_the_rules(
    exports: dict[Visibility, ReadBack],
) -> None:
    share = exports[S]
    assert {"Open Session One", "Chatham talk with [withheld]", "Off Record Session"} <= set(share.outline)
    assert {
        "Cover",
        "The nine-track map",
        "Actors by track",
        "Relationships",
        "Sessions",
        "Open actions",
    } <= set(share.outline)
    assert "Teamsessionmark" in exports[T].outline and "Privsessionmark" in exports[P].outline
    assert share.metadata["/Title"] == "Summit with Blue Heron"
    assert share.metadata["/Author"] == "Facil One, Blue Heron"
    assert "shareable" in share.metadata["/Subject"]
    assert exports[T].metadata["/Title"] == "Summit with Realname Anonyma"
    assert "team" in exports[T].metadata["/Subject"]


@needs_poppler
def test_chatham_house_in_shareable_gives_numbers_not_names(exports: dict[Visibility, ReadBack]) -> None:
    text = " ".join(exports[S].poppler.split())
    assert "2 of 3 invited participants present (1 woman, 1 man)" in text
    assert "not named" in text
    # no speaker under Chatham House below private; the open session names its speaker
    for audience in (S, T):
        flat = " ".join(exports[audience].poppler.split())
        assert "Risk · Public Actor Alpha" not in flat
        assert "Decision · Public Actor Alpha" in flat
    assert "Risk · Public Actor Alpha" in " ".join(exports[P].poppler.split())


def unmarked(s: str) -> str:
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def _lines(s: str) -> list[str]:
    """Lines after NFKC, without the embedding marks pdftotext wraps right-to-left lines in (TECH-NOTES)."""
    s = s.translate(dict.fromkeys([0x202A, 0x202B, 0x202C]))
    return [" ".join(unicodedata.normalize("NFKC", line).split()) for line in s.splitlines()]


@needs_poppler
def test_scripts_extract_in_logical_order(exports: dict[Visibility, ReadBack]) -> None:
    rb = exports[S]
    for extracted in (rb.poppler, "\n".join(rb.pages)):
        lines = _lines(extracted)
        assert ARABIC in lines
        assert RUSSIAN in lines
        assert FRENCH in lines
        assert HEBREW in lines
        assert GREEK in lines
        assert "جمعية السلام" in lines  # an Arabic name alone in a table cell
    # vowel marks are kept and come back in place from pypdf; pdftotext moves a mark that ends a
    # right-to-left line to its start, so there only the letters are compared
    assert VOWELLED in _lines("\n".join(rb.pages))
    assert unmarked(VOWELLED) in [unmarked(line) for line in _lines(rb.poppler)]
    # a long right-to-left paragraph: wrapped in logical order, lines read top to bottom
    lines = _lines(rb.poppler)
    start = next(i for i, line in enumerate(lines) if line.startswith("الحوار"))
    para = []
    for line in lines[start:]:
        if not line or not re.search("[\u0600-\u06ff]", line):
            break
        para.append(line)
    assert len(para) >= 2, "the long paragraph should wrap"
    assert " ".join(para) == ARABIC_LONG


@needs_poppler
def test_right_to_left_paragraphs_are_right_aligned(
    tmp_path: Path, exports: dict[Visibility, ReadBack]
) -> None:
    path = tmp_path / "s.pdf"
    export_pdf(planted(), path, made_at=MADE)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', html, re.S)
    edges = {}
    for x_min, x_max, body in lines:
        # words come in drawing order here: read them back to front for the logical text
        words = re.findall(r">([^<]*)</word>", body)
        if re.search("[\ufe70-\ufeff]", "".join(words)):
            words = [unicodedata.normalize("NFKC", w[::-1]) for w in reversed(words)]
        edges[" ".join(words)] = (float(x_min), float(x_max))
    arabic = edges[ARABIC]
    russian = edges[RUSSIAN]
    page_w = 595.27
    assert arabic[1] == pytest.approx(page_w - 18 * 72 / 25.4, abs=2.0)  # flush with the right margin
    assert russian[0] == pytest.approx(18 * 72 / 25.4, abs=2.0)  # flush with the left margin


@needs_poppler
def test_hostile_text_stays_literal(exports: dict[Visibility, ReadBack]) -> None:
    for text in (exports[S].poppler, "\n".join(exports[S].pages)):
        flat = " ".join(text.split())
        assert "<b>bold?</b> & <font size=90>big</font> <para> abc desrever end" in flat
        assert "\x07" not in text and "\x00" not in text and "\u202e" not in text


def test_text_helpers() -> None:
    assert tx.clean("a\x00b\x1bc\u202ed\u2066e\tf\ng\u061c") == "abcde\tf\ng"
    assert tx.is_rtl("123 السلام hello") and not tx.is_rtl("hello السلام") and not tx.is_rtl("123 ...")
    assert tx.is_rtl("שלום world")
    assert tx.needs_bidi("x שלום") and not tx.needs_bidi("Пётр")
    # a line is reshaped and reversed for drawing; Latin is left alone
    assert tx.visual_line("abc") == "abc"
    # brackets are mirrored in right-to-left runs (rule L4): "(note)" does not come out as ")note("
    assert tx.visual_line("אב (גד)") == "(דג) בא"
    assert tx.visual_line("אב (cd)") == "(cd) בא"
    assert tx.visual_line("ab (גד) [x]") == "ab (דג) [x]"
    shown = tx.visual_line("السلام")
    assert shown != "السلام" and unicodedata.normalize("NFKC", shown[::-1]) == "السلام"


@needs_poppler
def test_long_entry_and_long_word_run_across_pages(tmp_path: Path) -> None:
    doc = planted()
    words = " ".join(f"word{i}" for i in range(20_000))[:99_990] + " LONGEND"
    doc.sessions[0].entries.append(
        Entry(id="e-long", at=t(10, 11), text=words, visibility=Visibility.SHAREABLE)
    )
    doc.sessions[0].entries.append(
        Entry(
            id="e-word",
            at=t(10, 11, 5),
            text="y" * 100_000,
            kind=EntryKind.DECISION,
            visibility=Visibility.SHAREABLE,
        )
    )
    doc.sessions[0].actions.append(Action(id="x-long", text="z" * 100_000, visibility=Visibility.SHAREABLE))
    assert len(words) <= 100_000
    path = tmp_path / "long.pdf"
    export_pdf(doc, path, made_at=MADE)
    rb = read_back(path)
    assert len(rb.pages) > 30
    assert "LONGEND" in rb.poppler
    assert squash("word19") in squash(rb.poppler)
    assert rb.poppler.count("y") > 99_000  # the whole word, cut between characters, in the record
    assert "more characters]" in rb.poppler  # table cells keep within a page


@needs_poppler
def test_empty_workshop_exports(tmp_path: Path) -> None:
    doc = WorkshopDocument(workshop=Workshop(id="w", title="Empty <b>&</b>"))
    for audience in Visibility:
        path = tmp_path / f"empty-{audience.value}.pdf"
        withheld = export_pdf(doc, path, audience=audience, made_at=MADE)
        assert withheld.total == 0
        rb = read_back(path)
        assert "Empty <b>&</b>" in rb.poppler
        assert "No actors are shown" in rb.poppler and "No sessions are shown" in rb.poppler
        assert "1 of" in rb.pages[0]


def test_cancel_and_failure_leave_no_file(tmp_path: Path) -> None:
    dest = tmp_path / "out.pdf"
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(ExportCancelled):
        export_pdf(planted(), dest, cancelled=cancel)
    assert list(tmp_path.iterdir()) == []

    # an existing PDF stays as it was when the new one fails
    dest.write_bytes(b"old")
    with pytest.raises(ExportCancelled):
        export_pdf(planted(), dest, cancelled=lambda: True)
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]

    seen: list[float] = []
    withheld = export_pdf(planted(), dest, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 10
    assert withheld.total > 0 and dest.read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------------------------------- command line


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "multitrack_desktop", *args],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def workshop_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "w.multitrack"
    r = run("import", str(EXAMPLE), str(out))
    assert r.returncode == 0, r.stderr
    return out


def test_cli_export_pdf(workshop_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    r = run("export", str(workshop_file), "--pdf", str(out))
    assert r.returncode == 0, r.stderr
    assert "shareable audience" in r.stderr and "withheld" in r.stderr
    assert len(pypdf.PdfReader(str(out)).pages) >= 3
    r = run("export", str(workshop_file), "--pdf", str(out), "--audience", "private")
    assert r.returncode == 0, r.stderr
    assert "private audience; 0 records were withheld" in r.stderr
    assert pypdf.PdfReader(str(out)).metadata["/Subject"].endswith("private audience")


def test_cli_failure_leaves_no_file(workshop_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "out.pdf"
    r = run("export", str(workshop_file), "--pdf", str(missing))
    assert r.returncode == 1
    assert r.stderr.strip() and "Traceback" not in r.stderr
    assert not missing.parent.exists()
    r = run("export", str(tmp_path / "absent.multitrack"), "--pdf", str(tmp_path / "x.pdf"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------- mixed lines, by eye

REFERENCE = Path(__file__).parent / "data" / "mixed-lines.pgm.gz"
MIXED = [
    "Meeting with جمعية السلام at noon, then lunch.",
    "قال المشارك: peace needs time, 2026 وليس غداً.",
    "שלום עולם — hello from the Hebrew line.",
    "Пётр and محمد spoke after Réunion.",
    "مُحَمَّد رَسُولُ السَّلَامِ (with vowel marks)",
]


def mixed_doc() -> WorkshopDocument:
    entries = [
        Entry(id=f"m-{i}", at=t(10, 10, i), text=text, visibility=Visibility.SHAREABLE)
        for i, text in enumerate(MIXED)
    ]
    session = Session(
        id="s-mixed", title="Mixed lines", starts_at=t(10, 10), rule=Rule.OPEN,
        visibility=Visibility.SHAREABLE, entries=entries,
    )  # fmt: skip
    return WorkshopDocument(workshop=Workshop(id="w", title="Mixed scripts"), sessions=[session])


def render_session_page(tmp_path: Path, name: str) -> bytes:
    """The page that holds the session, as a grey-scale PGM at 50 dpi."""
    pdf = tmp_path / f"{name}.pdf"
    export_pdf(mixed_doc(), pdf, made_at=MADE)
    reader = pypdf.PdfReader(str(pdf))
    page = next(i for i, p in enumerate(reader.pages, start=1) if "Mixed lines" in (p.extract_text() or ""))
    out = tmp_path / name
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "50",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(out),
        ],
        check=True,
    )
    return (tmp_path / f"{name}.pgm").read_bytes()


def pgm_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (P5, maxval 255) as pdftoppm writes it."""
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    return width, height, fields[4][-width * height :]


def differing(a: bytes, b: bytes) -> float:
    """The share of pixels whose grey differs by more than a quarter of the range."""
    return sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > 64) / len(a)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_mixed_lines_page_matches_the_reviewed_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mixed Arabic/Hebrew/Latin lines do not extract reliably (TECH-NOTES), so the page is compared by eye once
    (the reference was rendered, looked at and checked word by word) and by pixels on every run.
    Set MULTITRACK_UPDATE_REFERENCE=1 to write a new reference, then look at it before committing it."""
    import gzip

    page = render_session_page(tmp_path, "mixed")
    if os.environ.get("MULTITRACK_UPDATE_REFERENCE"):
        REFERENCE.parent.mkdir(exist_ok=True)
        REFERENCE.write_bytes(gzip.compress(page, mtime=0))
    w, h, pixels = pgm_pixels(page)
    rw, rh, ref = pgm_pixels(gzip.decompress(REFERENCE.read_bytes()))
    assert (w, h) == (rw, rh)
    assert differing(pixels, ref) < 0.002
    # the comparison is sensitive to the order of the letters: the same page without reordering fails it
    monkeypatch.setattr(tx, "get_display", lambda s, base_dir=None: s)
    _, _, unordered = pgm_pixels(render_session_page(tmp_path, "unordered"))
    assert differing(unordered, ref) > 0.002


# ------------------------------------------------------------------------------------------- any text at all

_ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&;\"'/=b font para br \n\t\x00\x07\x1b\u202a\u202b\u202e\u2066\u2069\u061c")),
        st.characters(min_codepoint=0x0590, max_codepoint=0x06FF),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=300,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_ANY_TEXT, name=_ANY_TEXT, note=_ANY_TEXT)
def test_any_text_exports(tmp_path: Path, title: str, name: str, note: str) -> None:
    doc = WorkshopDocument(
        workshop=Workshop(id="w", title=title or "x", context=note),
        actors=[Actor(id="a", name=name or "n", track=5, description=note)],
        sessions=[
            Session(
                id="s", title=title or "s", starts_at=t(1, 9), rule=Rule.OPEN, visibility=Visibility.SHAREABLE,
                agenda=[note], entries=[Entry(id="e", at=t(1, 10), text=note or "-", speaker="a",
                                              visibility=Visibility.SHAREABLE)],
            )
        ],
    )  # fmt: skip
    path = tmp_path / "any.pdf"
    export_pdf(doc, path, made_at=MADE)
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) >= 3
    assert {"Cover", "Sessions"} <= set(_flatten(reader.outline))
    assert len(_flatten(reader.outline)) == 7  # the six sections and the session


def test_redacts_once_and_leaves_the_document_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import copy

    from multitrack_desktop.export import pdf as pdf_module

    calls: list[Visibility] = []
    real = pdf_module.redact

    def counting(doc: WorkshopDocument, audience: Visibility) -> object:
        calls.append(audience)
        return real(doc, audience)

    monkeypatch.setattr(pdf_module, "redact", counting)
    doc = planted()
    before = copy.deepcopy(doc)
    withheld = export_pdf(doc, tmp_path / "x.pdf", audience=Visibility.TEAM)
    assert calls == [Visibility.TEAM]
    assert doc == before
    assert withheld == real(doc, Visibility.TEAM).withheld


@needs_poppler
def test_fonts_are_embedded_and_text_uses_no_other(tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    export_pdf(planted(), path, made_at=MADE)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    embedded = [line for line in fonts.splitlines() if "DejaVuSans" in line]
    assert len(embedded) == 2 and all(" yes yes yes " in line for line in embedded)
    # ReportLab lists Helvetica among every page's resources; no text may be set in it
    reader = pypdf.PdfReader(str(path))
    for page in reader.pages:
        names = {
            name
            for name, ref in page["/Resources"]["/Font"].items()
            if "DejaVu" not in ref.get_object()["/BaseFont"]
        }
        used = set(re.findall(rb"/(F[\d+]+)\s+[\d.]+\s+Tf", page.get_contents().get_data()))
        assert not {n.lstrip("/").encode() for n in names} & used


def test_withheld_sentence_counts_each_kind() -> None:
    from multitrack_desktop.domain.audience import Withheld
    from multitrack_desktop.export.pdf import withheld_sentence

    assert withheld_sentence(Withheld()) == "Nothing was withheld for this audience."
    assert withheld_sentence(Withheld(entries=1, links=3)) == (
        "Withheld for this audience: 3 links, 1 entry (4 records in all)."
    )


@needs_poppler
def test_sections_and_sessions_chosen_for_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "chosen.pdf"
    export_pdf(planted(), path, made_at=MADE, sections=["map", "open_actions"], sessions={"s-ch", "s-team"})
    rb = read_back(path)
    flat = " ".join(rb.poppler.split())
    assert "The nine-track map" in flat and "Open actions" in flat
    assert (
        "Actors by track" not in flat and "Relationships" not in rb.outline and "Sessions" not in rb.outline
    )
    assert (
        "Chatham follow-up" in flat and "actionmark" not in flat
    )  # open actions of the chosen sessions only
    assert "Teamsessionmark" not in flat  # choosing a session never shows what the audience may not see
    assert "Left out by choice when this summary was made: 2 sessions this audience may see" in flat
    assert "the list of actors, relationships, session records" in flat
    with pytest.raises(ValueError, match="unknown PDF sections"):
        export_pdf(planted(), tmp_path / "x.pdf", sections=["appendix"])
    assert not (tmp_path / "x.pdf").exists()
