"""The library dock: every actor, on the circle or not, searchable by name, track and kind."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QToolBar, QVBoxLayout, QWidget

from ..canvas import style
from ..canvas.items import kind_label
from ..canvas.mime import ACTOR_IDS_MIME, actor_ids_mime
from ..domain import geometry
from ..domain.model import Actor
from ..storage import search_index

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


#: names and queries folded as the search index folds them: case, accents, Arabic marks and forms, ё
fold = search_index.fold


_ICONS: dict[int | None, QIcon] = {}


def _track_icon(track: int | None) -> QIcon:
    """A swatch of the track's colour (an empty ring for actors in the library)."""
    if track not in _ICONS:
        pixmap = QPixmap(28, 28)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if track is None:
            painter.setPen(QColor("#8A939B"))
            painter.setBrush(QColor(0, 0, 0, 0))
        else:
            painter.setPen(style.INK)
            painter.setBrush(style.band_fill(track))
        painter.drawEllipse(3, 3, 22, 22)
        painter.end()
        _ICONS[track] = QIcon(pixmap)
    return _ICONS[track]


def _sort_key(actor: Actor) -> tuple[str, str]:
    return (actor.name.casefold(), actor.id)


class ActorListModel(QAbstractListModel):
    """The library's rows, kept sorted by name; a drag of rows carries their actor ids (see ``canvas.mime``).

    Each row's texts are made when the list first asks for them (a workshop of thousands opens
    with a screenful shown), and a changed actor's row is updated, or moved to its new place by
    name, without rebuilding the rest (selection and scroll position stay).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actors: list[Actor] = []
        self._keys: list[tuple[str, str]] = []
        self._row_of: dict[str, int] = {}
        #: per actor id: (display text, search text), made on first use
        self._texts: dict[str, tuple[str, str]] = {}

    # ------------------------------------------------------------------ contents

    def set_actors(self, actors: Sequence[Actor]) -> None:
        """Every row anew (the model is reset)."""
        self.beginResetModel()
        self._actors = sorted(actors, key=_sort_key)
        self._keys = [_sort_key(a) for a in self._actors]
        self._row_of = {a.id: r for r, a in enumerate(self._actors)}
        self._texts = {}
        self.endResetModel()

    def update_actor(self, actor: Actor) -> None:
        """One actor's row: its texts, and its place by name."""
        row = self._row_of[actor.id]
        self._texts.pop(actor.id, None)
        key = _sort_key(actor)
        to = bisect.bisect_left([*self._keys[:row], *self._keys[row + 1 :]], key)  # its row once moved
        if to != row:
            # Qt counts the destination before the row leaves: one further down when moving down
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if to > row else to)
        del self._actors[row], self._keys[row]
        self._actors.insert(to, actor)
        self._keys.insert(to, key)
        if to != row:
            low, high = min(row, to), max(row, to)
            for r in range(low, high + 1):
                self._row_of[self._actors[r].id] = r
            self.endMoveRows()
        index = self.index(to, 0)
        self.dataChanged.emit(index, index)

    def actor_at(self, row: int) -> Actor:
        return self._actors[row]

    def row_of(self, actor_id: str) -> int | None:
        return self._row_of.get(actor_id)

    def _texts_of(self, actor: Actor) -> tuple[str, str]:
        texts = self._texts.get(actor.id)
        if texts is None:
            if actor.track is None:
                where = self.tr("not on the circle")
            else:
                where = self.tr("Track {n} · {name}").format(
                    n=actor.track, name=self.tr(geometry.TRACK_NAMES[actor.track])
                )
            detail = f"{where} · {kind_label(actor.kind)}"
            search = fold(" ".join([actor.name, *actor.also_known_as, actor.alias or "", detail]))
            texts = self._texts[actor.id] = (f"{actor.name}\n{detail}", search)
        return texts

    # ------------------------------------------------------------------ Qt's model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._actors)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._actors):
            return None
        actor = self._actors[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts_of(actor)[0]
        if role == SEARCH_ROLE:
            return self._texts_of(actor)[1]
        if role == ACTOR_ID_ROLE:
            return actor.id
        if role == Qt.ItemDataRole.DecorationRole:
            return _track_icon(actor.track)
        if role == Qt.ItemDataRole.ToolTipRole:
            return actor.name
        if role == Qt.ItemDataRole.ForegroundRole and actor.track is None:
            return QColor(Qt.GlobalColor.darkGray)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [ACTOR_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt's name
        rows = sorted({i.row() for i in indexes if i.isValid()})
        actors = [self._actors[r] for r in rows]
        return actor_ids_mime([a.id for a in actors], "\n".join(a.name for a in actors))

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt's name
        # Copy, never Move: after a Move the view would remove the dragged rows from the list itself.
        return Qt.DropAction.CopyAction


class LibraryPanel(QWidget):
    #: list[str]: the actors selected in the list
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search actors"))
        self.search.setClearButtonEnabled(True)
        self.model = ActorListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)  # the model keeps its rows sorted by name
        self._shown: dict[str, Actor] = {}
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)  # every row: an icon and two lines of one font
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setIconSize(QSize(14, 14))
        self.list.setSpacing(2)
        self.list.setFont(style.label_font(13))
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.toolbar = QToolBar(self.tr("Actors"), self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)
        self.list.selectionModel().selectionChanged.connect(self._on_selection)
        self._quiet = False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(265, 600)

    def set_actions(self, actions: Sequence[QAction]) -> None:
        """The window's actor actions (new, duplicate, delete…), on the toolbar and the list's context menu."""
        for action in actions:
            self.toolbar.addAction(action)
            self.list.addAction(action)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(fold(text.strip()))

    def set_actors(self, actors: Sequence[Actor]) -> None:
        """Show ``actors``: the rows of changed actors updated in place, or the list rebuilt.

        In place, a rename in a workshop of thousands touches one row (the list keeps itself
        sorted), and the selection and scroll position stay as they were.
        """
        wanted = {a.id: a for a in actors}
        if wanted.keys() == self._shown.keys():
            changed = [a for a in actors if self._shown[a.id] != a]
            if len(changed) <= 64:
                self._quiet = True
                try:
                    for actor in changed:
                        self.model.update_actor(actor)
                finally:
                    self._quiet = False
                self._shown = wanted
                return
        selected = set(self.selected_ids())
        self._quiet = True
        try:
            self.model.set_actors(actors)
        finally:
            self._quiet = False
        self._shown = wanted
        if selected:
            self.select_ids(selected)

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def ids_shown(self) -> list[str]:
        return [self.proxy.index(r, 0).data(ACTOR_ID_ROLE) for r in range(self.proxy.rowCount())]

    def text_of(self, actor_id: str) -> str | None:
        row = self.model.row_of(actor_id)
        return None if row is None else str(self.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole))

    def drag_data(self, ids: Iterable[str]) -> QMimeData:
        """What dragging the rows of ``ids`` carries (the list view asks the model the same way)."""
        wanted = set(ids)
        rows = [
            self.proxy.index(r, 0)
            for r in range(self.proxy.rowCount())
            if self.proxy.index(r, 0).data(ACTOR_ID_ROLE) in wanted
        ]
        return self.proxy.mimeData(rows)

    def selected_ids(self) -> list[str]:
        return [i.data(ACTOR_ID_ROLE) for i in self.list.selectionModel().selectedRows()]

    def select_ids(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        selection = QItemSelection()
        first: QModelIndex | None = None
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ACTOR_ID_ROLE) in wanted:
                selection.select(index, index)
                first = first or index
        self._quiet = True
        try:
            self.list.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if first is not None:
                self.list.scrollTo(first)
        finally:
            self._quiet = False

    def _on_selection(self, *_: object) -> None:
        if not self._quiet:
            self.selection_changed.emit(self.selected_ids())
