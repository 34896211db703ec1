"""One undo step for one service operation.

The operation has already run when the command is pushed (so a refused edit never reaches
the undo stack); the command keeps its ``ChangeSet`` and replays it backwards or forwards
through the service. The scene follows the model's ``changed`` signal, not the command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ..document.workshop import OpenWorkshop
from ..storage.changes import ChangeSet
from ..storage.errors import StorageError


class AppliedChange(QUndoCommand):
    def __init__(
        self,
        document: OpenWorkshop,
        change: ChangeSet,
        *,
        on_error: Callable[[StorageError], None] | None = None,
    ) -> None:
        super().__init__(change.label)
        self.document = document
        self.change = change
        self.on_error = on_error
        self._first_redo = True

    def redo(self) -> None:
        if self._first_redo:  # QUndoStack.push calls redo(); the change is already in the file
            self._first_redo = False
            return
        self._run(self.document.redo)

    def undo(self) -> None:
        self._run(self.document.undo)

    def _run(self, step: Callable[[ChangeSet], None]) -> None:
        # An exception cannot cross back into QUndoStack (C++); report it as a sentence instead.
        try:
            step(self.change)
        except StorageError as exc:
            if self.on_error is None:
                raise
            self.on_error(exc)
