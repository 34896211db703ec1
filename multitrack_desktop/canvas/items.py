"""The marks on the circle: track sectors and their names, actors, links and the legend.

Items only draw domain values they are given; they never read or write the workshop. The
scene creates them, updates them from the model and turns gestures into requests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..domain import geometry, labels, link_marks
from ..domain.model import Actor, ActorKind, ActorStatus, Link, LinkKind, Stance
from . import style
from .link_marks import DrawnLink, drawn_link, gc_paused, line_pen, paint_halo, paint_links
from .style import BAND_OUTER, R

Z_SECTOR, Z_BAND, Z_LINK, Z_ACTOR, Z_LEGEND = 0, 1, 5, 10, 20
#: how much of an actor shows while others are in focus
DIMMED_OPACITY = 0.28


def tr(text: str) -> str:
    return QCoreApplication.translate("Circle", text)


def kind_label(kind: ActorKind) -> str:
    return {
        ActorKind.PERSON: tr("person"),
        ActorKind.ORGANISATION: tr("organisation"),
        ActorKind.GOVERNMENT: tr("government"),
        ActorKind.ARMED_GROUP: tr("armed group"),
        ActorKind.NETWORK: tr("network"),
        ActorKind.COMMUNITY: tr("community"),
        ActorKind.OTHER: tr("other"),
    }[kind]


def stance_label(stance: Stance) -> str:
    return {
        Stance.SUPPORTIVE: tr("supportive"),
        Stance.NEUTRAL: tr("neutral"),
        Stance.OPPOSED: tr("opposed"),
        Stance.UNKNOWN: tr("stance unknown"),
    }[stance]


def status_label(status: ActorStatus) -> str:
    return {
        ActorStatus.ACTIVE: tr("active"),
        ActorStatus.DORMANT: tr("dormant"),
        ActorStatus.WITHDRAWN: tr("withdrawn"),
    }[status]


def track_title(track: int) -> str:
    return tr("Track {n}: {name}").format(n=track, name=tr(geometry.TRACK_NAMES[track]))


def track_tooltip(track: int) -> str:
    return f"{track_title(track)}\n{tr(geometry.TRACK_PEACEMAKING[track])}"


def scene_point(angle_deg: float, radius: float) -> QPointF:
    p = geometry.to_xy(angle_deg, radius)
    return QPointF(p.x * R, p.y * R)


# --------------------------------------------------------------------------- the tracks


def _wedge(track: int, inner: float, outer: float) -> QPainterPath:
    """A ring sector in scene units; Qt's arcs run counter-clockwise from 3 o'clock."""
    path = QPainterPath()
    start = geometry.sector_start(track)
    qt_start = 90.0 - start  # our angles: clockwise from 12 o'clock
    sweep = -geometry.SECTOR_DEG
    outer_rect = QRectF(-outer, -outer, 2 * outer, 2 * outer)
    inner_rect = QRectF(-inner, -inner, 2 * inner, 2 * inner)
    path.arcMoveTo(outer_rect, qt_start)
    path.arcTo(outer_rect, qt_start, sweep)
    path.arcTo(inner_rect, qt_start + sweep, -sweep)
    path.closeSubpath()
    return path


def arc_text_path(
    text: str, font: QFont, baseline_radius: float, centre_deg: float, *, upright_top: bool
) -> QPainterPath:
    """``text`` bent along a circle, centred on ``centre_deg``.

    The whole string is shaped first (so any script joins correctly), then every point of its
    outline is carried onto the arc. ``upright_top`` reads clockwise with letters pointing
    outwards (the upper half of the circle); otherwise it reads counter-clockwise with letters
    pointing inwards, so that the lower half is not upside down.
    """
    flat = QPainterPath()
    flat.addText(0.0, 0.0, font, text)
    width = QFontMetricsF(font).horizontalAdvance(text)
    bent = QPainterPath(flat)
    for i in range(bent.elementCount()):
        e = bent.elementAt(i)
        along = (e.x - width / 2.0) / baseline_radius
        if upright_top:
            angle = math.radians(centre_deg) + along
            radius = baseline_radius - e.y
        else:
            angle = math.radians(centre_deg) - along
            radius = baseline_radius + e.y
        bent.setElementPositionAt(i, radius * math.sin(angle), -radius * math.cos(angle))
    return bent


def _fitted_font(text: str, max_width: float, pixel_size: float, *, bold: bool = True) -> QFont:
    font = style.label_font(pixel_size, bold=bold)
    while pixel_size > 9 and QFontMetricsF(font).horizontalAdvance(text) > max_width:
        pixel_size -= 0.5
        font = style.label_font(pixel_size, bold=bold)
    return font


class SectorItem(QGraphicsPathItem):
    """One track's region: a ring sector (tracks 1-8) or the inner disc (track 9)."""

    def __init__(self, track: int) -> None:
        super().__init__()
        self.track = track
        if track == 9:
            path = QPainterPath()
            r = geometry.INNER_RADIUS * R
            path.addEllipse(QPointF(0, 0), r, r)
        else:
            path = _wedge(track, geometry.INNER_RADIUS * R, R)
        self.setPath(path)
        self.highlighted = False
        self.set_highlighted(False)
        self.setZValue(Z_SECTOR if track != 9 else Z_SECTOR + 0.5)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(track_tooltip(track))
        self.setAcceptHoverEvents(True)

    def set_highlighted(self, on: bool) -> None:
        """Say where a drop would land: the track's full colour instead of its tint."""
        self.highlighted = on
        self.setBrush(QBrush(style.band_fill(self.track) if on else style.sector_fill(self.track)))
        self.setPen(QPen(style.INK, 3.0) if on else QPen(QColor("white"), 2.0))


class TrackBandItem(QGraphicsPathItem):
    """The coloured band outside a sector that carries the track's number and name."""

    def __init__(self, track: int) -> None:
        super().__init__()
        self.track = track
        inner, outer = R, BAND_OUTER * R
        self.setPath(_wedge(track, inner, outer))
        self.setBrush(QBrush(style.band_fill(track)))
        self.setPen(QPen(QColor("white"), 2.0))
        self.setZValue(Z_BAND)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(track_tooltip(track))
        self.setAcceptHoverEvents(True)

        centre = geometry.sector_centre(track)
        text = f"{track} · {tr(geometry.TRACK_NAMES[track])}"
        mid = (inner + outer) / 2.0
        arc_len = math.radians(geometry.SECTOR_DEG) * mid
        font = _fitted_font(text, arc_len * 0.9, 17.0)
        cap = QFontMetricsF(font).capHeight()
        top = not 90.0 < centre < 270.0
        baseline = mid - cap / 2.0 if top else mid + cap / 2.0
        self.text = QGraphicsPathItem(arc_text_path(text, font, baseline, centre, upright_top=top), self)
        self.text.setBrush(QBrush(style.INK))
        self.text.setPen(QPen(Qt.PenStyle.NoPen))
        self.text.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.text.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def inner_label() -> QGraphicsPathItem:
    """Track 9's name, written inside the top edge of the inner disc."""
    text = f"9 · {tr(geometry.TRACK_NAMES[9])}"
    font = _fitted_font(text, 0.72 * math.pi * geometry.INNER_RADIUS * R, 13.0)
    fm = QFontMetricsF(font)
    baseline = geometry.INNER_RADIUS * R - 7.0 - fm.capHeight()
    item = QGraphicsPathItem(arc_text_path(text, font, baseline, 0.0, upright_top=True))
    item.setBrush(QBrush(style.INK))
    item.setPen(QPen(Qt.PenStyle.NoPen))
    item.setZValue(Z_SECTOR + 1)
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.setToolTip(track_tooltip(9))
    return item


# --------------------------------------------------------------------------- actors


def actor_tooltip(actor: Actor) -> str:
    lines = [actor.name]
    if actor.also_known_as:
        lines.append(tr("Also known as: {names}").format(names=", ".join(actor.also_known_as)))
    lines.append(
        f"{kind_label(actor.kind)} · {stance_label(actor.stance)} · "
        + tr("influence {n}").format(n=actor.influence)
    )
    if actor.track is not None:
        lines.append(track_title(actor.track))
    if actor.also_tracks:
        lines.append(
            tr("Also works on tracks {tracks}").format(tracks=", ".join(map(str, actor.also_tracks)))
        )
    if actor.status is not ActorStatus.ACTIVE:
        lines.append(status_label(actor.status).capitalize())
    if actor.anonymise:
        lines.append(tr("Shown as “{alias}” in shareable exports").format(alias=actor.alias or ""))
    return "\n".join(lines)


def paint_actor_mark(
    painter: QPainter, kind: ActorKind, stance: Stance, s: float, *, pen_width: float = 3.0
) -> None:
    """The shape of a kind with the outline of a stance, centred on (0, 0); shared with the legend."""
    painter.setBrush(QBrush(QColor(255, 255, 255, 238)))
    painter.setPen(style.stance_pen(stance, pen_width))
    painter.drawPath(style.kind_path(kind, s))
    if kind is ActorKind.OTHER:
        inner = QPen(QColor(style.STANCE_COLOURS[stance]), pen_width * 0.5, Qt.PenStyle.DotLine)
        painter.setPen(inner)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(0, 0), s * 0.55, s * 0.55)


#: marks rendered once per kind, stance, size and zoom, then copied (a workshop has thousands of
#: actors but a few dozen different marks; antialiased paths cost the first frame most)
_MARKS: dict[tuple[ActorKind, Stance, float, float], QPixmap] = {}
_MARKS_MAX = 512


def paint_cached_mark(painter: QPainter, kind: ActorKind, stance: Stance, s: float) -> None:
    """``paint_actor_mark`` through a pixmap in device pixels, when the painter only scales and moves."""
    t = painter.worldTransform()
    if t.m12() != 0.0 or t.m21() != 0.0 or t.m11() != t.m22() or t.m11() <= 0.0:
        paint_actor_mark(painter, kind, stance, s)  # rotated or mirrored: draw it as it is
        return
    scale = round(t.m11(), 3)
    key = (kind, stance, s, scale)
    pixmap = _MARKS.get(key)
    if pixmap is None:
        half = math.ceil((s * 1.2 + 4.0) * scale) + 1
        pixmap = QPixmap(2 * half, 2 * half)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(half, half)
        p.scale(scale, scale)
        paint_actor_mark(p, kind, stance, s)
        p.end()
        if len(_MARKS) >= _MARKS_MAX:
            _MARKS.clear()
        _MARKS[key] = pixmap
    origin = t.map(QPointF(0.0, 0.0))
    half = pixmap.width() / 2
    painter.save()
    painter.resetTransform()
    painter.drawPixmap(QPointF(round(origin.x() - half), round(origin.y() - half)), pixmap)
    painter.restore()


def paint_also_tracks_mark(painter: QPainter, centre: QPointF, r: float = 5.5) -> None:
    painter.setPen(QPen(QColor("white"), 1.2))
    painter.setBrush(QBrush(style.INK))
    painter.drawEllipse(centre, r, r)
    painter.setPen(QPen(QColor("white"), 1.6))
    painter.drawLine(QPointF(centre.x() - r * 0.55, centre.y()), QPointF(centre.x() + r * 0.55, centre.y()))
    painter.drawLine(QPointF(centre.x(), centre.y() - r * 0.55), QPointF(centre.x(), centre.y() + r * 0.55))


class ActorLabel:
    """An actor's name below its mark, on a soft backing so lines and sectors do not cut it.

    Drawn by its ``ActorItem`` (one item per actor, not two: a drag repaints thousands).
    """

    PIXEL_SIZE = 13.0
    #: fonts and metrics shared by every label (thousands of actors: made once, not per actor)
    _shared: tuple[QFont, QFont, QFontMetricsF, float] | None = None

    def __init__(self) -> None:
        if ActorLabel._shared is None:
            font, badge = style.label_font(self.PIXEL_SIZE), style.label_font(9.0, bold=True)
            ActorLabel._shared = (
                font,
                badge,
                QFontMetricsF(font),
                QFontMetricsF(badge).horizontalAdvance(tr("alias")),
            )
        self.font, self.badge_font, self._metrics, self._badge_width = ActorLabel._shared
        self.text = ""
        self.alias = False
        self.rect = QRectF()

    def set_text(self, text: str, *, alias: bool, top: float) -> None:
        """``top``: where the label starts below the actor's centre, in scene units."""
        self.text, self.alias = text, alias
        w = self._metrics.horizontalAdvance(text) + 8.0
        if alias:
            w += self._badge_width + 12.0
        h = self._metrics.height() + 2.0
        self.rect = QRectF(-w / 2.0, top, w, h)

    def paint(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(self.rect, 4.0, 4.0)
        text_rect = QRectF(self.rect)
        if self.alias:
            bw = self._badge_width + 8.0
            badge = QRectF(self.rect.right() - bw - 3.0, self.rect.top() + 2.5, bw, self.rect.height() - 5.0)
            painter.setBrush(QColor("#5E4FA2"))
            painter.drawRoundedRect(badge, 3.0, 3.0)
            painter.setPen(QColor("white"))
            painter.setFont(self.badge_font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, tr("alias"))
            text_rect.setRight(badge.left() - 1.0)
        painter.setPen(style.INK)
        painter.setFont(self.font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, self.text)


class ActorItem(QGraphicsItem):
    """One actor on the circle. Knows its id and the values it draws, nothing else."""

    def __init__(self, actor: Actor, *, movable: bool) -> None:
        super().__init__()
        self.actor_id = actor.id
        self.actor = actor
        self.size = style.actor_size(actor.influence)
        self.label = ActorLabel()
        self._rect = QRectF()
        #: faded while other actors are in focus (their links and neighbours highlighted)
        self.dimmed = False
        #: the tooltip and the cursor are given on the first hover (thousands of actors open at once;
        #: the pointer meets a few), see ``hoverEnterEvent``
        self._hovered = False
        #: where the label goes: below the mark, or above, right or left of it where below would cover
        #: another label or mark (the scene says, see ``CircleScene.place_labels``)
        self.label_side = labels.SIDES[0]
        flags = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        if movable:
            flags |= QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        self.setFlags(flags)
        self.setZValue(Z_ACTOR)
        # Painted directly at first; the scene gives it a cached picture once the first frame is
        # shown (``CircleScene.cache_actor_pictures``): a workshop opens without making thousands
        # of pictures first, and a selection then fades thousands of actors by copying them.
        self.setAcceptHoverEvents(True)
        self.set_actor(actor)

    def set_actor(self, actor: Actor) -> None:
        self.prepareGeometryChange()
        self.actor = actor
        self.size = style.actor_size(actor.influence)
        self.setOpacity(style.STATUS_OPACITY[actor.status] * (DIMMED_OPACITY if self.dimmed else 1.0))
        if self._hovered:
            super().setToolTip(actor_tooltip(actor))
        self.label.set_text(style.elide_name(actor.name), alias=actor.anonymise, top=self.size + 4.0)
        self._lay_out_label()
        self.update()

    def label_rect(self, side: str) -> QRectF:
        """Where the label is drawn (item coordinates) on ``side`` of the mark (one of ``labels.SIDES``)."""
        x0, y0, x1, y1 = labels.label_box(
            side, 0.0, 0.0, self.size + 4.0, self.label.rect.width(), self.label.rect.height()
        )
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def set_label_side(self, side: str) -> None:
        if side != self.label_side:
            self.prepareGeometryChange()
            self.label_side = side
            self._lay_out_label()
            self.update()

    def _lay_out_label(self) -> None:
        self.label.rect = self.label_rect(self.label_side)
        s = self.size * 1.15 + 6.0
        self._rect = QRectF(-s, -s, 2 * s, 2 * s).united(self.label.rect)

    def set_dimmed(self, on: bool) -> None:
        if on != self.dimmed:
            self.dimmed = on
            self.setOpacity(style.STATUS_OPACITY[self.actor.status] * (DIMMED_OPACITY if on else 1.0))

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.size + 3.0, self.size + 3.0)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self.size
        if self.isSelected():
            painter.setPen(QPen(style.SELECTION_COLOUR, 3.5))
            painter.setBrush(QColor(26, 95, 180, 60))
            painter.drawEllipse(QPointF(0, 0), s * 1.12 + 4.0, s * 1.12 + 4.0)
        paint_cached_mark(painter, self.actor.kind, self.actor.stance, s)
        if self.actor.also_tracks:
            paint_also_tracks_mark(painter, QPointF(s * 0.78, -s * 0.78))
        self.label.paint(painter)

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        """What hovering shows: the full name, other names, kind, stance, influence, tracks, alias
        (nothing where hovering is off, as on the room's screen)."""
        return actor_tooltip(self.actor) if self.acceptHoverEvents() else super().toolTip()

    def give_hover_details(self) -> None:
        """Set the tooltip and the cursor (once; kept up to date from then on)."""
        if not self._hovered and self.acceptHoverEvents():
            self._hovered = True
            super().setToolTip(actor_tooltip(self.actor))
            movable = bool(self.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
            self.setCursor(Qt.CursorShape.OpenHandCursor if movable else Qt.CursorShape.PointingHandCursor)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt's name
        # the view sets the cursor after the hover it delivers first
        self.give_hover_details()
        super().hoverEnterEvent(event)

    def setFlag(self, flag: QGraphicsItem.GraphicsItemFlag, enabled: bool = True) -> None:  # noqa: N802
        super().setFlag(flag, enabled)
        if self._hovered and flag == QGraphicsItem.GraphicsItemFlag.ItemIsMovable:
            self.setCursor(Qt.CursorShape.OpenHandCursor if enabled else Qt.CursorShape.PointingHandCursor)


# --------------------------------------------------------------------------- links


#: links are drawn opaque with flat caps, and made translucent as a whole (item opacity):
#: translucent or round-capped pens are many times slower to draw with thousands of lines
LINK_OPACITY = 0.75
#: how much of the links out of focus shows (a fraction of LINK_OPACITY)
FADED_LINKS = 0.25


def link_pen(link: Link) -> QPen:
    """The pen of a link's line: colour by kind, width by strength, dotted when informal (strength 1)."""
    shape = link_marks.link_shape(
        (0.0, 0.0), (100.0, 0.0), kind=link.kind, directed=link.directed, strength=link.strength
    )
    return line_pen(shape.colour, shape.line_width, shape.dotted)


def link_kind_label(kind: LinkKind) -> str:
    return {
        LinkKind.COMMUNICATION: tr("communication"),
        LinkKind.COOPERATION: tr("cooperation"),
        LinkKind.FUNDING: tr("funding"),
        LinkKind.INFLUENCE: tr("influence"),
        LinkKind.TENSION: tr("tension"),
        LinkKind.BROKEN: tr("broken"),
    }[kind]


def link_tooltip(link: Link) -> str:
    note = f"\n{link.note}" if link.note else ""
    return tr("Link: {kind}").format(kind=link_kind_label(link.kind)) + note


@dataclass(slots=True)
class LinkMark:
    """A link as drawn: its values, where its two ends are (scene units), how far it bends
    away from its parallels, and where it stops short of its actors' marks."""

    link: Link
    a: QPointF
    b: QPointF
    bend: float = 0.0
    trim_a: float = 0.0
    trim_b: float = 0.0

    @property
    def link_id(self) -> str:
        return self.link.id

    @property
    def source_id(self) -> str:
        return self.link.source

    @property
    def target_id(self) -> str:
        return self.link.target

    def drawn(self) -> DrawnLink:
        return drawn_link(self.link, self.a, self.b, bend=self.bend, trim_a=self.trim_a, trim_b=self.trim_b)


class LinkLayer(QGraphicsItem):
    """Every link that is not being dragged, drawn in one pass and kept as one cached image.

    Thousands of long lines crossing the circle cost far more to draw than the actors; as
    one item with a device-coordinate cache they are drawn once per change of the links (or
    of the zoom), and a drag only redraws the few links of the actors it moves (``LinkItem``).
    With an ``emphasis`` (the links of the selected actors), the whole cached picture is shown
    faded (its opacity: nothing redrawn) and the emphasised links are drawn again on top of it,
    in full, by a small child item.
    """

    HIT_PX = 5.0

    def __init__(self, rect: QRectF) -> None:
        super().__init__()
        self._rect = QRectF(rect)
        self.marks: dict[str, LinkMark] = {}
        self.drawn: dict[str, DrawnLink] = {}
        self.hidden: frozenset[str] = frozenset()
        self.emphasis: frozenset[str] | None = None
        self.setZValue(Z_LINK)
        self.setOpacity(LINK_OPACITY)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(True)
        self.focus = LinkFocusItem(self)

    def set_marks(self, marks: dict[str, LinkMark]) -> None:
        """New marks; the geometry of a link whose mark did not change is kept."""
        old_marks, old_drawn = self.marks, self.drawn
        drawn: dict[str, DrawnLink] = {}
        with gc_paused():
            for link_id, mark in marks.items():
                kept = old_drawn.get(link_id)
                drawn[link_id] = kept if kept is not None and old_marks.get(link_id) == mark else mark.drawn()
        self.marks, self.drawn = marks, drawn
        self.update()
        self.focus.refresh()

    def hide_links(self, ids: frozenset[str]) -> None:
        """Leave out ``ids`` (drawn live while their actors move); an empty set draws them all again."""
        if ids != self.hidden:
            self.hidden = ids
            self.update()
            self.focus.refresh()

    def set_emphasis(self, ids: frozenset[str] | None) -> None:
        """Draw only ``ids`` in full and the others faded; None draws every link in full."""
        if ids != self.emphasis:
            self.emphasis = ids
            self.setOpacity(LINK_OPACITY if ids is None else LINK_OPACITY * FADED_LINKS)
            self.focus.refresh()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        hidden = self.hidden
        paint_links(painter, (d for i, d in self.drawn.items() if i not in hidden))

    def link_at(self, pos: QPointF, tolerance: float) -> LinkMark | None:
        """The link nearest to ``pos`` within ``tolerance`` scene units (a faded link last)."""
        best, best_d = None, tolerance
        px, py = pos.x(), pos.y()
        emphasis = self.emphasis
        for link_id, d in self.drawn.items():
            if link_id in self.hidden:
                continue
            reach = best_d + d.shape.width
            r = d.bounds
            if not (
                r.left() - reach <= px <= r.right() + reach and r.top() - reach <= py <= r.bottom() + reach
            ):
                continue
            dist = d.distance_to(px, py) - d.shape.width / 2.0
            if emphasis is not None and link_id not in emphasis:
                dist += tolerance * 0.5  # what stands out is what the pointer meant
            if dist <= best_d:
                best, best_d = self.marks[link_id], dist
        return best

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        scale = 1.0
        views = self.scene().views() if self.scene() is not None else []
        if views:
            scale = max(views[0].transform().m11(), 1e-6)
        mark = self.link_at(event.scenePos(), self.HIT_PX / scale)
        self.setToolTip(link_tooltip(mark.link) if mark is not None else "")
        super().hoverMoveEvent(event)


class LinkFocusItem(QGraphicsItem):
    """The emphasised links, drawn in full over the faded layer (its child, with its own opacity)."""

    def __init__(self, layer: LinkLayer) -> None:
        super().__init__(layer)
        self.layer = layer
        self.shown: list[DrawnLink] = []
        self._rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresParentOpacity)
        self.setOpacity(LINK_OPACITY)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def refresh(self) -> None:
        layer = self.layer
        emphasis, hidden = layer.emphasis, layer.hidden
        shown = (
            []
            if emphasis is None
            else [layer.drawn[i] for i in emphasis if i in layer.drawn and i not in hidden]
        )
        rect = QRectF()
        for d in shown:
            rect = rect.united(d.bounds)
        self.prepareGeometryChange()
        self.shown, self._rect = shown, rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_links(painter, self.shown)


class LinkItem(QGraphicsItem):
    """A link drawn on its own: while one of its actors is dragged, or while it is selected."""

    def __init__(self, link: Link, *, bend: float = 0.0, selected: bool = False) -> None:
        super().__init__()
        self.link_id = link.id
        self.source_id, self.target_id = link.source, link.target
        self.bend = bend
        self.selected = selected
        self.mark: DrawnLink | None = None
        self._ends: tuple[QPointF, QPointF, float, float] | None = None
        self._rect = QRectF()
        self.setZValue(Z_LINK + 0.5)
        self.setOpacity(1.0 if selected else LINK_OPACITY)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.set_link(link)

    def set_link(self, link: Link, *, bend: float | None = None) -> None:
        self.link = link
        self.source_id, self.target_id = link.source, link.target
        if bend is not None:
            self.bend = bend
        self.setToolTip(link_tooltip(link))
        if self._ends is not None:
            self.set_ends(*self._ends)

    def set_ends(self, a: QPointF, b: QPointF, trim_a: float = 0.0, trim_b: float = 0.0) -> None:
        """Centres of the two actors, and how far from each the link stops."""
        self._ends = (QPointF(a), QPointF(b), trim_a, trim_b)
        self.prepareGeometryChange()
        self.mark = drawn_link(self.link, a, b, bend=self.bend, trim_a=trim_a, trim_b=trim_b)
        self._rect = self.mark.bounds.adjusted(-12.0, -12.0, 12.0, 12.0)
        self.update()

    def path(self) -> QPainterPath:
        """The centre line as drawn (trimmed at the actors)."""
        path = QPainterPath()
        spine = self.mark.shape.spine if self.mark is not None else ()
        for i, (x, y) in enumerate(spine):
            path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
        return path

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.mark is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.selected:
            paint_halo(painter, self.mark)
        paint_links(painter, (self.mark,))


# --------------------------------------------------------------------------- legend


class LegendItem(QGraphicsItem):
    """What the marks mean, beside the circle (never on it)."""

    WIDTH = 226.0
    ROW = 20.0

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_LEGEND)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.title_font = style.label_font(14.0, bold=True)
        self.head_font = style.label_font(11.0, bold=True)
        self.font = style.label_font(11.0)
        self.rows = self._rows()
        self._height = (
            38.0 + sum(self.ROW if kind != "head" else self.ROW + 6.0 for kind, *_ in self.rows) + 8.0
        )

    @staticmethod
    def _rows() -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = [("head", tr("Shape = kind of actor"))]
        rows += [("kind", k, kind_label(k)) for k in ActorKind]
        rows.append(("size", None, tr("size = influence (1–5)")))
        rows.append(("head", tr("Outline = stance")))
        rows += [
            ("stance", s, stance_label(s))
            for s in (Stance.SUPPORTIVE, Stance.NEUTRAL, Stance.OPPOSED, Stance.UNKNOWN)
        ]
        rows.append(("head", tr("Marks")))
        rows.append(("status", ActorStatus.DORMANT, tr("faded: dormant, withdrawn")))
        rows.append(("also", None, tr("also on other tracks")))
        rows.append(("alias", None, tr("alias in shareable exports")))
        rows.append(("head", tr("Lines = links")))
        for kind, directed, strength, text in (
            (LinkKind.COMMUNICATION, False, 2, tr("communication")),
            (LinkKind.COOPERATION, False, 2, tr("cooperation, alliance")),
            (LinkKind.INFLUENCE, True, 2, tr("influence")),
            (LinkKind.FUNDING, True, 2, tr("funding")),
            (LinkKind.TENSION, False, 2, tr("tension, conflict")),
            (LinkKind.BROKEN, False, 2, tr("broken")),
            (LinkKind.COMMUNICATION, False, 1, tr("dotted: informal, intermittent")),
            (LinkKind.COMMUNICATION, False, 3, tr("heavy: strong")),
            (LinkKind.COMMUNICATION, True, 2, tr("arrowhead: directed")),
            (LinkKind.INFLUENCE, False, 2, tr("two heads: both ways")),
        ):
            sample = Link("", "a", "b", kind=kind, directed=directed, strength=strength)
            rows.append(("link", drawn_link(sample, QPointF(-17.0, 0.0), QPointF(17.0, 0.0)), text))
        return rows

    def boundingRect(self) -> QRectF:
        return QRectF(0.0, 0.0, self.WIDTH, self._height)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#D5DAE0"), 1.0))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRoundedRect(self.boundingRect(), 10.0, 10.0)
        painter.setPen(style.INK)
        painter.setFont(self.title_font)
        painter.drawText(
            QRectF(14.0, 8.0, self.WIDTH - 28.0, 24.0), Qt.AlignmentFlag.AlignVCenter, tr("Legend")
        )
        y = 38.0
        icon_x, text_x = 30.0, 52.0
        for kind, value, *rest in self.rows:
            if kind == "head":
                y += 6.0
                painter.setPen(QColor("#56616B"))
                painter.setFont(self.head_font)
                painter.drawText(
                    QRectF(14.0, y, self.WIDTH - 20.0, self.ROW), Qt.AlignmentFlag.AlignVCenter, value
                )
                y += self.ROW
                continue
            text = rest[0]
            cy = y + self.ROW / 2.0
            painter.save()
            painter.translate(icon_x, cy)
            if kind == "kind":
                paint_actor_mark(painter, value, Stance.NEUTRAL, 7.0, pen_width=1.8)
            elif kind == "stance":
                paint_actor_mark(painter, ActorKind.PERSON, value, 7.0, pen_width=2.4)
            elif kind == "status":
                painter.setOpacity(style.STATUS_OPACITY[value])
                paint_actor_mark(painter, ActorKind.PERSON, Stance.SUPPORTIVE, 7.0, pen_width=2.2)
            elif kind == "size":
                for x, r in ((-13.0, 3.0), (-6.0, 4.5), (5.0, 7.0)):
                    painter.save()
                    painter.translate(x, 0.0)
                    paint_actor_mark(painter, ActorKind.PERSON, Stance.NEUTRAL, r, pen_width=1.6)
                    painter.restore()
            elif kind == "also":
                paint_also_tracks_mark(painter, QPointF(0, 0), 6.0)
            elif kind == "alias":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#5E4FA2"))
                badge = QRectF(-14.0, -7.0, 28.0, 14.0)
                painter.drawRoundedRect(badge, 3.0, 3.0)
                painter.setPen(QColor("white"))
                painter.setFont(style.label_font(8.5, bold=True))
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, tr("alias"))
            elif kind == "link":
                paint_links(painter, (value,))
            painter.restore()
            painter.setPen(style.INK)
            painter.setFont(self.font)
            painter.drawText(
                QRectF(text_x, y, self.WIDTH - text_x - 10.0, self.ROW), Qt.AlignmentFlag.AlignVCenter, text
            )
            y += self.ROW
