"""Presenting to a room: presentation mode and the audience window show only what ``shareable`` may see.

The workshop plants one marker per thing the room must not see: a team and a private actor, an anonymised
actor's real name and other name (also inside another actor's name), team and private links, link notes,
contact and description, and session entries and actions above ``shareable``. Each screen's scene is walked
(items, labels, tooltips) and also drawn as SVG, whose text must hold none of them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPoint, QRectF, Qt
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QLabel,
    QToolTip,
    QWidget,
)

from multitrack_desktop.canvas.audience_scene import AudienceScene
from multitrack_desktop.canvas.items import ActorItem
from multitrack_desktop.commands import AppliedChange
from multitrack_desktop.domain import model as m
from multitrack_desktop.services.files import build_workshop_file
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")

PUB = "30000000-0000-4000-8000-000000000001"
TEAM = "30000000-0000-4000-8000-000000000002"
PRIV = "30000000-0000-4000-8000-000000000003"
ANON = "30000000-0000-4000-8000-000000000004"
FRIEND = "30000000-0000-4000-8000-000000000005"
LOOSE = "30000000-0000-4000-8000-000000000006"
LINK_SHOWN = "40000000-0000-4000-8000-000000000001"
LINK_TEAM_END = "40000000-0000-4000-8000-000000000002"
LINK_TEAM = "40000000-0000-4000-8000-000000000003"
LINK_PRIVATE = "40000000-0000-4000-8000-000000000004"

#: texts the shareable audience must never see, anywhere on its screens
WITHHELD = [
    "Teamactorname",
    "Privactorname",
    "Realname",
    "Anonyma",
    "Anonspelling",
    "contactmark",
    "anondescmark",
    "teamlinknote",
    "privlinknote",
    "teamentrymark",
    "priventrymark",
    "shareentrymark",
    "teamactionmark",
    "Sessionmark",
    "loosemark",
]


def planted() -> m.WorkshopDocument:
    tz = dt.timezone(dt.timedelta(hours=3))
    actors = [
        m.Actor(
            PUB,
            "Public Actor Alpha",
            kind=m.ActorKind.GOVERNMENT,
            track=1,
            influence=5,
            contact="contactmark1",
        ),
        m.Actor(TEAM, "Teamactorname", visibility=m.Visibility.TEAM, track=2, kind=m.ActorKind.PERSON),
        m.Actor(PRIV, "Privactorname", visibility=m.Visibility.PRIVATE, track=3),
        m.Actor(
            ANON,
            "Realname Anonyma",
            also_known_as=["Anonspelling"],
            alias="Blue Heron",
            anonymise=True,
            track=4,
            kind=m.ActorKind.PERSON,
            description="anondescmark",
            contact="contactmark2",
            tags=["Anonspelling tag"],
            stance=m.Stance.OPPOSED,
        ),
        m.Actor(FRIEND, "Friends of Realname Anonyma", track=5, kind=m.ActorKind.NETWORK),
        m.Actor(LOOSE, "Library loosemark", kind=m.ActorKind.PERSON),
    ]
    links = [
        m.Link(
            LINK_SHOWN,
            PUB,
            ANON,
            kind=m.LinkKind.TENSION,
            visibility=m.Visibility.SHAREABLE,
            note="sharedlinknote about Realname Anonyma",
        ),
        m.Link(LINK_TEAM_END, PUB, TEAM, visibility=m.Visibility.SHAREABLE),
        m.Link(LINK_TEAM, FRIEND, PUB, visibility=m.Visibility.TEAM, note="teamlinknote"),
        m.Link(LINK_PRIVATE, FRIEND, ANON, visibility=m.Visibility.PRIVATE, note="privlinknote"),
    ]
    start = dt.datetime(2026, 3, 10, 9, 0, tzinfo=tz)
    session = m.Session(
        "50000000-0000-4000-8000-000000000001",
        "Open Sessionmark",
        start,
        rule=m.Rule.OPEN,
        visibility=m.Visibility.SHAREABLE,
        entries=[
            m.Entry(
                "60000000-0000-4000-8000-000000000001",
                start,
                "shareentrymark",
                visibility=m.Visibility.SHAREABLE,
            ),
            m.Entry(
                "60000000-0000-4000-8000-000000000002", start, "teamentrymark", visibility=m.Visibility.TEAM
            ),
            m.Entry(
                "60000000-0000-4000-8000-000000000003",
                start,
                "priventrymark",
                visibility=m.Visibility.PRIVATE,
            ),
        ],
        actions=[
            m.Action("70000000-0000-4000-8000-000000000001", "teamactionmark", visibility=m.Visibility.TEAM)
        ],
    )
    return m.WorkshopDocument(
        m.Workshop("20000000-0000-4000-8000-000000000009", "Talks with Realname Anonyma"),
        actors=actors,
        links=links,
        sessions=[session],
    )


def write_planted(path: Path) -> Path:
    build_workshop_file(planted(), path)
    return path


def open_window(qtbot, path: Path) -> MainWindow:
    """The main window on ``path``, shown offscreen."""
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.set_file(WorkshopFile.open(path))
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def win(qtbot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, write_planted(tmp_path / "planted.multitrack"))


# --------------------------------------------------------------------------- what a screen shows


def painted_text(scene: AudienceScene) -> str:
    """Every text the scene paints: drawn into an SVG, where text stays text."""
    scene.use_vector_output()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    rect = scene.sceneRect()
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    painter = QPainter(generator)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    return bytes(data.data()).decode("utf-8")


def scene_texts(scene: AudienceScene) -> list[str]:
    """The values behind every item: actor values and labels, link notes, tooltips, text items."""
    texts: list[str] = []
    for item in scene.items():
        texts.append(item.toolTip())
        if isinstance(item, ActorItem):
            a = item.actor
            texts += [a.name, item.label.text, a.description, a.contact, *a.also_known_as, *a.tags]
        if isinstance(item, QGraphicsTextItem):
            texts.append(item.toPlainText())
        if isinstance(item, QGraphicsSimpleTextItem):
            texts.append(item.text())
    texts += [mark.link.note for mark in scene.link_items.values()]
    return texts


def widget_texts(top: QWidget) -> list[str]:
    texts = [top.windowTitle(), top.toolTip(), top.statusTip(), top.whatsThis()]
    for w in top.findChildren(QWidget):
        texts += [w.windowTitle(), w.toolTip(), w.statusTip(), w.whatsThis(), w.accessibleName()]
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
    return texts


def assert_shows_only_shareable(screen: QWidget, scene: AudienceScene) -> None:
    assert set(scene.actor_items) == {PUB, ANON, FRIEND}
    assert set(scene.link_items) == {LINK_SHOWN}
    everything = "\n".join(scene_texts(scene) + widget_texts(screen) + [painted_text(scene)])
    for marker in WITHHELD:
        assert marker.casefold() not in everything.casefold(), marker
    labels = {item.actor_id: item.label.text for item in scene.actor_items.values()}
    assert labels == {PUB: "Public Actor Alpha", ANON: "Blue Heron", FRIEND: "Friends of Blue Heron"}
    assert all(item.toolTip() == "" for item in scene.items())
    # a shareable link's note may be in the data (rewritten), but the room never sees it
    assert "sharedlinknote about Blue Heron" in scene_texts(scene)
    assert "sharedlinknote" not in painted_text(scene) + "".join(widget_texts(screen))
    assert "Audience: shareable" in widget_texts(screen)


def test_presentation_mode_shows_only_what_shareable_may_see(qtbot, win: MainWindow) -> None:
    docks = {d.objectName(): d.isVisible() for d in win.findChildren(type(win.library_dock))}
    geometry = win.geometry()
    qtbot.keyClick(win, Qt.Key.Key_F5)
    screen = win.presenter.presentation
    assert screen is not None and screen.isVisible() and screen.isFullScreen()
    assert win.presenter.present_action.isChecked()
    assert screen.geometry() == win.screen().geometry()
    # nothing but the circle: no menus, toolbars, docks or status bar in the presentation screen
    assert screen.findChildren(QAbstractButton) == []
    assert_shows_only_shareable(screen, screen.scene)
    # larger labels than on the facilitator's circle
    main_label = win.scene.actor_items[PUB].label
    shown_label = screen.scene.actor_items[PUB].label
    assert shown_label.font.pixelSize() > main_label.font.pixelSize()
    assert shown_label.rect.width() > main_label.rect.width()

    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert win.presenter.presentation is None
    assert not win.presenter.present_action.isChecked()
    qtbot.waitUntil(lambda: not screen.isVisible() if _alive(screen) else True)
    assert {d.objectName(): d.isVisible() for d in win.findChildren(type(win.library_dock))} == docks
    assert win.geometry() == geometry and not win.isFullScreen()


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def test_presentation_follows_edits_and_f5_leaves(qtbot, win: MainWindow) -> None:
    win.presenter.present_action.trigger()
    screen = win.presenter.presentation
    assert screen is not None
    win._on_edit_requested(TEAM, {"visibility": m.Visibility.SHAREABLE})  # the inspector's request
    qtbot.waitUntil(lambda: TEAM in screen.scene.actor_items)
    assert LINK_TEAM_END in screen.scene.link_items  # both ends shown now
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: TEAM not in screen.scene.actor_items)
    assert LINK_TEAM_END not in screen.scene.link_items
    qtbot.keyClick(screen, Qt.Key.Key_F5)
    assert win.presenter.presentation is None


def test_the_pointer_hides_once_it_rests_on_the_presentation_and_comes_back_when_moved(
    qtbot, win: MainWindow
) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent

    win.presenter.present_action.trigger()
    screen = win.presenter.presentation
    assert screen is not None
    qtbot.waitExposed(screen)
    view = screen.view
    viewport = view.viewport()

    def move_to(x: float, y: float) -> None:
        # sent to the viewport: the offscreen platform gives QTest's moves to the window it last knew
        local = QPointF(x, y)
        QApplication.sendEvent(
            viewport,
            QMouseEvent(
                QEvent.Type.MouseMove,
                local,
                viewport.mapToGlobal(local),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )

    assert view.cursor_timer.interval() == 2000  # two seconds at rest
    view.cursor_timer.setInterval(50)
    move_to(200, 200)
    assert viewport.cursor().shape() == Qt.CursorShape.ArrowCursor
    qtbot.waitUntil(lambda: viewport.cursor().shape() == Qt.CursorShape.BlankCursor, timeout=2000)
    move_to(240, 210)
    assert viewport.cursor().shape() == Qt.CursorShape.ArrowCursor
    qtbot.waitUntil(lambda: viewport.cursor().shape() == Qt.CursorShape.BlankCursor, timeout=2000)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert win.presenter.presentation is None


def test_closing_the_workshop_leaves_presentation(qtbot, win: MainWindow) -> None:
    win.presenter.present_action.trigger()
    assert win.presenter.presentation is not None
    win.close_document()
    assert win.presenter.presentation is None
    assert not win.presenter.present_action.isEnabled()


def open_audience_window(qtbot, win: MainWindow):  # -> AudienceScreen
    win.presenter.audience_action.trigger()
    screen = win.presenter.audience_window
    assert screen is not None
    qtbot.waitExposed(screen)
    return screen


def test_audience_window_mirrors_shareable_circle_live(qtbot, win: MainWindow) -> None:
    screen = open_audience_window(qtbot, win)
    assert screen.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert "extend" in win.statusBar().currentMessage()
    assert_shows_only_shareable(screen, screen.scene)

    # the facilitator renames an actor and moves another in the main window: the room sees it at once
    win._on_edit_requested(PUB, {"name": "Public Actor Beta"})
    qtbot.waitUntil(lambda: screen.scene.actor_items[PUB].label.text == "Public Actor Beta")
    before = screen.scene.actor_items[FRIEND].pos()
    change = win.document.move_actors([(FRIEND, 6, m.Placement(225.0, 0.7))])
    win.undo_stack.push(AppliedChange(win.document, change, on_error=win.show_undo_error))
    qtbot.waitUntil(lambda: screen.scene.actor_items[FRIEND].pos() != before)
    assert screen.scene.actor_items[FRIEND].pos() == win.scene.actor_items[FRIEND].pos()
    # a private actor made shareable appears; the anonymised one stays by its alias after an edit
    win._on_edit_requested(ANON, {"description": "Realname Anonyma again"})
    win._on_edit_requested(PRIV, {"visibility": m.Visibility.SHAREABLE})
    qtbot.waitUntil(lambda: PRIV in screen.scene.actor_items)
    assert screen.scene.actor_items[ANON].label.text == "Blue Heron"
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: PRIV not in screen.scene.actor_items)
    assert_texts_clean(screen)

    win.presenter.audience_action.trigger()
    assert win.presenter.audience_window is None


def assert_texts_clean(screen) -> None:
    everything = "\n".join(scene_texts(screen.scene) + widget_texts(screen) + [painted_text(screen.scene)])
    for marker in WITHHELD:
        assert marker.casefold() not in everything.casefold(), marker


def test_audience_window_takes_no_input_and_shows_no_tooltip(qtbot, win: MainWindow) -> None:
    screen = open_audience_window(qtbot, win)
    view, scene = screen.view, screen.scene
    item = scene.actor_items[ANON]
    where = view.mapFromScene(item.scenePos())
    start = xy(item.pos())

    # the same question on the facilitator's circle does show a tooltip (so this test can fail)
    main_where = win.view.mapFromScene(win.scene.actor_items[ANON].scenePos())
    QToolTip.hideText()
    QApplication.sendEvent(
        win.view.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, main_where, win.view.viewport().mapToGlobal(main_where)),
    )
    assert QToolTip.isVisible() and "Realname" in QToolTip.text()
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())

    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    )
    assert not QToolTip.isVisible()
    QApplication.sendEvent(
        view.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, view.viewport().mapToGlobal(where)),
    )
    assert QApplication.activePopupWidget() is None and QApplication.activeModalWidget() is None

    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseMove(view.viewport(), where + QPoint(60, 40))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=where + QPoint(60, 40))
    assert scene.selectedItems() == []
    assert xy(item.pos()) == start
    assert not item.flags() & item.GraphicsItemFlag.ItemIsSelectable
    assert win.scene.selected_actor_ids() == []


def xy(p) -> tuple[float, float]:
    """A point as a comparable value."""
    return (round(p.x(), 6), round(p.y(), 6))


def test_audience_window_closes_with_the_main_window(qtbot, win: MainWindow) -> None:
    screen = open_audience_window(qtbot, win)
    win.close()
    assert win.presenter.audience_window is None
    assert not _alive(screen) or not screen.isVisible()


def test_audience_scene_refuses_unredacted_content() -> None:
    scene = AudienceScene()
    with pytest.raises(TypeError):
        scene.set_content(planted().actors, [], editable=True)


def test_with_a_projector_the_audience_window_goes_there_and_presentation_stays_home(tmp_path: Path) -> None:
    """Under an offscreen platform with two screens (a laptop and a projector beside it)."""
    screens = tmp_path / "screens.json"
    screens.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "Laptop", "x": 0, "y": 0, "width": 1600, "height": 1000},
                    {"name": "Projector", "x": 1600, "y": 0, "width": 1280, "height": 800},
                ]
            }
        )
    )
    path = write_planted(tmp_path / "planted.multitrack")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    env["MULTITRACK_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("two_screens_worker.py")), str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["screens"] == ["Laptop", "Projector"] and report["main"] == "Laptop"
    assert report["audience"] == "Projector" and report["audience_full_screen"]
    assert report["audience_geometry"] == [1600, 0, 1280, 800]
    assert report["presentation"] == "Laptop" and report["presentation_geometry"] == [0, 0, 1600, 1000]
    assert "extended, not mirrored" in report["message"]
    assert "WindowDoesNotAcceptFocus" not in done.stderr  # nothing tried to give the projector the keyboard


def test_live_notes_do_not_redraw_the_room(qtbot, win: MainWindow) -> None:
    """An entry typed while presenting changes nothing the circle shows: no redaction, no redraw."""
    open_audience_window(qtbot, win)
    emitted: list[object] = []
    win.presenter.mirror.redaction_changed.connect(emitted.append)
    at = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
    doc = win.document
    doc.refresh(doc.service.add_entry("50000000-0000-4000-8000-000000000001", at, "priventrymark two"))
    qtbot.wait(30)
    assert emitted == []
    win._on_edit_requested(PUB, {"influence": 2})
    qtbot.waitUntil(lambda: len(emitted) == 1)
    assert win.presenter.audience_window.scene.actor_items[PUB].actor.influence == 2


def test_audience_window_follows_the_workshop_being_replaced(
    qtbot, win: MainWindow, workshop_path: Path
) -> None:
    screen = open_audience_window(qtbot, win)
    win.close_document()
    qtbot.waitUntil(lambda: not screen.scene.actor_items)
    assert screen.isVisible()  # an empty circle until the next workshop: the projector shows nothing private
    assert win.open_path(workshop_path, remember=False)
    qtbot.waitUntil(lambda: bool(screen.scene.actor_items))
    labels = {item.label.text for item in screen.scene.actor_items.values()}
    assert "Mediator A" in labels
    assert not any("Humanitarian" in text for text in scene_texts(screen.scene))


def test_projector_unplugged_the_audience_window_stops_covering_a_screen(
    qtbot, win: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    presenter = win.presenter
    monkeypatch.setattr(type(presenter), "projector_screen", lambda self: win.screen())  # "a projector"
    screen = open_audience_window(qtbot, win)
    assert screen.isFullScreen()
    monkeypatch.setattr(type(presenter), "projector_screen", lambda self: None)  # unplugged
    presenter._on_screens_changed(win.screen())
    qtbot.waitUntil(lambda: not screen.isFullScreen())
    assert screen.isVisible() and (screen.width(), screen.height()) == (1024, 720)
    assert "Only one screen" in win.statusBar().currentMessage()
