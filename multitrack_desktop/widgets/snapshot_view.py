"""A snapshot of the map on the circle, read-only; or two, compared on the circle.

The later snapshot is drawn like a workshop (``domain.snapshots.snapshot_map``); over it the
differences: a dashed arrow from where an actor was to where it is, a faint ghost where an
actor taken off the circle stood, a green ring round an actor put on, an amber ring round one
whose influence, stance or status changed, and added (green) or removed (red, dashed) links.
The facilitator's own window: nothing here is meant for an audience.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..canvas import style
from ..canvas.items import scene_point
from ..canvas.scene import CircleScene
from ..canvas.view import CircleView
from ..domain import model as m
from ..domain.snapshots import SnapshotDiff, compare, snapshot_map

ADDED = QColor("#1E8E3E")
CHANGED = QColor("#D08A00")
REMOVED = QColor("#C4291C")
OVERLAY_Z = 50.0


def tr(text: str) -> str:
    return QCoreApplication.translate("SnapshotView", text)


def _ring(centre: QPointF, r: float, colour: QColor, *, dashed: bool = False) -> QGraphicsEllipseItem:
    item = QGraphicsEllipseItem(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
    pen = QPen(colour, 3.0, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    item.setPen(pen)
    item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    item.setZValue(OVERLAY_Z)
    return item


def _arrow(a: QPointF, b: QPointF, colour: QColor, *, dashed: bool) -> QGraphicsPathItem:
    path = QPainterPath(a)
    path.lineTo(b)
    line = QLineF(a, b)
    if line.length() > 1.0:
        angle = math.radians(-line.angle())
        head = 10.0
        left = b - QPointF(math.cos(angle - 0.45) * head, math.sin(angle - 0.45) * head)
        right = b - QPointF(math.cos(angle + 0.45) * head, math.sin(angle + 0.45) * head)
        path.addPolygon(QPolygonF([left, b, right]))
    item = QGraphicsPathItem(path)
    item.setPen(QPen(colour, 2.5, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
    item.setZValue(OVERLAY_Z)
    return item


class SnapshotView(QWidget):
    """One snapshot (``earlier`` None) or the difference from ``earlier`` to ``later``, on the circle."""

    def __init__(
        self,
        later: m.Snapshot,
        actors: list[m.Actor],
        *,
        earlier: m.Snapshot | None = None,
        differences: list[str] | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title or tr("Snapshot of the map"))
        self.scene = CircleScene(self)
        shown, links = snapshot_map(later, actors, unknown_name=tr("[removed actor]"))
        self.scene.set_content(shown, links, editable=False)
        self.view = CircleView(self.scene, self)
        self.overlays: dict[str, list[QGraphicsItem]] = {
            "added": [],
            "removed": [],
            "moved": [],
            "changed": [],
            "links_added": [],
            "links_removed": [],
        }
        self.diff: SnapshotDiff | None = None
        if earlier is not None:
            self.diff = compare(earlier, later)
            self._draw_differences(earlier, actors)

        caption = QLabel(self)
        caption.setWordWrap(True)
        caption.setText(
            tr(
                "Read-only. Green: put on the circle or link added; red: taken off or link removed; "
                "amber: influence, stance or status changed; arrows: moved."
            )
            if earlier is not None
            else tr("Read-only: the map as it was when this snapshot was taken.")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        if differences:
            self.list = QListWidget(self)
            self.list.addItems(differences)
            split = QSplitter(self)
            split.addWidget(self.view)
            split.addWidget(self.list)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 1)
            layout.addWidget(split, 1)
        else:
            row = QHBoxLayout()
            row.addWidget(self.view, 1)
            layout.addLayout(row, 1)
        self.resize(1100, 800)

    def _draw_differences(self, earlier: m.Snapshot, actors: list[m.Actor]) -> None:
        assert self.diff is not None
        diff = self.diff
        before = {p.actor: scene_point(p.angle_deg, p.radius) for p in earlier.placements}
        names = {a.id: a.name for a in actors}
        add = self.scene.addItem

        def size(actor_id: str) -> float:
            item = self.scene.actor_items.get(actor_id)
            return item.size if item is not None else 12.0

        for p in diff.added:
            ring = _ring(self.scene.actor_items[p.actor].pos(), size(p.actor) + 8.0, ADDED)
            add(ring)
            self.overlays["added"].append(ring)
        for ch in {c.actor for c in diff.changed}:
            ring = _ring(self.scene.actor_items[ch].pos(), size(ch) + 13.0, CHANGED)
            add(ring)
            self.overlays["changed"].append(ring)
        for p in diff.removed:
            at = before[p.actor]
            ghost = _ring(at, 12.0, REMOVED, dashed=True)
            label = QGraphicsSimpleTextItem(names.get(p.actor, tr("[removed actor]")))
            label.setFont(style.label_font(11))
            label.setBrush(REMOVED)
            label.setPos(at + QPointF(-label.boundingRect().width() / 2, 14.0))
            label.setZValue(OVERLAY_Z)
            for item in (ghost, label):
                add(item)
                self.overlays["removed"].append(item)
        later_items = self.scene.actor_items
        for actor_id, item in later_items.items():
            was = before.get(actor_id)
            if was is not None and QLineF(was, item.pos()).length() > 2.0:
                arrow = _arrow(was, item.pos(), QColor("#555555"), dashed=True)
                add(arrow)
                self.overlays["moved"].append(arrow)

        def where(actor_id: str) -> QPointF | None:
            item = later_items.get(actor_id)
            return item.pos() if item is not None else before.get(actor_id)

        for lk, key, colour, dashed in [
            *((lk, "links_added", ADDED, False) for lk in diff.links_added),
            *((lk, "links_removed", REMOVED, True) for lk in diff.links_removed),
        ]:
            a, b = where(lk.source), where(lk.target)
            if a is None or b is None:
                continue
            path = QPainterPath(a)
            path.lineTo(b)
            line = QGraphicsPathItem(path)
            line.setPen(QPen(colour, 4.0, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
            line.setOpacity(0.7)
            line.setZValue(OVERLAY_Z - 1)
            add(line)
            self.overlays[key].append(line)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[arg-type]
        self.view.fit()
