"""The actor inspector: every field of the selected actor, edited and checked as it is typed.

The inspector never writes: it asks for an edit (``edit_requested`` with the changed fields
only) and the window applies it through the service as one undo step. Before asking, it
checks the would-be actor with the same rules the service and the exchange format use
(``record_problems``), shows the reasons beside the form and keeps Apply disabled.

Text fields are applied with Enter (or when they lose focus), choices as soon as they are
made, and the long texts with the Apply button; whatever is pending goes in one step.
The contact is private: it is shown here and nowhere on the circle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..canvas.items import kind_label, stance_label, status_label
from ..domain import geometry
from ..domain import model as m
from ..domain.validation import Problem, record_problems

INVALID_STYLE = "border: 2px solid #C4291C; border-radius: 3px;"


def split_list(text: str, separator: str) -> list[str]:
    """A list typed in one line: pieces between separators, trimmed, empty pieces dropped."""
    return [piece.strip() for piece in text.split(separator) if piece.strip()]


@dataclasses.dataclass
class _Field:
    """One editable field: how to show a value, read it back, and tell whether it was touched."""

    key: str
    label: str
    widget: QWidget
    write: Callable[[Any], None]
    read: Callable[[], Any]
    raw: Callable[[], Any]
    written: Any = None

    def set(self, value: Any) -> None:
        self.write(value)
        self.written = self.raw()

    @property
    def dirty(self) -> bool:
        return self.raw() != self.written


class ActorInspector(QWidget):
    #: (actor id, {field: new value}) — the edit the facilitator asks for
    edit_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: m.Actor | None = None
        self.actor_id: str | None = None
        self.editable = True
        self._loading = False
        self._applying = False
        self.placeholder = QLabel(self.tr("Select an actor on the circle or in the library."), self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # a narrow dock: labels above
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, _Field] = {}
        self._build_fields()
        self.position_label = QLabel(self.form_host)
        self.position_label.setWordWrap(True)
        self.form.insertRow(8, self.tr("Position"), self.position_label)

        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setStyleSheet("color: #C4291C;")
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.apply_button.clicked.connect(self.apply)
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form_host)
        self.edit_area = QWidget(self)
        area = QVBoxLayout(self.edit_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addWidget(scroll, 1)
        area.addWidget(self.problems_label)
        area.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.edit_area, 1)
        self.show_actor(None)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(280, 600)

    # ------------------------------------------------------------------ the form

    def _line(self, key: str, label: str, *, placeholder: str = "", separator: str | None = None) -> None:
        edit = QLineEdit(self.form_host)
        edit.setPlaceholderText(placeholder)
        if separator is None:
            write = lambda v: edit.setText(v or "")  # noqa: E731
            read = (lambda: edit.text().strip() or None) if key == "alias" else (lambda: edit.text().strip())
        else:
            write = lambda v: edit.setText(f"{separator} ".join(v))  # noqa: E731
            read = lambda: split_list(edit.text(), separator)  # noqa: E731
        self._add(_Field(key, label, edit, write, read, edit.text))
        edit.textChanged.connect(self._on_edited)
        edit.editingFinished.connect(self._apply_if_dirty)

    def _long_text(self, key: str, label: str) -> None:
        edit = QPlainTextEdit(self.form_host)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        self._add(
            _Field(key, label, edit, lambda v: edit.setPlainText(v), edit.toPlainText, edit.toPlainText)
        )
        edit.textChanged.connect(self._on_edited)
        edit.installEventFilter(self)

    def _choice(self, key: str, label: str, options: list[tuple[str, Any]]) -> None:
        combo = QComboBox(self.form_host)
        # long track names must not widen the dock: the popup shows them whole
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        for text, value in options:
            combo.addItem(text, value)

        def write(value: Any) -> None:
            combo.setCurrentIndex(max(0, combo.findData(value)))

        self._add(_Field(key, label, combo, write, combo.currentData, combo.currentIndex))
        combo.currentIndexChanged.connect(self._on_choice)
        self._guard_wheel(combo)

    def _add(self, field: _Field) -> None:
        self.fields[field.key] = field
        self.form.addRow(field.label, field.widget)

    def _build_fields(self) -> None:
        tr = self.tr
        self._line("name", tr("Name"))
        self._line(
            "also_known_as", tr("Also known as"), placeholder=tr("names, separated by ;"), separator=";"
        )
        self._line("alias", tr("Alias"), placeholder=tr("the name used in shareable exports"))

        anonymise = QCheckBox(tr("Alias in shareable exports"), self.form_host)
        self._add(
            _Field(
                "anonymise",
                tr("Anonymise"),
                anonymise,
                anonymise.setChecked,
                anonymise.isChecked,
                anonymise.isChecked,
            )
        )
        anonymise.toggled.connect(self._on_choice)

        self._choice(
            "visibility",
            tr("Visible to"),
            [
                (tr("everyone (shareable)"), m.Visibility.SHAREABLE),
                (tr("the team"), m.Visibility.TEAM),
                (tr("me only (private)"), m.Visibility.PRIVATE),
            ],
        )
        self._choice("kind", tr("Kind"), [(kind_label(k), k) for k in m.ActorKind])
        self._choice(
            "track",
            tr("Track"),
            [(tr("not on the circle"), None)]
            + [(f"{t} · {tr(geometry.TRACK_NAMES[t])}", t) for t in geometry.TRACKS],
        )

        host = QWidget(self.form_host)
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        self.also_boxes: dict[int, QCheckBox] = {}
        for i, t in enumerate(geometry.TRACKS):
            box = QCheckBox(str(t), host)
            box.setToolTip(tr(geometry.TRACK_NAMES[t]))
            box.toggled.connect(self._on_choice)
            self.also_boxes[t] = box
            grid.addWidget(box, i // 3, i % 3)

        def write_also(values: list[int]) -> None:
            for t, box in self.also_boxes.items():
                box.setChecked(t in values)

        def read_also() -> list[int]:
            return [t for t, box in self.also_boxes.items() if box.isChecked()]

        self._add(
            _Field(
                "also_tracks", tr("Also on tracks"), host, write_also, read_also, lambda: tuple(read_also())
            )
        )

        influence = QSpinBox(self.form_host)
        influence.setRange(1, 5)
        influence.setSuffix(tr(" / 5"))
        self._add(
            _Field(
                "influence", tr("Influence"), influence, influence.setValue, influence.value, influence.value
            )
        )
        influence.valueChanged.connect(self._on_choice)

        self._choice("stance", tr("Stance"), [(stance_label(s), s) for s in m.Stance])
        self._choice("status", tr("Status"), [(status_label(s), s) for s in m.ActorStatus])
        self._line("tags", tr("Tags"), placeholder=tr("tags, separated by ,"), separator=",")
        self._long_text("description", tr("Description"))
        self._long_text("contact", tr("Contact (private)"))
        self.fields["contact"].widget.setToolTip(
            tr("Private: shown only here, never on the circle or in exports")
        )

    # ------------------------------------------------------------------ showing

    def show_actor(self, actor: m.Actor | None, *, count: int = 1, editable: bool = True) -> None:
        """Show one actor's fields; nothing (with a hint) for no selection or several actors.

        The same actor shown again (after any change to the workshop) keeps what is being typed:
        only the fields not touched take the stored values.
        """
        keep = (
            actor is not None and self.actor is not None and actor.id == self.actor.id and not self._applying
        )
        self.actor = actor
        self.actor_id = actor.id if actor else None
        self.editable = editable
        if actor is None:
            self.placeholder.setText(
                self.tr("{n} actors selected.").format(n=count)
                if count > 1
                else self.tr("Select an actor on the circle or in the library.")
            )
            self.placeholder.show()
            self.edit_area.hide()
            return
        self.placeholder.hide()
        self.edit_area.show()
        self._loading = True
        try:
            for key, field in self.fields.items():
                if not (keep and field.dirty):
                    field.set(getattr(actor, key))
                field.widget.setEnabled(editable)
        finally:
            self._loading = False
        self.position_label.setText(self._position_text(actor))
        self._refresh_state()

    def _position_text(self, actor: m.Actor) -> str:
        if actor.placement is not None:
            return self.tr("{angle:.0f}°, {radius:.0%} out").format(
                angle=actor.placement.angle_deg, radius=actor.placement.radius
            )
        if actor.track is not None:
            return self.tr("laid out by the app")
        return self.tr("in the library")

    # ------------------------------------------------------------------ editing

    def pending(self) -> dict[str, Any]:
        """The fields changed in the form, with their new values."""
        if self.actor is None:
            return {}
        out = {}
        for key, field in self.fields.items():
            if field.dirty:
                value = field.read()
                if value != getattr(self.actor, key):
                    out[key] = value
        return out

    def would_be(self) -> m.Actor | None:
        """The actor as it would be stored with the pending changes (the service's rules applied)."""
        if self.actor is None:
            return None
        fields = self.pending()
        new = dataclasses.replace(self.actor, **fields)
        if "track" in fields:
            new.placement = None  # a new track without a position: the app lays it out
        if new.track is not None and new.track in new.also_tracks:
            new.also_tracks = [t for t in new.also_tracks if t != new.track]
        return new

    def problems(self) -> list[Problem]:
        new = self.would_be()
        return [] if new is None else record_problems(new)

    def _label_of(self, path: str) -> str:
        key = path.split("[")[0].split(".")[0]
        field = self.fields.get(key)
        return field.label if field is not None else key

    def _refresh_state(self) -> None:
        problems = self.problems() if self.actor is not None else []
        bad = {p.path.split("[")[0].split(".")[0] for p in problems}
        for key, field in self.fields.items():
            if isinstance(field.widget, QLineEdit | QPlainTextEdit):
                field.widget.setStyleSheet(INVALID_STYLE if key in bad else "")
        self.problems_label.setText("\n".join(f"{self._label_of(p.path)}: {p.message}." for p in problems))
        self.problems_label.setVisible(bool(problems))
        dirty = bool(self.pending())
        self.apply_button.setEnabled(self.editable and dirty and not problems)
        self.revert_button.setEnabled(self.editable and dirty)
        own = self.fields["track"].read()
        for t, box in self.also_boxes.items():
            box.setEnabled(self.editable and t != own)

    def _on_edited(self, *_: object) -> None:
        if not self._loading:
            self._refresh_state()

    def _on_choice(self, *_: object) -> None:
        """A choice made is applied at once (with anything else pending), unless something is wrong."""
        if self._loading:
            return
        self._refresh_state()
        self.apply()

    def _apply_if_dirty(self) -> None:
        if not self._loading and self.pending():
            self.apply()

    def apply(self) -> bool:
        """Ask for the pending changes as one edit; False (and the reasons shown) if they are not valid."""
        if self.actor is None or not self.editable:
            return False
        fields = self.pending()
        if not fields or self.problems():
            self._refresh_state()
            return False
        # Applied, the workshop shows the actor again: then every field takes the stored value.
        self._applying = True
        try:
            self.edit_requested.emit(self.actor.id, fields)
        finally:
            self._applying = False
        return True

    def revert(self) -> None:
        """Forget what was typed: the stored values again."""
        actor, self.actor = self.actor, None  # shown afresh: nothing typed is kept
        if actor is not None:
            self.show_actor(actor, editable=self.editable)

    def show_refusal(self, message: str) -> None:
        """The service refused the edit (a rule the form could not check): say why, keep the typing."""
        self.problems_label.setText(message)
        self.problems_label.show()

    def _guard_wheel(self, widget: QWidget) -> None:
        """Choices apply at once: scrolling the form over one must not change it."""
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self._apply_if_dirty()
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self.pending():
            self.revert()
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ for tests and the window

    def editor(self, key: str) -> QWidget:
        return self.fields[key].widget

    def text_of(self, key: str) -> str:
        """What the form shows for ``key``, as text."""
        if key == "position":
            return self.position_label.text()
        widget = self.fields[key].widget
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QCheckBox):
            return str(widget.isChecked())
        if isinstance(widget, QSpinBox):
            return str(widget.value())
        return ", ".join(map(str, self.fields[key].read()))
