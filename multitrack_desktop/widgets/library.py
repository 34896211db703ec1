"""The library dock: every actor, on the circle or not, searchable by name, track and kind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QToolBar, QVBoxLayout, QWidget

from ..canvas import style
from ..canvas.items import kind_label
from ..canvas.mime import ACTOR_IDS_MIME, actor_ids_mime
from ..domain import geometry
from ..domain.model import Actor
from ..storage import search_index

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


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


class ActorListModel(QStandardItemModel):
    """The library's rows; a drag of rows carries their actor ids (see ``canvas.mime``)."""

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [ACTOR_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt's name
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self.index(r, 0).data(ACTOR_ID_ROLE) for r in rows]
        names = [str(self.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) or "") for r in rows]
        return actor_ids_mime(ids, "\n".join(names))

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
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setSortRole(SORT_ROLE)  # by name, kept sorted as rows change
        self.proxy.sort(0, Qt.SortOrder.AscendingOrder)
        self._shown: dict[str, Actor] = {}
        self._rows: dict[str, QStandardItem] = {}
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(False)
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
                        self._fill(self._rows[actor.id], actor)
                finally:
                    self._quiet = False
                self._shown = wanted
                return
        selected = set(self.selected_ids())
        self._quiet = True
        try:
            self.model.clear()
            self._rows = {}
            for actor in actors:
                item = QStandardItem()
                item.setEditable(False)
                item.setDragEnabled(True)
                item.setDropEnabled(False)
                self._fill(item, actor)
                self._rows[actor.id] = item
                self.model.appendRow(item)
        finally:
            self._quiet = False
        self._shown = wanted
        self.select_ids(selected)

    def _fill(self, item: QStandardItem, actor: Actor) -> None:
        if actor.track is None:
            where = self.tr("not on the circle")
        else:
            where = self.tr("Track {n} · {name}").format(
                n=actor.track, name=self.tr(geometry.TRACK_NAMES[actor.track])
            )
        detail = f"{where} · {kind_label(actor.kind)}"
        item.setText(f"{actor.name}\n{detail}")
        item.setData(actor.id, ACTOR_ID_ROLE)
        item.setData(f"{actor.name.casefold()}\x00{actor.id}", SORT_ROLE)
        item.setData(
            fold(" ".join([actor.name, *actor.also_known_as, actor.alias or "", detail])), SEARCH_ROLE
        )
        item.setToolTip(actor.name)
        item.setIcon(_track_icon(actor.track))
        item.setData(
            QColor(Qt.GlobalColor.darkGray) if actor.track is None else None, Qt.ItemDataRole.ForegroundRole
        )

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def ids_shown(self) -> list[str]:
        return [self.proxy.index(r, 0).data(ACTOR_ID_ROLE) for r in range(self.proxy.rowCount())]

    def text_of(self, actor_id: str) -> str | None:
        for r in range(self.model.rowCount()):
            index = self.model.index(r, 0)
            if index.data(ACTOR_ID_ROLE) == actor_id:
                return str(index.data(Qt.ItemDataRole.DisplayRole))
        return None

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
