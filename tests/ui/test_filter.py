"""Filtering the circle by kind, stance, status, track and tag: marks hidden, the file untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from multitrack_desktop.canvas.filtering import CircleFilter
from multitrack_desktop.domain import model as m
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, CYRILLIC, GOV, MEDIA, MEDIATOR

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

GOV_ARABIC = "10000000-0000-4000-8000-000000000001"
GOV_MEDIATOR = "10000000-0000-4000-8000-000000000002"


def shown(window: MainWindow) -> set[str]:
    return {i for i, item in window.scene.actor_items.items() if item.isVisible()}


def test_filter_by_kind_from_the_menu(qtbot, window: MainWindow, workshop_path: Path) -> None:
    before = workshop_path.stat().st_mtime_ns
    bar = window.filter_bar
    window.select_actor(ARABIC)
    action = next(a for a in bar.menus["kind"].actions() if a.data() == m.ActorKind.GOVERNMENT)
    action.trigger()
    assert shown(window) == {GOV}
    assert set(window.scene.link_layer.marks) == set()  # every link has an end filtered out
    assert window.scene.selected_actor_ids() == []  # a hidden actor is not selected
    assert "filtered: 1 shown" in window.counts_label.text()
    assert bar.buttons["kind"].text().startswith("Kind (1)")

    bar.choose("kind", m.ActorKind.ORGANISATION)  # government or organisation
    assert shown(window) == {GOV, CYRILLIC, MEDIATOR}
    assert set(window.scene.link_layer.marks) == {GOV_MEDIATOR}

    bar.clear_action.trigger()
    assert shown(window) == set(window.scene.actor_items)
    assert set(window.scene.link_layer.marks) == {GOV_ARABIC, GOV_MEDIATOR}
    assert "filtered" not in window.counts_label.text()
    assert workshop_path.stat().st_mtime_ns == before


def test_filter_by_track_counts_also_tracks(window: MainWindow) -> None:
    window.filter_bar.choose("track", 1)
    assert shown(window) == {GOV, MEDIATOR}  # MEDIATOR is on track 2 and also works on track 1


def test_filter_by_stance_and_status_together(window: MainWindow) -> None:
    window.filter_bar.choose("stance", m.Stance.UNKNOWN)
    window.filter_bar.choose("status", m.ActorStatus.DORMANT)
    assert shown(window) == {MEDIA}


# the tag's completer pops up a list: the offscreen platform cannot raise it or grab the keyboard
@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")
def test_filter_by_tag_typed(qtbot, window: MainWindow) -> None:
    window.select_actor(GOV)
    tags = window.inspector.editor("tags")
    qtbot.keyClicks(tags, "Delegation, coast")
    qtbot.keyClick(tags, Qt.Key.Key_Return)
    assert "Delegation" in window.filter_bar.tags_model.stringList()
    qtbot.keyClicks(window.filter_bar.tag, "delegation")
    assert shown(window) == {GOV}
    window.filter_bar.tag.clear()
    assert GOV in shown(window) and ARABIC in shown(window)


def test_the_filter_holds_across_edits(qtbot, window: MainWindow) -> None:
    window.filter_bar.choose("kind", m.ActorKind.GOVERNMENT)
    window.select_actor(GOV)
    name = window.inspector.editor("name")
    qtbot.keyClicks(name, " X")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert shown(window) == {GOV}


def test_an_empty_filter_matches_everyone() -> None:
    f = CircleFilter()
    assert not f.active
    assert f.matches(m.Actor("00000000-0000-4000-8000-00000000000a", "Anyone"))
