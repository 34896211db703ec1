"""The view of the circle: keeps the whole map in sight unless the facilitator zooms."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QPixmapCache,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from .link_marks import DIM_WITH
from .scene import CircleScene

ZOOM_STEP = 1.25
#: the pixmap cache (KiB) holds the cached link layer: a 4K viewport needs about 32 MiB
PIXMAP_CACHE_KIB = 96 * 1024


def give_circle_look(view: QGraphicsView) -> None:
    """Smooth marks, labels and pictures on the background dimmed links are mixed with, no frame
    (the facilitator's circle and the room's alike)."""
    view.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    view.setBackgroundBrush(QColor(DIM_WITH))
    view.setFrameShape(QFrame.Shape.NoFrame)


class CircleView(QGraphicsView):
    #: a right click, or the menu key, on the circle: where on the scene, where on the screen
    context_menu_requested = Signal(QPointF, QPoint)

    def __init__(self, scene: CircleScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.circle_scene = scene
        self.fitted = True
        give_circle_look(self)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KIB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KIB)
        self.still: QPixmap | None = None
        self._pan_from: QPoint | None = None
        scene.drag_started.connect(self._freeze)
        scene.drag_finished.connect(self._thaw)

    # ------------------------------------------------------------------ a still picture while dragging

    def _freeze(self, moving: set[str]) -> None:
        """Draw what does not move from one picture while actors are dragged.

        Repainting under a dragged actor's links otherwise means thousands of items per mouse
        move; the picture makes a drag step cost about what it costs on an empty view.
        """
        scene = self.circle_scene
        items = [scene.actor_items[i] for i in moving if i in scene.actor_items]
        opacities = [item.opacity() for item in items]
        for item in items:
            item.setOpacity(0.0)  # not hidden: a hidden item loses its selection
        try:
            self.still = self.viewport().grab()
        finally:
            for item, opacity in zip(items, opacities, strict=True):
                item.setOpacity(opacity)
        scene.hide_static(moving)

    def _thaw(self) -> None:
        if self.still is None:
            return
        self.still = None
        self.circle_scene.show_static()
        self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        self._thaw()  # the picture is of the view as it was: scrolled, it no longer fits
        super().scrollContentsBy(dx, dy)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        if self.still is None:
            super().drawBackground(painter, rect)
            return
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(0, 0, self.still)
        painter.restore()

    def fit(self) -> None:
        """Show the circle and its legend whole, as large as the window allows."""
        self.fitted = True
        self.fitInView(self.circle_scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1.0 / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        self._thaw()
        scale = self.transform().m11() * factor
        if not 0.05 <= scale <= 20.0:
            return
        self.fitted = False
        self.scale(factor, factor)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._thaw()
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    # ------------------------------------------------------------------ panning with the middle button

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._pan_from is not None:
            now = event.position().toPoint()
            delta = now - self._pan_from
            self._pan_from = now
            self.fitted = False
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        where, screen = self.mapToScene(event.pos()), event.globalPos()
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            selected = self.circle_scene.selected_actor_ids()
            item = self.circle_scene.actor_items.get(selected[0]) if selected else None
            if item is not None:  # the menu key: the menu of the (first) selected actor, beside it
                where = item.pos()
                screen = self.viewport().mapToGlobal(self.mapFromScene(where))
        self.context_menu_requested.emit(where, screen)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1.0 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)
