"""How the circle looks: colours, fonts, shapes and sizes, in one place.

The track palette is Paul Tol's "light" scheme (designed to stay distinct under the common
colour-vision deficiencies), softened for the sectors so that actors stand out on it.
Everything here is a plain function of domain values, so the legend, the canvas and
(later) map images draw the same marks.
"""

from __future__ import annotations

import math
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainterPath, QPen, QPolygonF

from ..domain import palette
from ..domain.model import ActorKind, Stance

#: the circle's radius in scene units
R = 400.0
BAND_OUTER = palette.BAND_OUTER  # the band around the ring that carries the track names, as a fraction of R
# The colours are the exporters' too (PDF, map images): one definition, in the domain.
TRACK_COLOURS = palette.TRACK_COLOURS
STANCE_COLOURS = palette.STANCE_COLOURS
STATUS_OPACITY = palette.STATUS_OPACITY

INK = QColor(palette.INK)
LINK_COLOUR = QColor(palette.LINK_COLOUR)
SELECTION_COLOUR = QColor("#1A5FB4")

#: fonts that cover Latin, Cyrillic and Arabic in one face, best first
LABEL_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "FreeSans")

LABEL_MAX_CHARS = 22


def track_colour(track: int) -> QColor:
    return QColor(TRACK_COLOURS[track])


def sector_fill(track: int) -> QColor:
    """The sector's pale tint: the track colour mixed with white."""
    return QColor(palette.sector_fill(track))


def band_fill(track: int) -> QColor:
    return QColor(palette.band_fill(track))


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


@cache
def _load_shipped_fonts() -> None:
    """Register the fonts that ship with the app, so labels never depend on what the system has."""
    try:
        from ..resources_path import resource_path

        folder = resource_path("fonts")
    except Exception:  # pragma: no cover - a broken install still draws with system fonts
        return
    for font_file in sorted(folder.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font_file))


@cache
def label_family() -> str:
    """The first available family that covers the scripts facilitators write in."""
    _load_shipped_fonts()
    available = set(QFontDatabase.families())
    for family in LABEL_FAMILIES:
        if family in available:
            return family
    return QFont().family()


def label_font(pixel_size: float, *, bold: bool = False) -> QFont:
    font = QFont(label_family())
    font.setFamilies([label_family(), "Noto Sans", "Noto Sans Arabic", "DejaVu Sans"])
    font.setPixelSize(max(1, round(pixel_size)))
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def elide_name(name: str, limit: int = LABEL_MAX_CHARS) -> str:
    """A label short enough to keep the map readable; the full name goes in the tooltip."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    return name[: limit - 1].rstrip() + "…"


def actor_size(influence: int) -> float:
    """Half the width of an actor's mark, in scene units; influence 1..5 grows the area evenly."""
    return palette.actor_size(influence)


@cache
def stance_pen(stance: Stance, width: float = 3.0) -> QPen:
    pen = QPen(QColor(STANCE_COLOURS[stance]), width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if stance is Stance.UNKNOWN:
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setDashPattern([2.2, 1.6])
    return pen


@cache
def kind_path(kind: ActorKind, s: float) -> QPainterPath:
    """The outline of an actor of ``kind`` centred on (0, 0) with half-width ``s``.

    Cached (a handful of kinds and sizes, thousands of actors); callers must not change it.
    """
    path = QPainterPath()
    if kind is ActorKind.ORGANISATION:
        path.addRoundedRect(QRectF(-s * 0.9, -s * 0.9, s * 1.8, s * 1.8), s * 0.35, s * 0.35)
    elif kind is ActorKind.GOVERNMENT:
        path.addPolygon(_regular_polygon(5, s * 1.02, -90.0))
        path.closeSubpath()
    elif kind is ActorKind.ARMED_GROUP:
        path.addPolygon(QPolygonF([QPointF(0, -s * 1.1), QPointF(s, s * 0.75), QPointF(-s, s * 0.75)]))
        path.closeSubpath()
    elif kind is ActorKind.NETWORK:
        path.addPolygon(_regular_polygon(6, s, 0.0))
        path.closeSubpath()
    elif kind is ActorKind.COMMUNITY:
        # three overlapping discs: a group of people rather than one body
        r = s * 0.58
        for dx, dy in ((0.0, -s * 0.38), (-s * 0.42, s * 0.32), (s * 0.42, s * 0.32)):
            path.addEllipse(QPointF(dx, dy), r, r)
        path = path.simplified()
    else:  # person, other
        path.addEllipse(QPointF(0, 0), s, s)
    return path


def _regular_polygon(n: int, r: float, start_deg: float) -> QPolygonF:
    return QPolygonF(
        [
            QPointF(
                r * math.cos(math.radians(start_deg + i * 360.0 / n)),
                r * math.sin(math.radians(start_deg + i * 360.0 / n)),
            )
            for i in range(n)
        ]
    )
