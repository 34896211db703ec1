"""`multitrack FILE --screenshot OUT.png --size WxH`: the window rendered offscreen, then exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from multitrack_desktop import cli
from multitrack_desktop.storage.database import WorkshopFile


def distinct_colours(image: QImage, step: int = 7) -> int:
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    )


def test_screenshot_writes_a_png_of_the_size_asked(qtbot, workshop_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    before = workshop_path.read_bytes()
    assert cli.main([str(workshop_path), "--screenshot", str(out), "--size", "1280x720"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    assert distinct_colours(image) > 60  # the circle's colours, labels and legend, not a blank window
    assert workshop_path.read_bytes() == before  # a screenshot never changes its input
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.png")] == []


def test_screenshot_of_a_file_open_elsewhere_still_works(qtbot, workshop_path: Path, tmp_path: Path) -> None:
    holder = WorkshopFile.open(workshop_path)
    try:
        out = tmp_path / "held.png"
        assert cli.main([str(workshop_path), "--screenshot", str(out), "--size", "800x600"]) == 0
        assert QImage(str(out)).width() == 800
    finally:
        holder.close()


def test_a_missing_file_is_refused_with_a_sentence(
    qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.png"
    assert cli.main([str(tmp_path / "nowhere.multitrack"), "--screenshot", str(out)]) == 1
    err = capsys.readouterr().err
    assert "nowhere.multitrack" in err and "Traceback" not in err
    assert not out.exists()


def test_a_file_that_is_not_a_workshop_is_refused(
    qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "notes.multitrack"
    bogus.write_text("shopping list\n")
    out = tmp_path / "out.png"
    assert cli.main([str(bogus), "--screenshot", str(out)]) == 1
    assert "notes.multitrack" in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_screenshot_is_kept_when_writing_fails(
    qtbot, workshop_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "no-such-folder" / "out.png"
    assert cli.main([str(workshop_path), "--screenshot", str(out)]) == 1
    assert not out.parent.exists()


@pytest.mark.parametrize("size", ["big", "1280", "0x0", "100000x10", "12x-4"])
def test_a_bad_size_is_wrong_usage(
    qtbot, workshop_path: Path, tmp_path: Path, size: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.png"
    assert cli.main([str(workshop_path), "--screenshot", str(out), f"--size={size}"]) == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err
    assert not out.exists()
