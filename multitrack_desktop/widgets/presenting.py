"""Presenting to a room: presentation mode (F5), the audience window for a projector, map images.

Installed into the main window by ``install(window)`` (see MainWindow.__init__); the state lives on
``window.presenter``. Everything shown here is what the audience function lets the ``shareable``
audience see: both screens draw from one :class:`AudienceMirror` of the open workshop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QScreen

from .audience_window import ROOM_AUDIENCE, AudienceMirror, AudienceScreen

if TYPE_CHECKING:
    from .main_window import MainWindow

#: how long the hint about extending the displays stays in the status bar (ms)
HINT_MS = 20_000


class Presenter(QObject):
    """The presentation screen and the audience window of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.mirror = AudienceMirror(ROOM_AUDIENCE, self)
        self.presentation: AudienceScreen | None = None
        self.audience_window: AudienceScreen | None = None

        self.present_action = QAction(self.tr("&Present"), window)
        self.present_action.setShortcut(QKeySequence("F5"))
        self.present_action.setCheckable(True)
        self.present_action.setStatusTip(
            self.tr("Full screen, showing only what the shareable audience may see (Esc leaves)")
        )
        self.present_action.toggled.connect(self._on_present_toggled)

        self.audience_action = QAction(self.tr("&Audience window…"), window)
        self.audience_action.setCheckable(True)
        self.audience_action.setStatusTip(
            self.tr("A second window for the projector, mirroring the circle for the shareable audience")
        )
        self.audience_action.toggled.connect(self._on_audience_toggled)

        self.export_map_action = QAction(self.tr("Export &map image…"), window)
        self.export_map_action.triggered.connect(self.export_map)

        window.view_menu.addSeparator()
        window.view_menu.addActions([self.present_action, self.audience_action])
        window.workshop_menu.addAction(self.export_map_action)

        window.document_replaced.connect(self._on_document_replaced)
        window.installEventFilter(self)
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._on_screens_changed)  # type: ignore[union-attr]
        app.screenRemoved.connect(self._on_screens_changed)  # type: ignore[union-attr]
        self._on_document_replaced()

    # ------------------------------------------------------------------ the open workshop

    def _on_document_replaced(self) -> None:
        self.mirror.set_document(self.window.document)
        has_document = self.window.document is not None
        self.present_action.setEnabled(has_document)
        self.export_map_action.setEnabled(has_document)
        if not has_document and self.presentation is not None:
            self.leave_presentation()

    # ------------------------------------------------------------------ presentation mode

    def _on_present_toggled(self, on: bool) -> None:
        if on:
            self.enter_presentation()
        else:
            self.leave_presentation()

    def enter_presentation(self) -> None:
        """Full screen on the facilitator's screen: the shareable circle, larger labels, nothing else."""
        if self.presentation is not None or self.window.document is None:
            self._sync_actions()
            return
        self.mirror.acquire()
        screen = AudienceScreen(self.mirror, presentation=True, parent=self.window)
        screen.leave_requested.connect(self.leave_presentation)
        self.presentation = screen
        _show_full_screen(screen, self.window.screen())
        screen.activateWindow()
        screen.raise_()
        screen.setFocus()
        self._sync_actions()

    def leave_presentation(self) -> None:
        """Back to the facilitator's window exactly as it was (presenting never touched its layout)."""
        screen, self.presentation = self.presentation, None
        if screen is not None:
            screen.close()
            screen.deleteLater()
            self.mirror.release()
            self.window.activateWindow()
            self.window.raise_()
        self._sync_actions()

    # ------------------------------------------------------------------ the audience window

    def _on_audience_toggled(self, on: bool) -> None:
        if on:
            self.open_audience_window()
        else:
            self.close_audience_window()

    def open_audience_window(self) -> None:
        """The shareable circle in its own window: full screen on another screen when there is one."""
        if self.audience_window is None:
            self.mirror.acquire()
            self.audience_window = AudienceScreen(self.mirror, presentation=False, parent=self.window)
        other = self.projector_screen()
        if other is not None:
            _show_full_screen(self.audience_window, other)
            self.window.statusBar().showMessage(
                self.tr(
                    "The audience window is on {screen}. Keep the displays extended, not mirrored: "
                    "a mirrored display would show your own screen to the room."
                ).format(screen=other.name() or self.tr("the other screen")),
                HINT_MS,
            )
        else:
            window = self.audience_window
            if window.isFullScreen():  # its screen went away: a window beside the facilitator's, not over it
                window.showNormal()
            window.resize(1024, 720)
            window.show()
            self.window.statusBar().showMessage(
                self.tr(
                    "Only one screen is connected. Connect the projector and set the displays to extend "
                    "(not mirror); the audience window then moves there. Until then you can drag it."
                ),
                HINT_MS,
            )
        self.window.activateWindow()  # the facilitator keeps the keyboard
        self._sync_actions()

    def close_audience_window(self) -> None:
        screen, self.audience_window = self.audience_window, None
        if screen is not None:
            screen.close()
            screen.deleteLater()
            self.mirror.release()
        self._sync_actions()

    def projector_screen(self) -> QScreen | None:
        """A screen other than the facilitator's, or None."""
        own = self.window.screen()
        for screen in QGuiApplication.screens():
            if screen is not own and screen.geometry() != own.geometry():
                return screen
        return None

    def _on_screens_changed(self, _screen: QScreen) -> None:
        """A projector plugged in or out: the audience window goes to it, or comes back beside the main one."""
        if self.audience_window is not None:
            QTimer.singleShot(0, self._replace_audience_window)

    def _replace_audience_window(self) -> None:
        if self.audience_window is not None:
            self.open_audience_window()

    # ------------------------------------------------------------------ map images

    def export_map(self) -> None:
        from .map_export import export_map_dialog

        export_map_dialog(self.window)

    # ------------------------------------------------------------------ housekeeping

    def _sync_actions(self) -> None:
        for action, on in (
            (self.present_action, self.presentation is not None),
            (self.audience_action, self.audience_window is not None),
        ):
            if action.isChecked() != on:
                blocked = action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(blocked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.leave_presentation()
            self.close_audience_window()
        return False


def _show_full_screen(widget: AudienceScreen, screen: QScreen) -> None:
    """Full screen on ``screen``; the audience window is not activated (the keyboard stays with the facilitator)."""
    widget.setGeometry(screen.geometry())
    widget.setWindowState(widget.windowState() | Qt.WindowState.WindowFullScreen)
    widget.setVisible(True)
    handle = widget.windowHandle()
    if handle is not None and handle.screen() is not screen:
        handle.setScreen(screen)
        widget.setGeometry(screen.geometry())


def install(window: MainWindow) -> None:
    """View › Present (F5) and View › Audience window…, Workshop › Export map image…"""
    window.presenter = Presenter(window)  # type: ignore[attr-defined]
