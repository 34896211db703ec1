"""Editing an actor in the inspector: typed, checked as it is typed, one undo step, in the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

from multitrack_desktop.canvas.scene import Drop
from multitrack_desktop.domain import model as m
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.widgets.main_window import MainWindow

from .conftest import ELDER, GOV, load

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def type_into(qtbot, edit: QLineEdit, text: str, *, replace: bool = True) -> None:
    if replace:
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_a_typed_name_is_saved_with_enter_and_undone(qtbot, window: MainWindow, workshop_path: Path) -> None:
    window.select_actor(GOV)
    name = window.inspector.editor("name")
    assert isinstance(name, QLineEdit) and name.isEnabled()
    qtbot.keyClicks(name, " (MFA)")
    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs"  # not before Enter
    assert window.inspector.apply_button.isEnabled()
    qtbot.keyClick(name, Qt.Key.Key_Return)

    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs (MFA)"
    assert window.undo_stack.count() == 1
    assert "(MFA)" in window.scene.actor_items[GOV].toolTip()
    assert window.library.text_of(GOV).startswith("Ministry of Foreign Affairs (MFA)")
    assert not window.inspector.apply_button.isEnabled()

    window.undo_action.trigger()
    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs"
    assert name.text() == "Ministry of Foreign Affairs"  # the form follows the undo
    window.redo_action.trigger()
    assert name.text() == "Ministry of Foreign Affairs (MFA)"


def test_a_name_too_long_shows_why_and_writes_nothing(qtbot, window: MainWindow, workshop_path: Path) -> None:
    before = workshop_path.stat().st_mtime_ns
    window.select_actor(GOV)
    inspector = window.inspector
    name = inspector.editor("name")
    name.setText("x" * 300)
    assert not inspector.problems_label.isVisible()  # 300 characters is still a name
    qtbot.keyClicks(name, "y")
    assert inspector.problems_label.isVisible()
    assert "Name" in inspector.problems_label.text() and "301 characters" in inspector.problems_label.text()
    assert not inspector.apply_button.isEnabled()
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.undo_stack.count() == 0
    assert workshop_path.stat().st_mtime_ns == before
    assert load(workshop_path).actor_by_id()[GOV].name == "Ministry of Foreign Affairs"

    qtbot.keyClick(name, Qt.Key.Key_Backspace)  # back to 300: the reason goes, Apply comes back
    assert not inspector.problems_label.isVisible()
    assert inspector.apply_button.isEnabled()


def test_an_empty_name_is_refused(qtbot, window: MainWindow, workshop_path: Path) -> None:
    window.select_actor(GOV)
    name = window.inspector.editor("name")
    type_into(qtbot, name, "   ")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert "must not be empty" in window.inspector.problems_label.text()
    assert window.undo_stack.count() == 0


def test_anonymise_needs_an_alias_then_both_go_in_one_step(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    window.select_actor(GOV)
    inspector = window.inspector
    anonymise = inspector.editor("anonymise")
    assert isinstance(anonymise, QCheckBox)
    anonymise.click()
    assert "an anonymised actor needs an alias" in inspector.problems_label.text()
    assert "Alias" in inspector.problems_label.text()
    assert window.undo_stack.count() == 0
    assert load(workshop_path).actor_by_id()[GOV].anonymise is False

    alias = inspector.editor("alias")
    qtbot.keyClicks(alias, "Ministry A")
    assert not inspector.problems_label.isVisible()
    qtbot.keyClick(alias, Qt.Key.Key_Return)
    actor = load(workshop_path).actor_by_id()[GOV]
    assert (actor.anonymise, actor.alias) == (True, "Ministry A")
    assert window.undo_stack.count() == 1
    assert window.scene.actor_items[GOV].label.alias  # the badge on the circle
    window.undo_stack.undo()
    actor = load(workshop_path).actor_by_id()[GOV]
    assert (actor.anonymise, actor.alias) == (False, None)


def test_every_field_is_edited_saved_and_undone_exactly(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    original = load(workshop_path)
    window.select_actor(GOV)
    ins = window.inspector
    type_into(qtbot, ins.editor("also_known_as"), "MoFA; Deplu, Jakarta")
    qtbot.keyClick(ins.editor("also_known_as"), Qt.Key.Key_Return)
    choose(ins.editor("visibility"), m.Visibility.TEAM)
    choose(ins.editor("kind"), m.ActorKind.NETWORK)
    ins.also_boxes[4].click()
    ins.also_boxes[9].click()
    choose(ins.editor("track"), 3)  # a new track: laid out by the app
    influence = ins.editor("influence")
    assert isinstance(influence, QSpinBox)
    influence.setValue(2)
    choose(ins.editor("stance"), m.Stance.OPPOSED)
    choose(ins.editor("status"), m.ActorStatus.DORMANT)
    type_into(qtbot, ins.editor("tags"), "state, jakarta")
    qtbot.keyClick(ins.editor("tags"), Qt.Key.Key_Return)
    description = ins.editor("description")
    contact = ins.editor("contact")
    assert isinstance(description, QPlainTextEdit) and isinstance(contact, QPlainTextEdit)
    qtbot.keyClicks(description, "Leads the talks.")
    qtbot.keyClicks(contact, "+62 21 555 0100")
    qtbot.mouseClick(ins.apply_button, Qt.MouseButton.LeftButton)  # both long texts: one step

    actor = load(workshop_path).actor_by_id()[GOV]
    assert actor.also_known_as == ["MoFA", "Deplu, Jakarta"]
    assert actor.visibility is m.Visibility.TEAM
    assert actor.kind is m.ActorKind.NETWORK
    assert actor.track == 3 and actor.placement is None
    assert actor.also_tracks == [4, 9]
    assert actor.influence == 2
    assert actor.stance is m.Stance.OPPOSED
    assert actor.status is m.ActorStatus.DORMANT
    assert actor.tags == ["state", "jakarta"]
    assert actor.description == "Leads the talks."
    assert actor.contact == "+62 21 555 0100"
    steps = window.undo_stack.count()
    assert steps == 11  # one per edit: 9 choices and lines, the two long texts together
    assert ins.text_of("position") == "laid out by the app"

    # the contact is private: never on the circle
    item = window.scene.actor_items[GOV]
    assert "555" not in item.toolTip() and "555" not in item.label.text

    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert load(workshop_path).actor_by_id()[GOV] == original.actor_by_id()[GOV]
    assert ins.text_of("track").startswith("1 ")
    while window.undo_stack.canRedo():
        window.undo_stack.redo()
    assert load(workshop_path).actor_by_id()[GOV] == actor


def test_an_own_track_cannot_also_be_listed(window: MainWindow) -> None:
    window.select_actor(GOV)
    assert not window.inspector.also_boxes[1].isEnabled()
    assert window.inspector.also_boxes[2].isEnabled()


def test_an_actor_in_the_library_stays_in_the_inspector_after_an_edit(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    window.select_actor(ELDER)
    name = window.inspector.editor("name")
    type_into(qtbot, name, "Elder of Lhokseumawe")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert load(workshop_path).actor_by_id()[ELDER].name == "Elder of Lhokseumawe"
    assert window.inspector.actor_id == ELDER
    assert name.text() == "Elder of Lhokseumawe"


def test_typing_survives_a_move_of_the_same_actor(qtbot, window: MainWindow, workshop_path: Path) -> None:
    window.select_actor(GOV)
    name = window.inspector.editor("name")
    qtbot.keyClicks(name, " (MFA)")
    # meanwhile the actor is dragged to track 2: the form shows the new track, the name stays typed
    window.scene.actors_dropped.emit([Drop(GOV, 2, m.Placement(45.0, 0.6))])
    assert window.inspector.text_of("track").startswith("2 ")
    assert name.text() == "Ministry of Foreign Affairs (MFA)"
    qtbot.keyClick(name, Qt.Key.Key_Return)
    actor = load(workshop_path).actor_by_id()[GOV]
    assert (actor.name, actor.track) == ("Ministry of Foreign Affairs (MFA)", 2)  # the move is not undone


def test_a_read_only_workshop_cannot_be_edited(qtbot, workshop_path: Path) -> None:
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(workshop_path, readonly=True))
    win.select_actor(GOV)
    assert win.inspector.text_of("name") == "Ministry of Foreign Affairs"
    assert not win.inspector.editor("name").isEnabled()
    assert not win.inspector.apply_button.isEnabled()


def test_escape_forgets_what_was_typed(qtbot, window: MainWindow, workshop_path: Path) -> None:
    window.select_actor(GOV)
    name = window.inspector.editor("name")
    qtbot.keyClicks(name, " (typo)")
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    assert name.text() == "Ministry of Foreign Affairs"
    assert not window.inspector.apply_button.isEnabled()
    assert window.undo_stack.count() == 0


def test_the_wheel_over_an_unfocused_choice_changes_nothing(
    qtbot, window: MainWindow, workshop_path: Path
) -> None:
    window.select_actor(GOV)
    combo = window.inspector.editor("stance")
    assert not combo.hasFocus()
    before = combo.currentIndex()
    centre = QPointF(combo.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(combo.mapToGlobal(combo.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == before
    assert window.undo_stack.count() == 0


def test_a_renamed_actor_moves_to_its_place_in_the_library_and_stays_selected(
    qtbot, window: MainWindow
) -> None:
    lib = window.library
    window.select_actor(ELDER)
    resets: list[bool] = []
    lib.list.model().modelReset.connect(lambda: resets.append(True))
    name = window.inspector.editor("name")
    type_into(qtbot, name, "Aardvark elders")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert lib.ids_shown()[0] == ELDER  # sorted by name
    assert lib.selected_ids() == [ELDER]
    assert resets == []  # updated in place, not rebuilt
    assert lib.text_of(ELDER).startswith("Aardvark elders")
    window.undo_stack.undo()
    by_name = sorted(window.document.actors, key=lambda a: (a.name.casefold(), a.id))
    assert lib.ids_shown() == [a.id for a in by_name]  # "Unplaced Elder" back in its place
