"""What changed on the circle between two snapshots: the facts a facilitator reads out.

Pure values, no Qt or SQL: the compare list, the circle overlay and exports can all use it.
An actor is compared with itself by id. Influence, stance and status are compared only where
both snapshots recorded them (a snapshot may leave them null). A link is the same link when it
joins the same actors with the same kind (either way round unless directed); a change of its
strength or direction is reported as a changed link, not as one removed and one added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from . import model as m

COMPARED_FIELDS = ("influence", "stance", "status")


@dataclass(frozen=True, slots=True)
class TrackMove:
    actor: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class FieldChange:
    actor: str
    field: str  # "influence", "stance" or "status"
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class LinkChange:
    before: m.SnapshotLink
    after: m.SnapshotLink


@dataclass(slots=True)
class SnapshotDiff:
    #: placements in the later snapshot of actors the earlier one did not have on the circle
    added: list[m.SnapshotPlacement] = field(default_factory=list)
    #: placements in the earlier snapshot of actors no longer on the circle
    removed: list[m.SnapshotPlacement] = field(default_factory=list)
    moved: list[TrackMove] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)
    links_added: list[m.SnapshotLink] = field(default_factory=list)
    links_removed: list[m.SnapshotLink] = field(default_factory=list)
    links_changed: list[LinkChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.added,
                self.removed,
                self.moved,
                self.changed,
                self.links_added,
                self.links_removed,
                self.links_changed,
            )
        )

    def actors(self) -> set[str]:
        """Every actor the differences concern (to highlight them on the circle)."""
        ids = {p.actor for p in (*self.added, *self.removed)}
        ids |= {c.actor for c in (*self.moved, *self.changed)}
        for lk in (*self.links_added, *self.links_removed, *(c.after for c in self.links_changed)):
            ids |= {lk.source, lk.target}
        return ids


def link_key(link: m.SnapshotLink) -> tuple[Any, ...]:
    """What makes two snapshot links the same link (ends, and kind)."""
    ends: tuple[str, ...] = (
        (link.source, link.target) if link.directed else tuple(sorted((link.source, link.target)))
    )
    return (ends, m.LinkKind(link.kind))


def _undirected_key(link: m.SnapshotLink) -> tuple[Any, ...]:
    return (tuple(sorted((link.source, link.target))), m.LinkKind(link.kind))


def compare(before: m.Snapshot, after: m.Snapshot) -> SnapshotDiff:
    """The differences from ``before`` to ``after`` (in the order of the snapshots' own lists)."""
    diff = SnapshotDiff()
    old = {p.actor: p for p in before.placements}
    new = {p.actor: p for p in after.placements}
    diff.added = [p for p in after.placements if p.actor not in old]
    diff.removed = [p for p in before.placements if p.actor not in new]
    for p in after.placements:
        q = old.get(p.actor)
        if q is None:
            continue
        if q.track != p.track:
            diff.moved.append(TrackMove(p.actor, q.track, p.track))
        for name in COMPARED_FIELDS:
            a, b = getattr(q, name), getattr(p, name)
            if a is not None and b is not None and a != b:
                diff.changed.append(FieldChange(p.actor, name, a, b))
    _compare_links(before.links, after.links, diff)
    return diff


def _compare_links(
    before: Iterable[m.SnapshotLink], after: Iterable[m.SnapshotLink], diff: SnapshotDiff
) -> None:
    # Links are matched on their ends (either way round) and kind; several links between the
    # same actors of the same kind are matched in order.
    remaining: dict[tuple[Any, ...], list[m.SnapshotLink]] = {}
    for lk in before:
        remaining.setdefault(_undirected_key(lk), []).append(lk)
    for lk in after:
        candidates = remaining.get(_undirected_key(lk))
        if not candidates:
            diff.links_added.append(lk)
            continue
        # prefer the one that is exactly the same
        exact = next((c for c in candidates if _same(c, lk)), None)
        match = exact or candidates[0]
        candidates.remove(match)
        if exact is None:
            diff.links_changed.append(LinkChange(match, lk))
    for lk in before:
        left = remaining.get(_undirected_key(lk), [])
        if lk in left:
            diff.links_removed.append(lk)
            left.remove(lk)


def _same(a: m.SnapshotLink, b: m.SnapshotLink) -> bool:
    return link_key(a) == link_key(b) and a.directed == b.directed and a.strength == b.strength


def snapshot_map(
    snapshot: m.Snapshot, actors: Iterable[m.Actor], *, unknown_name: str = "[removed actor]"
) -> tuple[list[m.Actor], list[m.Link]]:
    """The circle as the snapshot saw it: today's actors with the snapshot's track, position,
    influence, stance and status, and the snapshot's links (ids made from the snapshot's).

    An actor deleted since keeps its place under ``unknown_name``. The result is drawn like a
    workshop, so the window, images and PDFs can show a snapshot with the same code.
    """
    by_id = {a.id: a for a in actors}
    shown: list[m.Actor] = []
    for p in snapshot.placements:
        base = by_id.get(p.actor) or m.Actor(p.actor, unknown_name)
        shown.append(
            replace(
                base,
                track=p.track,
                also_tracks=[t for t in base.also_tracks if t != p.track],
                placement=m.Placement(p.angle_deg, p.radius),
                influence=base.influence if p.influence is None else p.influence,
                stance=base.stance if p.stance is None else p.stance,
                status=base.status if p.status is None else p.status,
            )
        )
    links = [
        m.Link(
            f"{snapshot.id}:{i}",
            lk.source,
            lk.target,
            kind=lk.kind,
            directed=lk.directed,
            strength=lk.strength,
        )
        for i, lk in enumerate(snapshot.links)
    ]
    return shown, links
