"""Workshop › Export map image…: an audience, a format and (for PNG) a size, then where to save it.

The dialog only chooses; :func:`export_map_image` redacts, draws and writes the file atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ..domain.model import Visibility, WorkshopDocument
from ..export.map_image import DEFAULT_PNG_SIZE, MAX_SIDE, MIN_SIDE, export_map_image
from ..storage.errors import StorageError
from .opening import show_error

if TYPE_CHECKING:
    from .main_window import MainWindow


@dataclass(frozen=True)
class MapImageChoice:
    audience: Visibility = Visibility.SHAREABLE
    fmt: str = "png"
    size: tuple[int, int] = DEFAULT_PNG_SIZE


class MapExportDialog(QDialog):
    """Choose who the image is for, PNG or SVG, and a PNG's size in pixels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export map image"))
        form = QFormLayout(self)

        self.audience = QComboBox(self)
        for audience, words in (
            (Visibility.SHAREABLE, self.tr("Shareable — anyone outside the team (default)")),
            (Visibility.TEAM, self.tr("Team — the facilitation team")),
            (Visibility.PRIVATE, self.tr("Private — everything, for yourself")),
        ):
            self.audience.addItem(words, audience)
        form.addRow(self.tr("&Audience:"), self.audience)

        self.format = QComboBox(self)
        self.format.addItem(self.tr("PNG picture"), "png")
        self.format.addItem(self.tr("SVG drawing (scales to any size)"), "svg")
        form.addRow(self.tr("&Format:"), self.format)

        self.width_box, self.height_box = QSpinBox(self), QSpinBox(self)
        for box, value in zip((self.width_box, self.height_box), DEFAULT_PNG_SIZE, strict=True):
            box.setRange(MIN_SIDE, MAX_SIDE)
            box.setSingleStep(100)
            box.setValue(value)
            box.setSuffix(self.tr(" px"))
        self.preset = QComboBox(self)
        self.preset.addItem(self.tr("Custom size"), None)
        for (w, h), words in (
            ((1920, 1080), self.tr("1920 × 1080 — a screen or projector")),
            ((3508, 2480), self.tr("3508 × 2480 — A4 landscape at 300 dpi")),
            ((4961, 3508), self.tr("4961 × 3508 — A3 landscape at 300 dpi")),
        ):
            self.preset.addItem(words, f"{w}x{h}")
        self.preset.activated.connect(self._on_preset)
        form.addRow(self.tr("S&ize for:"), self.preset)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.height_box)
        form.addRow(self.tr("Pixels:"), size_row)
        self.format.currentIndexChanged.connect(self._on_format_changed)

        note = QLabel(
            self.tr("The image shows only what this audience may see, and says which audience it is for."),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_format_changed(self) -> None:
        png = self.format.currentData() == "png"
        for widget in (self.preset, self.width_box, self.height_box):
            widget.setEnabled(png)

    def _on_preset(self) -> None:
        size = self.preset.currentData()
        if size:
            width, height = (int(v) for v in str(size).split("x"))
            self.width_box.setValue(width)
            self.height_box.setValue(height)

    def choice(self) -> MapImageChoice:
        return MapImageChoice(
            audience=Visibility(self.audience.currentData()),
            fmt=str(self.format.currentData()),
            size=(self.width_box.value(), self.height_box.value()),
        )


def ask_path(window: MainWindow, choice: MapImageChoice) -> Path | None:
    suffix = "." + choice.fmt
    start = Path(window.settings.last_folder()) / f"map-{choice.audience.value}{suffix}"
    name_filter = (
        window.tr("PNG pictures (*.png)") if choice.fmt == "png" else window.tr("SVG drawings (*.svg)")
    )
    path, _ = QFileDialog.getSaveFileName(window, window.tr("Export map image"), str(start), name_filter)
    if not path:
        return None
    dest = Path(path)
    if dest.suffix.lower() != suffix:
        dest = dest.with_name(dest.name + suffix)
    return dest


def export_map_dialog(window: MainWindow) -> Path | None:
    """Ask, then write the map image; returns where it was written (None: cancelled or refused)."""
    doc = window.document
    if doc is None:
        return None
    dialog = MapExportDialog(window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        choice = dialog.choice()
    finally:
        dialog.deleteLater()
    dest = ask_path(window, choice)
    if dest is None:
        return None
    window.settings.set_last_folder(str(dest.parent))
    return write_map(window, choice, dest)


def write_map(window: MainWindow, choice: MapImageChoice, dest: Path) -> Path | None:
    doc = window.document
    if doc is None:
        return None
    document = WorkshopDocument(workshop=doc.workshop, actors=list(doc.actors), links=list(doc.links))
    failure: StorageError | None = None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a large PNG takes a few seconds
    try:
        export_map_image(document, dest, audience=choice.audience, fmt=choice.fmt, size=choice.size)
    except StorageError as exc:
        failure = exc
    finally:
        QApplication.restoreOverrideCursor()
    if failure is not None:
        show_error(window, failure)
        return None
    window.statusBar().showMessage(window.tr("Map image saved: {path}").format(path=dest), 8000)
    return dest
