"""The app's colours as plain hex strings, for drawers that do not use Qt (PDF, map images).

The one definition of them: ``canvas/style.py`` turns these into Qt colours for the window;
Paul Tol's "light" scheme for the tracks, stance outlines and status fading.
"""

from __future__ import annotations

from .model import ActorStatus, Stance

TRACK_COLOURS: dict[int, str] = {
    1: "#77AADD",  # light blue
    2: "#99DDFF",  # light cyan
    3: "#44BB99",  # mint
    4: "#BBCC33",  # pear
    5: "#EEDD88",  # light yellow
    6: "#EE8866",  # orange
    7: "#FFAABB",  # pink
    8: "#AAAA00",  # olive
    9: "#C9C1E8",  # lavender: the inner circle that ties the others together
}

STANCE_COLOURS: dict[Stance, str] = {
    Stance.SUPPORTIVE: "#1E8A3C",
    Stance.OPPOSED: "#C4291C",
    Stance.NEUTRAL: "#7A7A7A",
    Stance.UNKNOWN: "#4A4A4A",
}

STATUS_OPACITY: dict[ActorStatus, float] = {
    ActorStatus.ACTIVE: 1.0,
    ActorStatus.DORMANT: 0.5,
    ActorStatus.WITHDRAWN: 0.32,
}

INK = "#23303B"
LINK_COLOUR = "#5B6770"
ALIAS_BADGE = "#5E4FA2"

#: the band around the ring that carries the track names, as a fraction of the circle's radius
BAND_OUTER = 1.12


def mix(a: str, b: str, t: float) -> str:
    """``a`` moved a fraction ``t`` of the way towards ``b`` (both ``#RRGGBB``)."""
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def sector_fill(track: int) -> str:
    """The sector's pale tint: the track colour mixed with white (as on the canvas)."""
    return mix(TRACK_COLOURS[track], "#FFFFFF", 0.62 if track != 9 else 0.35)


def band_fill(track: int) -> str:
    return mix(TRACK_COLOURS[track], "#FFFFFF", 0.1)


def actor_size(influence: int) -> float:
    """Half the width of an actor's mark for a circle of radius 400; influence 1..5 grows it evenly."""
    influence = min(max(influence, 1), 5)
    return 9.0 + 3.6 * influence
