"""Search everything: the Search dock, Edit › Search everything… (Ctrl+Shift+F), and opening what was found.

Installed into the main window by ``install(window)`` (see MainWindow.__init__); kept on the
window as ``window.search``. Searches run on the window's thread, through the open workshop's
own file (``window.document.file``): a read-only workshop searches too, and there is never a
second connection to the file. The results follow the file: after an edit the current query
runs again (once the edits pause, and only while the dock is shown), and opening or closing a
workshop clears them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu

from ..canvas.items import kind_label
from ..domain import geometry
from ..services import search as search_service
from ..services.search import SearchHit
from ..storage.errors import StorageError
from .search_panel import SearchPanel

if TYPE_CHECKING:
    from ..document import OpenWorkshop
    from .main_window import MainWindow

#: after an edit, the query runs again once the edits have paused this long
REFRESH_DELAY_MS = 250
#: the dock is given at least this height when opened (room for a few hits)
MIN_HEIGHT = 380
#: a dock left lower than this, or leaving the inspector lower (a small screen), becomes a tab beside it
TAB_BELOW = 240


def tr(text: str) -> str:
    return QCoreApplication.translate("Search", text)


class SearchUi(QObject):
    """The Search dock and what connects it to the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = SearchPanel()
        self.panel.where = self._where
        self.dock = QDockWidget(tr("Search"), window)
        self.dock.setObjectName("SearchDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        # on the right, under the inspector and the session docks (not a tab among them: what a
        # hit opens shows there, above the list, which stays in sight)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock, Qt.Orientation.Vertical)
        self.dock.hide()  # shown from Edit › Search everything…

        self.action = QAction(tr("Search &everything…"), window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.action.setStatusTip(tr("Search actors, sessions, entries and actions"))
        self.action.triggered.connect(self.show)
        _add_after(window.edit_menu, window.find_action, self.action)  # beside Find an actor
        self.toggle_action = self.dock.toggleViewAction()
        window.view_menu.addAction(self.toggle_action)

        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self._refresh_now)
        self._stale = False
        self._document: OpenWorkshop | None = None
        self._titles: dict[str, str] | None = None

        self.panel.open_requested.connect(self.open_hit)
        self.dock.visibilityChanged.connect(self._on_visibility)
        window.document_replaced.connect(self._on_document_replaced)
        self._on_document_replaced()

    # ------------------------------------------------------------------ showing

    def show(self) -> None:
        """The dock, in front, its line focused with what was typed before selected (ready to type over)."""
        self.dock.show()
        self.dock.raise_()
        self.panel.focus_line()
        QTimer.singleShot(0, self, self._make_room)  # once the dock has its place in the layout

    def _make_room(self) -> None:
        dock = self.dock
        if not dock.isVisible() or dock.isFloating() or self._tabbed_with_inspector():
            return
        if dock.height() < MIN_HEIGHT:
            self.window.resizeDocks([dock], [MIN_HEIGHT], Qt.Orientation.Vertical)
            QTimer.singleShot(0, self, self._tab_if_cramped)  # once the layout has the new sizes

    def _tab_if_cramped(self) -> None:
        """On a small screen the docks above leave room for a hit or two (or the search leaves the
        inspector a sliver): the dock becomes a tab beside the inspector instead, the whole height
        of the column."""
        window, dock = self.window, self.dock
        if (
            dock.isVisible()
            and not dock.isFloating()
            and min(dock.height(), window.inspector_dock.height()) < TAB_BELOW
            and window.dockWidgetArea(dock) == window.dockWidgetArea(window.inspector_dock)
        ):
            had_focus = dock.isAncestorOf(QApplication.focusWidget())
            window.tabifyDockWidget(window.inspector_dock, dock)
            dock.show()
            dock.raise_()
            if had_focus:
                self.panel.focus_line()

    def _tabbed_with_inspector(self) -> bool:
        return self.window.inspector_dock in self.window.tabifiedDockWidgets(self.dock)

    def search(self, query: str) -> list[SearchHit]:
        """Type ``query`` into the dock and search at once (scripts and tests); the hits shown."""
        self.panel.line.setText(query)
        self.panel.flush()
        return self.panel.hits()

    # ------------------------------------------------------------------ what is searched

    def _on_document_replaced(self) -> None:
        doc = self.window.document
        self._refresh.stop()
        self._stale = False
        self._titles = None
        if doc is not None and doc is not self._document:
            doc.changed.connect(self._on_changed)
        self._document = doc
        self.panel.set_searcher(self._searcher(doc))

    def _searcher(self, doc: OpenWorkshop | None) -> Callable[[str, int], list[SearchHit]] | None:
        if doc is None:
            return None
        file = doc.file
        return lambda query, limit: search_service.search(file, query, limit=limit)

    def _on_changed(self, change: Any) -> None:
        if self.sender() is not self._document:
            return  # a workshop this window no longer shows
        if change is None or "sessions" in change.tables():
            self._titles = None
        if not self.panel.query.strip():
            return
        if self.dock.isVisible():
            self._refresh.start()
        else:
            self._stale = True  # runs when the dock is shown again

    def _on_visibility(self, visible: bool) -> None:
        if visible and self._stale:
            self._refresh.start()

    def _refresh_now(self) -> None:
        self._stale = False
        self.panel.run()

    def _where(self, hit: SearchHit) -> str | None:
        """An actor's place on the circle and kind; the title of an entry's or an action's session."""
        doc = self._document
        if doc is None:
            return None
        if hit.kind == "actor":
            actor = doc.actor(hit.id)
            if actor is None:
                return None
            if actor.track is None:
                where = tr("not on the circle")
            else:
                where = tr("Track {n} · {name}").format(
                    n=actor.track, name=tr(geometry.TRACK_NAMES[actor.track])
                )
            return f"{where} · {kind_label(actor.kind)}"
        if hit.kind not in ("entry", "action") or hit.session_id is None:
            return None
        if self._titles is None:
            try:
                self._titles = {s.id: s.title for s in doc.service.sessions()}
            except StorageError:
                return None
        return self._titles.get(hit.session_id)

    # ------------------------------------------------------------------ opening what was found

    def open_hit(self, hit: SearchHit) -> bool:
        """Show what ``hit`` found: an actor selected (library, circle, inspector); a session, an entry
        or an action in the sessions docks. False, with a line in the dock saying why, when it cannot be."""
        self.panel.show_error("")
        try:
            if hit.kind == "actor":
                return self._open_actor(hit.id)
            sessions = getattr(self.window, "sessions", None)
            if hit.kind == "session":
                opened = self._call(sessions, "open_session", hit.id)
            elif hit.kind == "entry":
                opened = self._call(sessions, "open_entry", hit.session_id, hit.id)
            elif hit.kind == "action":
                opened = self._call(sessions, "open_action", hit.id)
            else:
                opened = False
        except StorageError as exc:
            self.panel.show_error(str(exc))
            return False
        if opened is False:
            self.panel.show_error(tr("This could not be opened; it may have been deleted."))
            return False
        if opened is None:
            self.panel.show_error(tr("Sessions cannot be opened in this window."))
            return False
        return True

    @staticmethod
    def _call(target: object, name: str, *args: object) -> bool | None:
        method = getattr(target, name, None)
        if not callable(method):
            return None
        result = method(*args)
        return True if result is None else bool(result)

    def _open_actor(self, actor_id: str) -> bool:
        window = self.window
        if window.document is None or window.document.actor(actor_id) is None:
            self.panel.show_error(tr("This actor is no longer in the workshop."))
            return False
        window.library_dock.show()
        if not self._tabbed_with_inspector():  # raising it would hide the results
            window.inspector_dock.show()
            window.inspector_dock.raise_()
        window.select_actors([actor_id])
        window.library.list.scrollTo(window.library.list.currentIndex())
        item = window.scene.actor_items.get(actor_id)
        if item is not None:
            window.view.ensureVisible(item, 40, 40)
        return True


def _add_after(menu: QMenu, anchor: QAction, action: QAction) -> None:
    actions = menu.actions()
    if anchor in actions and actions.index(anchor) + 1 < len(actions):
        menu.insertAction(actions[actions.index(anchor) + 1], action)
    else:
        menu.addAction(action)


def install(window: MainWindow) -> None:
    """Add the Search dock, Edit › Search everything… and their connections to ``window``."""
    window.search = SearchUi(window)  # type: ignore[attr-defined]
