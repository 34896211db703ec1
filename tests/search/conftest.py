"""Fixtures for the search and draft tests: a workshop with text in many scripts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from multitrack_desktop.domain import model as m
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.storage import repository as repo
from multitrack_desktop.storage.database import WorkshopFile

TZ = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2005, 1, 27, 9, 0, tzinfo=TZ)
ACTOR, ARABIC, RUSSIAN, ANON = (f"a0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
S1, S2 = "50000000-0000-4000-8000-000000000001", "50000000-0000-4000-8000-000000000002"
E_FR, E_AR, E_RU, E_FORMS, E_TATWEEL, E_LONG = (
    f"e0000000-0000-4000-8000-00000000000{i}" for i in range(1, 7)
)
ACT = "ac000000-0000-4000-8000-000000000001"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups made when a file is opened for editing go to the test's own folder."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(folder))
    return folder


def document() -> m.WorkshopDocument:
    actors = [
        m.Actor(id=ACTOR, name="Crisis Management Initiative", also_known_as=["CMI", "Ahtisaari office"]),
        m.Actor(id=ARABIC, name="مُحَمَّد الأَمِين", kind=m.ActorKind.PERSON),
        m.Actor(id=RUSSIAN, name="Пётр Ильич", kind=m.ActorKind.PERSON),
        m.Actor(id=ANON, name="Hidden Source", alias="Nightingale", anonymise=True),
    ]
    long_text = ("Background discussion about logistics and venues. " * 6) + "Then: the amnesty clause."
    s1 = m.Session(
        id=S1,
        title="Réunion préparatoire",
        starts_at=T0,
        location="Königstedt manor",
        agenda=["Opening", "Ceasefire monitoring"],
        entries=[
            m.Entry(id=E_FR, at=T0, text="Réconciliation d'abord"),
            m.Entry(id=E_AR, at=T0 + dt.timedelta(minutes=1), text="قال مُحَمَّد إن السلام ممكن"),
            m.Entry(id=E_RU, at=T0 + dt.timedelta(minutes=2), text="Пётр согласился"),
            m.Entry(
                id=E_FORMS, at=T0 + dt.timedelta(minutes=3), text="ﻣﺤﻤﺪ في الاجتماع"
            ),  # presentation forms
            m.Entry(id=E_TATWEEL, at=T0 + dt.timedelta(minutes=4), text="المـــفاوضات مستمرة"),
            m.Entry(id=E_LONG, at=T0 + dt.timedelta(minutes=5), text=long_text),
        ],
        actions=[m.Action(id=ACT, text="Draft the monitoring mission terms", due=dt.date(2005, 2, 1))],
    )
    s2 = m.Session(id=S2, title="Helsinki round two", starts_at=T0 + dt.timedelta(days=30))
    ws = m.Workshop(id="f0000000-0000-4000-8000-000000000001", title="Aceh", created_at=T0, updated_at=T0)
    return m.WorkshopDocument(workshop=ws, actors=actors, sessions=[s1, s2])


def build(path: Path) -> Path:
    wf = WorkshopFile.create(path)
    try:
        with wf.write() as conn:
            repo.insert_document(conn, document())
    finally:
        wf.close()
    return path


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    return build(tmp_path / "search.multitrack")


@pytest.fixture
def wf(workshop_path: Path) -> Iterator[WorkshopFile]:
    f = WorkshopFile.open(workshop_path, daily_backup=False)
    try:
        yield f
    finally:
        f.close()


@pytest.fixture
def service(wf: WorkshopFile) -> WorkshopService:
    return WorkshopService(wf)
