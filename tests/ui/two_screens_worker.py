"""Run by test_presenting.py under an offscreen platform with two screens: where do the screens go?

Usage: python two_screens_worker.py WORKSHOP; prints one JSON object.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication


def main() -> None:
    QStandardPaths.setTestModeEnabled(True)
    app = QApplication([])
    from multitrack_desktop.storage.database import WorkshopFile
    from multitrack_desktop.widgets.main_window import MainWindow

    window = MainWindow(remember_geometry=False)
    window.set_file(WorkshopFile.open(Path(sys.argv[1])))
    window.setGeometry(100, 100, 1200, 800)
    window.show()
    app.processEvents()
    presenter = window.presenter  # type: ignore[attr-defined]
    presenter.audience_action.trigger()
    app.processEvents()
    audience = presenter.audience_window
    presenter.present_action.trigger()
    app.processEvents()
    presentation = presenter.presentation
    report = {
        "screens": [s.name() for s in app.screens()],
        "main": window.screen().name(),
        "audience": audience.screen().name(),
        "audience_geometry": audience.geometry().getRect(),
        "audience_full_screen": audience.isFullScreen(),
        "presentation": presentation.screen().name(),
        "presentation_geometry": presentation.geometry().getRect(),
        "message": window.statusBar().currentMessage(),
    }
    presenter.leave_presentation()
    presenter.close_audience_window()
    window.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
