"""Guard against PySide6 6.12.0, whose void method calls drain None's reference count on Python 3.11.

The interpreter aborts (`none_dealloc`) after a few thousand calls, so the check runs in a subprocess.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsRectItem

    app = QApplication([])
    item = QGraphicsRectItem(0, 0, 10, 10)
    before = sys.getrefcount(None)
    for i in range(10_000):
        item.setPos(i, 2)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        item.setBrush(QColor(Qt.GlobalColor.red))
    print(sys.getrefcount(None) - before)
    """
)


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: its count never moves"
)
def test_void_calls_keep_the_reference_count_of_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, f"probe crashed (PySide6 refcount bug?):\n{result.stderr}"
    drift = int(result.stdout.strip().splitlines()[-1])
    assert drift >= -50, f"None's reference count fell by {-drift} over 30,000 void calls"


def test_installed_pyside_is_not_the_broken_release() -> None:
    import PySide6
    import shiboken6

    assert PySide6.__version__ != "6.12.0"
    assert shiboken6.__version__ != "6.12.0"
    assert importlib.metadata.version("PySide6-Essentials") != "6.12.0"
