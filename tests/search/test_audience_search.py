"""Search in presentation mode: over the document an audience may see, never the file's full text."""

from __future__ import annotations

import datetime as dt

from multitrack_desktop.domain import model as m
from multitrack_desktop.domain.audience import redact
from multitrack_desktop.services.search import DocumentSearch, search
from multitrack_desktop.services.workshop import WorkshopService
from multitrack_desktop.storage import repository as repo
from multitrack_desktop.storage.database import WorkshopFile

from .conftest import T0

SOURCE, PUBLIC, SHARED_S, TEAM_S = "a1", "a2", "s1", "s2"


def document() -> m.WorkshopDocument:
    actors = [
        m.Actor(id=SOURCE, name="Hamid Qurbani", alias="The Teacher", anonymise=True),
        m.Actor(id=PUBLIC, name="Réseau des femmes", also_known_as=["RFP"]),
    ]
    shared = m.Session(
        id=SHARED_S,
        title="Réunion publique",
        starts_at=T0,
        rule=m.Rule.OPEN,
        visibility=m.Visibility.SHAREABLE,
        entries=[
            m.Entry(
                id="e1",
                at=T0,
                text="Hamid Qurbani spoke about the amnesty",
                visibility=m.Visibility.SHAREABLE,
            ),
            m.Entry(id="e2", at=T0, text="Amnesty talks stalled (team only)", visibility=m.Visibility.TEAM),
            m.Entry(id="e3", at=T0, text="Private: amnesty backchannel", visibility=m.Visibility.PRIVATE),
        ],
        actions=[m.Action(id="x1", text="Publish the amnesty summary", visibility=m.Visibility.SHAREABLE)],
    )
    team = m.Session(id=TEAM_S, title="Amnesty strategy", starts_at=T0 + dt.timedelta(days=1))
    ws = m.Workshop(id="w1", title="T", created_at=T0, updated_at=T0)
    return m.WorkshopDocument(workshop=ws, actors=actors, sessions=[shared, team])


def ids(hits: list) -> set[tuple[str, str]]:
    return {(h.kind, h.id) for h in hits}


def test_the_shareable_audience_finds_only_what_it_may_see() -> None:
    shown = DocumentSearch(redact(document(), m.Visibility.SHAREABLE).document)
    assert ids(shown.search("amnesty")) == {("entry", "e1"), ("action", "x1")}
    assert shown.search("qurbani") == [], "an anonymised actor's name is not searchable"
    assert shown.search("hamid") == []
    hits = {h.kind: h for h in shown.search("teacher")}
    assert set(hits) == {"actor", "entry"}, "the alias, and the entry whose text names it by its alias"
    assert hits["actor"].id == SOURCE and "Qurbani" not in hits["actor"].title + hits["actor"].snippet
    assert hits["entry"].id == "e1" and "Qurbani" not in hits["entry"].snippet
    assert "The Teacher spoke" in hits["entry"].snippet
    assert ids(shown.search("rfp")) == {("actor", PUBLIC)}
    assert ids(shown.search("reseau femm")) == {("actor", PUBLIC)}


def test_the_team_sees_more_and_the_full_file_search_agrees(tmp_path) -> None:
    doc = document()
    team = DocumentSearch(redact(doc, m.Visibility.TEAM).document)
    assert ids(team.search("amnesty")) == {
        ("entry", "e1"),
        ("entry", "e2"),
        ("action", "x1"),
        ("session", TEAM_S),
    }
    everything = DocumentSearch(doc)
    wf = WorkshopFile.create(tmp_path / "a.multitrack")
    try:
        with wf.write() as conn:
            repo.insert_document(conn, doc)
        for query in ("amnesty", "qurbani", "teacher", "réunion", "rfp", "am st"):
            assert ids(everything.search(query)) == ids(search(wf, query)), query
        assert [h.id for h in everything.search("amnesty")][:1] == [h.id for h in search(wf, "amnesty")][:1]
        assert WorkshopService(wf).document().actors[0].name == "Hamid Qurbani"
    finally:
        wf.close()
