"""The circle as an audience sees it: built only from what the audience function lets out.

The presentation screen, the audience window and map images all draw this scene. It takes a
:class:`~multitrack_desktop.domain.audience.Redaction` (never the workshop itself), and it is
inert: no tooltips, no hover, no selection, no moving, no drops, no context menu, so nothing
beyond what is painted can ever appear on a projector or in an image.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneDragDropEvent,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
)

from ..domain.audience import Redaction, redact
from ..domain.model import Actor, Link, Visibility, Workshop, WorkshopDocument
from . import style
from .items import ActorItem, ActorLabel, tr
from .scene import CircleScene

#: label size (scene units) on the audience's circle: read from the back of a room
AUDIENCE_LABEL_PIXELS = 17.0


def circle_redaction(
    workshop: Workshop, actors: Sequence[Actor], links: Sequence[Link], audience: Visibility | str
) -> Redaction:
    """What ``audience`` may see of the circle: the audience function applied to the actors and links.

    Sessions and snapshots are not drawn on the circle and do not change what the rules do to actors and
    links, so they are left out of the input: a live mirror then costs no reading of thousands of entries.
    """
    doc = WorkshopDocument(workshop=workshop, actors=list(actors), links=list(links))
    return redact(doc, Visibility(audience))


class _AudienceLabel(ActorLabel):
    """An actor's label drawn larger than on the facilitator's circle."""

    _fonts: dict[float, tuple] = {}

    def __init__(self, pixel_size: float) -> None:
        super().__init__()
        shared = self._fonts.get(pixel_size)
        if shared is None:
            font = style.label_font(pixel_size)
            badge = style.label_font(pixel_size * 0.7, bold=True)
            shared = (font, badge, QFontMetricsF(font), QFontMetricsF(badge).horizontalAdvance(tr("alias")))
            self._fonts[pixel_size] = shared
        self.font, self.badge_font, self._metrics, self._badge_width = shared


class AudienceScene(CircleScene):
    """A read-only circle for one audience; fed with :meth:`show_redaction`, nothing else."""

    def __init__(self, parent: QObject | None = None, *, label_pixels: float = AUDIENCE_LABEL_PIXELS) -> None:
        super().__init__(parent)
        self.label_pixels = label_pixels
        self.audience: Visibility | None = None
        self.editable = False
        self._vector = False
        self._quiet()

    def show_redaction(self, redaction: Redaction) -> None:
        """Draw what ``redaction`` lets its audience see of the circle (and nothing else)."""
        self.audience = redaction.audience
        doc = redaction.document
        super().set_content(doc.actors, doc.links, editable=False)
        for item in self.actor_items.values():
            if not isinstance(item.label, _AudienceLabel):
                item.label = _AudienceLabel(self.label_pixels)
                item.set_actor(item.actor)  # lays the larger label out
        self.place_labels()
        self._quiet()

    def set_content(self, actors: Sequence[Actor], links: Sequence[Link], *, editable: bool) -> None:
        """Refused unless empty: this scene only draws a redaction (see :meth:`show_redaction`)."""
        if actors or links:
            raise TypeError("AudienceScene draws only a Redaction: use show_redaction()")
        super().set_content([], [], editable=False)

    def use_vector_output(self) -> None:
        """Paint every item directly (no cached pixels): for SVG, where text must stay text."""
        self._vector = True
        self._quiet()

    def cache_actor_pictures(self) -> None:
        if self._vector:  # text stays text
            self._uncached = []
            self._cache_scheduled = False
            return
        super().cache_actor_pictures()

    def _quiet(self) -> None:
        """Every item inert: no tooltip, no hover, not selectable, not movable."""
        for item in self.items():
            item.setToolTip("")
            item.setAcceptHoverEvents(False)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, False)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, False)
            if isinstance(item, ActorItem):
                item.unsetCursor()
            if self._vector:
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    # Nothing the pointer does shows anything: help (tooltips), menus, presses and drops are swallowed.

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        event.ignore()

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        event.ignore()

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt's name
        event.ignore()
