"""Map images: what each audience's PNG/SVG carries, the chosen size, atomic writing, and the dialog."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QFileDialog

from multitrack_desktop.domain.model import Visibility
from multitrack_desktop.export import map_image
from multitrack_desktop.export.map_image import export_map_image
from multitrack_desktop.storage.errors import StorageError
from multitrack_desktop.widgets import map_export
from multitrack_desktop.widgets.main_window import MainWindow

from .test_presenting import WITHHELD, open_window, planted, write_planted

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")

#: what a team image may show but a shareable one may not
TEAM_ONLY = ["Teamactorname", "Realname Anonyma"]
PRIVATE_ONLY = ["Privactorname"]


def svg_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_shareable_svg_withholds_every_name_and_says_its_audience(qapp, tmp_path: Path) -> None:
    dest = tmp_path / "map.svg"
    export_map_image(planted(), dest)  # default audience: shareable
    text = svg_text(dest)
    assert text.startswith("<?xml") and "<svg" in text
    for marker in WITHHELD:
        assert marker.casefold() not in text.casefold(), marker
    assert ">Audience: shareable</text>" in text.replace("\n", "")
    for shown in ("Public Actor Alpha", "Blue Heron", "Friends of Blue Heron", "Talks with Blue Heron"):
        assert shown in text, shown  # drawn as text: the absences above mean something


@pytest.mark.parametrize(
    ("audience", "present", "absent"),
    [
        (Visibility.TEAM, TEAM_ONLY, PRIVATE_ONLY),
        (Visibility.PRIVATE, TEAM_ONLY + PRIVATE_ONLY, []),
    ],
)
def test_other_audiences_see_their_own_records(
    qapp, tmp_path: Path, audience: Visibility, present: list[str], absent: list[str]
) -> None:
    dest = tmp_path / f"map-{audience.value}.svg"
    export_map_image(planted(), dest, audience=audience)
    text = svg_text(dest)
    for marker in present:
        assert marker in text, marker
    for marker in absent:
        assert marker not in text, marker
    assert f"Audience: {audience.value}" in text
    assert "contactmark" not in text and "teamlinknote" not in text  # never drawn for anyone


@pytest.mark.parametrize("size", [(1234, 777), (600, 1800)])
def test_png_has_the_chosen_size(qapp, tmp_path: Path, size: tuple[int, int]) -> None:
    dest = tmp_path / "map.png"
    export_map_image(planted(), dest, size=size)
    image = QImage(str(dest))
    assert (image.width(), image.height()) == size
    assert dest.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.text("Title") == "Talks with Blue Heron"
    assert image.text("Description") == "Audience: shareable"
    assert b"Realname" not in dest.read_bytes()
    # the map is drawn, not a blank page: many colours, the corners white
    colours = {image.pixel(x, y) for x in range(0, size[0], 7) for y in range(0, size[1], 7)}
    assert len(colours) > 50
    assert image.pixelColor(1, 1).name() == "#ffffff"


def test_png_shows_only_shareable_actors(qapp, tmp_path: Path) -> None:
    """The picture differs when a team actor is made shareable (so the PNG really is the redacted map)."""
    doc = planted()
    export_map_image(doc, tmp_path / "a.png", size=(800, 600))
    team = next(a for a in doc.actors if a.name == "Teamactorname")
    team.visibility = Visibility.SHAREABLE
    export_map_image(doc, tmp_path / "b.png", size=(800, 600))
    export_map_image(doc, tmp_path / "c.png", size=(800, 600), audience=Visibility.TEAM)
    assert (tmp_path / "a.png").read_bytes() != (tmp_path / "b.png").read_bytes()
    assert (tmp_path / "b.png").read_bytes() != (tmp_path / "c.png").read_bytes()  # the team sees more


def test_sizes_and_formats_outside_the_rules_are_refused(qapp, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_map_image(planted(), tmp_path / "big.png", size=(20_000, 100))
    with pytest.raises(ValueError):
        export_map_image(planted(), tmp_path / "map.gif")
    assert list(tmp_path.iterdir()) == []


def test_failure_while_writing_leaves_no_file_and_keeps_the_old_one(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.svg"
    old.write_text("previous image")

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StorageError):
        export_map_image(planted(), tmp_path / "new.png", size=(400, 300))
    with pytest.raises(StorageError):
        export_map_image(planted(), old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.svg"]
    assert old.read_text() == "previous image"


def test_failure_while_drawing_leaves_no_file(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(map_image.AudienceScene, "render", broken)
    with pytest.raises(RuntimeError):
        export_map_image(planted(), tmp_path / "map.png", size=(400, 300))
    assert list(tmp_path.iterdir()) == []


def test_folder_that_does_not_exist_is_a_sentence_not_a_file(qapp, tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        export_map_image(planted(), tmp_path / "missing" / "map.png", size=(400, 300))
    assert not (tmp_path / "missing").exists()


# --------------------------------------------------------------------------- in the app


@pytest.fixture
def win(qtbot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, write_planted(tmp_path / "planted.multitrack"))


def test_dialog_defaults_to_shareable_png(qtbot, win: MainWindow) -> None:
    dialog = map_export.MapExportDialog(win)
    qtbot.addWidget(dialog)
    assert dialog.choice() == map_export.MapImageChoice(
        Visibility.SHAREABLE, "png", map_image.DEFAULT_PNG_SIZE
    )
    dialog.preset.setCurrentIndex(dialog.preset.findData("3508x2480"))
    dialog.preset.activated.emit(dialog.preset.currentIndex())
    assert dialog.choice().size == (3508, 2480)
    dialog.format.setCurrentIndex(dialog.format.findData("svg"))
    assert not dialog.width_box.isEnabled() and not dialog.height_box.isEnabled()
    dialog.audience.setCurrentIndex(dialog.audience.findData(Visibility.TEAM))
    assert dialog.choice().audience is Visibility.TEAM and dialog.choice().fmt == "svg"


def test_workshop_menu_exports_the_open_workshop(
    qtbot,
    win: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def accept(dialog: map_export.MapExportDialog) -> int:
        dialog.format.setCurrentIndex(dialog.format.findData("png"))
        dialog.width_box.setValue(900)
        dialog.height_box.setValue(700)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(map_export.MapExportDialog, "exec", accept)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "room"), ""))
    assert win.presenter.export_map_action in win.workshop_menu.actions()
    win.presenter.export_map_action.trigger()
    dest = tmp_path / "room.png"
    image = QImage(str(dest))
    assert (image.width(), image.height()) == (900, 700)
    assert str(dest) in win.statusBar().currentMessage()


def test_a_refused_export_says_why_and_writes_nothing(
    qtbot,
    win: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[str] = []
    monkeypatch.setattr(map_export, "show_error", lambda _parent, exc: said.append(str(exc)))
    dest = tmp_path / "missing" / "map.svg"
    assert map_export.write_map(win, map_export.MapImageChoice(fmt="svg"), dest) is None
    assert said and not dest.parent.exists()
    # a live edit is in the next export: it reads the workshop as it is now
    win._on_edit_requested("30000000-0000-4000-8000-000000000001", {"name": "Public Actor Gamma"})
    out = map_export.write_map(win, map_export.MapImageChoice(fmt="svg"), tmp_path / "now.svg")
    assert out is not None and "Public Actor Gamma" in out.read_text(encoding="utf-8")
