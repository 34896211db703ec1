"""The library's model: rows always sorted by name, a changed actor moved to its place without a reset,
the selection following it, and Qt's own model checks passing after every change."""

from __future__ import annotations

import dataclasses
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt

from multitrack_desktop.domain import model as m
from multitrack_desktop.widgets.library import ACTOR_ID_ROLE, SEARCH_ROLE, ActorListModel

NAMES = st.text(alphabet=st.sampled_from("abcAB éمجФя "), min_size=1, max_size=6)


def actors(names: list[str]) -> list[m.Actor]:
    return [m.Actor(str(uuid.UUID(int=i + 1)), name, kind=m.ActorKind.PERSON) for i, name in enumerate(names)]


def ids_in_order(model: ActorListModel) -> list[str]:
    return [model.index(r, 0).data(ACTOR_ID_ROLE) for r in range(model.rowCount())]


def by_name(items: list[m.Actor]) -> list[str]:
    return [a.id for a in sorted(items, key=lambda a: (a.name.casefold(), a.id))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(NAMES, min_size=1, max_size=12),
    renames=st.lists(st.tuples(st.integers(0, 11), NAMES), max_size=10),
)
def test_renames_keep_the_rows_sorted_and_the_selection_on_the_actor(
    qapp, qtmodeltester, names: list[str], renames: list[tuple[int, str]]
) -> None:
    current = actors(names)
    model = ActorListModel()
    model.set_actors(current)
    qtmodeltester.check(model, force_py=True)  # from here on it checks every signal the model sends
    selection = QItemSelectionModel(model)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    for which, new_name in renames:
        which %= len(current)
        chosen = current[which].id
        selection.select(
            model.index(model.row_of(chosen), 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        held = QPersistentModelIndex(model.index(model.row_of(chosen), 0))
        current[which] = dataclasses.replace(current[which], name=new_name)
        model.update_actor(current[which])
        assert ids_in_order(model) == by_name(current)
        assert held.isValid() and held.data(ACTOR_ID_ROLE) == chosen
        assert [i.data(ACTOR_ID_ROLE) for i in selection.selectedRows()] == [chosen]
        row = model.row_of(chosen)
        assert model.index(row, 0).data(Qt.ItemDataRole.DisplayRole).startswith(new_name + "\n")
        assert new_name.casefold().strip() == "" or model.index(row, 0).data(SEARCH_ROLE)
    assert resets == []


def test_rows_carry_texts_made_when_asked(qapp, qtmodeltester) -> None:
    model = ActorListModel()
    placed = dataclasses.replace(actors(["Élise"])[0], track=3, placement=m.Placement(0.1, 0.5))
    loose = actors(["zed", "Ахмед"])[1]
    model.set_actors([loose, placed])
    qtmodeltester.check(model, force_py=True)
    assert ids_in_order(model) == [placed.id, loose.id]  # é sorts with e, before Cyrillic
    first = model.index(0, 0)
    assert first.data(Qt.ItemDataRole.DisplayRole).startswith("Élise\nTrack 3 · Business")
    assert "elise" in first.data(SEARCH_ROLE)  # folded as the search index folds
    assert model.index(1, 0).data(Qt.ItemDataRole.DisplayRole).startswith("Ахмед\nnot on the circle")
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed: not placed
    assert first.data(Qt.ItemDataRole.ForegroundRole) is None
    mime = model.mimeData([model.index(1, 0), first])
    assert mime.text() == "Élise\nАхмед"
