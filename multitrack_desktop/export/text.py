"""User text on a PDF page: safe, in every script, in logical order for extraction.

ReportLab parses markup in a ``Paragraph`` and knows nothing of right-to-left text. So every string a
facilitator typed goes through here: control characters and direction overrides are taken out, markup is
escaped, and a paragraph with Arabic or Hebrew letters is shaped (``arabic_reshaper``), wrapped to the column
in logical order, and only then reordered line by line (``python-bidi``) with the paragraph's own direction,
as TECH-NOTES.md found that works (reordering before wrapping reverses the line order).
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
import weakref
from collections.abc import Iterator
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display as _fast_display  # see _BIDI_NOTE
from bidi.algorithm import get_display as _reference_display  # see _BIDI_NOTE
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from ..resources_path import resource_path

_BIDI_NOTE = """python-bidi's reference implementation orders lines with brackets: its default (Rust) get_display in 0.6 does not
mirror brackets, so "(note)" in a right-to-left line came out as ")note(" (rule L4 of the bidi algorithm). A line
with no mirrored character goes to the Rust one (about a hundred times faster; the same order over 100,000 mixed
lines of Arabic, Hebrew, Latin, digits and punctuation)."""

FONT = "MT-DejaVuSans"
FONT_BOLD = "MT-DejaVuSans-Bold"

#: a paragraph longer than this is cut into several, so platypus can break it across pages cheaply
CHUNK_CHARS = 2000

_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C], None)
"""Embeddings, overrides and isolates (one note could reverse the page), and the Arabic letter mark (no glyph)."""
_RTL_CLASSES = frozenset({"R", "AL"})
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

_reshaper = arabic_reshaper.ArabicReshaper(
    configuration={
        # Vowel marks stay: names are often written with them, and DejaVu Sans places them over their letters
        # once the line is reordered (checked by eye in tests/export/data/mixed-lines).
        "delete_harakat": False,
        # The Allah ligature comes back from NFKC with marks added: keep the letters as typed.
        "ARABIC LIGATURE ALLAH": False,
    }
)


_ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC}]+(?:[ \u00a0]+[{_ARABIC}]+)*")
"""Arabic letters, marks and the spaces between them: all the reshaper changes (its ligatures span words)."""
_SHAPE_WHOLE = re.compile(
    f"\u200d|(?:^|[^{_ARABIC}])[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d4-\u08ff]"
)
"""A joiner, or a vowel mark on no Arabic letter: the reshaper reads these against the text around them."""


def shape(s: str) -> str:
    """``s`` with its Arabic letters in their joined forms: the reshaper is given only the Arabic runs.

    It looks at every character of what it is given, and most paragraphs hold a few Arabic words in Latin text;
    what it does to a run depends on that run alone (text where that might not hold is given whole)."""
    if _SHAPE_WHOLE.search(s):
        try:
            return _reshaper.reshape(s)
        except IndexError:
            # arabic_reshaper fails on some joiner sequences ("لا\u200dلا"); the joiner only asks for
            # a joined form, which the reshaper gives the letters anyway: shape without it
            s = s.replace("\u200d", "")
            if _SHAPE_WHOLE.search(s):
                return _reshaper.reshape(s)
    return _ARABIC_RUN.sub(lambda m: _shape_run(m.group()), s)


@functools.lru_cache(maxsize=4096)
def _shape_run(run: str) -> str:
    """One Arabic run reshaped (words recur; each call to the reshaper costs some microseconds)."""
    return _reshaper.reshape(run)


@functools.cache
def register_fonts() -> None:
    """Embed the fonts shipped with the app (DejaVu Sans covers Latin, Cyrillic, Greek, Hebrew, Arabic forms)."""
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def clean(s: str) -> str:
    """Text that cannot change the page: no control characters (but newline and tab), no direction overrides."""
    s = unicodedata.normalize("NFC", s).replace("\r\n", "\n").replace("\r", "\n")
    s = s.replace("\u2028", "\n").replace("\u2029", "\n").translate(_BIDI_CONTROLS)
    if s.isprintable():
        return s
    return "".join(
        c
        for c in s
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn") or c == "\ufffd"
    )


def one_line(s: str) -> str:
    """``clean`` text folded onto one line (names, titles, table cells that must stay short)."""
    return " ".join(clean(s).split())


def is_rtl(s: str) -> bool:
    """The paragraph's direction: that of its first strong character (left-to-right when it has none)."""
    for c in s:
        cls = unicodedata.bidirectional(c)
        if cls == "L":
            return False
        if cls in _RTL_CLASSES:
            return True
    return False


def needs_bidi(s: str) -> bool:
    """Whether the text holds right-to-left letters (then ReportLab cannot lay it out by itself)."""
    return _RTL_LETTER.search(s) is not None


def get_display(line: str, base_dir: str = "L") -> str:
    """One shaped line in drawing order (see _BIDI_NOTE for the two implementations)."""
    if any(map(unicodedata.mirrored, line)):
        return _reference_display(line, base_dir=base_dir)
    return _fast_display(line, base_dir=base_dir)


def visual_line(s: str, *, rtl: bool | None = None) -> str:
    """One line (already wrapped, or short like a label) shaped and in drawing order."""
    if not needs_bidi(s):
        return s
    if rtl is None:
        rtl = is_rtl(s)
    return get_display(shape(s), base_dir="R" if rtl else "L")


@functools.lru_cache(maxsize=65536)
def _word_width(word: str, font: str, size: float) -> float:
    """A word's width (words recur, and without ReportLab's C helpers each measure costs microseconds)."""
    return pdfmetrics.stringWidth(word, font, size)


def _split(text: str, font: str, size: float, width: float) -> list[str]:
    """ReportLab's ``simpleSplit`` (the same lines, the same sums) with each word measured once."""
    out: list[str] = []
    space = _word_width(" ", font, size)
    for line in text.split("\n"):
        words: list[str] = []
        used = -space
        for word in line.split():
            w = _word_width(word, font, size)
            if used + space + w <= width or words == []:
                words.append(word)
                used = used + space + w
            else:
                out.append(" ".join(words))
                words = [word]
                used = w
        if words != []:
            out.append(" ".join(words))
    return out


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrapping at spaces; a word wider than the column is cut between characters."""
    out: list[str] = []
    for line in _split(text, font, size, width) or [""]:
        while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut = max(1, cut * 3 // 4) if cut > 40 else cut - 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


class ScriptLines(Flowable):
    """A paragraph with right-to-left letters: wrapped in logical order, reordered line by line, aligned by
    the paragraph's direction. Splits between lines, so a long one runs across pages."""

    def __init__(
        self, text: str, style: ParagraphStyle, *, rtl: bool | None = None, shaped: bool = False
    ) -> None:
        super().__init__()
        self.shaped_text = text if shaped else shape(text)
        self.style = style
        self.rtl = is_rtl(text) if rtl is None else rtl
        self.lines: list[str] = []
        self._wrapped_at: float | None = None
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)

    def _lines_for(self, width: float) -> list[str]:
        if self._wrapped_at != width:
            st = self.style
            self.lines = _wrap(self.shaped_text, st.fontName, st.fontSize, max(width, 1.0))
            self._wrapped_at = width
        return self.lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = len(self._lines_for(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._lines_for(availWidth)
        n = int(availHeight // self.style.leading)
        if n <= 0:
            return []
        if n >= len(lines):
            return [self]
        first = ScriptLines(" ".join(lines[:n]), self.style, rtl=self.rtl, shaped=True)
        rest = ScriptLines(" ".join(lines[n:]), self.style, rtl=self.rtl, shaped=True)
        first.lines, first._wrapped_at = lines[:n], availWidth
        rest.lines, rest._wrapped_at = lines[n:], availWidth
        first.spaceAfter = 0
        first.keepWithNext = 0
        rest.spaceBefore = 0
        return [first, rest]

    def draw(self) -> None:
        st = self.style
        c = self.canv
        c.setFont(st.fontName, st.fontSize)
        c.setFillColor(st.textColor)
        right = self.rtl or st.alignment == TA_RIGHT
        y = self.height
        for line in self.lines:
            y -= st.leading
            baseline = y + (st.leading - st.fontSize) / 2 + st.fontSize * 0.22
            shown = get_display(line, base_dir="R" if self.rtl else "L")
            if right:
                c.drawRightString(self.width, baseline, shown)
            else:
                c.drawString(0, baseline, shown)


class Para(Paragraph):
    """A ``Paragraph`` that keeps its lines while the width stays the same.

    Platypus wraps a paragraph several times at one width (a table measures its rows, then measures them again
    to draw them; a frame wraps before it draws), and each wrap breaks the lines anew."""

    _wrapped: tuple[float, object, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        done = self._wrapped
        if done is not None and done[0] == availWidth and self.__dict__.get("blPara") is done[1]:
            self.width = availWidth
            self.height = done[2]
            return availWidth, done[2]
        width, height = super().wrap(availWidth, availHeight)
        lines = self.__dict__.get("blPara")
        self._wrapped = None if lines is None else (availWidth, lines, height)
        return width, height


_plain_frags: weakref.WeakKeyDictionary[ParagraphStyle, object] = weakref.WeakKeyDictionary()


def plain(text: str, style: ParagraphStyle) -> Para:
    """Text without markup as a paragraph, made as ReportLab's parser would make it, without the parser.

    The parser takes about a third of a paragraph's cost, and user text has no tags (it would be escaped): the
    result is one fragment in the style's font holding the text with its runs of spaces folded (text
    with ``&``, ``<`` or ``>`` still goes through the parser, which makes a fragment of each)."""
    if "&" in text or "<" in text or ">" in text:  # the parser makes a fragment per entity: leave it to it
        return Para(escape(text), style)
    folded = cleanBlockQuotedText(text)  # what Paragraph does to its text before parsing it
    if not folded:
        return Para("", style)
    template = _plain_frags.get(style)
    if template is None:
        template = _plain_frags[style] = Paragraph("x", style).frags[0]
    frag = copy.copy(template)
    frag.text = folded
    para = Para(None, style, frags=[frag])
    para.text = escape(folded)
    return para


def _chunks(paragraph: str) -> Iterator[str]:
    """``paragraph`` in pieces of at most CHUNK_CHARS, cut at a space where there is one."""
    while len(paragraph) > CHUNK_CHARS:
        cut = paragraph.rfind(" ", CHUNK_CHARS // 2, CHUNK_CHARS)
        cut = CHUNK_CHARS if cut < 0 else cut + 1
        yield paragraph[:cut]
        paragraph = paragraph[cut:]
    yield paragraph


def flowables(text: str, style: ParagraphStyle, *, keep_empty: bool = False) -> list[Flowable]:
    """User text as flowables: one per line of the text (long lines cut into pieces), each safe and in its
    own direction. Markup in the text is shown literally."""
    out: list[Flowable] = []
    for paragraph in clean(text).split("\n"):
        paragraph = paragraph.replace("\t", "    ").strip()
        if not paragraph:
            continue
        rtl = is_rtl(paragraph)
        for piece in _chunks(paragraph):
            if needs_bidi(piece):
                out.append(ScriptLines(piece, style, rtl=rtl))
            else:
                out.append(plain(piece, style))
    if not out and keep_empty:
        out.append(Para("", style))
    return out


def markup(text: str) -> str:
    """Escaped text for a ``Paragraph`` that also carries the exporter's own tags (only left-to-right text)."""
    return escape(one_line(text))


def shorten(text: str, limit: int) -> str:
    """Keep a table cell within a page: cut long text and say how much was left out."""
    text = clean(text)
    if len(text) <= limit:
        return text
    return text[:limit].rstrip() + f" … [{len(text) - limit:,} more characters]"
