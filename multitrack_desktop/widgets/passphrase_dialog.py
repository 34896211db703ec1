"""Asking for a workshop passphrase in the window: to open a locked file, or to set a new one.

The typed text lives only in the line edits and in a local variable while its ``Key`` is made:
the fields are then emptied with ``setText("")`` (which also drops the line edit's undo
history), and nothing here writes it to settings, logs or the recent-file list. What is kept is
the ``Key`` (its repr hides it), and only as long as the caller needs it.

A wrong passphrase is said in the same dialog, which stays open to try again. The dialog can
be driven without its event loop (tests): set the fields, click ``ok_button``, read ``value``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..storage.crypto import Key, PassphraseRefused, WrongPassphrase
from ..storage.errors import StorageError


def tr(text: str) -> str:
    return QCoreApplication.translate("PassphraseDialog", text)


@dataclass(frozen=True, slots=True, repr=False)
class Typed:
    """What was typed, as keys: the passphrase (the new one when setting), and the current one if asked."""

    key: Key
    current: Key | None = None


#: the attempt gave up on its own (the user said no to a follow-up question): close, nothing to say
GAVE_UP = object()


def strength_hint(text: str) -> str:
    """A rough, honest hint: length is what matters most for a passphrase typed by a person."""
    if not text:
        return ""
    words = len(text.split())
    if len(text) < 8:
        return tr(
            "Very short: easy to guess. A few unrelated words make a passphrase strong and easy to remember."
        )
    if len(text) < 12 and words < 3:
        return tr("Short: longer is stronger. A few unrelated words are easy to remember.")
    if len(text) >= 20 or words >= 4:
        return tr("Strong.")
    return tr("Fair: a longer passphrase is stronger.")


def password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    # no input method suggestions or history for a secret
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhNoAutoUppercase
    )
    return field


class PassphraseDialog(QDialog):
    """One passphrase to open a file, or a new one typed twice (and the current one when changing).

    ``attempt`` is called with what was typed (as keys); it returns the result (kept in
    ``value``), ``GAVE_UP``, or raises: ``WrongPassphrase`` and ``PassphraseRefused`` are said
    here and may be retried; any other ``StorageError`` closes the dialog (kept in ``failure``
    for the caller to show). Without ``attempt`` the keys themselves are the value.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        message: str,
        new: bool = False,
        ask_current: bool = False,
        accept_text: str | None = None,
        warning: str | None = None,
        attempt: Callable[[Typed], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PassphraseDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.new = new
        self.attempt = attempt
        self.value: Any = None
        self.failure: StorageError | None = None

        layout = QVBoxLayout(self)
        self.message_label = QLabel(message, self)
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.current_field: QLineEdit | None = None
        if ask_current:
            self.current_field = password_field(self)
            form.addRow(tr("&Current passphrase:"), self.current_field)
        self.passphrase_field = password_field(self)
        form.addRow(tr("&New passphrase:") if new else tr("&Passphrase:"), self.passphrase_field)
        self.again_field: QLineEdit | None = None
        if new:
            self.again_field = password_field(self)
            form.addRow(tr("The same &again:"), self.again_field)
        layout.addLayout(form)

        self.strength_label = QLabel(self)
        self.strength_label.setWordWrap(True)
        self.strength_label.setVisible(new)
        layout.addWidget(self.strength_label)
        if new:
            self.passphrase_field.textChanged.connect(
                lambda text: self.strength_label.setText(strength_hint(text))
            )

        self.show_characters = QCheckBox(tr("&Show characters"), self)
        self.show_characters.toggled.connect(self._show_characters)
        layout.addWidget(self.show_characters)

        self.warning_label = QLabel(warning or "", self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setVisible(bool(warning))
        layout.addWidget(self.warning_label)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("PassphraseError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = buttons.addButton(
            accept_text or tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        first = self.current_field or self.passphrase_field
        first.setFocus()
        self.setMinimumWidth(440)

    # ------------------------------------------------------------------ fields

    def fields(self) -> list[QLineEdit]:
        return [f for f in (self.current_field, self.passphrase_field, self.again_field) if f is not None]

    def _show_characters(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for field in self.fields():
            field.setEchoMode(mode)

    def _clear_fields(self) -> None:
        for field in self.fields():
            field.setText("")  # setText, not clear(): it also empties the field's undo history

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    # ------------------------------------------------------------------ accepting

    def _typed(self) -> Typed:
        """The keys for what is in the fields (which are emptied whatever happens)."""
        try:
            current = None
            if self.current_field is not None:
                text = self.current_field.text()
                if not text:
                    raise PassphraseRefused(tr("Type the current passphrase first."))
                current = Key.from_passphrase(text)
            if not self.new and not self.passphrase_field.text():
                raise PassphraseRefused(tr("The passphrase is empty; type it first."))
            key = Key.from_passphrase(self.passphrase_field.text())
            if self.again_field is not None and not key.same_as(
                Key.from_passphrase(self.again_field.text()) if self.again_field.text() else None
            ):
                raise PassphraseRefused(tr("The two passphrases typed are not the same; type them again."))
            return Typed(key, current)
        finally:
            self._clear_fields()
            self.strength_label.setText("")

    def submit(self) -> None:
        """OK: make the keys, empty the fields, and try them (staying open when they are wrong)."""
        self.show_error("")
        try:
            typed = self._typed()
        except PassphraseRefused as exc:
            self.show_error(str(exc))
            (self.current_field or self.passphrase_field).setFocus()
            return
        if self.attempt is None:
            self.value = typed
            self.accept()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the key derivation takes a moment
        try:
            value = self.attempt(typed)
        except (WrongPassphrase, PassphraseRefused) as exc:
            QGuiApplication.restoreOverrideCursor()
            self.show_error(str(exc) + " " + tr("Try again."))
            (self.current_field or self.passphrase_field).setFocus()
            return
        except StorageError as exc:
            QGuiApplication.restoreOverrideCursor()
            self.failure = exc
            self.reject()
            return
        QGuiApplication.restoreOverrideCursor()
        del typed
        if value is GAVE_UP:
            self.reject()
            return
        self.value = value
        self.accept()


# --------------------------------------------------------------------------- the dialogs the window uses


def ask_to_open(
    parent: QWidget | None, path: Path, attempt: Callable[[Typed], Any], *, error: str = ""
) -> PassphraseDialog:
    """The prompt for a file that is not a plain workshop; run it, then read ``value`` / ``failure``."""
    dialog = PassphraseDialog(
        parent,
        title=tr("Passphrase needed"),
        message=tr(
            "{name} is locked with a passphrase (or it is not a Multitrack workshop). "
            "Type its passphrase to open it."
        ).format(name=path.name),
        attempt=attempt,
    )
    dialog.show_error(error)
    dialog.exec()
    return dialog


def lock_warning() -> str:
    """What the user reads before locking a workshop (issue 8: said plainly, before and after)."""
    return tr(
        "Without the passphrase nobody can open the workshop, not even you: a forgotten passphrase cannot be "
        "recovered. The unencrypted file will be overwritten and removed, but on SSDs and some file systems old "
        "copies of it may survive on the disk; full-disk encryption is the real protection."
    )


def ask_new_passphrase(
    parent: QWidget | None,
    *,
    title: str,
    message: str,
    accept_text: str,
    ask_current: bool = False,
    warning: str | None = None,
    check: Callable[[Typed], None] | None = None,
) -> Typed | None:
    """A new passphrase typed twice (and the current one when ``ask_current``); None when cancelled.

    ``check`` may refuse what was typed (raising ``WrongPassphrase`` or ``PassphraseRefused``):
    the dialog then says why and stays open.
    """
    dialog = PassphraseDialog(
        parent,
        title=title,
        message=message,
        new=True,
        ask_current=ask_current,
        accept_text=accept_text,
        warning=warning,
        attempt=_checked(check),
    )
    return _answer(dialog)


def ask_current_passphrase(
    parent: QWidget | None,
    *,
    title: str,
    message: str,
    accept_text: str,
    warning: str | None = None,
    check: Callable[[Typed], None] | None = None,
) -> Typed | None:
    """The current passphrase once (to remove it); None when cancelled. ``check`` as for a new one."""
    dialog = PassphraseDialog(
        parent,
        title=title,
        message=message,
        accept_text=accept_text,
        warning=warning,
        attempt=_checked(check),
    )
    return _answer(dialog)


def _answer(dialog: PassphraseDialog) -> Typed | None:
    """Run ``dialog``; what was typed, taken out of it (the dialog keeps no copy), or None."""
    dialog.exec()
    value, dialog.value = dialog.value, None
    dialog.deleteLater()
    return value


def _checked(check: Callable[[Typed], None] | None) -> Callable[[Typed], Any] | None:
    if check is None:
        return None

    def attempt(typed: Typed) -> Typed:
        check(typed)
        return typed

    return attempt
