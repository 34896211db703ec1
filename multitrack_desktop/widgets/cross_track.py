"""The cross-track view: how many links join each pair of tracks (a 9 × 9 table).

Multi-track work is about the channels between tracks; this table shows where they are
dense and where there are none. It counts the links drawn on the circle (so it follows the
filters); clicking a cell asks the window to highlight those links.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..canvas.items import track_title
from ..domain import geometry


class CrossTrackView(QWidget):
    #: (track, track) of the clicked cell, or None when the choice is cleared
    cell_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[tuple[int, int], int] = {}
        self.hint = QLabel(
            self.tr("Links between tracks (on the circle, as filtered). Click a cell to highlight them."),
            self,
        )
        self.hint.setWordWrap(True)
        n = len(geometry.TRACKS)
        self.table = QTableWidget(n, n, self)
        labels = [str(t) for t in geometry.TRACKS]
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setVerticalHeaderLabels(labels)
        for i, t in enumerate(geometry.TRACKS):
            for header in (self.table.horizontalHeaderItem(i), self.table.verticalHeaderItem(i)):
                header.setToolTip(track_title(t))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setMinimumSectionSize(18)  # nine columns fit a narrow dock
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(self._clicked)
        self.total = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        self.set_counts({})

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(330, 330)

    def set_counts(self, counts: dict[tuple[int, int], int]) -> None:
        """Counts keyed (lower track, higher track); shown on both sides of the diagonal."""
        self.counts = dict(counts)
        top = max(counts.values(), default=0)
        tracks = list(geometry.TRACKS)
        for i, a in enumerate(tracks):
            for j, b in enumerate(tracks):
                n = counts.get((min(a, b), max(a, b)), 0)
                item = QTableWidgetItem(str(n) if n else "·")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(Qt.ItemDataRole.UserRole, (a, b))
                item.setToolTip(
                    self.tr("{n} links between {a} and {b}").format(n=n, a=track_title(a), b=track_title(b))
                    if a != b
                    else self.tr("{n} links within {a}").format(n=n, a=track_title(a))
                )
                if n:
                    strength = 40 + round(160 * n / top)
                    item.setBackground(QBrush(QColor(26, 95, 180, strength)))
                    if strength > 140:
                        item.setForeground(QBrush(QColor("white")))
                self.table.setItem(i, j, item)
        self.total.setText(
            self.tr("{n} links between different tracks, {m} within one track.").format(
                n=sum(v for (a, b), v in counts.items() if a != b),
                m=sum(v for (a, b), v in counts.items() if a == b),
            )
        )

    def count(self, a: int, b: int) -> int:
        """What the table shows for tracks ``a`` and ``b``."""
        text = self.table.item(geometry.TRACKS.index(a), geometry.TRACKS.index(b)).text()
        return int(text) if text.isdigit() else 0

    def _clicked(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        pair = item.data(Qt.ItemDataRole.UserRole)
        self.cell_chosen.emit(tuple(pair))

    def clear_choice(self) -> None:
        self.table.clearSelection()
