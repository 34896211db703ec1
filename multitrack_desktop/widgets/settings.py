"""The window's settings: plain values (strings, numbers) behind named keys with defaults.

Qt types are never stored as such (a pickled QByteArray breaks across versions): window
geometry is kept as base64 text.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings

RECENT_MAX = 10


class WindowSettings:
    GEOMETRY = "window/geometry"
    STATE = "window/state"
    LAST_FOLDER = "files/last_folder"
    RECENT = "files/recent"

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings()

    @property
    def qsettings(self) -> QSettings:
        """The settings store itself, for widgets that keep their own plain values in it."""
        return self._s

    def _text(self, key: str) -> str:
        value = self._s.value(key, "")
        return value if isinstance(value, str) else ""

    def geometry(self) -> QByteArray | None:
        text = self._text(self.GEOMETRY)
        return QByteArray.fromBase64(text.encode("ascii")) if text else None

    def state(self) -> QByteArray | None:
        text = self._text(self.STATE)
        return QByteArray.fromBase64(text.encode("ascii")) if text else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue(self.GEOMETRY, bytes(geometry.toBase64().data()).decode("ascii"))
        self._s.setValue(self.STATE, bytes(state.toBase64().data()).decode("ascii"))
        self._s.sync()

    def last_folder(self) -> str:
        return self._text(self.LAST_FOLDER)

    def set_last_folder(self, folder: str) -> None:
        self._s.setValue(self.LAST_FOLDER, folder)

    def recent_files(self) -> list[str]:
        """Workshops opened lately, newest first (kept as JSON text: one plain value)."""
        try:
            value = json.loads(self._text(self.RECENT) or "[]")
        except ValueError:
            return []
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def add_recent_file(self, path: str) -> None:
        paths = [path, *(p for p in self.recent_files() if p != path)][:RECENT_MAX]
        self._s.setValue(self.RECENT, json.dumps(paths, ensure_ascii=False))

    def clear_recent_files(self) -> None:
        self._s.setValue(self.RECENT, "[]")
