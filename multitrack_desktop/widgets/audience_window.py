"""What the room sees: the presentation screen and the audience window on the projector.

Both show an :class:`AudienceScene` fed by one :class:`AudienceMirror`, which applies the audience
function to the open workshop after every change. Neither screen holds a dialog, a menu, a tooltip
or a selection; keyboard focus stays with the facilitator's window wherever it can.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGraphicsView, QLabel, QVBoxLayout, QWidget

from ..canvas.audience_scene import AUDIENCE_LABEL_PIXELS, AudienceScene, circle_redaction
from ..canvas.view import give_circle_look
from ..document import OpenWorkshop
from ..domain.audience import Redaction
from ..domain.model import Visibility
from ..storage.changes import ChangeSet

#: the tables whose rows the audience circle draws (what actors and links the rules let out)
CIRCLE_TABLES = frozenset({"actors", "links"})

#: the audience the room is shown to (exchange format v1: the presentation screen is for ``shareable``)
ROOM_AUDIENCE = Visibility.SHAREABLE


def audience_caption(audience: Visibility) -> str:
    """The audience's name as the screens and map images carry it (rule 7: its name only)."""
    return QCoreApplication.translate("Audience", "Audience: {name}").format(name=audience.value)


class AudienceMirror(QObject):
    """Keeps the room's redaction of the open workshop current; screens listen to ``redaction_changed``.

    The redaction is computed only while a screen is showing (``active``), once per change.
    """

    #: Redaction | None (None: no workshop open)
    redaction_changed = Signal(object)

    def __init__(self, audience: Visibility = ROOM_AUDIENCE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.audience = audience
        self.document: OpenWorkshop | None = None
        self.redaction: Redaction | None = None
        self._users = 0
        # Edits arrive in bursts (a drop of several actors, an undo): redraw once, after the main window.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refresh)

    def set_document(self, document: OpenWorkshop | None) -> None:
        if self.document is not None:
            self.document.changed.disconnect(self._on_changed)
        self.document = document
        if document is not None:
            document.changed.connect(self._on_changed)
        self.refresh()

    def acquire(self) -> None:
        """A screen starts showing: keep the redaction current from now on."""
        self._users += 1
        if self._users == 1:
            self.refresh()

    def release(self) -> None:
        self._users = max(0, self._users - 1)
        if not self._users:
            self.redaction = None

    @property
    def active(self) -> bool:
        return self._users > 0

    def _on_changed(self, change: object) -> None:
        if not self.active:
            return
        if isinstance(change, ChangeSet) and not change.tables() & CIRCLE_TABLES:
            return  # an entry typed, a session edited: nothing the circle shows (live notes stay fast)
        self._pending.start()

    def refresh(self) -> None:
        self._pending.stop()
        if not self.active:
            return
        doc = self.document
        self.redaction = (
            None if doc is None else circle_redaction(doc.workshop, doc.actors, doc.links, self.audience)
        )
        self.redaction_changed.emit(self.redaction)


#: the pointer is hidden on the room's screens after resting this long
CURSOR_IDLE_MS = 2000


class AudienceView(QGraphicsView):
    """Shows the whole audience circle, as large as it fits; takes no input and shows no tooltip."""

    def __init__(self, scene: AudienceScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.audience_scene = scene
        give_circle_look(self)
        self.setInteractive(False)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAcceptDrops(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # The pointer means nothing to the room: it is hidden once it rests, and back when it moves.
        self.viewport().setMouseTracking(True)
        self.cursor_timer = QTimer(self)
        self.cursor_timer.setSingleShot(True)
        self.cursor_timer.setInterval(CURSOR_IDLE_MS)
        self.cursor_timer.timeout.connect(lambda: self.viewport().setCursor(Qt.CursorShape.BlankCursor))
        self.cursor_timer.start()

    def fit(self) -> None:
        self.fitInView(self.audience_scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.MouseMove:
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            self.cursor_timer.start()
        if event.type() in _SWALLOWED:
            event.accept()
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event: QEvent) -> None:  # type: ignore[override]
        event.accept()


_SWALLOWED = {
    QEvent.Type.ToolTip,
    QEvent.Type.WhatsThis,
    QEvent.Type.QueryWhatsThis,
    QEvent.Type.ContextMenu,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.DragEnter,
    QEvent.Type.DragMove,
    QEvent.Type.Drop,
}


class AudienceScreen(QWidget):
    """A top-level window with the audience circle and, discreetly in a corner, the audience's name.

    ``presentation``: the facilitator's own screen in presentation mode (takes the keyboard: Esc and F5
    leave). Otherwise the audience window for a projector, which never takes the keyboard focus.
    """

    #: the presenter asked to leave (Esc or F5 in presentation mode)
    leave_requested = Signal()

    def __init__(self, mirror: AudienceMirror, *, presentation: bool, parent: QWidget | None = None) -> None:
        flags = Qt.WindowType.Window
        if not presentation:
            flags |= Qt.WindowType.WindowDoesNotAcceptFocus
        super().__init__(parent, flags)
        self.presentation = presentation
        self.mirror = mirror
        self.setObjectName("PresentationScreen" if presentation else "AudienceWindow")
        self.setWindowTitle(
            self.tr("Presentation — {audience}") if presentation else self.tr("Audience view — {audience}")
        )
        self.setWindowTitle(self.windowTitle().format(audience=mirror.audience.value))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        if not presentation:
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)

        self.scene = AudienceScene(self, label_pixels=AUDIENCE_LABEL_PIXELS)
        self.view = AudienceView(self.scene, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

        self.caption = QLabel(audience_caption(mirror.audience), self)
        self.caption.setObjectName("AudienceCaption")
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.caption.setStyleSheet("color: #8A949C; font-size: 13px; padding: 6px 12px;")
        self.caption.adjustSize()

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if presentation else Qt.FocusPolicy.NoFocus)
        mirror.redaction_changed.connect(self._show)
        self._show(mirror.redaction)

    def _show(self, redaction: Redaction | None) -> None:
        if redaction is None:
            self.scene.clear_content()
        else:
            self.scene.show_redaction(redaction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.caption.adjustSize()
        self.caption.move(self.width() - self.caption.width(), self.height() - self.caption.height())
        self.caption.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.presentation and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            event.accept()
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ToolTip, QEvent.Type.WhatsThis):
            event.accept()
            return True
        return super().event(event)
