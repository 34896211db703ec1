"""The circle's context menu: a right click on an actor, on a link or on the circle itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from multitrack_desktop.canvas.style import R
from multitrack_desktop.domain import geometry
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ARABIC, GOV, MEDIATOR, load

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)
GOV_ARABIC = "10000000-0000-4000-8000-000000000001"


def right_click(window: MainWindow, at: QPoint, *, keyboard: bool = False) -> list[str]:
    """The menu event a right click (or the menu key) gives the viewport; the menu's entries.

    Sent as the window system sends it: QTest's clicks go to the widget directly, which makes no menu event.
    """
    viewport = window.view.viewport()
    reason = QContextMenuEvent.Reason.Keyboard if keyboard else QContextMenuEvent.Reason.Mouse
    QApplication.sendEvent(viewport, QContextMenuEvent(reason, at, viewport.mapToGlobal(at)))
    menu = window.circle_menu
    assert menu is not None and menu.isVisible()
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def choose(window: MainWindow, text: str) -> None:
    menu = window.circle_menu
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled(), text
    menu.hide()
    action.trigger()


def screen_of(window: MainWindow, actor_id: str) -> QPoint:
    return window.view.mapFromScene(window.scene.actor_items[actor_id].pos())


def test_an_actors_menu_selects_it_and_offers_what_can_be_done_to_it(qtbot, window: MainWindow) -> None:
    window.select_actors([MEDIATOR])
    entries = right_click(window, screen_of(window, GOV))
    assert window.library.selected_ids() == [GOV]  # the actor under the pointer, not the one selected before
    assert entries[:3] == ["Edit in the inspector", "Duplicate", "Delete"]
    assert "Put on track" in entries and "Add the selected actors to the session" in entries
    choose(window, "Edit in the inspector")
    name = window.inspector.editor("name")
    assert window.inspector_dock.isVisible() and name.hasFocus() and name.selectedText() == name.text()


def test_duplicate_from_the_menu_writes_a_copy(qtbot, window: MainWindow, workshop_path: Path) -> None:
    right_click(window, screen_of(window, ARABIC))
    before = len(load(workshop_path).actors)
    choose(window, "Duplicate")
    assert len(load(workshop_path).actors) == before + 1
    window.undo_stack.undo()
    assert len(load(workshop_path).actors) == before


def test_a_new_actor_here_lands_where_the_menu_was_asked_for_in_one_undo_step(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    p = geometry.to_xy(geometry.sector_centre(6), 0.7)
    at = window.view.mapFromScene(QPointF(p.x * R, p.y * R))
    entries = right_click(window, at)
    assert entries[0] == "New actor here" and "Fit the circle" in entries
    before = {a.id for a in load(workshop_path).actors}
    depth = window.undo_stack.count()
    choose(window, "New actor here")
    new = [a for a in load(workshop_path).actors if a.id not in before]
    assert len(new) == 1 and new[0].track == 6 and new[0].placement is not None
    assert window.library.selected_ids() == [new[0].id]
    assert window.inspector.editor("name").hasFocus()
    assert window.undo_stack.count() == depth + 1
    window.undo_stack.undo()
    assert {a.id for a in load(workshop_path).actors} == before


def test_outside_the_circle_there_is_nowhere_to_put_a_new_actor(qtbot, window: MainWindow) -> None:
    corner = window.view.mapFromScene(QPointF(-1.3 * R, -1.2 * R))
    right_click(window, corner)
    here = next(a for a in window.circle_menu.actions() if a.text().replace("&", "") == "New actor here")
    assert not here.isEnabled()


def test_a_links_menu_selects_it_and_deletes_it(qtbot, window: MainWindow, workshop_path: Path) -> None:
    spine = window.scene.link_layer.drawn[GOV_ARABIC].shape.spine
    middle = (
        spine[len(spine) // 2]
        if len(spine) > 2
        else ((spine[0][0] + spine[-1][0]) / 2, (spine[0][1] + spine[-1][1]) / 2)
    )
    entries = right_click(window, window.view.mapFromScene(QPointF(*middle)))
    assert entries[:2] == ["Edit the link", "Delete link"]
    assert window.links.gestures.selected_link_id == GOV_ARABIC
    choose(window, "Delete link")
    assert GOV_ARABIC not in {lk.id for lk in load(workshop_path).links}


def test_the_menu_key_opens_the_selected_actors_menu_beside_it(qtbot, window: MainWindow) -> None:
    window.select_actors([MEDIATOR])
    entries = right_click(window, QPoint(5, 5), keyboard=True)  # the keyboard gives no useful point
    assert entries[0] == "Edit in the inspector"
    assert window.library.selected_ids() == [MEDIATOR]


def test_link_to_another_actor_draws_the_link_to_the_actor_clicked_next(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from multitrack_desktop.domain.model import LinkKind

    asked: list[QPoint] = []  # the kind menu that follows a drawn link, answered "cooperation"
    window.links.choose_kind = lambda at: asked.append(at) or LinkKind.COOPERATION
    entries = right_click(window, screen_of(window, MEDIATOR))
    assert entries.index("Link to another actor…") == entries.index("Put on track") + 1
    before = {lk.id for lk in load(workshop_path).links}
    choose(window, "Link to another actor…")
    assert "Click the actor to link to" in window.statusBar().currentMessage()
    viewport = window.view.viewport()
    qtbot.mouseMove(viewport, screen_of(window, ARABIC) + QPoint(20, 0))  # no button held
    assert window.links.gestures.drawing
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=screen_of(window, ARABIC))
    new = [lk for lk in load(workshop_path).links if lk.id not in before]
    assert [(lk.source, lk.target, lk.kind) for lk in new] == [(MEDIATOR, ARABIC, LinkKind.COOPERATION)]
    assert len(asked) == 1
    assert not window.links.gestures.drawing


def test_link_to_another_actor_is_cancelled_by_a_click_on_nothing(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    from PySide6.QtCore import Qt

    right_click(window, screen_of(window, MEDIATOR))
    before = {lk.id for lk in load(workshop_path).links}
    choose(window, "Link to another actor…")
    corner = window.view.mapFromScene(QPointF(-1.3 * R, -1.2 * R))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert not window.links.gestures.drawing
    assert {lk.id for lk in load(workshop_path).links} == before
