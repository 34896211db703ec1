"""Progress and Cancel while a large summary is being built: the export dialog's bar moves and its Cancel
is heard before the pages are laid out, not only after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from multitrack_desktop.domain import model as m
from multitrack_desktop.export.pdf import BUILD_SHARE, ExportCancelled, export_pdf

TZ = dt.timezone(dt.timedelta(hours=1))


def many_sessions(n: int = 12, entries: int = 30) -> m.WorkshopDocument:
    sessions = []
    for i in range(n):
        at = dt.datetime(2026, 5, 1 + i, 9, tzinfo=TZ)
        sessions.append(
            m.Session(
                f"s-{i}",
                f"Session {i}",
                at,
                rule=m.Rule.OPEN,
                visibility=m.Visibility.SHAREABLE,
                entries=[
                    m.Entry(
                        f"e-{i}-{k}",
                        at + dt.timedelta(minutes=k),
                        f"Point {k} of session {i}: " + "words " * 30,
                        visibility=m.Visibility.SHAREABLE,
                    )
                    for k in range(entries)
                ],
            )
        )
    return m.WorkshopDocument(m.Workshop("w", "Progress"), sessions=sessions)


def test_progress_rises_through_building_then_layout(tmp_path: Path) -> None:
    seen: list[float] = []
    export_pdf(many_sessions(), tmp_path / "p.pdf", progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)
    building = [f for f in seen if 0 < f <= BUILD_SHARE]
    assert len(building) >= 12  # one step per session at least
    assert BUILD_SHARE in seen  # the last session built
    assert len([f for f in seen if f > BUILD_SHARE]) > 10  # then the pages


def test_cancel_is_heard_while_the_sessions_are_built(tmp_path: Path) -> None:
    reported: list[float] = []
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return bool(reported) and reported[-1] > 0  # as soon as the first session is built

    with pytest.raises(ExportCancelled):
        export_pdf(many_sessions(), tmp_path / "c.pdf", progress=reported.append, cancelled=cancelled)
    assert max(reported) < BUILD_SHARE  # stopped before the layout started
    assert asked < 12
    assert list(tmp_path.iterdir()) == []
