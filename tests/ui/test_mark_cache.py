"""Actor marks drawn through the shared pixmap look like the marks drawn directly, and are made once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from multitrack_desktop.canvas import items
from multitrack_desktop.domain.model import ActorKind, Stance


def render(draw, scale: float) -> QImage:  # noqa: ANN001
    image = QImage(160, 160, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(80, 80)
    painter.scale(scale, scale)
    draw(painter)
    painter.end()
    return image


@pytest.mark.parametrize("kind", list(ActorKind))
@pytest.mark.parametrize("scale", [0.7, 1.0, 2.5])
def test_cached_mark_matches_the_direct_drawing(qapp, kind: ActorKind, scale: float) -> None:  # noqa: ANN001
    s = 18.0
    direct = render(lambda p: items.paint_actor_mark(p, kind, Stance.OPPOSED, s), scale)
    cached = render(lambda p: items.paint_cached_mark(p, kind, Stance.OPPOSED, s), scale)
    differing = sum(
        1
        for y in range(0, 160, 2)
        for x in range(0, 160, 2)
        if abs(direct.pixelColor(x, y).red() - cached.pixelColor(x, y).red()) > 40
    )
    inked = sum(1 for y in range(0, 160, 2) for x in range(0, 160, 2) if direct.pixelColor(x, y).red() < 200)
    assert inked > 10  # the mark is there to compare
    assert differing <= max(3, inked // 10)


def test_many_actors_share_one_rendered_mark(qapp) -> None:  # noqa: ANN001
    items._MARKS.clear()
    for _ in range(50):
        render(lambda p: items.paint_cached_mark(p, ActorKind.PERSON, Stance.NEUTRAL, 12.0), 1.0)
    assert len(items._MARKS) == 1


def test_a_rotated_painter_draws_the_mark_itself(qapp) -> None:  # noqa: ANN001
    items._MARKS.clear()
    image = QImage(80, 80, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.translate(40, 40)
    painter.rotate(30)
    items.paint_cached_mark(painter, ActorKind.GOVERNMENT, Stance.SUPPORTIVE, 12.0)
    painter.end()
    assert items._MARKS == {}
    assert any(image.pixelColor(x, y) != QColor("white") for y in range(80) for x in range(80))


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_actors_are_painted_directly_in_the_first_frame_and_cached_after_it(qtbot, workshop_path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QGraphicsItem

    from multitrack_desktop.storage.database import WorkshopFile
    from multitrack_desktop.widgets.main_window import MainWindow

    from .conftest import ELDER

    cache = QGraphicsItem.CacheMode
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.set_file(WorkshopFile.open(workshop_path))
    scene = window.scene
    assert scene.actor_items and all(i.cacheMode() == cache.NoCache for i in scene.actor_items.values())
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(
        lambda: all(i.cacheMode() == cache.DeviceCoordinateCache for i in scene.actor_items.values())
    )
    # an actor put on the circle later gets its picture after the frame it first appears in
    assert ELDER not in scene.actor_items
    window.document.move_actors([(ELDER, 4, None)])
    assert scene.actor_items[ELDER].cacheMode() == cache.NoCache
    qtbot.waitUntil(lambda: scene.actor_items[ELDER].cacheMode() == cache.DeviceCoordinateCache)
