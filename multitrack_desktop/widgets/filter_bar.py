"""The filter bar above the circle: show only some kinds, stances, statuses, tracks or a tag."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QMenu, QToolBar, QToolButton, QWidget

from ..canvas.filtering import CircleFilter
from ..canvas.items import kind_label, link_kind_label, stance_label, status_label
from ..domain import geometry
from ..domain import model as m


def tr(text: str) -> str:
    return QCoreApplication.translate("FilterBar", text)


class FilterBar(QToolBar):
    #: CircleFilter
    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Filter"), parent)
        self.setObjectName("FilterBar")
        self.menus: dict[str, QMenu] = {}
        self.buttons: dict[str, QToolButton] = {}
        self._titles: dict[str, str] = {}
        self._menu("kind", self.tr("Kind"), [(kind_label(k), k) for k in m.ActorKind])
        self._menu("stance", self.tr("Stance"), [(stance_label(s), s) for s in m.Stance])
        self._menu("status", self.tr("Status"), [(status_label(s), s) for s in m.ActorStatus])
        self._menu(
            "track",
            self.tr("Track"),
            [(f"{t} · {self.tr(geometry.TRACK_NAMES[t])}", t) for t in geometry.TRACKS],
        )
        self._menu("link_kind", self.tr("Link kind"), [(link_kind_label(k), k) for k in m.LinkKind])
        self._menu(
            "link_visibility",
            self.tr("Link visible to"),
            [
                (self.tr("everyone (shareable)"), m.Visibility.SHAREABLE),
                (self.tr("the team"), m.Visibility.TEAM),
                (self.tr("me only (private)"), m.Visibility.PRIVATE),
            ],
        )
        self.tag = QLineEdit(self)
        self.tag.setPlaceholderText(self.tr("Tag"))
        self.tag.setClearButtonEnabled(True)
        self.tag.setMaximumWidth(160)
        self.tags_model = QStringListModel(self)
        completer = QCompleter(self.tags_model, self.tag)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag.setCompleter(completer)
        self.tag.textChanged.connect(self._changed)
        self.addWidget(self.tag)
        self.clear_action = self.addAction(self.tr("Show all"))
        self.clear_action.triggered.connect(self.clear)
        self._quiet = False
        self._changed()

    def _menu(self, key: str, title: str, options: list[tuple[str, Any]]) -> None:
        menu = QMenu(title, self)
        for text, value in options:
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setData(value)
            action.toggled.connect(self._changed)
        button = QToolButton(self)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.addWidget(button)
        self.menus[key], self.buttons[key], self._titles[key] = menu, button, title

    def _chosen(self, key: str) -> list[Any]:
        return [a.data() for a in self.menus[key].actions() if a.isChecked()]

    def current(self) -> CircleFilter:
        return CircleFilter(
            kinds=frozenset(m.ActorKind(v) for v in self._chosen("kind")),
            stances=frozenset(m.Stance(v) for v in self._chosen("stance")),
            statuses=frozenset(m.ActorStatus(v) for v in self._chosen("status")),
            tracks=frozenset(int(v) for v in self._chosen("track")),
            tag=self.tag.text(),
            link_kinds=frozenset(m.LinkKind(v) for v in self._chosen("link_kind")),
            link_visibilities=frozenset(m.Visibility(v) for v in self._chosen("link_visibility")),
        )

    def set_tags(self, tags: Iterable[str]) -> None:
        self.tags_model.setStringList(sorted(set(tags), key=str.casefold))

    def choose(self, key: str, value: Any, on: bool = True) -> None:
        """Tick (or untick) one choice, as a click in its menu does."""
        for action in self.menus[key].actions():
            if action.data() == value:
                action.setChecked(on)

    def clear(self) -> None:
        self._quiet = True
        try:
            for menu in self.menus.values():
                for action in menu.actions():
                    action.setChecked(False)
            self.tag.clear()
        finally:
            self._quiet = False
        self._changed()

    def _changed(self, *_: object) -> None:
        if self._quiet:
            return
        for key, button in self.buttons.items():
            n = len(self._chosen(key))
            button.setText(f"{self._titles[key]} ({n}) ▾" if n else f"{self._titles[key]} ▾")
        current = self.current()
        self.clear_action.setEnabled(current.active)
        self.filter_changed.emit(current)
