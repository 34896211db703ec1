"""Widgets for sessions: the sessions panel, the session editor, live capture, open actions
and snapshot comparison. Each takes the service, the undo stack and the open workshop (or a
refresh callback), and pushes every edit as one undo step."""
