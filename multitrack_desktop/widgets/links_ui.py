"""Links in the window: drawing them, the link inspector, deleting, highlighting, the cross-track view.

Installed into the main window by ``install(window)`` (see MainWindow.__init__). Every edit
goes through the open workshop as one undo step (``AppliedChange``); the circle follows the
workshop's ``changed`` signal, and this feature brings its own pieces along after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QToolBar

from ..canvas import link_focus
from ..canvas.items import link_kind_label
from ..canvas.link_tool import LinkGestures
from ..commands import AppliedChange
from ..domain import model as m
from ..storage.changes import ChangeSet
from ..storage.errors import InvalidEdit, StorageError
from .cross_track import CrossTrackView
from .link_inspector import LinkInspector, kind_icon
from .opening import show_error

if TYPE_CHECKING:
    from .main_window import CircleSpot, MainWindow

#: kinds that are arrows by nature: drawn from the one who influences or funds
ARROW_KINDS = (m.LinkKind.INFLUENCE, m.LinkKind.FUNDING)


def tr(text: str) -> str:
    return QCoreApplication.translate("Links", text)


def choose_kind_menu(parent: object, at: QPoint) -> m.LinkKind | None:
    """A small menu of the six kinds, with their marks, where the link was let go."""
    menu = QMenu(parent)  # type: ignore[arg-type]
    menu.setObjectName("LinkKindMenu")
    menu.addSection(tr("Kind of link"))
    for kind in m.LinkKind:
        action = menu.addAction(kind_icon(kind, directed=kind in ARROW_KINDS), link_kind_label(kind))
        action.setData(kind)
    chosen = menu.exec(at)
    menu.deleteLater()
    return None if chosen is None else m.LinkKind(chosen.data())


class LinksFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: asks for the kind of a link just drawn (replaceable, e.g. by tests); None cancels
        self.choose_kind: Callable[[QPoint], m.LinkKind | None] = lambda at: choose_kind_menu(window, at)
        self.gestures = LinkGestures(window.scene, self)
        self.chosen_tracks: tuple[int, int] | None = None
        #: the actors selected on the circle, as the window last showed them
        self.selected_actors: list[str] = []

        self.inspector = LinkInspector(window)
        self.inspector_dock = QDockWidget(tr("Link"), window)
        self.inspector_dock.setObjectName("LinkInspectorDock")
        self.inspector_dock.setWidget(self.inspector)
        self.inspector_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        window.tabifyDockWidget(window.inspector_dock, self.inspector_dock)
        window.inspector_dock.raise_()

        self.cross_track = CrossTrackView(window)
        self.cross_dock = QDockWidget(tr("Between tracks"), window)
        self.cross_dock.setObjectName("CrossTrackDock")
        self.cross_dock.setWidget(self.cross_track)
        self.cross_dock.setFeatures(self.inspector_dock.features())
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.cross_dock)
        window.tabifyDockWidget(window.inspector_dock, self.cross_dock)
        self.cross_dock.hide()  # shown from View › Links between tracks
        self.cross_dock.visibilityChanged.connect(lambda shown: shown and self.update_counts())
        window.inspector_dock.raise_()

        self._build_actions()
        self.gestures.link_drawn.connect(self._on_link_drawn)
        self.gestures.link_selection_changed.connect(self._on_link_selection)
        self.inspector.edit_requested.connect(self._on_edit_requested)
        self.inspector.delete_requested.connect(self.delete_link)
        self.cross_track.cell_chosen.connect(self._on_cell_chosen)
        # Every way of selecting actors (circle, library, search, code) ends in this signal;
        # the scene's own signal is blocked when the library leads.
        window.selection_shown.connect(self._on_actor_selection)
        window.filter_bar.filter_changed.connect(lambda _f: self.refresh())
        window.document_replaced.connect(self._on_document_replaced)
        self._on_document_replaced()

    # ------------------------------------------------------------------ building

    def _build_actions(self) -> None:
        w = self.window
        self.tool_action = QAction(tr("Draw &links"), w)
        self.tool_action.setCheckable(True)
        self.tool_action.setShortcut(QKeySequence("L"))
        self.tool_action.setToolTip(
            tr("Drag from one actor to another to link them (or hold Shift while dragging) — L")
        )
        self.tool_action.toggled.connect(self.gestures.set_tool)
        self.delete_action = QAction(tr("Delete &link"), w)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.triggered.connect(lambda: self.delete_link(self.gestures.selected_link_id))
        self.focus_action = QAction(tr("&Highlight the selection's links"), w)
        self.focus_action.setCheckable(True)
        self.focus_action.setChecked(True)
        self.focus_action.setToolTip(
            tr("Selecting an actor highlights its links and neighbours, and fades the rest")
        )
        self.focus_action.toggled.connect(lambda _on: self.update_focus())
        self.cross_action = self.cross_dock.toggleViewAction()
        self.cross_action.setText(tr("Links &between tracks"))
        self.cross_action.triggered.connect(
            lambda on: on and (self.update_counts(), self.cross_dock.raise_())
        )
        self.link_dock_action = self.inspector_dock.toggleViewAction()

        w.circle_menu_made.connect(self._on_circle_menu)
        w.edit_menu.addSeparator()
        w.edit_menu.addActions([self.tool_action, self.delete_action])
        w.view_menu.addSeparator()
        w.view_menu.addActions([self.focus_action, self.cross_action, self.link_dock_action])

        self.toolbar = QToolBar(tr("Links"), w)
        self.toolbar.setObjectName("LinksToolBar")
        self.toolbar.addAction(self.tool_action)
        self.toolbar.addAction(self.cross_action)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        w.view_menu.addAction(self.toolbar.toggleViewAction())

    # ------------------------------------------------------------------ following the workshop

    def _on_document_replaced(self) -> None:
        doc = self.window.document
        self.gestures.cancel()
        self.gestures.select_link(None)
        self.chosen_tracks = None
        if doc is not None:
            doc.changed.connect(self._on_document_changed)  # after the window's own handler
        self.refresh()

    def _on_circle_menu(self, menu: QMenu, spot: CircleSpot) -> None:
        """On an actor: draw a link from it to the actor clicked next. On a link: it is selected, and can
        be edited or deleted."""
        if spot.actor_id is not None:
            link_to = QAction(tr("&Link to another actor…"), menu)
            link_to.triggered.connect(lambda: self.link_from(spot.actor_id))
            link_to.setEnabled(self.editable)
            entries = menu.actions()
            after = next((i for i, a in enumerate(entries) if a.menu() is not None), len(entries) - 1)
            menu.insertAction(entries[after + 1] if after + 1 < len(entries) else None, link_to)
            return
        mark = self.window.scene.link_layer.link_at(spot.scene_pos, self.gestures.tolerance())
        if mark is None:
            return
        self.gestures.select_link(mark.link_id)
        first = menu.actions()[0] if menu.actions() else None
        edit = QAction(tr("Edit the &link"), menu)
        edit.triggered.connect(lambda: (self.inspector_dock.show(), self.inspector_dock.raise_()))
        menu.insertActions(first, [edit, self.delete_action])
        menu.insertSeparator(first)

    def link_from(self, actor_id: str | None) -> None:
        """A link from ``actor_id`` to the actor clicked next; the status bar says how."""
        if actor_id is not None and self.gestures.start_from(actor_id):
            self.window.statusBar().showMessage(tr("Click the actor to link to (Esc cancels)."), 8000)

    def write_typed(self) -> None:
        """A link edit typed in the inspector but not applied: applied now, as usual when it is valid."""
        if self.inspector.pending():
            self.inspector.apply()

    def _on_document_changed(self, _change: object) -> None:
        self.refresh()

    @property
    def editable(self) -> bool:
        doc = self.window.document
        return doc is not None and not doc.readonly

    def refresh(self) -> None:
        """After the circle was brought up to date: the selected link, the inspector, counts, highlight."""
        self.gestures.refresh()
        self._show_selected_link()
        self.update_counts()
        self.tool_action.setEnabled(self.editable)
        if not self.editable and self.tool_action.isChecked():
            self.tool_action.setChecked(False)
        self.update_focus()

    def update_counts(self) -> None:
        """The cross-track table, while it is shown (thousands of links: not counted for nothing)."""
        if not self.cross_dock.isHidden():  # open, even as a tab behind another
            self.cross_track.set_counts(link_focus.track_counts(self.window.scene))

    def _show_selected_link(self) -> None:
        doc = self.window.document
        link_id = self.gestures.selected_link_id
        link = doc.link(link_id) if doc is not None and link_id is not None else None
        self.inspector.show_link(link, doc.actors if doc is not None else [], editable=self.editable)
        self.delete_action.setEnabled(link is not None and self.editable)

    # ------------------------------------------------------------------ selection and focus

    def _on_link_selection(self, link_id: str | None) -> None:
        self._show_selected_link()
        if link_id is not None:
            self.chosen_tracks = None
            self.cross_track.clear_choice()
            self.inspector_dock.show()
            self.inspector_dock.raise_()
        self.update_focus()

    def _on_actor_selection(self, ids: list[str]) -> None:
        self.selected_actors = [i for i in ids if i in self.window.scene.actor_items]
        if ids:
            if self.gestures.selected_link_id is not None:
                self.gestures.select_link(None)
            self.chosen_tracks = None
            self.cross_track.clear_choice()
            if not self.window.inspector_dock.isHidden():
                self.window.inspector_dock.raise_()
        self.update_focus()

    def _on_cell_chosen(self, pair: tuple[int, int] | None) -> None:
        self.chosen_tracks = pair
        if pair is not None:
            if self.window.scene.selected_actor_ids():
                self.window.scene.clearSelection()
            self.gestures.select_link(None)
        self.update_focus()

    def current_focus(self) -> link_focus.Focus | None:
        scene = self.window.scene
        marks = scene.link_items
        selected = [i for i in self.selected_actors if i in scene.actor_items]
        if selected and self.focus_action.isChecked():
            return link_focus.neighbourhood(selected, marks)
        if self.gestures.selected_link_id is not None:
            return link_focus.of_links([self.gestures.selected_link_id], marks)
        if self.chosen_tracks is not None:
            return link_focus.of_links(link_focus.between_tracks(*self.chosen_tracks, scene), marks)
        return None

    def update_focus(self) -> None:
        link_focus.apply_focus(self.window.scene, self.current_focus())

    # ------------------------------------------------------------------ editing

    def _push(self, change: ChangeSet) -> None:
        doc = self.window.document
        if change and doc is not None:
            self.window.undo_stack.push(AppliedChange(doc, change, on_error=self.window.show_undo_error))

    def _on_link_drawn(self, source: str, target: str, at: QPoint) -> None:
        kind = self.choose_kind(at)
        if kind is not None:
            self.create_link(source, target, kind)

    def create_link(self, source: str, target: str, kind: m.LinkKind) -> str | None:
        """A new link (an arrow from ``source`` for influence and funding), selected; one undo step."""
        doc = self.window.document
        if doc is None or doc.readonly:
            return None
        try:
            change = doc.create_link(source, target, kind=kind, directed=kind in ARROW_KINDS)
        except StorageError as exc:
            show_error(self.window, exc)
            return None
        self._push(change)
        link_id = change.created["link"]
        self.gestures.select_link(link_id)
        return link_id

    def _on_edit_requested(self, link_id: str, fields: dict[str, object]) -> None:
        doc = self.window.document
        if doc is None:
            return
        try:
            change = doc.update_link(link_id, **fields)
        except InvalidEdit as exc:
            self.inspector.show_refusal(str(exc))
            return
        except StorageError as exc:
            show_error(self.window, exc)
            return
        self._push(change)

    def delete_link(self, link_id: str | None) -> None:
        doc = self.window.document
        if doc is None or doc.readonly or link_id is None:
            return
        try:
            change = doc.delete_link(link_id)
        except StorageError as exc:
            show_error(self.window, exc)
            return
        self._push(change)


def install(window: MainWindow) -> None:
    """Add this feature's docks, menu entries and connections to ``window`` (as ``window.links``)."""
    window.links = LinksFeature(window)  # type: ignore[attr-defined]
    window.typing_keepers.append(window.links.write_typed)  # type: ignore[attr-defined]
