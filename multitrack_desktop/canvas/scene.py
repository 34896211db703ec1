"""The circle's scene: the nine tracks, the actors on them, their links and the legend.

Scene units: the circle's radius is ``style.R`` (400). The scene never writes the workshop:
a finished drag is reported as requests (``actors_dropped``) and the scene is refreshed
from the model afterwards, so what is drawn is always what is stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneDragDropEvent, QGraphicsSceneMouseEvent

from ..domain import geometry
from ..domain.layout import layout_positions, position_of
from ..domain.model import Actor, Link, Placement
from .items import ActorItem, LegendItem, LinkItem, SectorItem, TrackBandItem, inner_label, scene_point
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

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)
        self.editable = True
        self.actor_items: dict[str, ActorItem] = {}
        self.link_items: dict[str, LinkItem] = {}
        self._pressed: dict[str, QPointF] = {}
        self._draw_tracks()
        self.legend = LegendItem()
        self.addItem(self.legend)
        edge = BAND_OUTER * R + 14.0
        self.legend.setPos(edge + 16.0, -edge)
        self.circle_rect = QRectF(-edge, -edge, 2 * edge, 2 * edge)
        self.setSceneRect(self.circle_rect.united(self.legend.sceneBoundingRect()).adjusted(-10, -10, 10, 10))
        self.selectionChanged.connect(self._on_selection_changed)

    def _draw_tracks(self) -> None:
        self.sector_items = {t: SectorItem(t) for t in geometry.TRACKS}
        self.band_items = {t: TrackBandItem(t) for t in range(1, 9)}
        for item in (*self.sector_items.values(), *self.band_items.values()):
            self.addItem(item)
        self.addItem(inner_label())

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
                    self.addItem(item)
                else:
                    item.set_actor(actor)
                item.setFlag(item.GraphicsItemFlag.ItemIsMovable, editable)
                item.setPos(scene_point(*pos))
                item.setSelected(actor.id in selected)
            for gone in set(self.actor_items) - set(placed):
                self.removeItem(self.actor_items.pop(gone))
            self._set_links(links)
        finally:
            self.blockSignals(blocked)
        if set(self.selected_actor_ids()) != selected:
            self._on_selection_changed()

    def _set_links(self, links: Iterable[Link]) -> None:
        shown: set[str] = set()
        for link in links:
            if link.source not in self.actor_items or link.target not in self.actor_items:
                continue  # an end is in the library: nothing to draw between
            shown.add(link.id)
            item = self.link_items.get(link.id)
            if item is None:
                item = LinkItem(link)
                self.link_items[link.id] = item
                self.addItem(item)
            else:
                item.set_link(link)
            item.set_ends(self.actor_items[link.source].pos(), self.actor_items[link.target].pos())
        for gone in set(self.link_items) - shown:
            self.removeItem(self.link_items.pop(gone))

    def clear_content(self) -> None:
        self.set_content([], [], editable=False)

    def actor_item_moved(self, item: ActorItem) -> None:
        """Links follow an actor while it is dragged."""
        for link in self.link_items.values():
            if item.actor_id in (link.source_id, link.target_id):
                a = self.actor_items.get(link.source_id)
                b = self.actor_items.get(link.target_id)
                if a is not None and b is not None:
                    link.set_ends(a.pos(), b.pos())

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

    # ------------------------------------------------------------------ dragging

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        self._pressed = {i.actor_id: i.pos() for i in self.selectedItems() if isinstance(i, ActorItem)}

    # ------------------------------------------------------------------ drops from the library

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        if self.editable and actor_ids_from(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        # Only over the circle: elsewhere the pointer says that letting go does nothing.
        if self.editable and actor_ids_from(event.mimeData()) and track_under(event.scenePos()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
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
        if drops:
            self.actors_dropped.emit(drops)
