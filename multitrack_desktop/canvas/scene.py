"""The circle's scene: the nine tracks, the actors on them, their links and the legend.

Scene units: the circle's radius is ``style.R`` (400). The scene never writes the workshop:
a finished drag is reported as requests (``actors_dropped``) and the scene is refreshed
from the model afterwards, so what is drawn is always what is stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneDragDropEvent,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
)

from ..domain import geometry, labels
from ..domain.layout import layout_positions, position_of
from ..domain.link_marks import parallel_bends
from ..domain.model import Actor, Link, Placement
from .filtering import CircleFilter
from .items import (
    ActorItem,
    LegendItem,
    LinkItem,
    LinkLayer,
    LinkMark,
    SectorItem,
    TrackBandItem,
    inner_label,
    scene_point,
)
from .link_marks import gc_paused
from .mime import actor_ids_from
from .style import BAND_OUTER, R

#: how far a drag must go (scene units) before it counts as a move rather than a click
MOVE_THRESHOLD = 2.0
#: how far apart (scene units) actors dropped together from the library are spread
DROP_SPREAD = 26.0


@dataclass(frozen=True, slots=True)
class Drop:
    """Where a dragged actor should go: a track and a position, or back to the library (track None)."""

    actor_id: str
    track: int | None
    placement: Placement | None


def drop_at(actor_id: str, pos: QPointF) -> Drop:
    """The track and stored position for an actor let go at scene point ``pos``.

    Inside the coloured circle (the name band included) the actor goes to the track under
    the point, nudged inside the region; outside it, the actor goes back to the library.
    """
    angle, radius = geometry.from_xy(pos.x() / R, pos.y() / R)
    if radius > BAND_OUTER:
        return Drop(actor_id, None, None)
    track = geometry.track_at(angle, min(radius, 1.0))
    angle, radius = geometry.clamp_into_track(track, angle, min(radius, 0.97))
    return Drop(actor_id, track, Placement(round(angle, 3), round(radius, 4)))


def track_under(pos: QPointF) -> int | None:
    """The track a drop at scene point ``pos`` lands on (the name band counts); None outside the circle."""
    angle, radius = geometry.from_xy(pos.x() / R, pos.y() / R)
    if radius > BAND_OUTER:
        return None
    return geometry.track_at(angle, min(radius, 1.0))


def drops_into(actor_ids: Sequence[str], pos: QPointF) -> list[Drop]:
    """Actors dropped together from the library at ``pos``: all on the track under the point.

    The first lands under the pointer; the others are spread around it on a spiral (so they do
    not cover each other), each nudged inside that same track. Nothing outside the circle.
    """
    track = track_under(pos)
    if track is None:
        return []
    drops = []
    for i, actor_id in enumerate(dict.fromkeys(actor_ids)):
        turn = math.radians(137.5 * i)
        reach = DROP_SPREAD * math.sqrt(i)
        p = QPointF(pos.x() + reach * math.cos(turn), pos.y() + reach * math.sin(turn))
        angle, radius = geometry.from_xy(p.x() / R, p.y() / R)
        angle, radius = geometry.clamp_into_track(track, angle, min(radius, 0.97))
        drops.append(Drop(actor_id, track, Placement(round(angle, 3), round(radius, 4))))
    return drops


class CircleScene(QGraphicsScene):
    """Draws one workshop's circle and reports finished drags."""

    #: list[Drop]: one gesture's moves, emitted on mouse release
    actors_dropped = Signal(object)
    #: list[str]: ids of the actors selected on the circle
    actor_selection_changed = Signal(object)
    #: set[str]: actors started moving under the mouse (a view may freeze what does not move)
    drag_started = Signal(object)
    #: the moving actors were let go
    drag_finished = Signal()

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)
        self.editable = True
        self.actor_items: dict[str, ActorItem] = {}
        #: every drawn link by id (both ends on the circle), painted by ``link_layer``
        self.link_items: dict[str, LinkMark] = {}
        #: links drawn on their own while one of their actors is dragged
        self.live_links: dict[str, LinkItem] = {}
        self._live_by_actor: dict[str, list[str]] = {}
        self._pressed: dict[str, QPointF] = {}
        self._still: list[QGraphicsItem] | None = None
        self._moving: set[str] = set()
        self.drop_target: int | None = None
        self.filter = CircleFilter()
        self._links: list[Link] = []
        #: actor items painted directly until the frame they first appear in has been shown
        self._uncached: list[ActorItem] = []
        self._cache_scheduled = False
        #: the positions, sizes and label widths the labels were last placed for
        self._labels_for: tuple[tuple[str, float, float, float, float], ...] = ()
        self._draw_tracks()
        self.legend = LegendItem()
        self.addItem(self.legend)
        edge = BAND_OUTER * R + 14.0
        self.legend.setPos(edge + 16.0, -edge)
        self.circle_rect = QRectF(-edge, -edge, 2 * edge, 2 * edge)
        self.link_layer = LinkLayer(self.circle_rect)
        self.addItem(self.link_layer)
        self.setSceneRect(self.circle_rect.united(self.legend.sceneBoundingRect()).adjusted(-10, -10, 10, 10))
        self.selectionChanged.connect(self._on_selection_changed)

    def _draw_tracks(self) -> None:
        self.sector_items = {t: SectorItem(t) for t in geometry.TRACKS}
        self.band_items = {t: TrackBandItem(t) for t in range(1, 9)}
        for item in (*self.sector_items.values(), *self.band_items.values()):
            self.addItem(item)
        self.inner_label = inner_label()
        self.addItem(self.inner_label)

    # ------------------------------------------------------------------ content

    def set_content(self, actors: Sequence[Actor], links: Sequence[Link], *, editable: bool) -> None:
        """Bring the items in line with the model: update in place, add the new, drop the gone."""
        self.editable = editable
        selected = set(self.selected_actor_ids())
        laid_out = layout_positions(actors)
        blocked = self.blockSignals(True)
        try:
            placed: dict[str, Actor] = {}
            for actor in actors:
                pos = position_of(actor, laid_out)
                if pos is None:
                    continue
                placed[actor.id] = actor
                item = self.actor_items.get(actor.id)
                if item is None:
                    item = ActorItem(actor, movable=editable)
                    self.actor_items[actor.id] = item
                    self._uncached.append(item)
                    self.addItem(item)
                elif item.actor != actor:
                    item.set_actor(actor)  # only what changed: each redraw re-renders a cached mark
                item.setFlag(item.GraphicsItemFlag.ItemIsMovable, editable)
                item.setPos(scene_point(*pos))
                shown = self.filter.matches(actor)
                item.setSelected(actor.id in selected and shown)
                item.setVisible(shown)
            for gone in set(self.actor_items) - set(placed):
                self.removeItem(self.actor_items.pop(gone))
            self.place_labels()
            self._links = list(links)
            self._set_links(self._links)
        finally:
            self.blockSignals(blocked)
        if set(self.selected_actor_ids()) != selected:
            self._on_selection_changed()

    def _set_links(self, links: Iterable[Link]) -> None:
        shown: list[tuple[Link, ActorItem, ActorItem]] = []
        for link in links:
            a, b = self.actor_items.get(link.source), self.actor_items.get(link.target)
            if a is None or b is None:
                continue  # an end is in the library: nothing to draw between
            if not (self.filter.matches(a.actor) and self.filter.matches(b.actor)):
                continue  # an end is filtered out
            if not self.filter.matches_link(link):
                continue
            shown.append((link, a, b))
        bends = parallel_bends(link for link, _, _ in shown)
        with gc_paused():  # thousands of small objects, none cyclic: one collection at the end
            marks: dict[str, LinkMark] = {
                link.id: LinkMark(link, a.pos(), b.pos(), bends[link.id], a.size + 3.0, b.size + 3.0)
                for link, a, b in shown
            }
            if marks != self.link_items:  # thousands of links: redrawn only when one changed
                self.link_items = marks
                self.link_layer.set_marks(marks)
        for link_id, item in list(self.live_links.items()):
            mark = marks.get(link_id)
            if mark is None:
                self._drop_live(link_id)
            else:
                item.set_link(mark.link, bend=mark.bend)
                self._place_live(item)

    def place_labels(self) -> None:
        """Each shown actor's label on the side ``domain.labels`` chooses (below, unless that covers
        another label or mark)."""
        shown = sorted(
            (item for item in self.actor_items.values() if item.isVisible()),
            key=lambda i: (i.y(), i.x(), i.actor_id),
        )
        layout = tuple((i.actor_id, i.x(), i.y(), i.size, i.label.rect.width()) for i in shown)
        if layout == self._labels_for:
            return  # nothing moved, grew or was renamed since the labels were placed
        self._labels_for = layout
        spots = [
            labels.LabelSpot(
                i.actor_id,
                i.x(),
                i.y(),
                i.size + 3.0,
                i.size + 4.0,
                i.label.rect.width(),
                i.label.rect.height(),
            )
            for i in shown
        ]
        for actor_id, side in labels.place_labels(spots).items():
            self.actor_items[actor_id].set_label_side(side)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        super().drawForeground(painter, rect)
        if self._uncached and not self._cache_scheduled:
            # after this frame is shown: painting thousands of cached pictures first costs the first frame
            self._cache_scheduled = True
            QTimer.singleShot(0, self, self.cache_actor_pictures)

    def cache_actor_pictures(self) -> None:
        """Each actor drawn once per look and zoom, then copied (a selection fades thousands of actors;
        a drag repaints many under long links)."""
        self._cache_scheduled = False
        uncached, self._uncached = self._uncached, []
        for item in uncached:
            if item.scene() is self:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def clear_content(self) -> None:
        self.set_content([], [], editable=False)

    def set_filter(self, circle_filter: CircleFilter) -> None:
        """Show only the actors ``circle_filter`` matches (and the links between them)."""
        self.filter = circle_filter
        before = set(self.selected_actor_ids())
        blocked = self.blockSignals(True)
        try:
            for item in self.actor_items.values():
                shown = circle_filter.matches(item.actor)
                if not shown:
                    item.setSelected(False)
                item.setVisible(shown)
            self.place_labels()
            self._set_links(self._links)
        finally:
            self.blockSignals(blocked)
        if set(self.selected_actor_ids()) != before:
            self._on_selection_changed()

    def shown_actor_ids(self) -> list[str]:
        return [i for i, item in self.actor_items.items() if self.filter.matches(item.actor)]

    # ------------------------------------------------------------------ links while dragging

    def actor_item_moved(self, item: ActorItem) -> None:
        """The live links of an actor follow it while it is dragged."""
        for link_id in self._live_by_actor.get(item.actor_id, ()):
            live = self.live_links.get(link_id)
            if live is None:
                continue
            self._place_live(live)

    def _begin_live_links(self, actor_ids: Iterable[str]) -> None:
        """Take the links of the moving actors out of the cached layer and draw them on their own."""
        moving = set(actor_ids)
        self._moving = moving
        self.link_layer.hide_links(
            frozenset(i for i, mk in self.link_items.items() if {mk.source_id, mk.target_id} & moving)
        )
        self.drag_started.emit(moving)  # before the live links exist: they are not part of the still picture
        for link_id, mark in self.link_items.items():
            if link_id in self.live_links or not ({mark.source_id, mark.target_id} & moving):
                continue
            item = LinkItem(mark.link, bend=mark.bend)
            self.live_links[link_id] = item
            self.addItem(item)
            for end in (mark.source_id, mark.target_id):
                self._live_by_actor.setdefault(end, []).append(link_id)
            self._place_live(item)
        self.link_layer.hide_links(frozenset(self.live_links))

    def _place_live(self, live: LinkItem) -> None:
        """A live link from actor to actor, stopping at the edge of both marks (where its heads point;
        an actor that stays put is drawn in the still picture, under the live link)."""
        a, b = self.actor_items.get(live.source_id), self.actor_items.get(live.target_id)
        if a is None or b is None:
            return
        live.set_ends(a.pos(), b.pos(), a.size + 3.0, b.size + 3.0)

    def _drop_live(self, link_id: str) -> None:
        item = self.live_links.pop(link_id)
        self.removeItem(item)
        for end in (item.source_id, item.target_id):
            ids = self._live_by_actor.get(end, [])
            if link_id in ids:
                ids.remove(link_id)
            if not ids:
                self._live_by_actor.pop(end, None)

    def _end_live_links(self) -> None:
        dragging = bool(self.live_links) or self._still is not None
        for link_id in list(self.live_links):
            self._drop_live(link_id)
        self._live_by_actor.clear()
        self._moving = set()
        self.link_layer.hide_links(frozenset())
        if dragging:
            self.drag_finished.emit()

    # ------------------------------------------------------------------ still picture while dragging

    def static_items(self, moving: set[str]) -> list[QGraphicsItem]:
        """Every top-level item that does not move while ``moving`` are dragged."""
        fixed: list[QGraphicsItem] = [
            *self.sector_items.values(),
            *self.band_items.values(),
            self.inner_label,
            self.legend,
            self.link_layer,
        ]
        fixed += [item for actor_id, item in self.actor_items.items() if actor_id not in moving]
        return fixed

    def hide_static(self, moving: set[str]) -> None:
        """Hide what does not move (a view draws it from a still picture meanwhile)."""
        self._still = [item for item in self.static_items(moving) if item.isVisible()]
        for item in self._still:
            item.setVisible(False)

    def show_static(self) -> None:
        still, self._still = self._still, None
        for item in still or ():
            item.setVisible(True)

    # ------------------------------------------------------------------ selection

    def selected_actor_ids(self) -> list[str]:
        return [i.actor_id for i in self.selectedItems() if isinstance(i, ActorItem)]

    def select_actors(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        blocked = self.blockSignals(True)
        try:
            for actor_id, item in self.actor_items.items():
                item.setSelected(actor_id in wanted)
        finally:
            self.blockSignals(blocked)

    def _on_selection_changed(self) -> None:
        self.actor_selection_changed.emit(self.selected_actor_ids())

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:  # noqa: N802 - Qt's name
        # actors get their tooltips when first asked (thousands open at once; the pointer meets a few)
        for item in self.items(event.scenePos()):
            if isinstance(item, ActorItem):
                item.give_hover_details()
        super().helpEvent(event)

    # ------------------------------------------------------------------ dragging

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        self._pressed = {i.actor_id: i.pos() for i in self.selectedItems() if isinstance(i, ActorItem)}

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if not (self._pressed and self.editable):
            return
        if not self.live_links:
            if any(
                (item := self.actor_items.get(actor_id)) is not None and item.pos() != before
                for actor_id, before in self._pressed.items()
            ):
                self._begin_live_links(self._pressed)
        else:
            # the held actors moved with the mouse (Qt moves them): their links follow
            for actor_id in self._moving:
                item = self.actor_items.get(actor_id)
                if item is not None:
                    self.actor_item_moved(item)

    # ------------------------------------------------------------------ drops from the library

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        if self.editable and actor_ids_from(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        # Only over the circle: elsewhere the pointer says that letting go does nothing.
        track = track_under(event.scenePos()) if self.editable and actor_ids_from(event.mimeData()) else None
        self.set_drop_target(track)
        if track is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        self.set_drop_target(None)
        event.accept()

    def set_drop_target(self, track: int | None) -> None:
        """Light up the track a drop would land on (None: no track)."""
        if track == self.drop_target:
            return
        if self.drop_target is not None:
            self.sector_items[self.drop_target].set_highlighted(False)
        self.drop_target = track
        if track is not None:
            self.sector_items[track].set_highlighted(True)

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        self.set_drop_target(None)
        drops = drops_into(actor_ids_from(event.mimeData()), event.scenePos()) if self.editable else []
        if not drops:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.actors_dropped.emit(drops)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, {}
        try:
            if not self.editable:
                return
            drops: list[Drop] = []
            for actor_id, before in pressed.items():
                item = self.actor_items.get(actor_id)
                if item is None:
                    continue
                delta = item.pos() - before
                if abs(delta.x()) + abs(delta.y()) >= MOVE_THRESHOLD:
                    drops.append(drop_at(actor_id, item.pos()))
                elif delta.x() or delta.y():
                    item.setPos(before)  # a nudge is not a move: back where the file says
            self._end_live_links()
            if drops:
                self.actors_dropped.emit(drops)
        finally:
            self._end_live_links()
