"""The circle rendered to an image: each track's colour is where the geometry puts the track."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from multitrack_desktop.canvas import style
from multitrack_desktop.canvas.scene import CircleScene
from multitrack_desktop.canvas.style import R
from multitrack_desktop.domain import geometry


def render(scene: CircleScene, size: int = 800) -> tuple[QImage, float]:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    source = scene.circle_rect
    scene.render(painter, QRectF(0, 0, size, size), source)
    painter.end()
    return image, size / source.width()


def pixel_at(image: QImage, scale: float, scene: CircleScene, angle: float, radius: float) -> QColor:
    p = geometry.to_xy(angle, radius)
    x = (p.x * R - scene.circle_rect.left()) * scale
    y = (p.y * R - scene.circle_rect.top()) * scale
    return image.pixelColor(round(x), round(y))


def close(a: QColor, b: QColor, tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


@pytest.mark.parametrize("track", geometry.TRACKS)
def test_each_track_has_its_colour_where_the_geometry_puts_it(qtbot, track: int) -> None:
    scene = CircleScene()
    image, scale = render(scene)
    if track == 9:
        points = [(a, 0.18) for a in (60.0, 150.0, 240.0)]  # below the disc's own name, at the top
    else:
        centre = geometry.sector_centre(track)
        points = [(centre, 0.55), (centre - 15.0, 0.8), (centre + 15.0, 0.4)]
    for angle, radius in points:
        found = pixel_at(image, scale, scene, angle, radius)
        assert geometry.track_at(geometry.normalise_angle(angle), radius) == track
        assert close(found, style.sector_fill(track)), (track, angle, radius, found.name())
    # the name band outside the ring carries the track's own, stronger colour (outside its name)
    if track != 9:
        band = pixel_at(image, scale, scene, geometry.sector_centre(track) + 19.0, 1.105)
        assert close(band, style.band_fill(track)), band.name()


def test_neighbouring_tracks_differ_across_each_boundary(qtbot) -> None:
    scene = CircleScene()
    image, scale = render(scene)
    for track in range(1, 9):
        edge = geometry.sector_start(track)
        before = pixel_at(image, scale, scene, edge - 3.0, 0.7)
        after = pixel_at(image, scale, scene, edge + 3.0, 0.7)
        previous = 8 if track == 1 else track - 1
        assert close(before, style.sector_fill(previous)) and close(after, style.sector_fill(track))
