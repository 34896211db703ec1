"""The actor inspector: the selected actor's fields (read-only for now; editing comes later)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..canvas.items import kind_label, stance_label, status_label
from ..domain import geometry
from ..domain.model import Actor


class ActorInspector(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = QLabel(self.tr("Select an actor on the circle or in the library."), self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("name", self.tr("Name")),
            ("also_known_as", self.tr("Also known as")),
            ("alias", self.tr("Alias")),
            ("kind", self.tr("Kind")),
            ("track", self.tr("Track")),
            ("also_tracks", self.tr("Also on tracks")),
            ("position", self.tr("Position")),
            ("influence", self.tr("Influence")),
            ("stance", self.tr("Stance")),
            ("status", self.tr("Status")),
            ("visibility", self.tr("Visible to")),
            ("tags", self.tr("Tags")),
            ("description", self.tr("Description")),
        ):
            value = QLabel(self.form_host)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            self.fields[key] = value
            self.form.addRow(label, value)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.placeholder)
        layout.addWidget(scroll)
        self._scroll = scroll
        self.show_actor(None)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(250, 600)

    def show_actor(self, actor: Actor | None, *, count: int = 1) -> None:
        """Show one actor's fields; nothing (with a hint) for no selection or several actors."""
        self.actor_id = actor.id if actor else None
        if actor is None:
            self.placeholder.setText(
                self.tr("{n} actors selected.").format(n=count)
                if count > 1
                else self.tr("Select an actor on the circle or in the library.")
            )
            self.placeholder.show()
            self._scroll.hide()
            return
        self.placeholder.hide()
        self._scroll.show()
        none = self.tr("—")
        if actor.track is None:
            track = self.tr("not on the circle")
        else:
            track = f"{actor.track} · {self.tr(geometry.TRACK_NAMES[actor.track])}"
        if actor.placement is not None:
            position = self.tr("{angle:.0f}°, {radius:.0%} out").format(
                angle=actor.placement.angle_deg, radius=actor.placement.radius
            )
        elif actor.track is not None:
            position = self.tr("laid out by the app")
        else:
            position = none
        values = {
            "name": actor.name,
            "also_known_as": ", ".join(actor.also_known_as) or none,
            "alias": (actor.alias or none)
            + (self.tr(" (anonymised in shareable exports)") if actor.anonymise else ""),
            "kind": kind_label(actor.kind),
            "track": track,
            "also_tracks": ", ".join(map(str, actor.also_tracks)) or none,
            "position": position,
            "influence": f"{actor.influence} / 5",
            "stance": stance_label(actor.stance),
            "status": status_label(actor.status),
            "visibility": actor.visibility.value,
            "tags": ", ".join(actor.tags) or none,
            "description": actor.description or none,
        }
        for key, text in values.items():
            self.fields[key].setText(text)

    def text_of(self, key: str) -> str:
        return self.fields[key].text()
