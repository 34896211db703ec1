"""The open workshop as a QObject: what the window shows, and the signal that it changed."""

from .workshop import OpenWorkshop

__all__ = ["OpenWorkshop"]
