"""Fixtures for the session widgets: a small workshop file with sessions, settings kept in the test's folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent, QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from multitrack_desktop.domain import model as m  # noqa: E402
from multitrack_desktop.services.workshop import WorkshopService  # noqa: E402
from multitrack_desktop.storage import repository  # noqa: E402
from multitrack_desktop.storage.database import WorkshopFile  # noqa: E402

GOV = "00000000-0000-4000-8000-000000000001"
GAM = "00000000-0000-4000-8000-000000000002"
RADIO = "00000000-0000-4000-8000-000000000003"
ULAMA = "00000000-0000-4000-8000-000000000004"
ELDER = "00000000-0000-4000-8000-000000000005"

S_CH = "50000000-0000-4000-8000-000000000001"  # Chatham House, team
S_OTR = "50000000-0000-4000-8000-000000000002"  # off the record, private
S_OPEN = "50000000-0000-4000-8000-000000000003"  # open, shareable

E1 = "e0000000-0000-4000-8000-000000000001"
E2 = "e0000000-0000-4000-8000-000000000002"
E3 = "e0000000-0000-4000-8000-000000000003"
A1 = "a0000000-0000-4000-8000-000000000001"

JAKARTA = dt.timezone(dt.timedelta(hours=7))
HELSINKI = dt.timezone(dt.timedelta(hours=2))
ULAMA_NAME = "مجلس العلماء"


def sessions_workshop() -> m.WorkshopDocument:
    actors = [
        m.Actor(GOV, "Government of Indonesia", kind=m.ActorKind.GOVERNMENT, track=1),
        m.Actor(GAM, "Free Aceh Movement", kind=m.ActorKind.ARMED_GROUP, track=1, also_known_as=["GAM"]),
        m.Actor(RADIO, "Radio Damai", kind=m.ActorKind.NETWORK, track=9),
        m.Actor(ULAMA, ULAMA_NAME, kind=m.ActorKind.NETWORK, track=7),
        m.Actor(ELDER, "Village elder", kind=m.ActorKind.PERSON),
    ]
    ch = m.Session(
        S_CH,
        "Helsinki round 1",
        dt.datetime(2005, 1, 27, 9, 0, tzinfo=HELSINKI),
        dt.datetime(2005, 1, 29, 17, 0, tzinfo=HELSINKI),
        location="Königstedt Manor",
        format=m.SessionFormat.TRACK1_5,
        rule=m.Rule.CHATHAM_HOUSE,
        visibility=m.Visibility.TEAM,
        participants=[
            m.Participant(GOV, role="delegation", gender=m.Gender.MAN),
            m.Participant(GAM, role="delegation", gender=m.Gender.MAN),
            m.Participant(None, name="Ahtisaari's adviser", role="mediation", gender=m.Gender.WOMAN),
        ],
        agenda=["Opening", "Security arrangements", "✓ Amnesty"],
        entries=[
            m.Entry(
                E1,
                dt.datetime(2005, 1, 27, 9, 30, tzinfo=HELSINKI),
                "Both sides agree to meet again",
                kind=m.EntryKind.DECISION,
                speaker=GOV,
            ),
            m.Entry(
                E2,
                dt.datetime(2005, 1, 27, 10, 15, tzinfo=HELSINKI),
                "Draft a note on amnesty",
                kind=m.EntryKind.ACTION,
                speaker=GAM,
            ),
            m.Entry(
                E3,
                dt.datetime(2005, 1, 27, 9, 45, tzinfo=HELSINKI),
                "Who guarantees the ceasefire?",
                kind=m.EntryKind.QUESTION,
            ),
        ],
        actions=[m.Action(A1, "Send the amnesty note", owner=GAM, due=dt.date(2005, 2, 10), entry=E2)],
    )
    otr = m.Session(
        S_OTR,
        "Night contact",
        dt.datetime(2005, 3, 2, 21, 0, tzinfo=JAKARTA),
        rule=m.Rule.OFF_THE_RECORD,
        visibility=m.Visibility.PRIVATE,
        format=m.SessionFormat.TRACK2,
    )
    open_ = m.Session(
        S_OPEN,
        "Public forum in Banda Aceh",
        dt.datetime(2005, 6, 15, 14, 0, tzinfo=JAKARTA),
        rule=m.Rule.OPEN,
        visibility=m.Visibility.SHAREABLE,
        format=m.SessionFormat.MULTITRACK,
        participants=[m.Participant(RADIO, role="host", gender=m.Gender.WOMAN)],
    )
    return m.WorkshopDocument(
        m.Workshop("20000000-0000-4000-8000-000000000001", "Aceh 2005"),
        actors=actors,
        sessions=[ch, otr, open_],
    )


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never touch the user's settings, data or backups."""
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(tmp_path / "app-data"))
    QStandardPaths.setTestModeEnabled(True)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    path = tmp_path / "aceh.multitrack"
    wf = WorkshopFile.create(path)
    try:
        with wf.write() as conn:
            repository.insert_document(conn, sessions_workshop())
    finally:
        wf.close()
    return path


@pytest.fixture
def service(workshop_path: Path) -> Iterator[WorkshopService]:
    wf = WorkshopFile.open(workshop_path, daily_backup=False)
    try:
        yield WorkshopService(wf)
    finally:
        wf.close()


@pytest.fixture
def undo_stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def window(qtbot, workshop_path: Path):  # -> MainWindow
    """The main window on the workshop, shown offscreen."""
    from multitrack_desktop.widgets.main_window import MainWindow

    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(workshop_path, daily_backup=False))
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "capture.ini"), QSettings.Format.IniFormat)


def load(path: Path) -> m.WorkshopDocument:
    """What the file says, read the way another program would (read-only)."""
    with WorkshopFile.open(path, readonly=True) as wf, wf.read() as conn:
        return repository.load_document(conn)


def session_in(path: Path, session_id: str) -> m.Session:
    return load(path).session_by_id()[session_id]


def type_text(widget: QWidget, text: str) -> None:
    """Type any text into ``widget`` key by key, as a keyboard of any layout delivers it.

    ``QTest.keyClicks`` maps characters to Latin-1 key codes and aborts on others (Arabic,
    Cyrillic, curly quotes); a key event carrying the text is what a layout sends.
    """
    for ch in text:
        key = ord(ch.upper()) if ch.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def show_active(qtbot, widget: QWidget) -> None:
    """Show ``widget`` as the active window (shortcuts reach only the active window)."""
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)
