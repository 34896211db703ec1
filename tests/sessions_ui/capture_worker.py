"""Record entries through the live capture until killed (used by test_nothing_typed_is_lost.py).

    python capture_worker.py FILE SESSION_ID PREFIX

Opens FILE for writing, shows a ``LiveCapture`` on SESSION_ID (offscreen) and prints ``ready``
with the first word of the line it found kept from before (``-`` for none), and records it.
Then, again and again: types a line, lets the draft throttle keep it and prints
``drafted TEXT``; presses Enter and prints ``recorded ENTRY_ID TEXT``. Every line is flushed
after the thing it reports has returned, so whatever it printed is in the file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from multitrack_desktop.services.workshop import WorkshopService  # noqa: E402
from multitrack_desktop.storage.database import WorkshopFile  # noqa: E402
from multitrack_desktop.widgets.sessions.capture import DRAFT_EVERY_MS, LiveCapture  # noqa: E402

# the draft is saved by the timer's slot, which has returned once the timer is no longer active


def main(path: Path, session_id: str, prefix: str) -> None:
    app = QApplication([])
    wf = WorkshopFile.open(path, daily_backup=False)
    capture = LiveCapture(
        WorkshopService(wf),
        QUndoStack(),
        settings=QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat),
    )
    capture.set_session(session_id)
    recorded: list[str] = []
    capture.entry_recorded.connect(recorded.append)
    recovered = capture.line.text().split(" ", 1)[0] or "-"  # the draft a crash left behind
    print(f"ready {recovered}", flush=True)
    if capture.line.text():
        QTest.keyClick(capture.line, Qt.Key.Key_Return)
        print(f"recorded {recorded[-1]} {recovered}", flush=True)
    n = 0
    while True:
        text = f"{prefix}-{n} " + "ø" * (n % 5 * 400)
        QTest.keyClicks(capture.line, f"{prefix}-{n} ")  # typed by key, as a person does
        capture.line.insert(text[len(f"{prefix}-{n} ") :])
        QTest.qWait(DRAFT_EVERY_MS)  # the throttle writes the draft meanwhile
        while capture.draft_timer.isActive():
            QTest.qWait(20)
        print(f"drafted {prefix}-{n}", flush=True)
        QTest.keyClick(capture.line, Qt.Key.Key_Return)
        print(f"recorded {recorded[-1]} {prefix}-{n}", flush=True)
        n += 1
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
