"""A snapshot on the circle, and two compared on it: the marks stand where the differences are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from multitrack_desktop.canvas.items import scene_point
from multitrack_desktop.document.workshop import OpenWorkshop
from multitrack_desktop.domain import model as m
from multitrack_desktop.domain.snapshots import snapshot_map
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.sessions.snapshot_compare import SnapshotCompare
from multitrack_desktop.widgets.snapshot_view import SnapshotView

from .conftest import ELDER, GAM, GOV, RADIO

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

T0 = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)


def snap(sid: str, placements: list[m.SnapshotPlacement], links: list[m.SnapshotLink]) -> m.Snapshot:
    return m.Snapshot(sid, T0, label=sid, placements=placements, links=links)


ACTORS = [
    m.Actor(GOV, "Government of Indonesia", track=1, influence=4),
    m.Actor(GAM, "Free Aceh Movement", track=1),
    m.Actor(RADIO, "Radio Damai", track=9),
]
EARLIER = snap(
    "earlier",
    [m.SnapshotPlacement(GOV, 1, 2.0, 0.8, influence=2), m.SnapshotPlacement(RADIO, 9, 10.0, 0.5)],
    [m.SnapshotLink(GOV, RADIO, m.LinkKind.TENSION)],
)
LATER = snap(
    "later",
    [
        m.SnapshotPlacement(GOV, 2, 60.0, 0.8, influence=5),
        m.SnapshotPlacement(GAM, 1, 10.0, 0.7),
        m.SnapshotPlacement(ELDER, 4, 160.0, 0.7),
    ],
    [m.SnapshotLink(GOV, GAM, m.LinkKind.COOPERATION)],
)


def test_snapshot_map_uses_the_snapshots_values_and_names_deleted_actors() -> None:
    actors, links = snapshot_map(LATER, ACTORS, unknown_name="gone")
    by_id = {a.id: a for a in actors}
    assert by_id[GOV].track == 2 and by_id[GOV].placement == m.Placement(60.0, 0.8)
    assert by_id[GOV].influence == 5 and by_id[GAM].influence == 3  # null in the snapshot: today's value
    assert by_id[ELDER].name == "gone"  # not among today's actors
    assert [(lk.source, lk.target, lk.kind) for lk in links] == [(GOV, GAM, m.LinkKind.COOPERATION)]
    assert len({lk.id for lk in links}) == len(links)


def test_compare_on_the_circle_marks_each_difference(qtbot) -> None:
    view = SnapshotView(LATER, ACTORS, earlier=EARLIER, differences=["x"])
    qtbot.addWidget(view)
    assert set(view.scene.actor_items) == {GOV, GAM, ELDER}
    assert len(view.overlays["added"]) == 2  # GAM and the elder put on the circle
    ghosts = [i for i in view.overlays["removed"] if hasattr(i, "text")]
    assert [g.text() for g in ghosts] == ["Radio Damai"]
    assert len(view.overlays["moved"]) == 1  # the government moved from track 1 to 2
    assert len(view.overlays["changed"]) == 1  # its influence changed
    assert len(view.overlays["links_added"]) == 1 and len(view.overlays["links_removed"]) == 1
    arrow = view.overlays["moved"][0].path()
    start, tip = scene_point(2.0, 0.8), view.scene.actor_items[GOV].pos()
    assert (arrow.elementAt(0).x, arrow.elementAt(0).y) == pytest.approx((start.x(), start.y()))
    assert (arrow.elementAt(1).x, arrow.elementAt(1).y) == pytest.approx((tip.x(), tip.y()))
    assert not any(
        item.flags() & item.GraphicsItemFlag.ItemIsMovable for item in view.scene.actor_items.values()
    )


def test_one_snapshot_alone_has_no_marks(qtbot) -> None:
    view = SnapshotView(EARLIER, ACTORS)
    qtbot.addWidget(view)
    assert set(view.scene.actor_items) == {GOV, RADIO}
    assert view.diff is None and not any(view.overlays.values())


def test_the_compare_panel_opens_the_circle(qtbot, workshop_path: Path) -> None:
    document = OpenWorkshop(WorkshopFile.open(workshop_path, daily_backup=False))
    try:
        panel = SnapshotCompare(document.service, QUndoStack(), document)
        qtbot.addWidget(panel)
        assert not panel.circle_button.isEnabled()
        panel.take_snapshot()
        document.move_actors([(RADIO, 5, None)])
        panel.take_snapshot()
        panel.circle_button.click()
        window = panel.circle_window
        assert isinstance(window, SnapshotView)
        qtbot.addWidget(window)
        assert window.diff is not None and [mv.actor for mv in window.diff.moved] == [RADIO]
        assert window.scene.actor_items[RADIO].actor.track == 5
    finally:
        document.close()
