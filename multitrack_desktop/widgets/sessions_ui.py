"""Sessions in the main window: the sessions list, the session editor, live notes, open actions
and snapshots, each in its own dock, all on the open workshop.

The session widgets take the workshop they work on when they are made, so they are made again
for every workshop the window opens (and dropped when it closes). The docks stay, with their
place in the saved layout; without a workshop they say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QFrame, QLabel, QMenu, QScrollArea, QWidget

from ..storage.errors import StorageError
from .sessions import LiveCapture, OpenActionsView, SessionEditor, SessionsPanel, SnapshotCompare

if TYPE_CHECKING:
    from ..document import OpenWorkshop
    from .main_window import CircleSpot, MainWindow

STATUS_MS = 6000


def tr(text: str) -> str:
    return QCoreApplication.translate("SessionsUi", text)


def _placeholder(parent: QWidget) -> QLabel:
    label = QLabel(tr("No workshop open."), parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    return label


def _scrolling(widget: QWidget, parent: QWidget) -> QScrollArea:
    """``widget`` in a scroll area: a tall form must not make the window taller than a small screen."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class SessionsUi(QObject):
    """The five session docks of one window, and the ways into them (``open_session``…)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel: SessionsPanel | None = None
        self.capture: LiveCapture | None = None
        # The editor, the open actions and the snapshots start in tabs behind the inspector: each
        # is made when its dock is first shown or it is first asked for (see ``editor``…).
        self._editor: SessionEditor | None = None
        self._actions: OpenActionsView | None = None
        self._snapshots: SnapshotCompare | None = None
        #: the workshop the widgets not made yet will work on
        self._waiting: OpenWorkshop | None = None

        left, right, bottom = (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.panel_dock = self._dock("SessionsDock", tr("Sessions"), left)
        self.editor_dock = self._dock("SessionDock", tr("Session"), right)
        self.capture_dock = self._dock("LiveNotesDock", tr("Live notes"), bottom)
        self.actions_dock = self._dock("OpenActionsDock", tr("Open actions"), right)
        self.snapshots_dock = self._dock("SnapshotsDock", tr("Snapshots"), right)
        window.splitDockWidget(window.library_dock, self.panel_dock, Qt.Orientation.Vertical)
        # One group of tabs only: Qt 6 leaves a stray tab bar on screen when a second group is
        # made before the window is shown (a saved layout with several groups restores cleanly).
        for dock in (self.editor_dock, self.actions_dock, self.snapshots_dock):
            window.tabifyDockWidget(window.inspector_dock, dock)
        window.inspector_dock.raise_()
        window.resizeDocks([window.library_dock, self.panel_dock], [3, 2], Qt.Orientation.Vertical)
        window.resizeDocks([self.capture_dock], [230], Qt.Orientation.Vertical)
        window.resizeDocks(
            [window.library_dock, window.inspector_dock], [300, 330], Qt.Orientation.Horizontal
        )

        toggles = []
        for dock, key in (
            (self.panel_dock, None),
            (self.editor_dock, None),
            (self.capture_dock, "Ctrl+Shift+L"),
            (self.actions_dock, "Ctrl+Shift+A"),
            (self.snapshots_dock, None),
        ):
            action = dock.toggleViewAction()
            if key:
                action.setShortcut(QKeySequence(key))
            toggles.append(action)
        window.view_menu.addSeparator()
        window.view_menu.addActions(toggles)

        self.new_session_action = QAction(tr("New &session"), window)
        self.new_session_action.setShortcut(QKeySequence("Ctrl+Alt+N"))
        self.new_session_action.triggered.connect(self.new_session)
        self.end_session_action = QAction(tr("&End the session (take a snapshot)"), window)
        self.end_session_action.triggered.connect(self.end_session)
        self.snapshot_action = QAction(tr("Take a snapshot of the &map"), window)
        self.snapshot_action.triggered.connect(self.take_snapshot)
        self.add_participants_action = QAction(tr("Add the selected actors to the &session"), window)
        self.add_participants_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.add_participants_action.triggered.connect(self.add_selected_actors)
        window.library.list.addAction(self.add_participants_action)
        window.workshop_menu.addActions(
            [
                self.new_session_action,
                self.end_session_action,
                self.snapshot_action,
                self.add_participants_action,
            ]
        )
        window.workshop_menu.addSeparator()

        for dock in (self.editor_dock, self.actions_dock, self.snapshots_dock):
            dock.visibilityChanged.connect(self._on_dock_shown)
        window.circle_menu_made.connect(self._on_circle_menu)
        window.document_replaced.connect(self._rebuild)
        self._rebuild()

    def _on_circle_menu(self, menu: QMenu, spot: CircleSpot) -> None:
        if spot.actor_id is not None:
            menu.addSeparator()
            menu.addAction(self.add_participants_action)

    def _dock(self, name: str, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        dock.setWidget(_placeholder(dock))
        self.window.addDockWidget(area, dock)
        return dock

    def _docks(self) -> list[QDockWidget]:
        return [self.panel_dock, self.editor_dock, self.capture_dock, self.actions_dock, self.snapshots_dock]

    # ------------------------------------------------------------------ one workshop's widgets

    def _rebuild(self) -> None:
        """New widgets on the window's workshop (the old ones keep nothing of the previous one)."""
        if self.capture is not None:
            self.capture.flush_draft()
        document = self.window.document
        self._show_placeholders(
            tr("No workshop open."), enabled=document is not None and not document.readonly
        )
        if document is None:
            return
        try:
            self._make_widgets(document)
        except StorageError as exc:
            # the circle still works; the sessions say why they are not shown
            reason = tr("The sessions of this workshop cannot be shown.\n{reason}").format(reason=exc)
            self._show_placeholders(reason, enabled=False)
            self._say(str(exc))

    def _show_placeholders(self, text: str, *, enabled: bool) -> None:
        """Every dock says ``text`` instead of its widget (dropped); the session actions follow ``enabled``."""
        for dock in self._docks():
            old = dock.widget()
            label = _placeholder(dock)
            label.setText(text)
            label.setWordWrap(True)
            dock.setWidget(label)
            if old is not None:
                old.deleteLater()
        self.panel = self.capture = self._editor = self._actions = self._snapshots = None
        self._waiting = None
        for action in self._session_actions():
            action.setEnabled(enabled)

    def _session_actions(self) -> list[QAction]:
        return [
            self.new_session_action,
            self.end_session_action,
            self.snapshot_action,
            self.add_participants_action,
        ]

    def _make_widgets(self, document: OpenWorkshop) -> None:
        service, stack = document.service, self.window.undo_stack
        self.panel = SessionsPanel(service, stack, document, parent=self.panel_dock)
        self.capture = LiveCapture(
            service, stack, document, settings=self.window.settings.qsettings, parent=self.capture_dock
        )
        self.panel_dock.setWidget(self.panel)
        self.capture_dock.setWidget(self.capture)
        self.panel.current_changed.connect(self._on_current_session)
        self.panel.session_activated.connect(self.open_session)
        self.panel.session_created.connect(self.open_session)
        for widget in (self.panel, self.capture):
            widget.error.connect(self._say)
        self._waiting = document
        for dock in (self.editor_dock, self.actions_dock, self.snapshots_dock):
            dock.widget().setText("")  # made when shown (an empty dock for that instant, not "no workshop")
            if dock.isVisible():
                self._make_waiting(dock)
        self._on_current_session(self.panel.current_session_id())

    def _on_dock_shown(self, visible: bool) -> None:
        dock = self.sender()
        if visible and isinstance(dock, QDockWidget):
            self._make_waiting(dock)

    def _make_waiting(self, dock: QDockWidget) -> None:
        """Make the widget of ``dock`` if the open workshop's is not made yet."""
        document = self._waiting
        if document is None or self.panel is None:
            return
        service, stack = document.service, self.window.undo_stack
        widget: SessionEditor | OpenActionsView | SnapshotCompare
        try:
            if dock is self.editor_dock and self._editor is None:
                widget = self._editor = SessionEditor(service, stack, document, parent=dock)
                dock.setWidget(_scrolling(widget, dock))
            elif dock is self.actions_dock and self._actions is None:
                widget = self._actions = OpenActionsView(service, stack, document, parent=dock)
                widget.session_requested.connect(self.open_session)
                dock.setWidget(widget)
            elif dock is self.snapshots_dock and self._snapshots is None:
                widget = self._snapshots = SnapshotCompare(service, stack, document, parent=dock)
                widget.actors_highlighted.connect(self._highlight)
                dock.setWidget(widget)
            else:
                return
        except StorageError as exc:
            label = dock.widget()
            if isinstance(label, QLabel):
                label.setText(tr("This cannot be shown.\n{reason}").format(reason=exc))
            self._say(str(exc))
            return
        widget.error.connect(self._say)
        if isinstance(widget, (SessionEditor, SnapshotCompare)):
            widget.set_session(self.panel.current_session_id())

    def flush_typed(self) -> None:
        """Write what is being typed to the file now: a session title or location typed in the editor
        (if it was made), and the live line's draft."""
        if self._editor is not None:
            self._editor.apply_typed()
        if self.capture is not None:
            self.capture.flush_draft()

    @property
    def editor(self) -> SessionEditor | None:
        """The session editor of the open workshop (made now if it was not yet)."""
        if self._editor is None:
            self._make_waiting(self.editor_dock)
        return self._editor

    @property
    def actions(self) -> OpenActionsView | None:
        """The open actions of the open workshop (made now if they were not yet)."""
        if self._actions is None:
            self._make_waiting(self.actions_dock)
        return self._actions

    @property
    def snapshots(self) -> SnapshotCompare | None:
        """The snapshots of the open workshop (made now if they were not yet)."""
        if self._snapshots is None:
            self._make_waiting(self.snapshots_dock)
        return self._snapshots

    def _on_current_session(self, session_id: str | None) -> None:
        for widget in (self._editor, self.capture, self._snapshots):  # the ones made so far
            if widget is not None:
                widget.set_session(session_id)

    def _highlight(self, actor_ids: list[str]) -> None:
        document = self.window.document
        known = [a for a in actor_ids if document is not None and document.actor(a) is not None]
        if known:
            self.window.select_actors(known)

    def _say(self, text: str) -> None:
        if text:
            self.window.statusBar().showMessage(text, STATUS_MS)

    # ------------------------------------------------------------------ ways in (menus, search, actions)

    def open_session(self, session_id: str) -> bool:
        """Show ``session_id`` in the sessions list and the editor (its filter cleared if it hid it)."""
        if self.panel is None:
            return False
        if not self.panel.select_session(session_id):
            self.panel.filter_edit.clear()
            self.panel.from_check.setChecked(False)
            self.panel.to_check.setChecked(False)
            if not self.panel.select_session(session_id):
                return False
        self.panel_dock.show()
        self.editor_dock.show()
        self.editor_dock.raise_()
        return True

    def open_entry(self, session_id: str, entry_id: str) -> bool:
        """Show the entry ``entry_id`` selected in the live notes of its session."""
        if not self.open_session(session_id) or self.capture is None:
            return False
        self.capture_dock.show()
        self.capture_dock.raise_()
        self.capture.select_entries([entry_id])
        rows = self.capture.view.selectionModel().selectedRows()
        if rows:
            self.capture.view.scrollTo(rows[0], QAbstractItemView.ScrollHint.PositionAtCenter)
        return bool(rows)

    def open_action(self, action_id: str) -> bool:
        """Show the action item ``action_id`` in the open actions (done ones shown too when it is done)."""
        if self.actions is None:
            return False
        self.actions_dock.show()
        self.actions_dock.raise_()
        index = self.actions.index_of(action_id, 0)
        if not index.isValid():
            self.actions.all_check.setChecked(True)
            index = self.actions.index_of(action_id, 0)
        if not index.isValid():
            return False
        self.actions.table.setCurrentIndex(index)
        self.actions.table.scrollTo(index)
        return True

    def add_selected_actors(self) -> None:
        """The actors selected in the library or on the circle join the session being edited."""
        if self.editor is None or self.editor.session is None:
            self._say(tr("Choose a session first: the selected actors join the session being edited."))
            return
        ids = self.window.library.selected_ids() or self.window.scene.selected_actor_ids()
        if not ids:
            self._say(tr("Select actors in the library or on the circle first."))
            return
        self.editor.add_actors(ids)
        self.editor_dock.show()
        self.editor_dock.raise_()

    def new_session(self) -> None:
        if self.panel is not None:
            self.panel_dock.show()
            self.panel.new_session()

    def end_session(self) -> None:
        if self.capture is not None and self.capture.end_session() is not None:
            self._say(tr("Session ended; a snapshot of the map was taken."))

    def take_snapshot(self) -> None:
        if self.snapshots is not None and self.snapshots.take_snapshot() is not None:
            self._say(tr("Snapshot of the map taken."))


def install(window: MainWindow) -> None:
    """Dock the session widgets in ``window``; ``window.sessions`` is the way into them."""
    window.sessions = SessionsUi(window)  # type: ignore[attr-defined]
    window.typing_keepers.append(window.sessions.flush_typed)  # type: ignore[attr-defined]
