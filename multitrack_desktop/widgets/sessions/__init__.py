"""Widgets for sessions: the sessions panel, the session editor, live capture, open actions
and snapshot comparison. Each takes the service, the undo stack and the open workshop (or a
refresh callback), and pushes every edit as one undo step."""

from .actions_view import OpenActionsView
from .capture import LiveCapture
from .editor import SessionEditor
from .panel import SessionsPanel
from .snapshot_compare import SnapshotCompare

__all__ = ["LiveCapture", "OpenActionsView", "SessionEditor", "SessionsPanel", "SnapshotCompare"]
