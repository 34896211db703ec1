"""The Search dock's widget: one line to type into, the hits grouped by kind, a count line.

The panel knows nothing of files or windows: it is given a function from a query to hits
(``set_searcher``) and says which hit the facilitator wants opened (``open_requested``).
So the same panel searches the workshop file, or (when presenting) only what an audience
may see. Every piece of text shown comes from the workshop and is escaped before it is
drawn as rich text: a name like ``<b>x</b>`` shows as typed, never as markup.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..services.search import SearchHit, query_terms
from ..storage import search_index as si
from ..storage.errors import StorageError

Searcher = Callable[[str, int], list[SearchHit]]

#: the order groups are shown in
KIND_ORDER = ("actor", "session", "entry", "action")
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
#: the hit's text as rich text, matching words emphasised (everything escaped)
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
#: the grey line under it: kind, session, when
META_ROLE = Qt.ItemDataRole.UserRole + 3
#: a group's heading row (True)
HEADING_ROLE = Qt.ItemDataRole.UserRole + 4

#: typing waits this long after the last key before searching
TYPING_DELAY_MS = 120
#: at most this many hits are shown (the best first)
SHOWN = 200
ERROR_STYLE = "color: #C4291C;"
#: lines of the hit's text shown at most (the rest is cut)
TEXT_LINES = 3


def emphasised(text: str, terms: Sequence[str], known: dict[str, bool] | None = None) -> str:
    """``text`` as rich text with the words a query term starts (after folding) in bold.

    Words are found in the text as written (letters, digits and marks, as the index cuts them),
    each folded the way the index folds it, so "mohammed" in Arabic with vowel marks, "Réunion"
    for "reu" and "والسلام" for "السلام" are emphasised where they stand. All text is escaped.
    ``known``: words already looked at for the same terms (hits share many words).
    """
    known = {} if known is None else known
    out: list[str] = []
    last = 0
    word = si._token()  # the index's own idea of a word
    for m in word.finditer(text):
        written = m.group()
        hit = known.get(written)
        if hit is None:
            hit = known[written] = _starts_with_term(written, terms)
        if hit:
            out.append(html.escape(text[last : m.start()]))
            out.append("<b>" + html.escape(written) + "</b>")
            last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _starts_with_term(written: str, terms: Sequence[str]) -> bool:
    words = si.tokens(si.fold(written))
    words += si.arabic_stems(words)
    return any(w.startswith(t) for w in words for t in terms)


def format_when(at: dt.datetime | dt.date | None) -> str:
    """A date (and time of day) in the locale's short form, as it was recorded (its own UTC offset)."""
    from PySide6.QtCore import QLocale

    if at is None:
        return ""
    locale = QLocale()
    day = locale.toString(QDate(at.year, at.month, at.day), QLocale.FormatType.ShortFormat)
    if isinstance(at, dt.datetime):
        return day + " " + locale.toString(QTime(at.hour, at.minute), QLocale.FormatType.ShortFormat)
    return day


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as its text (rich, escaped, words emphasised) over a grey line saying where and when."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._padding = 4
        #: (rich text, width) -> row height: the view asks for every row's height at every layout
        self._heights: dict[tuple[str, int], int] = {}

    def forget(self) -> None:
        """Drop the measured heights (new rows)."""
        self._heights.clear()

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        text_option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        doc.setDefaultTextOption(text_option)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(40.0, width))
        return doc

    def _text_width(self, option: QStyleOptionViewItem) -> float:
        width = option.rect.width() if option.rect.width() > 0 else self._view.viewport().width()
        return width - 2 * self._padding

    def _text_height(self, doc: QTextDocument, option: QStyleOptionViewItem) -> float:
        line = option.fontMetrics.lineSpacing()
        return min(doc.size().height(), TEXT_LINES * line)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        self.initStyleOption(option, index)
        line = option.fontMetrics.lineSpacing()
        if index.data(HEADING_ROLE):
            return QSize(100, line + 2 * self._padding + 4)
        width = self._text_width(option)
        key = (str(index.data(HTML_ROLE) or ""), int(width))
        height = self._heights.get(key)
        if height is None:
            doc = self._document(option, index, width)
            height = int(self._text_height(doc, option) + line + 2 * self._padding + 2.999)
            self._heights[key] = height
        return QSize(100, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else QApplication.style()
        text = option.text
        option.text = ""  # the background and selection only; the text is drawn below
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = text
        rect = option.rect.adjusted(self._padding, self._padding, -self._padding, -self._padding)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        ink = option.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.save()
        try:
            if index.data(HEADING_ROLE):
                font = QFont(option.font)
                font.setBold(True)
                painter.setFont(font)
                grey = QColor(ink)
                if not selected:
                    grey.setAlphaF(0.65)
                painter.setPen(grey)
                painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
                return
            doc = self._document(option, index, rect.width())
            height = self._text_height(doc, option)
            painter.translate(rect.topLeft())
            painter.setClipRect(QRectF(0, 0, rect.width(), height))
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, ink)
            doc.documentLayout().draw(painter, context)
            painter.setClipping(False)
            meta = str(index.data(META_ROLE) or "")
            if meta:
                small = QFont(option.font)
                small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.9))
                painter.setFont(small)
                grey = QColor(ink)
                if not selected:
                    grey.setAlphaF(0.6)
                painter.setPen(grey)
                line = option.fontMetrics.lineSpacing()
                meta_rect = QRectF(0, height + 2, rect.width(), line)
                elided = painter.fontMetrics().elidedText(meta, Qt.TextElideMode.ElideRight, rect.width())
                # under the start of the hit's text: the right edge for Arabic, the left for French
                rtl = doc.firstBlock().textDirection() == Qt.LayoutDirection.RightToLeft
                side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
                painter.drawText(meta_rect, side | Qt.AlignmentFlag.AlignVCenter, elided)
        finally:
            painter.restore()


class HitItem(QStandardItem):
    """One hit's row. Its rich text and grey line are made when the view first asks for them:
    a search shows up to ``SHOWN`` hits, of which a dozen are on screen."""

    def __init__(self, hit: SearchHit, rich: Callable[[], str], meta: Callable[[], str]) -> None:
        super().__init__(hit.snippet)  # the plain text: what a screen reader says
        self.hit = hit
        self._rich: Callable[[], str] | str = rich
        self._meta: Callable[[], str] | str = meta

    def data(self, role: int = Qt.ItemDataRole.UserRole + 1) -> object:
        if role == HIT_ROLE:
            return self.hit
        if role == HTML_ROLE:
            if callable(self._rich):
                self._rich = self._rich()
            return self._rich
        if role == META_ROLE:
            if callable(self._meta):
                self._meta = self._meta()
            return self._meta
        return super().data(role)


class ResultsView(QTreeView):
    """The hits; Enter opens the current one, Up from the first goes back to the search line."""

    open_requested = Signal(QModelIndex)
    leave_up = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.currentIndex().isValid():
                self.open_requested.emit(self.currentIndex())
            return
        if key == Qt.Key.Key_Escape:
            self.leave_up.emit()
            return
        if key == Qt.Key.Key_Up and self._is_first(self.currentIndex()):
            self.leave_up.emit()
            return
        super().keyPressEvent(event)

    def _is_first(self, index: QModelIndex) -> bool:
        if not index.isValid():
            return True
        above = self.indexAbove(index)
        while above.isValid() and not (above.flags() & Qt.ItemFlag.ItemIsEnabled):
            above = self.indexAbove(above)
        return not above.isValid()


class SearchPanel(QWidget):
    """Search line, count line, results. ``open_requested(SearchHit)`` when a hit is opened."""

    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._searcher: Searcher | None = None
        self._shown_query: str | None = None
        #: where a hit is (an actor's track, an entry's session), for the grey line under it (the owner sets it)
        self.where: Callable[[SearchHit], str | None] = lambda _hit: None
        self.line = QLineEdit(self)
        self.line.setClearButtonEnabled(True)
        self.line.setPlaceholderText(self.tr("Search actors, sessions, entries, actions"))
        self.line.installEventFilter(self)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.model = QStandardItemModel(self)
        self.results = ResultsView(self)
        self.results.setModel(self.model)
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.setIndentation(0)
        self.results.setItemsExpandable(False)
        self.results.setUniformRowHeights(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # per item: the view then measures only the rows it shows, not all of them at every search
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.delegate = HitDelegate(self.results)
        self.results.setItemDelegate(self.delegate)
        self._laid_out_width = 0
        self.results.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.line)
        layout.addWidget(self.count_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.results, 1)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.run)
        self.line.textChanged.connect(self._on_text_changed)
        self.line.returnPressed.connect(self._on_return)
        self.results.open_requested.connect(self._open_index)
        self.results.doubleClicked.connect(self._open_index)
        self.results.leave_up.connect(self._back_to_line)
        self.set_searcher(None)

    # ------------------------------------------------------------------ what is searched

    def set_searcher(self, searcher: Searcher | None) -> None:
        """Search with ``searcher(query, limit)`` from now on (None: nothing to search); clears."""
        self._searcher = searcher
        self.line.setEnabled(searcher is not None)
        if searcher is None:
            self.line.setPlaceholderText(self.tr("Open a workshop to search it"))
        else:
            self.line.setPlaceholderText(self.tr("Search actors, sessions, entries, actions"))
        self.clear()

    def clear(self) -> None:
        """An empty line and no results."""
        self._typing.stop()
        blocked = self.line.blockSignals(True)
        self.line.clear()
        self.line.blockSignals(blocked)
        self.run()

    @property
    def query(self) -> str:
        return self.line.text()

    def focus_line(self) -> None:
        self.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line.selectAll()

    # ------------------------------------------------------------------ searching

    def _on_text_changed(self, _text: str) -> None:
        self._typing.start()

    def flush(self) -> None:
        """Search now for what is typed, if a search is waiting for the typing to pause."""
        if self._typing.isActive():
            self._typing.stop()
            self.run()

    def run(self) -> None:
        """Search for the line's text and show the hits, keeping the current hit current if it still matches."""
        self._typing.stop()
        query = self.line.text()
        current = self.current_hit()
        self.error_label.hide()
        if self._searcher is None or not query_terms(query):
            self._show([], query, terms=[])
            self.count_label.setText("")
            self.count_label.setVisible(False)
            return
        try:
            hits = self._searcher(query, SHOWN + 1)
        except StorageError as exc:
            self._show([], query, terms=[])
            self.count_label.setVisible(False)
            self.show_error(str(exc))
            return
        more = len(hits) > SHOWN
        hits = hits[:SHOWN]
        self._show(hits, query, terms=query_terms(query))
        self.count_label.setVisible(True)
        if not hits:
            self.count_label.setText(self.tr("No results for “{query}”").format(query=query.strip()))
        elif more:
            self.count_label.setText(
                self.tr("The best {n} results; type more to narrow them down").format(n=len(hits))
            )
        elif len(hits) == 1:
            self.count_label.setText(self.tr("1 result"))
        else:
            self.count_label.setText(self.tr("{n} results").format(n=len(hits)))
        if current is not None:
            self.select_hit(current.kind, current.id)

    def show_error(self, text: str) -> None:
        """A sentence about a problem (a file that cannot be read), shown in the dock, not raised."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _show(self, hits: Iterable[SearchHit], query: str, *, terms: Sequence[str]) -> None:
        self._shown_query = query
        self.delegate.forget()
        self.model.clear()
        groups: dict[str, list[SearchHit]] = {k: [] for k in KIND_ORDER}
        for hit in hits:
            groups.setdefault(hit.kind, []).append(hit)
        root = self.model.invisibleRootItem()
        known: dict[str, bool] = {}
        for kind, members in groups.items():
            if not members:
                continue
            heading = QStandardItem(f"{self.group_name(kind)} ({len(members)})")
            heading.setData(True, HEADING_ROLE)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # skipped by the keys, never selected
            for hit in members:
                heading.appendRow(self._row(hit, terms, known))
            root.appendRow(heading)
        self.results.expandAll()
        self._laid_out_width = self.results.viewport().width()

    def _row(self, hit: SearchHit, terms: Sequence[str], known: dict[str, bool]) -> QStandardItem:
        item = HitItem(hit, lambda: emphasised(hit.snippet, terms, known), lambda: self.meta_line(hit))
        item.setToolTip(hit.snippet)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        return item

    def meta_line(self, hit: SearchHit) -> str:
        parts = [self.kind_name(hit.kind)]
        where = self.where(hit)
        if where:
            parts.append(where)
        when = format_when(hit.at)
        if when:
            parts.append(self.tr("due {date}").format(date=when) if hit.kind == "action" else when)
        return " · ".join(parts)

    def group_name(self, kind: str) -> str:
        return {
            "actor": self.tr("Actors"),
            "session": self.tr("Sessions"),
            "entry": self.tr("Entries"),
            "action": self.tr("Actions"),
        }.get(kind, kind)

    def kind_name(self, kind: str) -> str:
        return {
            "actor": self.tr("Actor"),
            "session": self.tr("Session"),
            "entry": self.tr("Entry"),
            "action": self.tr("Action"),
        }.get(kind, kind)

    # ------------------------------------------------------------------ the hits shown

    def hits(self) -> list[SearchHit]:
        """The hits shown, in the order shown."""
        out = []
        for g in range(self.model.rowCount()):
            heading = self.model.item(g)
            out += [heading.child(r).data(HIT_ROLE) for r in range(heading.rowCount())]
        return out

    def hit_index(self, kind: str, hit_id: str) -> QModelIndex:
        for g in range(self.model.rowCount()):
            heading = self.model.item(g)
            for r in range(heading.rowCount()):
                hit = heading.child(r).data(HIT_ROLE)
                if hit.kind == kind and hit.id == hit_id:
                    return heading.child(r).index()
        return QModelIndex()

    def select_hit(self, kind: str, hit_id: str) -> bool:
        index = self.hit_index(kind, hit_id)
        if index.isValid():
            self.results.setCurrentIndex(index)
        return index.isValid()

    def current_hit(self) -> SearchHit | None:
        index = self.results.currentIndex()
        hit = index.data(HIT_ROLE) if index.isValid() else None
        return hit if isinstance(hit, SearchHit) else None

    def first_hit_index(self) -> QModelIndex:
        heading = self.model.item(0)
        return heading.child(0).index() if heading is not None and heading.rowCount() else QModelIndex()

    # ------------------------------------------------------------------ keys and opening

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.line and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape and self.line.text():
                self.clear()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.flush()
                self._into_results()
                return True
        elif watched is self.results.viewport() and event.type() == QEvent.Type.Resize:
            # rows wrap their text to the width: measure them again
            QTimer.singleShot(0, self, self._relayout)
        return super().eventFilter(watched, event)

    def _relayout(self) -> None:
        width = self.results.viewport().width()
        if self.model.rowCount() and width != self._laid_out_width:
            self._laid_out_width = width
            self.results.doItemsLayout()

    def _into_results(self) -> None:
        index = self.results.currentIndex()
        if not index.isValid() or not (index.flags() & Qt.ItemFlag.ItemIsSelectable):
            index = self.first_hit_index()
        if index.isValid():
            self.results.setCurrentIndex(index)
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def _back_to_line(self) -> None:
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_return(self) -> None:
        """Enter in the line opens the current hit (the first one if none was chosen)."""
        self.flush()
        hit = self.current_hit()
        if hit is None:
            first = self.first_hit_index()
            hit = first.data(HIT_ROLE) if first.isValid() else None
        if hit is not None:
            self.open_requested.emit(hit)

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if isinstance(hit, SearchHit):
            self.open_requested.emit(hit)
