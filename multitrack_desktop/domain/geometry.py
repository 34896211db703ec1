"""The nine-track circle: which track a point belongs to, and where unplaced actors go.

Angles are degrees clockwise from 12 o'clock in [0, 360); radius is a fraction of the
circle's radius. Track 9 is the inner disc (radius < 0.3); tracks 1-8 share the ring in
45-degree sectors, track k centred on (k - 1) * 45 degrees. Ranges are half-open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INNER_RADIUS = 0.3
SECTOR_DEG = 45.0
HALF_SECTOR_DEG = 22.5
TRACKS = tuple(range(1, 10))

TRACK_NAMES: dict[int, str] = {
    1: "Government",
    2: "Professional conflict resolution",
    3: "Business",
    4: "Private citizens",
    5: "Research, training and education",
    6: "Activism",
    7: "Religion",
    8: "Funding",
    9: "Communications and media",
}

TRACK_PEACEMAKING: dict[int, str] = {
    1: "peacemaking through diplomacy",
    2: "peacemaking through conflict resolution",
    3: "peacemaking through commerce",
    4: "peacemaking through personal involvement",
    5: "peacemaking through learning",
    6: "peacemaking through advocacy",
    7: "peacemaking through faith in action",
    8: "peacemaking through providing resources",
    9: "peacemaking through information",
}


def normalise_angle(angle_deg: float) -> float:
    """Bring an angle into [0, 360); 360 is read as 0."""
    a = math.fmod(angle_deg, 360.0)
    if a < 0:
        a += 360.0
    if a >= 360.0:  # fmod of a tiny negative number can round up to 360
        a = 0.0
    return a + 0.0  # turn -0.0 into 0.0


def track_at(angle_deg: float, radius: float) -> int:
    """The one track a point on the circle belongs to."""
    if radius < INNER_RADIUS:
        return 9
    # The same arithmetic as the CHECK constraint in storage/schema.py, so that Python and
    # SQLite never disagree about a point next to a boundary.
    shifted = normalise_angle(angle_deg) + HALF_SECTOR_DEG
    return int(shifted / SECTOR_DEG) % 8 + 1


def sector_start(track: int) -> float:
    """First angle (inclusive) of a ring track's sector, in [0, 360)."""
    if not 1 <= track <= 8:
        raise ValueError(f"track {track} has no sector")
    return normalise_angle((track - 1) * SECTOR_DEG - HALF_SECTOR_DEG)


def sector_centre(track: int) -> float:
    if not 1 <= track <= 8:
        raise ValueError(f"track {track} has no sector")
    return (track - 1) * SECTOR_DEG


def in_track(track: int, angle_deg: float, radius: float) -> bool:
    return 0.0 <= radius <= 1.0 and track_at(angle_deg, radius) == track


@dataclass(frozen=True, slots=True)
class Point:
    """A position on the unit circle: x to the right, y downwards (screen convention)."""

    x: float
    y: float


def to_xy(angle_deg: float, radius: float) -> Point:
    """Cartesian position (unit circle, y down) of a polar placement."""
    rad = math.radians(angle_deg)
    return Point(radius * math.sin(rad), -radius * math.cos(rad))


def from_xy(x: float, y: float) -> tuple[float, float]:
    """Polar placement (angle_deg, radius) of a cartesian point (unit circle, y down)."""
    radius = math.hypot(x, y)
    if radius == 0.0:
        return 0.0, 0.0
    angle = math.degrees(math.atan2(x, -y))
    return normalise_angle(angle), radius


def clamp_into_track(track: int, angle_deg: float, radius: float) -> tuple[float, float]:
    """The nearest point inside ``track``'s region, kept away from its boundaries.

    Used when a drop lands on a boundary or just outside, so that the stored placement
    always reads back as the same track.
    """
    margin_deg = 0.5
    if track == 9:
        return normalise_angle(angle_deg), min(max(radius, 0.0), INNER_RADIUS - 0.01)
    radius = min(max(radius, INNER_RADIUS + 0.01), 1.0)
    start = sector_start(track)
    offset = normalise_angle(angle_deg - start)
    if offset > SECTOR_DEG + (360.0 - SECTOR_DEG) / 2:  # closer to the start, from below
        offset = 0.0
    offset = min(max(offset, margin_deg), SECTOR_DEG - margin_deg)
    angle = normalise_angle(start + offset)
    if track_at(angle, radius) != track:  # pragma: no cover - guarded by the margins
        raise AssertionError("clamped point left its track")
    return angle, radius


def layout_track(
    track: int, count: int, taken: list[tuple[float, float]] | None = None
) -> list[tuple[float, float]]:
    """Deterministic positions for ``count`` actors of ``track`` that have no placement.

    Positions are spread on concentric rows inside the region, skipping slots that lie
    too close to an already placed actor (``taken`` holds their (angle, radius)).
    The same input always gives the same output.
    """
    taken_xy = [to_xy(a, r) for a, r in (taken or [])]
    slots = list(_candidate_slots(track))
    chosen: list[tuple[float, float]] = []
    min_gap = 0.09
    for angle, radius in slots:
        if len(chosen) == count:
            break
        p = to_xy(angle, radius)
        if all(math.hypot(p.x - q.x, p.y - q.y) >= min_gap for q in taken_xy):
            chosen.append((angle, radius))
            taken_xy.append(p)
    # More actors than free slots: reuse slots in order (overlap is better than leaving the region).
    i = 0
    while len(chosen) < count:
        chosen.append(slots[i % len(slots)])
        i += 1
    return chosen


def _candidate_slots(track: int) -> list[tuple[float, float]]:
    slots: list[tuple[float, float]] = []
    if track == 9:
        slots.append((0.0, 0.0))
        for radius, n in ((0.12, 6), (0.22, 12)):
            for i in range(n):
                slots.append((normalise_angle(i * 360.0 / n + (15.0 if n == 6 else 0.0)), radius))
        for radius, n in ((0.07, 4), (0.17, 9), (0.27, 16)):
            for i in range(n):
                slots.append((normalise_angle(i * 360.0 / n + 7.0), radius))
        return slots
    start = sector_start(track)
    rows = (0.65, 0.82, 0.48, 0.93, 0.38, 0.73, 0.56)
    for radius in rows:
        # Keep a margin from the sector's edges that grows towards the centre.
        margin = math.degrees(0.06 / radius)
        usable = SECTOR_DEG - 2 * margin
        n = max(1, int(usable * math.radians(1) * radius / 0.085) + 1)
        for i in range(n):
            frac = 0.5 if n == 1 else i / (n - 1)
            # Fill from the centre of the sector outwards.
            slots.append((normalise_angle(start + margin + frac * usable), radius))
    centre = normalise_angle(start + HALF_SECTOR_DEG)
    slots.sort(key=lambda s: (rows.index(s[1]), abs(_angle_diff(s[0], centre))))
    return slots


def _angle_diff(a: float, b: float) -> float:
    d = normalise_angle(a - b)
    return d - 360.0 if d > 180.0 else d
