"""Installed into the main window by ``install(window)`` (see MainWindow.__init__)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's docks, menu entries and connections to ``window``."""
