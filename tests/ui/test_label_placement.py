"""Actor labels on the circle: below the mark unless that covers another label or mark, then above,
right or left; placed from the positions alone (the same picture whatever order the actors come in)."""

from __future__ import annotations

import dataclasses
import random
import uuid

import pytest
from PySide6.QtCore import QRectF

from multitrack_desktop.canvas.items import ActorItem
from multitrack_desktop.canvas.scene import CircleScene
from multitrack_desktop.domain import model as m

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def actor(n: int, name: str, angle: float, radius: float, track: int = 1, influence: int = 3) -> m.Actor:
    return m.Actor(
        str(uuid.UUID(int=n + 1)),
        name,
        kind=m.ActorKind.ORGANISATION,
        track=track,
        placement=m.Placement(angle, radius),
        influence=influence,
    )


def label_in_scene(item: ActorItem) -> QRectF:
    return item.label.rect.translated(item.pos())


def mark_in_scene(item: ActorItem) -> QRectF:
    r = item.size + 3.0
    return QRectF(item.x() - r, item.y() - r, 2 * r, 2 * r)


def test_a_lone_actor_keeps_its_label_below(qapp) -> None:
    scene = CircleScene()
    scene.set_content([actor(0, "Lone mediator", 0.0, 0.6)], [], editable=True)
    item = scene.actor_items[str(uuid.UUID(int=1))]
    assert item.label_side == "below"
    assert item.label.rect.top() > item.size  # under the mark
    assert item.boundingRect().contains(item.label.rect)


def test_a_label_that_would_cover_the_mark_below_goes_elsewhere_and_back_when_it_moves_away(qapp) -> None:
    upper, lower = actor(0, "Ministry of Peace", 0.0, 0.68), actor(1, "Council of Elders", 0.0, 0.60)
    scene = CircleScene()
    scene.set_content([upper, lower], [], editable=True)
    a, b = scene.actor_items[upper.id], scene.actor_items[lower.id]
    assert b.y() > a.y()  # b sits under a on the screen
    below = a.label_rect("below").translated(a.pos())
    assert below.intersects(mark_in_scene(b))  # where a's label would usually go: over b's mark
    assert a.label_side != "below"
    assert not label_in_scene(a).intersects(mark_in_scene(b))
    assert not label_in_scene(a).intersects(label_in_scene(b))
    assert b.label_side == "below"
    assert a.boundingRect().contains(a.label.rect)  # repainted where it is drawn
    # b moves to another track: a's label goes back below its mark
    scene.set_content([upper, actor(1, "Council of Elders", 200.0, 0.60, track=5)], [], editable=True)
    assert a.label_side == "below"


def test_labels_are_placed_from_the_positions_alone(qapp) -> None:
    rng = random.Random(7)
    actors = [
        actor(
            n,
            f"Actor number {n}",
            rng.uniform(-20.0, 20.0),
            rng.uniform(0.45, 0.95),
            influence=rng.randint(1, 5),
        )
        for n in range(40)
    ]
    sides = []
    for order in (actors, list(reversed(actors)), rng.sample(actors, len(actors))):
        scene = CircleScene()
        scene.set_content(order, [], editable=True)
        sides.append({i: item.label_side for i, item in scene.actor_items.items()})
    assert sides[0] == sides[1] == sides[2]
    assert set(sides[0].values()) - {"below"}  # crowded enough that some labels moved


def test_a_filter_frees_the_place_of_the_actors_it_hides(qapp) -> None:
    from multitrack_desktop.canvas.filtering import CircleFilter

    upper, lower = actor(0, "Ministry of Peace", 0.0, 0.68), actor(1, "Council of Elders", 0.0, 0.60)
    lower = dataclasses.replace(lower, kind=m.ActorKind.PERSON)
    scene = CircleScene()
    scene.set_content([upper, lower], [], editable=True)
    a = scene.actor_items[upper.id]
    assert a.label_side != "below"
    scene.set_filter(CircleFilter(kinds=frozenset({m.ActorKind.ORGANISATION})))
    assert not scene.actor_items[lower.id].isVisible()
    assert a.label_side == "below"
