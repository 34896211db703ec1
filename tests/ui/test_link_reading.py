"""Reading the map: highlight of a selection's links and neighbours, link filters, links between tracks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from multitrack_desktop.canvas import link_marks as canvas_marks
from multitrack_desktop.canvas.items import DIMMED_OPACITY
from multitrack_desktop.domain.model import LinkKind, Visibility
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, CYRILLIC, GOV, MEDIA, MEDIATOR

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

GOV_ARABIC = "10000000-0000-4000-8000-000000000001"
GOV_MEDIATOR = "10000000-0000-4000-8000-000000000002"


def dimmed(window: MainWindow) -> set[str]:
    return {i for i, item in window.scene.actor_items.items() if item.dimmed}


def test_selecting_an_actor_highlights_its_links_and_neighbours_and_fades_the_rest(
    qtbot, window: MainWindow
) -> None:
    other = window.document.create_link(MEDIA, CYRILLIC).created["link"]
    scene = window.scene
    start = window.view.mapFromScene(scene.actor_items[ARABIC].pos())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    assert scene.selected_actor_ids() == [ARABIC]
    assert dimmed(window) == {MEDIA, CYRILLIC, MEDIATOR}
    assert scene.link_layer.emphasis == frozenset({GOV_ARABIC})
    assert scene.link_layer.focus.shown == [scene.link_layer.drawn[GOV_ARABIC]]  # drawn in full on top
    media = scene.actor_items[MEDIA]
    assert media.opacity() == pytest.approx(0.5 * DIMMED_OPACITY)  # dormant, and faded
    assert scene.actor_items[GOV].opacity() == 1.0

    # the faded link is painted in a paler colour than the one in focus
    before = window.view.viewport().grab().toImage()
    spine = scene.link_layer.drawn[other].shape.spine
    p = window.view.mapFromScene(QPointF(*spine[len(spine) // 2]))
    faded = before.pixelColor(p)
    window.select_actors([MEDIA])
    assert dimmed(window) == {GOV, ARABIC, MEDIATOR}
    focused = window.view.viewport().grab().toImage().pixelColor(p)
    assert faded.lightness() > focused.lightness() + 40

    window.select_actors([])
    assert dimmed(window) == set() and scene.link_layer.emphasis is None

    # the highlight can be turned off
    window.links.focus_action.setChecked(False)
    window.select_actors([GOV])
    assert dimmed(window) == set()


def test_a_selected_link_puts_its_two_actors_in_focus(window: MainWindow) -> None:
    window.links.gestures.select_link(GOV_MEDIATOR)
    assert dimmed(window) == {ARABIC, MEDIA, CYRILLIC}
    assert window.scene.link_layer.emphasis == frozenset({GOV_MEDIATOR})


def test_links_are_filtered_by_kind_and_visibility(window: MainWindow) -> None:
    doc = window.document
    tension = doc.create_link(ARABIC, MEDIATOR, kind=LinkKind.TENSION).created["link"]
    shareable = doc.create_link(GOV, CYRILLIC, visibility=Visibility.SHAREABLE).created["link"]
    layer = window.scene.link_layer
    assert set(layer.marks) == {GOV_ARABIC, GOV_MEDIATOR, tension, shareable}

    bar = window.filter_bar
    bar.choose("link_kind", LinkKind.TENSION)
    assert set(layer.marks) == {tension}
    assert set(window.scene.actor_items) >= {GOV, CYRILLIC}  # actors stay
    assert all(item.isVisible() for item in window.scene.actor_items.values())
    bar.choose("link_kind", LinkKind.COMMUNICATION)
    assert set(layer.marks) == {GOV_ARABIC, GOV_MEDIATOR, tension, shareable}
    bar.choose("link_visibility", Visibility.SHAREABLE)
    assert set(layer.marks) == {shareable}
    assert "filtered" in window.counts_label.text()
    bar.clear()
    assert set(layer.marks) == {GOV_ARABIC, GOV_MEDIATOR, tension, shareable}


def test_the_cross_track_view_counts_links_between_tracks_and_highlights_a_cell(
    qtbot, window: MainWindow
) -> None:
    links = window.links
    window.links.cross_action.trigger()
    table = links.cross_track
    assert links.cross_dock.isVisible()
    # GOV is on track 1, ARABIC on 7, MEDIATOR on 2
    assert table.count(1, 7) == table.count(7, 1) == 1
    assert table.count(1, 2) == table.count(2, 1) == 1
    assert table.count(3, 4) == 0
    assert sum(table.count(a, b) for a in range(1, 10) for b in range(a, 10)) == 2

    window.document.create_link(ARABIC, GOV, kind=LinkKind.TENSION)
    assert table.count(1, 7) == 2  # follows edits

    row, column = 6, 0  # tracks 7 and 1
    rect = table.table.visualRect(table.table.model().index(row, column))
    qtbot.mouseClick(table.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert links.chosen_tracks == (7, 1)
    emphasis = window.scene.link_layer.emphasis
    assert emphasis is not None and GOV_ARABIC in emphasis and len(emphasis) == 2
    assert GOV_MEDIATOR not in emphasis
    assert dimmed(window) == {MEDIA, MEDIATOR, CYRILLIC}

    window.filter_bar.choose("link_kind", LinkKind.TENSION)
    assert table.count(1, 7) == 1  # the table counts what the circle shows

    window.select_actors([MEDIATOR])
    assert links.chosen_tracks is None


def test_dimmed_colours_are_paler() -> None:
    normal = canvas_marks.colour("#5B6770", False)
    faded = canvas_marks.colour("#5B6770", True)
    assert faded.lightness() > normal.lightness() + 60
