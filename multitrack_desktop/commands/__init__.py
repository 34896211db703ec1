"""Undo commands: they hold what an operation changed (plain values), never graphics items."""

from .change import AppliedChange

__all__ = ["AppliedChange"]
