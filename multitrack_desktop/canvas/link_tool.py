"""Gestures on links: draw one from actor to actor, click one to select it.

Kept out of the scene's own mouse handling (an event filter on the scene): with the link
tool on, or with Shift held, a press on an actor starts a link instead of a move; a press
on a link (not on an actor) selects the link. Like the scene, this never writes: a finished
drawing is reported as ``link_drawn(source, target, screen_pos)``; the window asks for the
kind and creates the link through the service.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsSceneMouseEvent

from . import style
from .items import Z_LEGEND, ActorItem, LinkItem
from .scene import CircleScene

#: how close (pixels on screen) a click must be to a link to select it
HIT_PX = 6.0


class LinkGestures(QObject):
    #: (source actor id, target actor id, QPoint on screen where the pointer was let go)
    link_drawn = Signal(str, str, object)
    #: str | None: the selected link's id
    link_selection_changed = Signal(object)

    def __init__(self, scene: CircleScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.tool_on = False
        self.selected_link_id: str | None = None
        self.selected_item: LinkItem | None = None
        self._from: str | None = None
        #: drawing from a menu: the link ends at the actor clicked next (no button held meanwhile)
        self._clicking = False
        self._rubber: QGraphicsLineItem | None = None
        self._over: ActorItem | None = None
        scene.installEventFilter(self)
        scene.actor_selection_changed.connect(self._on_actor_selection)

    # ------------------------------------------------------------------ state

    @property
    def drawing(self) -> bool:
        return self._from is not None

    def set_tool(self, on: bool) -> None:
        self.tool_on = on
        for view in self.scene.views():
            view.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def select_link(self, link_id: str | None) -> None:
        """Select one link on the circle (None: none); the actors' selection is cleared."""
        if link_id is not None and link_id not in self.scene.link_items:
            link_id = None
        if link_id is not None and self.scene.selected_actor_ids():
            self.scene.clearSelection()  # emits actor_selection_changed([]) first
        changed = link_id != self.selected_link_id
        self.selected_link_id = link_id
        self.refresh()
        if changed:
            self.link_selection_changed.emit(link_id)

    def refresh(self) -> None:
        """Follow the drawn links (after an edit, an undo or a filter): the selected one drawn on top."""
        mark = self.scene.link_items.get(self.selected_link_id) if self.selected_link_id else None
        if mark is None:
            if self.selected_item is not None:
                self.scene.removeItem(self.selected_item)
                self.selected_item = None
            if self.selected_link_id is not None:
                self.selected_link_id = None
                self.link_selection_changed.emit(None)
            return
        if self.selected_item is None or self.selected_item.link_id != mark.link_id:
            if self.selected_item is not None:
                self.scene.removeItem(self.selected_item)
            self.selected_item = LinkItem(mark.link, bend=mark.bend, selected=True)
            self.selected_item.setZValue(self.selected_item.zValue() + 0.2)
            self.scene.addItem(self.selected_item)
        else:
            self.selected_item.set_link(mark.link, bend=mark.bend)
        self.selected_item.set_ends(mark.a, mark.b, mark.trim_a, mark.trim_b)

    def start_from(self, actor_id: str) -> bool:
        """Draw a link from ``actor_id`` to the actor clicked next (Escape, or a click elsewhere, cancels)."""
        actor = self.scene.actor_items.get(actor_id)
        if actor is None or not self.scene.editable:
            return False
        self.cancel()
        self._start(actor)
        self._clicking = True
        return True

    def _on_actor_selection(self, ids: list[str]) -> None:
        if ids and self.selected_link_id is not None:
            self.select_link(None)

    # ------------------------------------------------------------------ the mouse

    def _actor_at(self, pos: QPointF) -> ActorItem | None:
        for item in self.scene.items(pos):
            if isinstance(item, ActorItem) and item.isVisible():
                return item
        return None

    def tolerance(self) -> float:
        views = self.scene.views()
        scale = max(views[0].transform().m11(), 1e-6) if views else 1.0
        return HIT_PX / scale

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.GraphicsSceneMousePress and self._clicking:
            if event.button() == Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
                self._release(event)  # type: ignore[arg-type]
            else:
                self.cancel()
            return True
        if kind == QEvent.Type.GraphicsSceneMousePress:
            return self._press(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.GraphicsSceneMouseMove and self.drawing:
            self._move(event)  # type: ignore[arg-type]
            return True
        if kind == QEvent.Type.GraphicsSceneMouseRelease and self.drawing and not self._clicking:
            self._release(event)  # type: ignore[arg-type]
            return True
        if kind == QEvent.Type.KeyPress and self.drawing and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self.cancel()
            return True
        return False

    def _press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.scenePos()
        actor = self._actor_at(pos)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if actor is not None:
            if self.scene.editable and (self.tool_on or shift):
                self._start(actor)
                event.accept()
                return True
            if self.selected_link_id is not None:
                self.select_link(None)
            return False
        mark = self.scene.link_layer.link_at(pos, self.tolerance())
        if mark is not None:
            self.select_link(mark.link_id)
            event.accept()
            return True
        if self.selected_link_id is not None:
            self.select_link(None)
        return False

    def _start(self, actor: ActorItem) -> None:
        self._from = actor.actor_id
        pen = QPen(style.SELECTION_COLOUR, 2.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._rubber = QGraphicsLineItem(QLineF(actor.pos(), actor.pos()))
        self._rubber.setPen(pen)
        self._rubber.setZValue(Z_LEGEND + 1)
        self.scene.addItem(self._rubber)

    def _move(self, event: QGraphicsSceneMouseEvent) -> None:
        source = self.scene.actor_items.get(self._from or "")
        if self._rubber is None or source is None:
            return
        self._rubber.setLine(QLineF(source.pos(), event.scenePos()))
        over = self._actor_at(event.scenePos())
        if over is source:
            over = None
        if over is not self._over:
            self._over = over
            pen = self._rubber.pen()
            pen.setStyle(Qt.PenStyle.SolidLine if over is not None else Qt.PenStyle.DashLine)
            self._rubber.setPen(pen)

    def _release(self, event: QGraphicsSceneMouseEvent) -> None:
        source, self._from = self._from, None
        self._over, self._clicking = None, False
        if self._rubber is not None:
            self.scene.removeItem(self._rubber)
            self._rubber = None
        target = self._actor_at(event.scenePos())
        if source is not None and target is not None and target.actor_id != source:
            screen = event.screenPos()
            self.link_drawn.emit(source, target.actor_id, QPoint(screen.x(), screen.y()))

    def cancel(self) -> None:
        """Drop a drawing in progress (Escape, or the workshop closed)."""
        self._from, self._over, self._clicking = None, None, False
        if self._rubber is not None:
            self.scene.removeItem(self._rubber)
            self._rubber = None
