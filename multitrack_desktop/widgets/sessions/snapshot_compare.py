"""Snapshots of the map: take one now, and compare two as a list of plain sentences.

The comparison itself is ``domain.snapshots.compare``; this widget words it and says which
actors each difference concerns, so the window can light them up on the circle.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import model as m
from ...domain.snapshots import SnapshotDiff, compare
from ...services.workshop import WorkshopService
from ...storage.changes import ChangeSet
from .common import EditHub, Refresh, error_label, load_snapshots, select_data, show_error, touches

ACTORS_ROLE = Qt.ItemDataRole.UserRole


class SnapshotCompare(QWidget):
    """Choose two snapshots; their differences are listed, earliest snapshot first."""

    #: the SnapshotDiff shown (None when fewer than two snapshots are chosen)
    compared = Signal(object)
    #: actor ids of the difference chosen in the list (to highlight on the circle)
    actors_highlighted = Signal(list)
    #: a snapshot just taken (its id)
    snapshot_taken = Signal(str)
    error = Signal(str)

    def __init__(
        self,
        service: WorkshopService,
        undo_stack: QUndoStack,
        document: Any | Refresh | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.hub = EditHub(service, undo_stack, document, self)
        self.hub.changed.connect(self._on_changed)
        self.hub.error.connect(self._show_error)
        self.snapshots: list[m.Snapshot] = []
        self.names: dict[str, str] = {}
        self.diff: SnapshotDiff | None = None
        self.session_id: str | None = None

        self.before_combo = QComboBox(self)
        self.after_combo = QComboBox(self)
        self.before_combo.currentIndexChanged.connect(self._compare)
        self.after_combo.currentIndexChanged.connect(self._compare)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(self._on_item)
        self.label_edit = QLineEdit(self)
        self.label_edit.setPlaceholderText(self.tr("Label of a new snapshot"))
        self.label_edit.returnPressed.connect(self.take_snapshot)
        self.take_button = QPushButton(self.tr("Take snapshot now"), self)
        self.take_button.clicked.connect(self.take_snapshot)
        self.problem_label = error_label(self)
        self.circle_button = QPushButton(self.tr("Show on the circle"), self)
        self.circle_button.setToolTip(
            self.tr(
                "The later snapshot on a read-only circle, with the differences from the earlier one marked"
            )
        )
        self.circle_button.clicked.connect(self.show_on_circle)
        #: the window opened by the last ``show_on_circle`` (None before)
        self.circle_window: QWidget | None = None

        for combo in (self.before_combo, self.after_combo):
            # snapshot names carry session titles: the popup shows them whole, the dock stays narrow
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        form = QFormLayout()
        form.addRow(self.tr("Earlier"), self.before_combo)
        form.addRow(self.tr("Later"), self.after_combo)
        take = QHBoxLayout()
        take.addWidget(self.label_edit, 1)
        take.addWidget(self.take_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.circle_button)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(take)
        self.refresh()

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Read the snapshots, the actors' names and the sessions' titles (no entries: there may
        be thousands)."""
        self.snapshots = sorted(
            load_snapshots(self.service), key=lambda s: (s.taken_at.astimezone(dt.UTC), s.id)
        )
        self.names = {a.id: a.name for a in self.hub.actors()}
        titles = {s.id: s.title for s in self.service.sessions(with_contents=False)}
        before, after = self.before_combo.currentData(), self.after_combo.currentData()
        for combo in (self.before_combo, self.after_combo):
            combo.blockSignals(True)
            combo.clear()
            for snap in self.snapshots:
                parts = [
                    snap.taken_at.strftime("%Y-%m-%d %H:%M"),
                    snap.label,
                    titles.get(snap.session or "", ""),
                ]
                combo.addItem(" · ".join(p for p in parts if p), snap.id)
            combo.blockSignals(False)
        ids = [s.id for s in self.snapshots]
        if before not in ids or after not in ids:
            before, after = (ids[-2], ids[-1]) if len(ids) >= 2 else (None, None)
        select_data(self.before_combo, before)
        select_data(self.after_combo, after)
        self.take_button.setEnabled(not getattr(self.service.file, "readonly", False))
        self._compare()

    def choose(self, before_id: str, after_id: str) -> None:
        select_data(self.before_combo, before_id)
        select_data(self.after_combo, after_id)
        self._compare()

    def _snapshot(self, combo: QComboBox) -> m.Snapshot | None:
        snap_id = combo.currentData()
        return next((s for s in self.snapshots if s.id == snap_id), None)

    def _compare(self, *_args: object) -> None:
        before, after = self._snapshot(self.before_combo), self._snapshot(self.after_combo)
        self.list.clear()
        if before is None or after is None:
            self.diff = None
            self.summary_label.setText(self.tr("Take two snapshots of the map to compare them."))
            self.circle_button.setEnabled(bool(self.snapshots))
            self.compared.emit(None)
            return
        self.diff = compare(before, after)
        self.circle_button.setEnabled(True)
        for text, actors in self.sentences(self.diff):
            item = QListWidgetItem(text)
            item.setData(ACTORS_ROLE, actors)
            self.list.addItem(item)
        self.summary_label.setText(
            self.tr("{n} differences").format(n=self.list.count())
            if self.diff
            else self.tr("No differences on the circle.")
        )
        self.compared.emit(self.diff)

    def show_on_circle(self) -> QWidget | None:
        """Open the later snapshot (or the only one chosen) on a read-only circle, differences marked."""
        from ..snapshot_view import SnapshotView

        before, after = self._snapshot(self.before_combo), self._snapshot(self.after_combo)
        if after is None:
            after, before = before, None
        if after is None and self.snapshots:
            after = self.snapshots[-1]  # one snapshot only: it is shown alone
        if after is None:
            return None
        earlier = before if before is not None and before.id != after.id else None
        title = self.tr("Snapshot {name}").format(name=self.after_combo.currentText() or after.label)
        if earlier is not None:
            title = self.tr("{a} → {b}").format(
                a=self.before_combo.currentText(), b=self.after_combo.currentText()
            )
        window = SnapshotView(
            after,
            self.hub.actors(),
            earlier=earlier,
            differences=self.differences() if earlier is not None else None,
            title=title,
            parent=self,
        )
        window.show()
        self.circle_window = window
        return window

    def differences(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _name(self, actor_id: str) -> str:
        return self.names.get(actor_id, self.tr("[removed actor]"))

    def sentences(self, diff: SnapshotDiff) -> list[tuple[str, list[str]]]:
        """Each difference as a sentence, with the actors it concerns."""
        tr, name = self.tr, self._name
        out: list[tuple[str, list[str]]] = []
        for p in diff.added:
            out.append(
                (tr("{a} put on the circle (track {t})").format(a=name(p.actor), t=p.track), [p.actor])
            )
        for p in diff.removed:
            out.append(
                (
                    tr("{a} taken off the circle (was on track {t})").format(a=name(p.actor), t=p.track),
                    [p.actor],
                )
            )
        for mv in diff.moved:
            out.append(
                (
                    tr("{a} moved from track {b} to track {c}").format(
                        a=name(mv.actor), b=mv.before, c=mv.after
                    ),
                    [mv.actor],
                )
            )
        labels = {"influence": tr("influence"), "stance": tr("stance"), "status": tr("status")}
        for ch in diff.changed:
            out.append(
                (
                    tr("{a}: {f} {b} → {c}").format(
                        a=name(ch.actor), f=labels[ch.field], b=_word(ch.before), c=_word(ch.after)
                    ),
                    [ch.actor],
                )
            )
        for lk in diff.links_added:
            out.append((tr("Link added: {l}").format(l=self._link(lk)), [lk.source, lk.target]))
        for lk in diff.links_removed:
            out.append((tr("Link removed: {l}").format(l=self._link(lk)), [lk.source, lk.target]))
        for lc in diff.links_changed:
            b, c = lc.before, lc.after
            what = []
            if b.strength != c.strength:
                what.append(tr("strength {b} → {c}").format(b=b.strength, c=c.strength))
            if (b.source, b.target, b.directed) != (c.source, c.target, c.directed):
                what.append(tr("direction changed"))
            out.append(
                (
                    tr("Link changed: {l}, {w}").format(l=self._link(c), w=", ".join(what)),
                    [c.source, c.target],
                )
            )
        return out

    def _link(self, lk: m.SnapshotLink) -> str:
        arrow = "→" if lk.directed else "—"
        return f"{self._name(lk.source)} {arrow} {self._name(lk.target)} ({_word(lk.kind)})"

    def _on_item(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        self.actors_highlighted.emit(list(item.data(ACTORS_ROLE)) if item is not None else [])

    def _on_changed(self, change: ChangeSet | None) -> None:
        if touches(change, "snapshots", "snapshot_placements", "snapshot_links", "actors", "sessions"):
            self.refresh()

    def _show_error(self, text: str) -> None:
        show_error(self.problem_label, text)
        self.error.emit(text)

    # ------------------------------------------------------------------ taking one

    def set_session(self, session_id: str | None) -> None:
        """A snapshot taken now belongs to this session (None: to no session)."""
        self.session_id = session_id

    def take_snapshot(self) -> str | None:
        label = self.label_edit.text().strip()
        session_id = self.session_id
        change = self.hub.apply(lambda: self.service.take_snapshot(session_id=session_id, label=label))
        if not change:
            return None
        snap_id = change.created["snapshot"]
        self.label_edit.clear()
        self.choose(self.after_combo.currentData() or snap_id, snap_id)
        self.snapshot_taken.emit(snap_id)
        return snap_id


def _word(value: Any) -> str:
    """Enum values as their words with spaces (``armed_group`` → ``armed group``)."""
    return str(getattr(value, "value", value)).replace("_", " ")
