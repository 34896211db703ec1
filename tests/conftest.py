"""Session-wide test settings: offscreen Qt, and no test ever touches the real user's folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QStandardPaths  # noqa: E402

QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the app's data folder (settings, logs, recent files) at a temporary one for the whole session."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MULTITRACK_DATA_DIR", str(tmp_path_factory.mktemp("data-dir")))
        yield
