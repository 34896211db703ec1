"""Comparing two snapshots of the circle on a workshop whose differences are known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from multitrack_desktop.domain import model as m
from multitrack_desktop.domain.snapshots import FieldChange, LinkChange, TrackMove, compare
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.widgets.sessions.snapshot_compare import SnapshotCompare

from .conftest import ELDER, GAM, GOV, HELSINKI, RADIO, S_CH, ULAMA, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

L = "10000000-0000-4000-8000-00000000000"


def evolve(service: WorkshopService) -> tuple[m.Snapshot, m.Snapshot]:
    """Snapshot, then a known list of changes, then another snapshot."""
    service.create_link(GOV, GAM, id=L + "1", kind="tension", strength=3)
    service.create_link(RADIO, ULAMA, id=L + "2", kind="communication")
    service.create_link(GOV, RADIO, id=L + "3", kind="funding", directed=True)
    t0 = dt.datetime(2005, 1, 27, 17, 0, tzinfo=HELSINKI)
    first = service.take_snapshot(session_id=S_CH, label="after round 1", taken_at=t0).created["snapshot"]

    service.place_actor(GAM, 2)  # moved to another track
    service.update_actor(GOV, influence=4, stance="supportive")  # two changes
    service.update_actor(RADIO, status="dormant")
    service.place_actor(ULAMA, None)  # taken off the circle: its link goes from the picture too
    service.place_actor(ELDER, 4)  # put on the circle
    service.create_link(ELDER, GAM, id=L + "4", kind="cooperation")
    service.update_link(L + "1", strength=1)  # the same link, weaker
    second = service.take_snapshot(label="later", taken_at=t0 + dt.timedelta(days=30)).created["snapshot"]
    snaps = {s.id: s for s in service.document().snapshots}
    return snaps[first], snaps[second]


def test_compare_reports_exactly_the_known_differences(service: WorkshopService) -> None:
    before, after = evolve(service)
    diff = compare(before, after)
    assert [p.actor for p in diff.added] == [ELDER]
    assert diff.added[0].track == 4
    assert [p.actor for p in diff.removed] == [ULAMA]
    assert diff.moved == [TrackMove(GAM, 1, 2)]
    assert sorted(diff.changed, key=lambda c: (c.actor, c.field)) == [
        FieldChange(GOV, "influence", 3, 4),
        FieldChange(GOV, "stance", m.Stance.UNKNOWN, m.Stance.SUPPORTIVE),
        FieldChange(RADIO, "status", m.ActorStatus.ACTIVE, m.ActorStatus.DORMANT),
    ]
    assert [(lk.source, lk.target, lk.kind) for lk in diff.links_added] == [
        (ELDER, GAM, m.LinkKind.COOPERATION)
    ]
    assert [(lk.source, lk.target) for lk in diff.links_removed] == [(RADIO, ULAMA)]
    [weaker] = diff.links_changed
    assert isinstance(weaker, LinkChange) and (weaker.before.strength, weaker.after.strength) == (3, 1)
    assert diff.actors() == {GOV, GAM, RADIO, ULAMA, ELDER}


def test_a_snapshot_compared_with_itself_has_no_differences(service: WorkshopService) -> None:
    before, _after = evolve(service)
    assert not compare(before, before)


def test_compare_backwards_swaps_added_and_removed(service: WorkshopService) -> None:
    before, after = evolve(service)
    back = compare(after, before)
    assert [p.actor for p in back.added] == [ULAMA]
    assert [p.actor for p in back.removed] == [ELDER]
    assert back.moved == [TrackMove(GAM, 2, 1)]


def test_unrecorded_values_and_link_direction() -> None:
    t = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)
    a = m.Snapshot(
        "s1",
        t,
        placements=[m.SnapshotPlacement(GOV, 1, 0.0, 0.5, influence=None, stance=m.Stance.OPPOSED)],
        links=[m.SnapshotLink(GOV, GAM, m.LinkKind.INFLUENCE, directed=True)],
    )
    b = m.Snapshot(
        "s2",
        t,
        placements=[m.SnapshotPlacement(GOV, 1, 10.0, 0.9, influence=5, stance=m.Stance.OPPOSED)],
        links=[m.SnapshotLink(GAM, GOV, m.LinkKind.INFLUENCE, directed=True)],
    )
    diff = compare(a, b)
    assert diff.changed == [] and diff.moved == []  # not recorded before; moved within its track
    [flipped] = diff.links_changed  # the same two actors, influence now the other way
    assert (flipped.before.source, flipped.after.source) == (GOV, GAM)
    assert diff.links_added == [] and diff.links_removed == []


# ---------------------------------------------------------------------- the list widget


def test_the_list_words_every_difference(qtbot, service: WorkshopService, undo_stack: QUndoStack) -> None:
    before, after = evolve(service)
    widget = SnapshotCompare(service, undo_stack)
    qtbot.addWidget(widget)
    assert (widget.before_combo.currentData(), widget.after_combo.currentData()) == (before.id, after.id)
    assert widget.before_combo.currentText() == "2005-01-27 17:00 · after round 1 · Helsinki round 1"
    assert sorted(widget.differences()) == sorted(
        [
            "Village elder put on the circle (track 4)",
            "مجلس العلماء taken off the circle (was on track 7)",
            "Free Aceh Movement moved from track 1 to track 2",
            "Government of Indonesia: influence 3 → 4",
            "Government of Indonesia: stance unknown → supportive",
            "Radio Damai: status active → dormant",
            "Link added: Village elder — Free Aceh Movement (cooperation)",
            "Link removed: Radio Damai — مجلس العلماء (communication)",
            "Link changed: Government of Indonesia — Free Aceh Movement (tension), strength 3 → 1",
        ]
    )
    assert widget.summary_label.text() == "9 differences"
    with qtbot.waitSignal(widget.actors_highlighted) as sig:
        widget.list.setCurrentRow(
            widget.differences().index("Free Aceh Movement moved from track 1 to track 2")
        )
    assert sig.args == [[GAM]]
    widget.choose(after.id, after.id)
    assert widget.differences() == [] and widget.summary_label.text() == "No differences on the circle."


def test_take_a_snapshot_now_and_undo(
    qtbot, service: WorkshopService, undo_stack: QUndoStack, workshop_path: Path
) -> None:
    widget = SnapshotCompare(service, undo_stack)
    qtbot.addWidget(widget)
    assert widget.diff is None  # nothing to compare yet
    widget.set_session(S_CH)
    widget.label_edit.setText("end of day one")
    with qtbot.waitSignal(widget.snapshot_taken) as first:
        widget.take_button.click()
    service.place_actor(ELDER, 5)
    widget.label_edit.setText("after the elder joined")
    with qtbot.waitSignal(widget.snapshot_taken) as second:
        widget.take_button.click()
    snaps = {s.id: s for s in load(workshop_path).snapshots}
    assert (snaps[first.args[0]].label, snaps[first.args[0]].session) == ("end of day one", S_CH)
    assert (widget.before_combo.currentData(), widget.after_combo.currentData()) == (
        first.args[0],
        second.args[0],
    )
    assert widget.differences() == ["Village elder put on the circle (track 5)"]
    undo_stack.undo()
    assert second.args[0] not in {s.id for s in load(workshop_path).snapshots}
    assert widget.after_combo.findData(second.args[0]) < 0
