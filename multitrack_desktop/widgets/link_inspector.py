"""The link inspector: every field of the selected link (as the exchange format defines it), checked as edited.

Like the actor inspector it never writes: it asks (``edit_requested`` with the changed fields
only, ``delete_requested``) and the window applies the request as one undo step. Before asking
it checks the would-be link with the rules of the service and the exchange format
(``record_problems``), shows the reasons and keeps Apply disabled.
Choices apply as soon as they are made; the note with Apply (or when it loses focus).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..canvas.items import link_kind_label
from ..canvas.link_marks import drawn_link, paint_links
from ..domain import model as m
from ..domain.validation import Problem, record_problems

INVALID_STYLE = "border: 2px solid #C4291C; border-radius: 3px;"


def kind_icon(kind: m.LinkKind, *, directed: bool = False, size: QSize | None = None) -> QIcon:
    """A small picture of the mark of ``kind`` (for menus and the kind chooser)."""
    size = size or QSize(40, 16)
    pixmap = QPixmap(size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(size.width() / 2, size.height() / 2)
    painter.scale(0.55, 0.55)
    sample = m.Link("", "a", "b", kind=kind, directed=directed)
    half = size.width() / 0.55 / 2 - 2
    paint_links(painter, (drawn_link(sample, QPointF(-half, 0), QPointF(half, 0)),))
    painter.end()
    return QIcon(pixmap)


def tr(text: str) -> str:
    return QCoreApplication.translate("LinkInspector", text)


def strength_label(strength: int) -> str:
    return {
        1: tr("1 · informal, intermittent (dotted)"),
        2: tr("2 · regular"),
        3: tr("3 · strong (heavy)"),
    }[strength]


class LinkInspector(QWidget):
    #: (link id, {field: new value})
    edit_requested = Signal(str, object)
    #: link id
    delete_requested = Signal(str)

    FIELDS = ("source", "target", "kind", "directed", "strength", "visibility", "note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link: m.Link | None = None
        self.editable = True
        self._loading = True  # until every field exists
        self._note_written = ""
        self._names: list[tuple[str, str]] = []
        self.placeholder = QLabel(self.tr("Click a link on the circle to see it here."), self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.form_host = QWidget(self)
        form = QFormLayout(self.form_host)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.source = self._combo()
        self.target = self._combo()
        self.swap_button = QPushButton(self.tr("Swap ends"), self.form_host)
        self.swap_button.clicked.connect(self.swap)
        self.kind = self._combo()
        for kind in m.LinkKind:
            self.kind.addItem(kind_icon(kind), link_kind_label(kind), kind)
        self.kind.setIconSize(QSize(40, 16))
        self.directed = QCheckBox(self.tr("Directed: from the first actor to the second"), self.form_host)
        self.directed.toggled.connect(self._on_choice)
        self.strength = self._combo()
        for n in (1, 2, 3):
            self.strength.addItem(strength_label(n), n)
        self.visibility = self._combo()
        for text, value in (
            (self.tr("everyone (shareable)"), m.Visibility.SHAREABLE),
            (self.tr("the team"), m.Visibility.TEAM),
            (self.tr("me only (private)"), m.Visibility.PRIVATE),
        ):
            self.visibility.addItem(text, value)
        self.note = QPlainTextEdit(self.form_host)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.textChanged.connect(self._refresh_state)
        self.note.installEventFilter(self)
        form.addRow(self.tr("From"), self.source)
        form.addRow(self.tr("To"), self.target)
        form.addRow("", self.swap_button)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow("", self.directed)
        form.addRow(self.tr("Strength"), self.strength)
        form.addRow(self.tr("Visible to"), self.visibility)
        form.addRow(self.tr("Note"), self.note)

        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setStyleSheet("color: #C4291C;")
        self.delete_button = QPushButton(self.tr("Delete link"), self)
        self.delete_button.clicked.connect(self._delete)
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.clicked.connect(self.revert)
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)

        self.edit_area = QWidget(self)
        area = QVBoxLayout(self.edit_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addWidget(self.form_host)
        area.addWidget(self.problems_label)
        area.addLayout(buttons)
        area.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.edit_area, 1)
        self._loading = False
        self.show_link(None)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(280, 420)

    def _combo(self) -> QComboBox:
        combo = QComboBox(self.form_host)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.currentIndexChanged.connect(self._on_choice)
        return combo

    # ------------------------------------------------------------------ showing

    def show_link(
        self, link: m.Link | None, actors: Sequence[m.Actor] = (), *, editable: bool = True
    ) -> None:
        """Show one link's fields (None: a hint). The same link shown again keeps a note being typed."""
        keep_note = link is not None and self.link is not None and link.id == self.link.id and self.note_dirty
        self.link = link
        self.editable = editable
        if link is None:
            self.placeholder.show()
            self.edit_area.hide()
            return
        self.placeholder.hide()
        self.edit_area.show()
        self._loading = True
        try:
            names = [(a.id, a.name) for a in actors]
            if names != self._names:  # thousands of actors: the lists are refilled only when names change
                self._names = names
                for combo in (self.source, self.target):
                    combo.clear()
                    for actor_id, name in sorted(names, key=lambda n: n[1].casefold()):
                        combo.addItem(name, actor_id)
            self._fill(link, note=not keep_note)
            for widget in self._editors():
                widget.setEnabled(editable)
        finally:
            self._loading = False
        self._refresh_state()

    @staticmethod
    def _set(combo: QComboBox, value: Any) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _editors(self) -> list[QWidget]:
        return [
            self.source,
            self.target,
            self.swap_button,
            self.kind,
            self.directed,
            self.strength,
            self.visibility,
            self.note,
            self.delete_button,
        ]

    # ------------------------------------------------------------------ editing

    @property
    def note_dirty(self) -> bool:
        return self.note.toPlainText() != self._note_written

    def values(self) -> dict[str, Any]:
        return {
            "source": self.source.currentData(),
            "target": self.target.currentData(),
            "kind": self.kind.currentData(),
            "directed": self.directed.isChecked(),
            "strength": self.strength.currentData(),
            "visibility": self.visibility.currentData(),
            "note": self.note.toPlainText(),
        }

    def pending(self) -> dict[str, Any]:
        if self.link is None:
            return {}
        return {k: v for k, v in self.values().items() if v != getattr(self.link, k)}

    def would_be(self) -> m.Link | None:
        return None if self.link is None else dataclasses.replace(self.link, **self.pending())

    def problems(self) -> list[Problem]:
        new = self.would_be()
        return [] if new is None else record_problems(new)

    def _refresh_state(self, *_: object) -> None:
        if self._loading:
            return
        problems = self.problems() if self.link is not None else []
        bad = {p.path.split("[")[0].split(".")[0] for p in problems}
        self.note.setStyleSheet(INVALID_STYLE if "note" in bad else "")
        for key, combo in (("source", self.source), ("target", self.target)):
            combo.setStyleSheet(INVALID_STYLE if key in bad else "")
        labels = {"source": self.tr("From"), "target": self.tr("To"), "note": self.tr("Note")}
        self.problems_label.setText(
            "\n".join(f"{labels.get(p.path, p.path or self.tr('Link'))}: {p.message}." for p in problems)
        )
        self.problems_label.setVisible(bool(problems))
        dirty = bool(self.pending())
        self.apply_button.setEnabled(self.editable and dirty and not problems)
        self.revert_button.setEnabled(self.editable and dirty)

    def _on_choice(self, *_: object) -> None:
        if self._loading:
            return
        self._refresh_state()
        self.apply()

    def apply(self) -> bool:
        """Ask for the pending changes as one edit; False (reasons shown) when they are not valid."""
        if self.link is None or not self.editable:
            return False
        fields = self.pending()
        if not fields or self.problems():
            self._refresh_state()
            return False
        if "note" in fields:
            self._note_written = fields["note"]
        self.edit_requested.emit(self.link.id, fields)
        return True

    def swap(self) -> None:
        """The other direction: from the second actor to the first (one edit)."""
        if self.link is None:
            return
        self._loading = True
        try:
            source, target = self.source.currentData(), self.target.currentData()
            self._set(self.source, target)
            self._set(self.target, source)
        finally:
            self._loading = False
        self._on_choice()

    def revert(self) -> None:
        """Forget what was chosen or typed: the stored values again."""
        link = self.link
        if link is None:
            return
        self._loading = True
        try:
            self._fill(link, note=True)
        finally:
            self._loading = False
        self._refresh_state()

    def _fill(self, link: m.Link, *, note: bool) -> None:
        """The fields show ``link``'s stored values (the note too when ``note``)."""
        self._set(self.source, link.source)
        self._set(self.target, link.target)
        self._set(self.kind, link.kind)
        self.directed.setChecked(link.directed)
        self._set(self.strength, link.strength)
        self._set(self.visibility, link.visibility)
        if note:
            self.note.setPlainText(link.note)
            self._note_written = link.note

    def show_refusal(self, message: str) -> None:
        self.problems_label.setText(message)
        self.problems_label.show()

    def _delete(self) -> None:
        if self.link is not None and self.editable:
            self.delete_requested.emit(self.link.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut and watched is self.note and self.note_dirty:
            self.apply()
        return super().eventFilter(watched, event)
