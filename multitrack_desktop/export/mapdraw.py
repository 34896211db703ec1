"""The nine-track map and its legend as vector graphics (ReportLab drawings) for the PDF.

Drawn from the model with the canvas's geometry, colours and marks: the ring of eight sectors with track 1 at
the top, clockwise, track 9 as the inner disc; actors shaped by kind, sized by influence, outlined by stance,
faded by status; links with the conflict-mapping marks of Fisher et al. (dotted: informal, thick: strong, arrow:
influence, ochre arrow: funding, double: cooperation, zigzag: tension, crossed: broken), computed by
``domain.link_marks`` exactly as on the canvas.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.lib.utils import simpleSplit

from ..domain import geometry, labels, link_marks, palette
from ..domain.layout import layout_positions, position_of
from ..domain.model import ActorKind, ActorStatus, Link, LinkKind, Stance, WorkshopDocument
from .text import FONT, FONT_BOLD, one_line, visual_line

INK = HexColor(palette.INK)
LINK = HexColor(palette.LINK_COLOUR)
#: link marks on the page: the canvas's sizes (for a circle of radius 400) times this
LINK_SCALE = 0.5
MUTED = HexColor("#56616B")

KIND_WORDS = {
    ActorKind.PERSON: "person",
    ActorKind.ORGANISATION: "organisation",
    ActorKind.GOVERNMENT: "government",
    ActorKind.ARMED_GROUP: "armed group",
    ActorKind.NETWORK: "network",
    ActorKind.COMMUNITY: "community",
    ActorKind.OTHER: "other",
}
STANCE_WORDS = {
    Stance.SUPPORTIVE: "supportive",
    Stance.NEUTRAL: "neutral",
    Stance.OPPOSED: "opposed",
    Stance.UNKNOWN: "stance unknown",
}
LABEL_MAX_CHARS = 22
LABEL_SIZE = 5.6
LABEL_HEIGHT = LABEL_SIZE + 2.4


def _faded(hex_colour: str, status: ActorStatus) -> HexColor:
    """A colour as it shows at the status's opacity on white (PDF viewers differ on real transparency)."""
    return HexColor(palette.mix(hex_colour, "#FFFFFF", 1.0 - palette.STATUS_OPACITY[status]))


def _point(cx: float, cy: float, r_pt: float, angle_deg: float, radius: float) -> tuple[float, float]:
    p = geometry.to_xy(angle_deg, radius)
    return cx + p.x * r_pt, cy - p.y * r_pt  # geometry's y runs down, the page's up


def _regular(n: int, r: float, start_deg: float, x: float, y: float) -> list[float]:
    pts: list[float] = []
    for i in range(n):
        a = math.radians(start_deg + i * 360.0 / n)
        pts += [x + r * math.cos(a), y + r * math.sin(a)]
    return pts


def actor_mark(
    kind: ActorKind,
    stance: Stance,
    x: float,
    y: float,
    s: float,
    *,
    width: float = 1.2,
    status: ActorStatus = ActorStatus.ACTIVE,
) -> Group:
    """The shape of a kind with the outline of a stance, centred on (x, y) with half-width ``s``."""
    g = Group()
    stroke = _faded(palette.STANCE_COLOURS[stance], status)
    dash = [1.6 * width, 1.2 * width] if stance is Stance.UNKNOWN else None
    common = {"strokeColor": stroke, "strokeWidth": width, "fillColor": white, "strokeDashArray": dash}
    if kind is ActorKind.ORGANISATION:
        g.add(Rect(x - s * 0.9, y - s * 0.9, s * 1.8, s * 1.8, rx=s * 0.35, ry=s * 0.35, **common))
    elif kind is ActorKind.GOVERNMENT:
        g.add(Polygon(_regular(5, s * 1.02, 90.0, x, y), **common))
    elif kind is ActorKind.ARMED_GROUP:
        g.add(Polygon([x, y + s * 1.1, x + s, y - s * 0.75, x - s, y - s * 0.75], **common))
    elif kind is ActorKind.NETWORK:
        g.add(Polygon(_regular(6, s, 0.0, x, y), **common))
    elif kind is ActorKind.COMMUNITY:
        # three overlapping discs drawn as one outline: stroke all, then cover the inner arcs
        r = s * 0.58
        centres = ((0.0, s * 0.38), (-s * 0.42, -s * 0.32), (s * 0.42, -s * 0.32))
        for dx, dy in centres:
            g.add(Circle(x + dx, y + dy, r, **common))
        for dx, dy in centres:
            g.add(Circle(x + dx, y + dy, max(r - width / 2, 0.1), strokeColor=None, fillColor=white))
    else:  # person, other
        g.add(Circle(x, y, s, **common))
        if kind is ActorKind.OTHER:
            g.add(
                Circle(
                    x,
                    y,
                    s * 0.55,
                    strokeColor=stroke,
                    strokeWidth=width * 0.5,
                    strokeDashArray=[0.5 * width, width],
                    fillColor=None,
                )
            )
    return g


def also_tracks_mark(x: float, y: float, r: float) -> Group:
    """A small dark disc with a plus: the actor also works on other tracks."""
    g = Group(Circle(x, y, r, fillColor=INK, strokeColor=white, strokeWidth=0.5))
    g.add(Line(x - r * 0.55, y, x + r * 0.55, y, strokeColor=white, strokeWidth=0.7))
    g.add(Line(x, y - r * 0.55, x, y + r * 0.55, strokeColor=white, strokeWidth=0.7))
    return g


def alias_badge(x: float, y: float, size: float = 4.5) -> Group:
    """The purple "alias" tag: the name shown is a pseudonym."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    w = stringWidth("alias", FONT_BOLD, size) + 3.0
    g = Group(
        Rect(
            x,
            y - size * 0.35,
            w,
            size * 1.5,
            rx=1.2,
            ry=1.2,
            fillColor=HexColor(palette.ALIAS_BADGE),
            strokeColor=None,
        )
    )
    g.add(
        String(x + w / 2, y, "alias", fontName=FONT_BOLD, fontSize=size, fillColor=white, textAnchor="middle")
    )
    return g


def link_mark(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    *,
    kind: LinkKind,
    directed: bool,
    strength: int,
    scale: float = LINK_SCALE,
    bend: float = 0.0,
    trim_a: float = 0.0,
    trim_b: float = 0.0,
) -> Group:
    """A link between two points with its conflict-mapping marks: the canvas's geometry (``domain.link_marks``).

    ``bend``: how far its middle moves aside (parallel links); ``trim_a`` / ``trim_b``: where it stops short
    of each end (the actors' marks).
    """
    shape = link_marks.link_shape(
        (x1, y1),
        (x2, y2),
        kind=kind,
        directed=directed,
        strength=strength,
        scale=scale,
        bend=bend,
        trim_a=trim_a,
        trim_b=trim_b,
    )
    g = Group()
    colour = HexColor(shape.colour)
    dash = [v * shape.line_width for v in link_marks.DOT_PATTERN] if shape.dotted else None
    for line in shape.lines:
        points = [v for point in line for v in point]
        g.add(
            PolyLine(
                points,
                strokeColor=colour,
                strokeWidth=shape.line_width,
                strokeLineCap=0,
                strokeLineJoin=1,
                strokeDashArray=dash,
            )
        )
    for (bx0, by0), (bx1, by1) in (bar for bar in shape.bars if len(bar) == 2):
        g.add(Line(bx0, by0, bx1, by1, strokeColor=colour, strokeWidth=max(shape.width, 1.1)))
    for head in shape.heads:
        g.add(Polygon([v for point in head for v in point], fillColor=colour, strokeColor=None))
    return g


def map_drawing(doc: WorkshopDocument, width: float, height: float, *, alias_badges: bool) -> Drawing:
    """The circle as the room saw it, from an (already redacted) document."""
    d = Drawing(width, height)
    d.initialFontName = FONT  # the drawing's initial state names no unembedded font
    cx, cy = width / 2, height / 2
    r_pt = min(width / 2 / 1.6, height / 2 / 1.3)
    band = palette.BAND_OUTER * r_pt
    inner = geometry.INNER_RADIUS * r_pt

    # the tracks: eight sectors with their bands, then the inner disc
    for track in range(1, 9):
        d.add(
            Polygon(
                _ring_sector(cx, cy, track, r_pt, band),
                fillColor=HexColor(palette.band_fill(track)),
                strokeColor=white,
                strokeWidth=1.2,
                strokeLineJoin=1,
            )
        )
        d.add(
            Polygon(
                _ring_sector(cx, cy, track, inner, r_pt),
                fillColor=HexColor(palette.sector_fill(track)),
                strokeColor=white,
                strokeWidth=1.2,
                strokeLineJoin=1,
            )
        )
    d.add(
        Circle(cx, cy, inner, fillColor=HexColor(palette.sector_fill(9)), strokeColor=white, strokeWidth=1.2)
    )

    for track in range(1, 9):
        centre = geometry.sector_centre(track)
        x, y = _point(cx, cy, r_pt, centre, (1.0 + palette.BAND_OUTER) / 2)
        d.add(
            String(x, y - 3.2, str(track), fontName=FONT_BOLD, fontSize=9, fillColor=INK, textAnchor="middle")
        )
        _track_name(d, track, *_point(cx, cy, r_pt, centre, palette.BAND_OUTER + 0.06), centre)
    d.add(
        String(cx, cy + inner - 9.0, "9", fontName=FONT_BOLD, fontSize=8, fillColor=INK, textAnchor="middle")
    )

    # links under the actors
    laid_out = layout_positions(doc.actors)
    where: dict[str, tuple[float, float, float]] = {}
    for actor in doc.actors:
        pos = position_of(actor, laid_out)
        if pos is not None:
            x, y = _point(cx, cy, r_pt, *pos)
            where[actor.id] = (x, y, palette.actor_size(actor.influence) * r_pt / 400.0)
    # links between the same two actors curve apart, as on the canvas (the page's y runs up: bends flip)
    drawn = [lk for lk in doc.links if lk.source in where and lk.target in where]
    bends = link_marks.parallel_bends(drawn)
    for link in drawn:
        _add_link(d, link, where, -bends[link.id] * LINK_SCALE)

    shown = [a for a in doc.actors if a.id in where]
    texts = {a.id: _label_text(a.name, badge=alias_badges and a.anonymise) for a in shown}
    # labels on the side the canvas would choose (its rule, this page's sizes; the page's y runs up)
    spots = []
    for a in shown:
        x, y, s = where[a.id]
        spots.append(labels.LabelSpot(a.id, x, -y, s * 1.1, s + 0.2, texts[a.id][2], LABEL_HEIGHT))
    sides = labels.place_labels(spots)
    for actor in shown:
        x, y, s = where[actor.id]
        d.add(actor_mark(actor.kind, actor.stance, x, y, s, status=actor.status))
        if actor.also_tracks:
            d.add(also_tracks_mark(x + s * 0.78, y + s * 0.78, 2.6))
        text, text_w, width = texts[actor.id]
        left, _, _, bottom = labels.label_box(sides[actor.id], x, -y, s + 0.2, width, LABEL_HEIGHT)
        _label(d, text, text_w, width, left, -bottom, badge=alias_badges and actor.anonymise)
    return d


def _ring_sector(cx: float, cy: float, track: int, r_in: float, r_out: float) -> list[float]:
    """A ring sector as a polygon: the outer arc clockwise, then the inner arc back (fine steps)."""
    start = geometry.sector_start(track)
    steps = 36
    pts: list[float] = []
    for radius, order in ((r_out, range(steps + 1)), (r_in, range(steps, -1, -1))):
        for i in order:
            a = math.radians(start + geometry.SECTOR_DEG * i / steps)
            pts += [cx + radius * math.sin(a), cy + radius * math.cos(a)]
    return pts


def _track_name(d: Drawing, track: int, x: float, y: float, centre_deg: float) -> None:
    sin, cos = math.sin(math.radians(centre_deg)), math.cos(math.radians(centre_deg))
    anchor = "start" if sin > 0.3 else "end" if sin < -0.3 else "middle"
    lines = simpleSplit(geometry.TRACK_NAMES[track], FONT, 7.0, 92.0)
    leading = 8.4
    if cos > 0.3:  # above the circle: the last line sits on the circle
        top = y + leading * (len(lines) - 1)
    elif cos < -0.3:
        top = y - 7.0
    else:
        top = y + leading * (len(lines) - 1) / 2 - 2.4
    for i, line in enumerate(lines):
        d.add(
            String(x, top - i * leading, line, fontName=FONT, fontSize=7.0, fillColor=INK, textAnchor=anchor)
        )


def _label_text(name: str, *, badge: bool) -> tuple[str, float, float]:
    """A label's text as drawn (one line, elided, in visual order), its width, and its backing's width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = one_line(name)
    if len(text) > LABEL_MAX_CHARS:
        text = text[: LABEL_MAX_CHARS - 1].rstrip() + "…"
    shown = visual_line(text)
    w = stringWidth(shown, FONT, LABEL_SIZE)
    badge_w = (stringWidth("alias", FONT_BOLD, 4.5) + 4.5) if badge else 0.0
    return shown, w, w + badge_w + 3.0


def _label(
    d: Drawing, text: str, text_w: float, width: float, left: float, bottom: float, *, badge: bool
) -> None:
    """``text`` (from ``_label_text``) on its soft backing, whose lower left corner is (left, bottom)."""
    d.add(
        Rect(
            left,
            bottom,
            width,
            LABEL_HEIGHT,
            rx=1.5,
            ry=1.5,
            fillColor=white,
            fillOpacity=0.8,
            strokeColor=None,
        )
    )
    d.add(String(left + 1.5, bottom + 1.6, text, fontName=FONT, fontSize=LABEL_SIZE, fillColor=INK))
    if badge:
        d.add(alias_badge(left + 1.5 + text_w + 1.5, bottom + 1.9))


def _add_link(
    d: Drawing, link: Link, where: dict[str, tuple[float, float, float]], bend: float = 0.0
) -> None:
    if link.source not in where or link.target not in where:
        return
    x1, y1, s1 = where[link.source]
    x2, y2, s2 = where[link.target]
    length = math.hypot(x2 - x1, y2 - y1)
    if length <= s1 + s2 + 2:
        return
    d.add(
        link_mark(
            x1,
            y1,
            x2,
            y2,
            kind=link.kind,
            directed=link.directed,
            strength=link.strength,
            bend=bend,
            trim_a=s1 + 1,
            trim_b=s2 + 1.5,
        )
    )


def legend_drawing(width: float, *, alias_badges: bool) -> Drawing:
    """What every mark means, in three columns (a map without a legend is a long-standing complaint)."""
    row = 12.5
    columns: Sequence[list[tuple[str, object, str]]] = (
        [("head", None, "Shape = kind of actor")]
        + [("kind", k, KIND_WORDS[k]) for k in ActorKind]
        + [("size", None, "size = influence (1–5)")],
        [("head", None, "Outline = stance")]
        + [
            ("stance", s, STANCE_WORDS[s])
            for s in (Stance.SUPPORTIVE, Stance.NEUTRAL, Stance.OPPOSED, Stance.UNKNOWN)
        ]
        + [
            ("head", None, "Marks"),
            ("status", None, "faded: dormant, withdrawn"),
            ("also", None, "also on other tracks"),
        ]
        + ([("alias", None, "name is an alias")] if alias_badges else []),
        [("head", None, "Lines = links")]
        + [
            ("link", (LinkKind.COMMUNICATION, False, 2), "line: communication"),
            ("link", (LinkKind.COOPERATION, False, 2), "double: cooperation, alliance"),
            ("link", (LinkKind.INFLUENCE, True, 2), "arrow: influence (two heads: both ways)"),
            ("link", (LinkKind.FUNDING, True, 2), "ochre arrow: funding"),
            ("link", (LinkKind.TENSION, False, 2), "zigzag: tension, conflict"),
            ("link", (LinkKind.BROKEN, False, 2), "crossed: broken"),
            ("link", (LinkKind.COMMUNICATION, False, 1), "dotted: informal or intermittent"),
            ("link", (LinkKind.COMMUNICATION, False, 3), "thick: strong"),
        ],
    )
    rows = max(len(c) for c in columns)
    height = 18.0 + rows * row + 6.0
    d = Drawing(width, height)
    d.initialFontName = FONT  # the drawing's initial state names no unembedded font
    d.add(
        Rect(
            0,
            0,
            width,
            height,
            rx=6,
            ry=6,
            fillColor=HexColor("#FBFCFD"),
            strokeColor=HexColor("#D5DAE0"),
            strokeWidth=0.8,
        )
    )
    d.add(String(10, height - 14, "Legend", fontName=FONT_BOLD, fontSize=9, fillColor=INK))
    starts = (10.0, 10.0 + (width - 10) * 0.27, 10.0 + (width - 10) * 0.58)
    for x0, column in zip(starts, columns, strict=True):
        y = height - 18.0
        for kind, value, text in column:
            y -= row
            mid = y + row / 2 - 1.5
            if kind == "head":
                d.add(String(x0, mid - 2.5, text, fontName=FONT_BOLD, fontSize=7, fillColor=MUTED))
                continue
            ix = x0 + 14
            if kind == "kind":
                d.add(actor_mark(value, Stance.NEUTRAL, ix, mid, 4.2, width=0.9))  # type: ignore[arg-type]
            elif kind == "stance":
                d.add(actor_mark(ActorKind.PERSON, value, ix, mid, 4.2, width=1.2))  # type: ignore[arg-type]
            elif kind == "status":
                d.add(actor_mark(ActorKind.PERSON, Stance.SUPPORTIVE, ix - 5, mid, 3.8, width=1.1))
                d.add(
                    actor_mark(
                        ActorKind.PERSON,
                        Stance.SUPPORTIVE,
                        ix + 5,
                        mid,
                        3.8,
                        width=1.1,
                        status=ActorStatus.DORMANT,
                    )
                )
            elif kind == "size":
                for dx, r in ((-9.0, 1.8), (-3.5, 2.8), (4.0, 4.4)):
                    d.add(actor_mark(ActorKind.PERSON, Stance.NEUTRAL, ix + dx, mid, r, width=0.8))
            elif kind == "also":
                d.add(also_tracks_mark(ix, mid, 3.2))
            elif kind == "alias":
                d.add(alias_badge(ix - 6, mid - 1.6))
            elif kind == "link":
                lk, directed, strength = value  # type: ignore[misc]
                d.add(link_mark(ix - 11, mid, ix + 11, mid, kind=lk, directed=directed, strength=strength))
            d.add(String(x0 + 30, mid - 2.3, text, fontName=FONT, fontSize=6.6, fillColor=INK))
    return d
