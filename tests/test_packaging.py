"""The wheel carries everything the app reads at run time: code, migrations, fonts and other resources.

The wheel is built offline from a clean copy of the source (no stale build/ folder can hide a missing file).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

from multitrack_desktop.resources_path import resource_path

ROOT = pathlib.Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")


def _shipped_files(folder: pathlib.Path, prefix: str) -> set[str]:
    """Wheel member names for every file in a source folder (caches excluded)."""
    return {
        prefix + path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("multitrack_desktop", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=SKIP)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PIP_NO_INPUT": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = (work / "dist").glob("multitrack_desktop-*.whl")
    return built


def test_wheel_contains_every_source_and_resource_file(wheel: pathlib.Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "multitrack_desktop/resources/fonts/DejaVuSans.ttf" in names
    expected = _shipped_files(ROOT / "multitrack_desktop", "multitrack_desktop/")
    expected |= _shipped_files(ROOT / "resources", "multitrack_desktop/resources/")
    assert any(name.startswith("multitrack_desktop/storage/migrations/versions/") for name in expected)
    assert sorted(expected - names) == []
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_resource_path_finds_fonts_inside_an_installed_wheel(
    wheel: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)  # what an installer does with a pure-Python wheel
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from multitrack_desktop.resources_path import resource_path;"
        "print(resource_path('fonts', 'DejaVuSans.ttf'))"
    )
    # -S: no site-packages, so the editable install of the checkout cannot answer instead of the wheel.
    result = subprocess.run(
        [sys.executable, "-S", "-c", probe, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found = pathlib.Path(result.stdout.strip())
    assert found.is_file()
    assert found.is_relative_to(target)


def test_resource_path_finds_fonts_in_this_checkout() -> None:
    font = resource_path("fonts", "DejaVuSans.ttf")
    assert font.is_file()
    assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType file, not a Git LFS pointer
    assert resource_path("fonts", "NotoSansArabic-Regular.ttf").is_file()
