"""Fixtures for the window tests: offscreen Qt, settings and data in the test's own folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402

from multitrack_desktop.domain import model as m  # noqa: E402
from multitrack_desktop.storage import repository  # noqa: E402
from multitrack_desktop.storage.database import WorkshopFile  # noqa: E402

GOV = "00000000-0000-4000-8000-000000000001"
ARABIC = "00000000-0000-4000-8000-000000000002"
CYRILLIC = "00000000-0000-4000-8000-000000000003"
MEDIA = "00000000-0000-4000-8000-000000000004"
MEDIATOR = "00000000-0000-4000-8000-000000000005"
ELDER = "00000000-0000-4000-8000-000000000006"

ARABIC_NAME = "مجلس السلام المحلي"
CYRILLIC_NAME = "Фонд мира и согласия"


def small_workshop() -> m.WorkshopDocument:
    """Six actors: on several tracks, one laid out by the app, one in the library, names in three scripts."""
    actors = [
        m.Actor(
            GOV,
            "Ministry of Foreign Affairs",
            kind=m.ActorKind.GOVERNMENT,
            track=1,
            placement=m.Placement(0.0, 0.65),
            influence=5,
            stance=m.Stance.NEUTRAL,
        ),
        m.Actor(
            ARABIC,
            ARABIC_NAME,
            kind=m.ActorKind.COMMUNITY,
            track=7,
            placement=m.Placement(270.0, 0.6),
            stance=m.Stance.SUPPORTIVE,
        ),
        m.Actor(CYRILLIC, CYRILLIC_NAME, kind=m.ActorKind.ORGANISATION, track=8, influence=2),
        m.Actor(
            MEDIA,
            "Radio Damai",
            kind=m.ActorKind.NETWORK,
            track=9,
            placement=m.Placement(40.0, 0.15),
            status=m.ActorStatus.DORMANT,
        ),
        m.Actor(
            MEDIATOR,
            "Centre for Humanitarian Dialogue and Mediation",
            kind=m.ActorKind.ORGANISATION,
            track=2,
            placement=m.Placement(45.0, 0.8),
            also_tracks=[1],
            anonymise=True,
            alias="Mediator A",
            stance=m.Stance.SUPPORTIVE,
        ),
        m.Actor(ELDER, "Unplaced Elder", kind=m.ActorKind.PERSON),
    ]
    links = [
        m.Link("10000000-0000-4000-8000-000000000001", GOV, ARABIC),
        m.Link("10000000-0000-4000-8000-000000000002", GOV, MEDIATOR, strength=3),
        m.Link("10000000-0000-4000-8000-000000000003", MEDIA, ELDER),  # an end in the library: not drawn
    ]
    return m.WorkshopDocument(
        m.Workshop("20000000-0000-4000-8000-000000000001", "Coastal talks 2025"), actors=actors, links=links
    )


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never touch the user's settings, data or backups."""
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(tmp_path / "app-data"))
    QStandardPaths.setTestModeEnabled(True)
    settings_dir = tmp_path / "settings"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    yield


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    path = tmp_path / "coastal.multitrack"
    wf = WorkshopFile.create(path)
    try:
        with wf.write() as conn:
            repository.insert_document(conn, small_workshop())
    finally:
        wf.close()
    return path


@pytest.fixture
def window(qtbot, workshop_path: Path):  # -> MainWindow
    """The main window on the small workshop, shown offscreen and fitted."""
    from multitrack_desktop.widgets.main_window import MainWindow

    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(workshop_path))
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.view.fit()
    return win


def load(path: Path) -> m.WorkshopDocument:
    """What the file says, read the way another program would (read-only)."""
    with WorkshopFile.open(path, readonly=True) as wf, wf.read() as conn:
        return repository.load_document(conn)
