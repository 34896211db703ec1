"""Fixtures for the workshop-file tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups of every test go to a folder of its own, never to the user's data folder."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(_data_dir: Path) -> Path:
    return _data_dir


@pytest.fixture
def copy_fixture(tmp_path: Path) -> Callable[[Path, str], Path]:
    """Copy a kept fixture into the test's folder (the kept files are never opened for writing)."""

    def copy(src: Path, name: str | None = None) -> Path:
        dest = tmp_path / (name or src.name)
        shutil.copyfile(src, dest)
        return dest

    return copy
