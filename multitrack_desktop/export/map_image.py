"""The circle as an image (PNG at a chosen size, or SVG), with its legend, made for one audience.

The picture is the audience circle of the presentation screen (:class:`AudienceScene`), built from
what :func:`redact` returns and nothing else, with the workshop's title (as the audience may read it)
and the audience's name under the legend (exchange format v1, rule 7: map images carry the audience's
name only). Nothing here needs a window: a ``QApplication`` is enough (one is made, offscreen if no
platform is chosen, when a script has none). The file is written atomically: a failure leaves no file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsTextItem

from ..canvas import style
from ..canvas.audience_scene import AudienceScene
from ..domain.audience import Redaction, redact
from ..domain.model import Visibility, WorkshopDocument
from ..services.files import write_bytes_atomically
from ..storage.errors import StorageError

__all__ = [
    "DEFAULT_PNG_SIZE",
    "FORMATS",
    "MAX_SIDE",
    "MIN_SIDE",
    "export_map_image",
    "map_png",
    "map_svg",
]

FORMATS = ("png", "svg")
DEFAULT_PNG_SIZE = (2400, 1800)
#: the sides a PNG may have, in pixels (a 10,000-pixel square is 400 MB while drawn)
MIN_SIDE, MAX_SIDE = 200, 10_000
#: actor labels on images: a little larger than on the facilitator's screen
IMAGE_LABEL_PIXELS = 15.0
CAPTION_GAP = 18.0

_app = None  # the QApplication made for a script that had none (kept alive for the process)


def tr(text: str) -> str:
    return QCoreApplication.translate("MapImage", text)


def audience_words(audience: Visibility) -> str:
    return tr("Audience: {name}").format(name=audience.value)


def _require_application() -> None:
    """QGraphicsScene needs a QApplication; make an offscreen one for a script that has none."""
    global _app
    from PySide6.QtWidgets import QApplication

    existing = QCoreApplication.instance()
    if existing is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QApplication([sys.argv[0] if sys.argv else "multitrack"])
    elif not isinstance(existing, QApplication):
        raise RuntimeError("map images are drawn with QGraphicsScene, which needs a QApplication")


def map_scene(redaction: Redaction, *, vector: bool = False) -> AudienceScene:
    """The audience circle and legend for ``redaction``, with its title and audience under the legend."""
    _require_application()
    scene = AudienceScene(label_pixels=IMAGE_LABEL_PIXELS)
    scene.show_redaction(redaction)
    legend = scene.legend.sceneBoundingRect()
    title = QGraphicsTextItem()
    title.setFont(style.label_font(15.0, bold=True))
    title.setDefaultTextColor(style.INK)
    title.setPlainText(redaction.document.workshop.title)
    title.setTextWidth(legend.width())
    title.setPos(legend.left(), legend.bottom() + CAPTION_GAP)
    scene.addItem(title)
    caption = QGraphicsTextItem()
    caption.setFont(style.label_font(13.0))
    caption.setDefaultTextColor(QColor("#56616B"))
    caption.setPlainText(audience_words(redaction.audience))
    caption.setTextWidth(legend.width())
    caption.setPos(legend.left(), title.sceneBoundingRect().bottom() + 4.0)
    scene.addItem(caption)
    scene.title_item, scene.caption_item = title, caption  # type: ignore[attr-defined]
    scene.setSceneRect(scene.sceneRect().united(caption.sceneBoundingRect().adjusted(0, 0, 0, 10)))
    if vector:
        scene.use_vector_output()
    return scene


def _check_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = (int(v) for v in size)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ValueError(f"a map image is {MIN_SIDE} to {MAX_SIDE} pixels on each side, not {width}×{height}")
    return width, height


def _paint(scene: AudienceScene, painter: QPainter, width: float, height: float) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    margin = 0.02 * min(width, height)
    target = QRectF(margin, margin, width - 2 * margin, height - 2 * margin)
    scene.render(painter, target, scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


def map_png(
    doc: WorkshopDocument,
    *,
    audience: Visibility | str = Visibility.SHAREABLE,
    size: tuple[int, int] = DEFAULT_PNG_SIZE,
) -> bytes:
    """The map for ``audience`` as PNG bytes of exactly ``size`` pixels (the map centred, kept in proportion)."""
    width, height = _check_size(size)
    redaction = redact(doc, Visibility(audience))
    scene = map_scene(redaction)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise StorageError(f"There is not enough memory for a {width}×{height} image; choose a smaller size.")
    image.setText("Title", redaction.document.workshop.title)  # what the audience may read, as on the image
    image.setText("Description", audience_words(redaction.audience))
    painter = QPainter(image)
    try:
        _paint(scene, painter, width, height)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise StorageError("The map could not be encoded as PNG.")
    buffer.close()
    return bytes(data.data())


def map_svg(doc: WorkshopDocument, *, audience: Visibility | str = Visibility.SHAREABLE) -> bytes:
    """The map for ``audience`` as SVG: shapes as paths, names and captions as text."""
    from PySide6.QtSvg import QSvgGenerator

    redaction = redact(doc, Visibility(audience))
    scene = map_scene(redaction, vector=True)
    rect = scene.sceneRect()
    width, height = round(rect.width()), round(rect.height())
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(redaction.document.workshop.title)
    generator.setDescription(audience_words(redaction.audience))
    painter = QPainter(generator)
    try:
        _paint(scene, painter, width, height)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def export_map_image(
    doc: WorkshopDocument,
    dest: Path,
    *,
    audience: Visibility | str = Visibility.SHAREABLE,
    fmt: str | None = None,
    size: tuple[int, int] = DEFAULT_PNG_SIZE,
) -> None:
    """Write the map for ``audience`` to ``dest`` (PNG or SVG, from ``fmt`` or the file's suffix), atomically."""
    dest = Path(dest)
    fmt = (fmt or dest.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"a map image is PNG or SVG, not {fmt or 'a file without a suffix'}")
    data = map_png(doc, audience=audience, size=size) if fmt == "png" else map_svg(doc, audience=audience)
    write_bytes_atomically(dest, data)
