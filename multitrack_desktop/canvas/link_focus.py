"""Reading the map: some actors and links in focus, the rest faded.

Selecting an actor puts its links and its neighbours in focus; a selected link, its two
actors; a cell of the cross-track table, the links between two tracks and their actors.
Only looks change (opacity, a faded pen): nothing is hidden and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .items import LinkMark
from .scene import CircleScene


@dataclass(frozen=True)
class Focus:
    actors: frozenset[str]
    links: frozenset[str]


def neighbourhood(actor_ids: Iterable[str], marks: Mapping[str, LinkMark]) -> Focus:
    """The actors, their links (as drawn) and the actors at the other end."""
    chosen = set(actor_ids)
    actors, links = set(chosen), set()
    for link_id, mark in marks.items():
        if mark.source_id in chosen or mark.target_id in chosen:
            links.add(link_id)
            actors.update((mark.source_id, mark.target_id))
    return Focus(frozenset(actors), frozenset(links))


def of_links(link_ids: Iterable[str], marks: Mapping[str, LinkMark]) -> Focus:
    links = frozenset(i for i in link_ids if i in marks)
    actors = frozenset(end for i in links for end in (marks[i].source_id, marks[i].target_id))
    return Focus(actors, links)


def between_tracks(track_a: int, track_b: int, scene: CircleScene) -> frozenset[str]:
    """The drawn links with one end on ``track_a`` and the other on ``track_b`` (either way round)."""
    items = scene.actor_items
    out = set()
    for link_id, mark in scene.link_items.items():
        a, b = items.get(mark.source_id), items.get(mark.target_id)
        if a is None or b is None:
            continue
        if {a.actor.track, b.actor.track} == {track_a, track_b}:
            out.add(link_id)
    return frozenset(out)


def track_counts(scene: CircleScene) -> dict[tuple[int, int], int]:
    """How many drawn links join each pair of tracks, keyed (lower track, higher track)."""
    counts: dict[tuple[int, int], int] = {}
    items = scene.actor_items
    for mark in scene.link_items.values():
        a, b = items.get(mark.source_id), items.get(mark.target_id)
        if a is None or b is None or a.actor.track is None or b.actor.track is None:
            continue
        key = (min(a.actor.track, b.actor.track), max(a.actor.track, b.actor.track))
        counts[key] = counts.get(key, 0) + 1
    return counts


def apply_focus(scene: CircleScene, focus: Focus | None) -> None:
    """Fade what is not in ``focus`` (None: nothing faded)."""
    for actor_id, item in scene.actor_items.items():
        item.set_dimmed(focus is not None and actor_id not in focus.actors)
    scene.link_layer.set_emphasis(None if focus is None else focus.links)
