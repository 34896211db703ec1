"""Multitrack Desktop: map and record multi-track diplomacy workshops, offline."""

__version__ = "0.1.0"
