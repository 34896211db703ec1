"""Where the app draws actors that have a track but no placement.

One deterministic function for the window, map images and PDFs: the same workshop always
gives the same picture. Actors are spread inside their track's region, in name order,
avoiding actors that have a placement of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import geometry
from .model import Actor


def layout_positions(actors: Sequence[Actor]) -> dict[str, tuple[float, float]]:
    """(angle_deg, radius) for every actor with a track and no placement, keyed by actor id."""
    out: dict[str, tuple[float, float]] = {}
    for track in geometry.TRACKS:
        on_track = [a for a in actors if a.track == track]
        taken = [(a.placement.angle_deg, a.placement.radius) for a in on_track if a.placement]
        loose = sorted((a for a in on_track if a.placement is None), key=lambda a: (a.name.casefold(), a.id))
        if not loose:
            continue
        for a, pos in zip(loose, geometry.layout_track(track, len(loose), taken), strict=True):
            out[a.id] = pos
    return out


def position_of(actor: Actor, laid_out: dict[str, tuple[float, float]]) -> tuple[float, float] | None:
    """Where ``actor`` is drawn: its own placement, its laid-out slot, or None when it is not on the circle."""
    if actor.track is None:
        return None
    if actor.placement is not None:
        return actor.placement.angle_deg, actor.placement.radius
    return laid_out.get(actor.id)
