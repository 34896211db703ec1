"""Which actors the circle shows: a filter by kind, stance, status, track and tag; links by kind and visibility.

Plain values (no Qt): the filter bar builds one, the scene applies it. An empty choice
means "any"; a filter only hides marks on the circle, it never changes the workshop.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..domain.model import Actor, ActorKind, ActorStatus, Link, LinkKind, Stance, Visibility


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text.casefold().strip())


@dataclass(frozen=True)
class CircleFilter:
    kinds: frozenset[ActorKind] = field(default_factory=frozenset)
    stances: frozenset[Stance] = field(default_factory=frozenset)
    statuses: frozenset[ActorStatus] = field(default_factory=frozenset)
    #: an actor is on a track if it is its own track or one of its also_tracks
    tracks: frozenset[int] = field(default_factory=frozenset)
    tag: str = ""
    link_kinds: frozenset[LinkKind] = field(default_factory=frozenset)
    link_visibilities: frozenset[Visibility] = field(default_factory=frozenset)

    @property
    def active(self) -> bool:
        return bool(
            self.kinds
            or self.stances
            or self.statuses
            or self.tracks
            or self.tag.strip()
            or self.link_kinds
            or self.link_visibilities
        )

    def matches_link(self, link: Link) -> bool:
        """The link itself passes (its two actors are checked with ``matches``)."""
        if self.link_kinds and link.kind not in self.link_kinds:
            return False
        return not (self.link_visibilities and link.visibility not in self.link_visibilities)

    def matches(self, actor: Actor) -> bool:
        if self.kinds and actor.kind not in self.kinds:
            return False
        if self.stances and actor.stance not in self.stances:
            return False
        if self.statuses and actor.status not in self.statuses:
            return False
        if self.tracks and not ({actor.track, *actor.also_tracks} & self.tracks):
            return False
        if self.tag.strip() and _fold(self.tag) not in {_fold(t) for t in actor.tags}:
            return False
        return True
