"""The main window: the circle in the middle, the library on the left, the inspector on the right.

A thin layer: it reads through ``OpenWorkshop`` (which reads through the service), turns
gestures into service calls and pushes one undo command per call. It never holds SQL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QUndoView,
    QWidget,
)

from .. import __version__
from ..canvas.items import ActorItem
from ..canvas.link_marks import gc_paused
from ..canvas.scene import CircleScene, Drop, drop_at, track_under
from ..canvas.view import CircleView
from ..commands import AppliedChange
from ..document import OpenWorkshop
from ..storage.changes import ChangeSet
from ..storage.crypto import Key
from ..storage.database import WorkshopFile
from ..storage.errors import InvalidEdit, StorageError
from .actor_actions import ActorActions
from .file_actions import FileActions
from .filter_bar import FilterBar
from .inspector import ActorInspector
from .library import LibraryPanel
from .opening import open_for_window, show_error
from .settings import WindowSettings

APP_TITLE = "Multitrack Desktop"


def _shown_on_circle(change: ChangeSet) -> bool:
    """Whether ``change`` touches what the circle, the library or the title show.

    Every edit stamps the workshop's ``updated_at``; that alone changes nothing on screen.
    """
    for row in change.rows:
        if row.table in ("actors", "links"):
            return True
        if row.table == "workshop":
            before, after = row.before or {}, row.after or {}
            if any(k != "updated_at" and before.get(k) != v for k, v in after.items()):
                return True
    return False


def _keys(standard: QKeySequence.StandardKey, *extra: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` first, then ``extra`` (the same on every platform), once each."""
    keys: list[QKeySequence] = []
    for key in (*QKeySequence.keyBindings(standard), *(QKeySequence(e) for e in extra)):
        if not key.isEmpty() and all(key != k for k in keys):
            keys.append(key)
    return keys


@dataclass(frozen=True)
class CircleSpot:
    """Where the circle's context menu was asked for: the actor there (None: none), the scene point."""

    actor_id: str | None
    scene_pos: QPointF


def _follow(button: QAction, source: QAction) -> None:
    """``button`` enabled as ``source`` is, its tooltip ``source``'s whole words ("Undo Move actor")."""
    button.setEnabled(source.isEnabled())
    button.setToolTip(source.text().replace("&", ""))


class MainWindow(QMainWindow):
    #: emitted after a workshop was opened in this window or closed (``self.document`` is the new one or None)
    document_replaced = Signal()
    #: list[str]: the actors now selected, however they were chosen (circle, library, search, code)
    selection_shown = Signal(list)
    #: (QMenu, CircleSpot): the circle's context menu is being made; features add their entries to it
    circle_menu_made = Signal(object, object)

    def __init__(self, *, settings: WindowSettings | None = None, remember_geometry: bool = True) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.settings = settings or WindowSettings()
        self.remember_geometry = remember_geometry
        self.document: OpenWorkshop | None = None
        self.undo_stack = QUndoStack(self)
        self._syncing = False
        #: features add how to write what is typed in them before the workshop closes (see ``write_typed``)
        self.typing_keepers: list[Callable[[], None]] = []

        self.scene = CircleScene(self)
        self.view = CircleView(self.scene, self)
        self.setCentralWidget(self.view)

        self.library = LibraryPanel(self)
        self.library_dock = self._dock(
            "LibraryDock", self.tr("Actors"), self.library, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.inspector = ActorInspector(self)
        self.inspector_dock = self._dock(
            "InspectorDock", self.tr("Actor"), self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.resizeDocks([self.library_dock, self.inspector_dock], [265, 250], Qt.Orientation.Horizontal)
        self.history = QUndoView(self.undo_stack, self)
        self.history.setEmptyLabel(self.tr("Opened"))
        self.history_dock = self._dock(
            "HistoryDock", self.tr("History"), self.history, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.history_dock.hide()  # shown from View › History

        self.filter_bar = FilterBar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.filter_bar)
        self.filter_bar.filter_changed.connect(self._on_filter_changed)

        self.counts_label = QLabel(self)
        self.mode_label = QLabel(self)
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.mode_label)

        self.actor_actions = ActorActions(self)
        self.file_actions = FileActions(self)
        self.library.set_actions(self.actor_actions.actions)
        self.library.list.addAction(self.actor_actions.place_menu.menuAction())
        self._build_actions()
        self._build_menus()
        self._build_main_bar()

        self.scene.actor_selection_changed.connect(self._on_scene_selection)
        self.view.context_menu_requested.connect(self._show_circle_menu)
        #: the circle's context menu last shown (kept for the tests and for features)
        self.circle_menu: QMenu | None = None
        self.scene.actors_dropped.connect(self._on_actors_dropped)
        self.library.selection_changed.connect(self._on_library_selection)
        self.inspector.edit_requested.connect(self._on_edit_requested)

        # Each feature adds its docks, menu entries and connections (docks before the saved layout is restored).
        from . import exporting, links_ui, locking, presenting, search_ui, sessions_ui, shortcuts_help

        for feature in (sessions_ui, links_ui, search_ui, presenting, exporting, locking, shortcuts_help):
            feature.install(self)

        self.resize(1400, 900)
        if remember_geometry:
            self._restore_geometry()
        self._show_document()

    # ------------------------------------------------------------------ building

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.open_demo_action = self._action(self.tr("Open &demo workshop"), self.open_demo)
        self.close_action = self._action(self.tr("&Close"), self.close_document)
        self.close_action.setShortcuts(_keys(QKeySequence.StandardKey.Close, "Ctrl+W"))
        self.quit_action = self._action(self.tr("&Quit"), self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts(_keys(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts(_keys(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
        self.quit_action.setShortcuts(_keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"))

        self.find_action = self._action(self.tr("&Find an actor"), self.find, QKeySequence.StandardKey.Find)
        self.zoom_in_action = self._action(self.tr("Zoom &in"), self.view.zoom_in)
        self.zoom_in_action.setShortcuts(_keys(QKeySequence.StandardKey.ZoomIn, "Ctrl++", "Ctrl+="))
        self.zoom_out_action = self._action(self.tr("Zoom &out"), self.view.zoom_out)
        self.zoom_out_action.setShortcuts(_keys(QKeySequence.StandardKey.ZoomOut, "Ctrl+-"))
        self.fit_action = self._action(self.tr("&Fit the circle"), self.view.fit, QKeySequence("Ctrl+0"))
        self.full_screen_action = self._action(self.tr("F&ull screen"), self._toggle_full_screen)
        self.full_screen_action.setShortcuts(_keys(QKeySequence.StandardKey.FullScreen, "F11"))
        self.full_screen_action.setCheckable(True)

        self.about_action = self._action(self.tr("&About Multitrack Desktop"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_main_bar(self) -> None:
        """What a facilitator reaches for most, before the filters: new, open, undo, redo, zoom, fit."""
        bar = self.main_bar = QToolBar(self.tr("Main"), self)
        bar.setObjectName("MainToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # the buttons' words (iconText) are short; the menus keep the whole words
        self.file_actions.new_action.setIconText(self.tr("New"))
        self.open_action.setIconText(self.tr("Open"))
        self.fit_action.setIconText(self.tr("Fit"))
        bar.addActions([self.file_actions.new_action, self.open_action])
        bar.addSeparator()
        # short labels that stay put (the Edit menu's say what they undo; the buttons' tooltips too)
        self.undo_button_action = QAction(self.tr("Undo"), self)
        self.undo_button_action.triggered.connect(self.undo_stack.undo)
        self.redo_button_action = QAction(self.tr("Redo"), self)
        self.redo_button_action.triggered.connect(self.undo_stack.redo)
        for button, source in (
            (self.undo_button_action, self.undo_action),
            (self.redo_button_action, self.redo_action),
        ):
            _follow(button, source)
            source.changed.connect(functools.partial(_follow, button, source))
        bar.addActions([self.undo_button_action, self.redo_button_action])
        bar.addSeparator()
        bar.addActions([self.zoom_out_action, self.zoom_in_action, self.fit_action])
        self.insertToolBar(self.filter_bar, bar)
        self.view_menu.insertAction(self.filter_bar.toggleViewAction(), bar.toggleViewAction())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.file_actions.new_action, self.open_action])
        file_menu.addMenu(self.file_actions.recent_menu)
        file_menu.addAction(self.open_demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.file_actions.save_copy_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(self.actor_actions.actions)
        edit_menu.addMenu(self.actor_actions.place_menu)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        view_menu = self.view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.fit_action])
        view_menu.addSeparator()
        self.history_action = self.history_dock.toggleViewAction()
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        view_menu.addActions(
            [
                self.library_dock.toggleViewAction(),
                self.inspector_dock.toggleViewAction(),
                self.history_action,
            ]
        )
        view_menu.addAction(self.filter_bar.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self.full_screen_action)
        #: features add their own menu entries here (exports, presenting, locking…)
        self.workshop_menu = bar.addMenu(self.tr("&Workshop"))
        help_menu = self.help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    # ------------------------------------------------------------------ the open workshop

    def set_file(self, file: WorkshopFile) -> None:
        """Show ``file`` (the window takes ownership and closes it when done)."""
        # Reading and showing a workshop makes tens of thousands of objects that outlive the call:
        # collections meanwhile would walk the whole heap and find no garbage (one runs after).
        with gc_paused():
            try:
                document = OpenWorkshop(file, self)
            except StorageError:
                file.close()
                raise
            self._release_document()
            self.document = document
            document.changed.connect(self._on_document_changed)
            self._show_document()
            self.document_replaced.emit()
        if file.backup_warning:
            self.statusBar().showMessage(file.backup_warning, 15000)

    def write_typed(self) -> None:
        """Write what is being typed to the file now (the workshop is about to close or lock): an actor
        edit typed in the inspector but not applied (applied as usual when it is valid), then what
        the features keep (``typing_keepers``: the live line's draft, a session title, a link's note)."""
        if self.document is None:
            return
        if self.inspector.pending():
            self.inspector.apply()
        for keep in self.typing_keepers:
            keep()

    def _release_document(self) -> None:
        if self.document is not None:
            self.write_typed()  # closing, or another workshop opening: nothing typed is lost
        self.undo_stack.clear()
        if self.document is not None:
            self.document.changed.disconnect(self._on_document_changed)
            self.document.close()
            self.document.deleteLater()
            self.document = None

    def close_document(self) -> None:
        self._release_document()
        self._show_document()
        self.document_replaced.emit()

    def _show_document(self) -> None:
        doc = self.document
        if doc is None:
            self.scene.clear_content()
            self.library.set_actors([])
            self.inspector.show_actor(None)
        else:
            self.scene.set_content(doc.actors, doc.links, editable=not doc.readonly)
            self.library.set_actors(doc.actors)
            self.filter_bar.set_tags(t for a in doc.actors for t in a.tags)
            self._show_selection(self.library.selected_ids())  # the library holds the unplaced too
        self.close_action.setEnabled(doc is not None)
        self.file_actions.save_copy_action.setEnabled(doc is not None)
        self.actor_actions.update_enabled()
        self._update_title()
        self._update_status()

    def _on_document_changed(self, change: object) -> None:
        if isinstance(change, ChangeSet) and not _shown_on_circle(change):
            return  # an entry, a session, a snapshot: nothing the circle or the library shows
        self._show_document()

    def _on_filter_changed(self, circle_filter: object) -> None:
        self.scene.set_filter(circle_filter)  # type: ignore[arg-type]
        self._update_status()

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle(APP_TITLE)
            return
        suffix = self.tr(" (read-only)") if self.document.readonly else ""
        self.setWindowTitle(f"{self.document.title}{suffix} — {APP_TITLE}")

    def _update_status(self) -> None:
        doc = self.document
        if doc is None:
            self.counts_label.setText(
                self.tr("No workshop open. Use File › Open… or File › Open demo workshop.")
            )
            self.mode_label.setText("")
            return
        placed = sum(1 for a in doc.actors if a.track is not None)
        self.counts_label.setText(
            self.tr("{actors} actors: {placed} on the circle, {loose} in the library · {links} links").format(
                actors=len(doc.actors), placed=placed, loose=len(doc.actors) - placed, links=len(doc.links)
            )
            + (
                self.tr(" · filtered: {shown} shown").format(shown=len(self.scene.shown_actor_ids()))
                if self.scene.filter.active
                else ""
            )
        )
        self.mode_label.setText(self.tr("Read-only") if doc.readonly else self.tr("Saved automatically"))

    # ------------------------------------------------------------------ selection

    def _on_scene_selection(self, ids: list[str]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.library.select_ids(ids)
        finally:
            self._syncing = False
        self._show_selection(ids)

    def _on_library_selection(self, ids: list[str]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.scene.select_actors(ids)
        finally:
            self._syncing = False
        self._show_selection(ids)

    def _show_selection(self, ids: Sequence[str]) -> None:
        doc = self.document
        actor = doc.actor(ids[0]) if doc is not None and len(ids) == 1 else None
        self.inspector.show_actor(actor, count=len(ids), editable=doc is not None and not doc.readonly)
        self.actor_actions.update_enabled()
        self.selection_shown.emit(list(ids))

    def select_actor(self, actor_id: str) -> None:
        self.select_actors([actor_id])

    def select_actors(self, ids: Sequence[str]) -> None:
        """Select ``ids`` in the library and on the circle, and show them in the inspector."""
        self.library.select_ids(ids)
        self._on_library_selection(list(ids))

    # ------------------------------------------------------------------ the circle's context menu

    def _show_circle_menu(self, where: QPointF, screen: QPoint) -> None:
        """A right click on the circle: the actor's menu (the actor selected first), else the circle's."""
        item = next((i for i in self.scene.items(where) if isinstance(i, ActorItem) and i.isVisible()), None)
        spot = CircleSpot(item.actor_id if item is not None else None, QPointF(where))
        if item is not None and item.actor_id not in self.scene.selected_actor_ids():
            self.select_actors([item.actor_id])
        menu = QMenu(self)
        editable = self.document is not None and not self.document.readonly
        if spot.actor_id is not None:
            edit = menu.addAction(self.tr("&Edit in the inspector"), self.edit_selected)
            edit.setEnabled(len(self.scene.selected_actor_ids()) == 1)
            menu.addSeparator()
            menu.addActions([self.actor_actions.duplicate_action, self.actor_actions.delete_action])
            menu.addMenu(self.actor_actions.place_menu)
        else:
            here = menu.addAction(self.tr("&New actor here"), lambda: self.new_actor_at(spot.scene_pos))
            here.setEnabled(editable and track_under(spot.scene_pos) is not None)
            menu.addSeparator()
            menu.addActions([self.zoom_in_action, self.zoom_out_action, self.fit_action])
        self.circle_menu_made.emit(menu, spot)
        if self.circle_menu is not None:
            self.circle_menu.deleteLater()
        self.circle_menu = menu
        menu.popup(screen)

    def edit_selected(self) -> None:
        """The inspector, in front, its name field ready to type over."""
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        name = self.inspector.editor("name")
        name.setFocus()
        name.selectAll()  # type: ignore[attr-defined]

    def new_actor_at(self, where: QPointF) -> str | None:
        """A new actor put on the circle at ``where`` (one undo step), its name ready to type over."""
        if track_under(where) is None:
            return None
        self.undo_stack.beginMacro(self.tr("Add actor here"))
        try:
            actor_id = self.actor_actions.new_actor()
            if actor_id is not None:
                self._on_actors_dropped([drop_at(actor_id, where)])
        finally:
            self.undo_stack.endMacro()
        if actor_id is not None:
            self.edit_selected()
        return actor_id

    # ------------------------------------------------------------------ editing

    def _on_actors_dropped(self, drops: list[Drop]) -> None:
        if self.document is None:
            return
        try:
            change = self.document.move_actors([(d.actor_id, d.track, d.placement) for d in drops])
        except StorageError as exc:
            self._show_document()  # the marks go back where the file says they are
            show_error(self, exc)
            return
        if change:
            self.undo_stack.push(AppliedChange(self.document, change, on_error=self.show_undo_error))
        placed = [d.actor_id for d in drops if d.track is not None]
        if placed and set(placed) != set(self.scene.selected_actor_ids()):
            self.select_actors(placed)  # dropped from the library: they are what the facilitator works on

    def _on_edit_requested(self, actor_id: str, fields: dict[str, object]) -> None:
        if self.document is None:
            return
        try:
            change = self.document.update_actor(actor_id, **fields)
        except InvalidEdit as exc:
            self.inspector.show_refusal(str(exc))  # beside the form, which keeps what was typed
            return
        except StorageError as exc:
            show_error(self, exc)
            return
        if change:
            self.undo_stack.push(AppliedChange(self.document, change, on_error=self.show_undo_error))

    def show_undo_error(self, exc: StorageError) -> None:
        """An undo or redo the file refused: the history no longer matches the file, so it is cleared.

        The step's index has already moved inside QUndoStack; keeping the history would let a
        later undo replay changes against a file in another state than the one recorded.
        """
        QTimer.singleShot(0, self.undo_stack.clear)  # not from inside the stack's own undo()
        show_error(
            self,
            StorageError(
                str(exc)
                + "\n\n"
                + self.tr("The workshop is as it was before; the undo history was cleared to match it.")
            ),
        )

    # ------------------------------------------------------------------ file menu

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a workshop"),
            self.settings.last_folder(),
            self.tr("Multitrack workshops (*.multitrack);;All files (*)"),
        )
        if path:
            self.settings.set_last_folder(str(Path(path).parent))
            self.open_path(Path(path))

    def open_path(self, path: Path, *, remember: bool = True, key: Key | None = None) -> bool:
        """Open ``path`` in this window (saying why when it cannot be); ``remember``: list it in Open Recent;
        ``key``: the passphrase's key to try first on an encrypted file (a wrong one: the window asks)."""
        file = open_for_window(path, self, key=key)
        if file is None:
            return False
        try:
            self.set_file(file)
        except StorageError as exc:
            show_error(self, exc)
            return False
        if remember:
            self.settings.add_recent_file(str(Path(path).resolve()))
        return True

    def find(self) -> None:
        """Find an actor: the library's search box, ready to type."""
        self.library_dock.show()
        self.library_dock.raise_()
        self.library.search.setFocus()
        self.library.search.selectAll()

    def open_demo(self) -> None:
        from ..services.files import fresh_demo_copy

        try:
            path = fresh_demo_copy()
        except StorageError as exc:
            show_error(self, exc)
            return
        self.open_path(path, remember=False)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Multitrack Desktop"),
            self.tr(
                "Multitrack Desktop {version}\n\nMap and record multi-track diplomacy workshops, offline.\n"
                "The circle follows Diamond and McDonald's nine tracks (IMTD, 1991)."
            ).format(version=__version__),
        )

    def _toggle_full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    # ------------------------------------------------------------------ geometry

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_geometry:
            self.settings.save_window(self.saveGeometry(), self.saveState())
        self._release_document()
        super().closeEvent(event)
