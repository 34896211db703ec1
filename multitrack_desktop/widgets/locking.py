"""Workshops locked with a passphrase, in the window: lock, change, remove, and auto-lock.

Workshop › Lock with a passphrase… (Change passphrase… on an encrypted workshop) and Remove
passphrase… close the open workshop, convert the file through ``services.files`` in a worker
thread (a progress dialog keeps the window painted: 20 MB take a few seconds), and reopen it
with the new key. The undo history cannot follow a file across that, so it is cleared (and the
message says so). A failure is one sentence; the file is then as it was and is reopened.

Auto-lock: after N idle minutes (no key, mouse, wheel or touch input anywhere in the app) an
encrypted workshop is closed: its key dropped, the canvas, docks and title emptied, and a
lock screen covering the window asks for the passphrase to open the same file again (the
selection comes back). Pending live-capture drafts are written to the file before it closes.

The setting is a plain number of minutes in QSettings (``locking/auto_lock_minutes``, 0 = off).
It is 10 by default and applies to encrypted workshops only: a plain file can be read by anyone
who has it, so a lock screen would protect nothing and only get in the way, while someone who
locked a workshop asked for protection — an unattended unlocked window is exactly what an
encrypted file cannot protect against.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import files
from ..storage import crypto
from ..storage.crypto import Key, PassphraseRefused, WrongPassphrase
from ..storage.database import WorkshopFile
from ..storage.errors import LockedByOther, StorageError
from .opening import show_error
from .passphrase_dialog import (
    Typed,
    ask_current_passphrase,
    ask_new_passphrase,
    lock_warning,
    password_field,
)

if TYPE_CHECKING:
    from .main_window import MainWindow

T = TypeVar("T")

AUTO_LOCK_KEY = "locking/auto_lock_minutes"
DEFAULT_AUTO_LOCK_MINUTES = 10
AUTO_LOCK_CHOICES = (0, 5, 10, 15, 30, 60)
LOCKED_TITLE = "Locked — Multitrack Desktop"

#: input that means someone is at the computer
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.NonClientAreaMouseButtonPress,
    }
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Locking", text)


# --------------------------------------------------------------------------- the setting


def _qsettings(window: MainWindow) -> Any:
    s = window.settings
    return getattr(s, "qsettings", None) or s._s  # noqa: SLF001 - the same store the window uses


def auto_lock_minutes(window: MainWindow) -> int:
    """The auto-lock delay in minutes (0: off); anything unreadable is the default."""
    value = _qsettings(window).value(AUTO_LOCK_KEY, DEFAULT_AUTO_LOCK_MINUTES)
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_AUTO_LOCK_MINUTES
    return minutes if 0 <= minutes <= 24 * 60 else DEFAULT_AUTO_LOCK_MINUTES


def set_auto_lock_minutes(window: MainWindow, minutes: int) -> None:
    _qsettings(window).setValue(AUTO_LOCK_KEY, int(minutes))


# --------------------------------------------------------------------------- background work


def run_in_background(parent: QWidget | None, label: str, work: Callable[[], T]) -> T:
    """Run ``work`` in a thread while a modal progress dialog keeps the window painted; its result or error.

    SQLite releases the interpreter while it works, so the window stays responsive.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            outcome["error"] = exc

    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setObjectName("ConversionProgress")
    progress.setWindowTitle(tr("Please wait"))
    progress.setCancelButton(None)  # a conversion is not stopped halfway; it is crash-safe instead
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    thread = threading.Thread(target=target, name="multitrack-conversion", daemon=True)
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(25)
    poll.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    progress.show()
    thread.start()
    poll.start()
    if thread.is_alive():
        loop.exec()
    poll.stop()
    thread.join()
    progress.close()
    progress.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --------------------------------------------------------------------------- the lock screen


class LockScreen(QFrame):
    """Covers the whole window while the workshop is locked: a passphrase field and two buttons."""

    def __init__(self, locking: Locking, window: MainWindow) -> None:
        super().__init__(window)
        self.locking = locking
        self.setObjectName("LockScreen")
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        panel = QWidget(self)
        panel.setFixedWidth(440)
        box = QVBoxLayout(panel)
        self.heading = QLabel(tr("This workshop is locked"), panel)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        box.addWidget(self.heading)
        self.message = QLabel(panel)
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        self.field = password_field(panel)
        self.field.setPlaceholderText(tr("Passphrase"))
        self.field.returnPressed.connect(self.submit)
        box.addWidget(self.field)
        self.show_characters = QCheckBox(tr("&Show characters"), panel)
        self.show_characters.toggled.connect(
            lambda on: self.field.setEchoMode(
                self.field.EchoMode.Normal if on else self.field.EchoMode.Password
            )
        )
        box.addWidget(self.show_characters)
        self.error_label = QLabel(panel)
        self.error_label.setObjectName("PassphraseError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        box.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.close_button = QPushButton(tr("Close the workshop"), panel)
        self.close_button.clicked.connect(locking.give_up)
        self.unlock_button = QPushButton(tr("&Unlock"), panel)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.unlock_button)
        box.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.hide()

    def show_over(self, window: QWidget, name: str, why: str) -> None:
        self.message.setText(
            why + " " + tr("Type the passphrase of {name} to open it again.").format(name=name)
        )
        self.show_error("")
        self.field.setText("")
        self.setGeometry(window.rect())
        self.show()
        self.raise_()
        self.field.setFocus()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's name
        """Tab stays on the lock screen: it never reaches the (empty) docks behind it."""
        chain = [self.field, self.show_characters, self.close_button, self.unlock_button]
        focused = QApplication.focusWidget() or self.window().focusWidget()
        i = chain.index(focused) if focused in chain else -1
        chain[(i + (1 if next else -1)) % len(chain)].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def submit(self) -> None:
        text = self.field.text()
        self.field.setText("")  # also empties the field's undo history
        try:
            key = Key.from_passphrase(text)
        except PassphraseRefused as exc:
            self.show_error(str(exc))
            return
        finally:
            del text
        self.locking.unlock(key)


# --------------------------------------------------------------------------- the feature


class Locking(QObject):
    """The Workshop menu's passphrase entries, the auto-lock timer and the lock screen of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("Locking")
        self.window = window
        #: the file the lock screen reopens (None: not locked); no key is kept
        self.locked_path: Path | None = None
        self._locked_readonly = False
        self._locked_selection: list[str] = []
        self._locked_session: str | None = None
        self._hidden: list[QWidget] = []
        #: a conversion is running: no auto-lock, no second conversion
        self.busy = False
        self._idle_ms = auto_lock_minutes(window) * 60_000
        self._last_activity = time.monotonic()

        self.screen = LockScreen(self, window)

        self.lock_action = QAction(tr("&Lock with a passphrase…"), window)
        self.lock_action.triggered.connect(self.lock_with_passphrase)
        self.remove_action = QAction(tr("&Remove passphrase…"), window)
        self.remove_action.triggered.connect(self.remove_passphrase)
        self.lock_now_action = QAction(tr("Loc&k now"), window)
        self.lock_now_action.triggered.connect(lambda: self.lock_now(reason="manual"))
        self.auto_lock_menu = QMenu(tr("&Auto-lock"), window)
        self.auto_lock_menu.setObjectName("AutoLockMenu")
        group = QActionGroup(self.auto_lock_menu)
        self.auto_lock_actions: dict[int, QAction] = {}
        for minutes in AUTO_LOCK_CHOICES:
            text = tr("Never") if minutes == 0 else tr("After {n} minutes idle").format(n=minutes)
            action = self.auto_lock_menu.addAction(text)
            action.setCheckable(True)
            action.setActionGroup(group)
            action.triggered.connect(lambda _=False, n=minutes: self.set_auto_lock_minutes(n))
            self.auto_lock_actions[minutes] = action
        self.auto_lock_menu.addSeparator()
        note = self.auto_lock_menu.addAction(tr("(for workshops locked with a passphrase)"))
        note.setEnabled(False)
        self._check_auto_lock_choice()

        menu = window.workshop_menu
        if menu.actions():
            menu.addSeparator()
        menu.addActions([self.lock_action, self.remove_action, self.lock_now_action])
        menu.addMenu(self.auto_lock_menu)

        self.new_locked_action = QAction(tr("New workshop with a &passphrase…"), window)
        self.new_locked_action.triggered.connect(lambda: window.file_actions.new_dialog(protect=True))
        after = window.file_actions.new_action
        actions = window.file_menu.actions()
        following = (
            actions[actions.index(after) + 1] if after in actions and actions[-1] is not after else None
        )
        window.file_menu.insertAction(following, self.new_locked_action)  # type: ignore[arg-type]

        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check_idle)
        self._restart_timer()
        QApplication.instance().installEventFilter(self)  # removed by Qt when this object goes
        window.installEventFilter(self)
        window.document_replaced.connect(self._on_document_replaced)
        self._update_actions()

    # ------------------------------------------------------------------ state

    @property
    def locked(self) -> bool:
        return self.locked_path is not None

    def _document_encrypted(self) -> bool:
        doc = self.window.document
        return doc is not None and doc.file.encrypted

    def _update_actions(self) -> None:
        doc = self.window.document
        writable = doc is not None and not doc.readonly and not self.busy
        encrypted = self._document_encrypted()
        self.lock_action.setText(tr("&Change passphrase…") if encrypted else tr("&Lock with a passphrase…"))
        self.lock_action.setEnabled(writable)
        self.remove_action.setEnabled(writable and encrypted)
        self.lock_now_action.setEnabled(encrypted and not self.locked)

    def _on_document_replaced(self) -> None:
        self._last_activity = time.monotonic()
        self._update_actions()
        if self.locked and self.window.document is not None:
            self._leave_lock_screen()  # something else opened a workshop meanwhile

    # ------------------------------------------------------------------ auto-lock

    def set_auto_lock_minutes(self, minutes: int) -> None:
        set_auto_lock_minutes(self.window, minutes)
        self._idle_ms = int(minutes) * 60_000
        self._check_auto_lock_choice()
        self._restart_timer()

    def set_idle_seconds(self, seconds: float) -> None:
        """The idle time before auto-lock, in seconds (for tests and demos; not stored)."""
        self._idle_ms = int(seconds * 1000)
        self._last_activity = time.monotonic()
        self._restart_timer()

    def _check_auto_lock_choice(self) -> None:
        action = self.auto_lock_actions.get(self._idle_ms // 60_000)
        if action is not None:
            action.setChecked(True)

    def _restart_timer(self) -> None:
        if self._idle_ms <= 0:
            self._timer.stop()
            return
        self._timer.start(max(50, min(15_000, self._idle_ms // 4)))

    def idle_seconds(self) -> float:
        return time.monotonic() - self._last_activity

    def _check_idle(self) -> None:
        if self.locked or self.busy or self._idle_ms <= 0 or not self._document_encrypted():
            return
        if self.idle_seconds() * 1000 < self._idle_ms:
            return
        # never pull the workshop from under an open dialog or menu (it may be using it); try again later
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None:
            return
        if self._presenting():
            return  # the room is watching the map on purpose: no lock in the middle of a presentation
        minutes = self._idle_ms / 60_000
        why = (
            tr("The workshop was locked after {n} minutes without use.").format(n=round(minutes))
            if minutes >= 1
            else tr("The workshop was locked after a while without use.")
        )
        self.lock_now(reason=why)

    def _presenting(self) -> bool:
        presenter = getattr(self.window, "presenter", None)
        screens = (getattr(presenter, "presentation", None), getattr(presenter, "audience_window", None))
        return any(w is not None and w.isVisible() for w in screens)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in _ACTIVITY:
            self._last_activity = time.monotonic()
        elif (
            kind == QEvent.Type.Shortcut
            and self.locked
            and watched is not getattr(self.window, "quit_action", None)
            and self._inside_window(watched)
        ):
            return True  # while locked, no menu entry of this window runs (Open, New, Recent…) but Quit
        elif watched is self.window:
            if kind == QEvent.Type.Resize and self.locked:
                self.screen.setGeometry(self.window.rect())
            elif kind == QEvent.Type.Close and self.locked:
                self._show_hidden()  # the saved layout keeps the docks that were hidden for the lock
        return False

    def _inside_window(self, obj: QObject) -> bool:
        while obj is not None:
            if obj is self.screen:
                return False
            if obj is self.window:
                return True
            obj = obj.parent()
        return False

    # ------------------------------------------------------------------ locking

    def flush_drafts(self) -> None:
        """Write what is being typed to the file now (it is about to close): see ``MainWindow.write_typed``."""
        self.window.write_typed()

    def lock_now(self, *, reason: str = "manual") -> bool:
        """Close the encrypted workshop and show the lock screen; False when there is nothing to lock."""
        doc = self.window.document
        if self.locked or self.busy or doc is None or not doc.file.encrypted:
            return False
        self.flush_drafts()
        path, readonly = doc.path, doc.readonly
        selection = list(self.window.library.selected_ids())
        session = self._current_session()
        self.window.close_document()  # the key goes with the file
        self.locked_path, self._locked_readonly, self._locked_selection = path, readonly, selection
        self._locked_session = session
        self.window.setWindowTitle(tr(LOCKED_TITLE))
        self._hide_other_windows()
        why = tr("The workshop was locked.") if reason == "manual" else reason
        self.screen.show_over(self.window, path.name, why)
        self._update_actions()
        return True

    def unlock(self, key: Key) -> bool:
        """Reopen the locked file with ``key``; the lock screen says what went wrong otherwise."""
        path = self.locked_path
        if path is None:
            return False
        note = ""
        try:
            try:
                file = WorkshopFile.open(path, key=key, readonly=self._locked_readonly)
            except LockedByOther as exc:
                # another program took the file while it was locked: show it, but read-only
                crypto.connect(path, key, readonly=True).close()
                file = WorkshopFile.open(path, key=key, readonly=True)
                note = str(exc)
        except (WrongPassphrase, PassphraseRefused) as exc:
            self.screen.show_error(str(exc) + " " + tr("Try again."))
            self.screen.field.setFocus()
            return False
        except StorageError as exc:
            self.screen.show_error(str(exc))
            return False
        finally:
            del key
        selection, session = self._locked_selection, self._locked_session
        try:
            self.window.set_file(file)
        except StorageError as exc:
            self.screen.show_error(str(exc))
            return False
        self._leave_lock_screen()
        if selection and self.window.document is not None:
            known = [a for a in selection if self.window.document.actor(a) is not None]
            if known:
                self.window.select_actors(known)
        if session is not None:
            self._select_session(session)
        if note:
            self.window.statusBar().showMessage(tr("Opened read-only: {why}").format(why=note), 10_000)
        return True

    def give_up(self) -> None:
        """Close the workshop instead of unlocking it (the window stays, with no workshop open)."""
        self._leave_lock_screen()
        if self.window.document is None:
            self.window.setWindowTitle("Multitrack Desktop")

    def _current_session(self) -> str | None:
        """The session shown in the sessions dock (its live line comes back with its draft)."""
        panel = getattr(getattr(self.window, "sessions", None), "panel", None)
        current = getattr(panel, "current_session_id", None)
        return current() if callable(current) else None

    def _select_session(self, session_id: str) -> None:
        panel = getattr(getattr(self.window, "sessions", None), "panel", None)
        select = getattr(panel, "select_session", None)
        if callable(select):
            select(session_id)

    def _leave_lock_screen(self) -> None:
        self.locked_path = None
        self._locked_selection = []
        self._locked_session = None
        self.screen.field.setText("")
        self.screen.hide()
        self._show_hidden()
        self._last_activity = time.monotonic()
        self._update_actions()

    def _hide_other_windows(self) -> None:
        """Floating docks and other windows of this one (a presentation) show nothing while locked."""
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self.window and w.isVisible() and self._inside_window(w)
        ]
        for w in self._hidden:
            w.hide()

    def _show_hidden(self) -> None:
        hidden, self._hidden = self._hidden, []
        for w in hidden:
            w.show()

    # ------------------------------------------------------------------ the menu entries

    def lock_with_passphrase(self) -> bool:
        """Lock the open workshop with a passphrase, or change the one it has."""
        doc = self.window.document
        if doc is None or doc.readonly or self.busy:
            return False
        name = doc.path.name
        if not doc.file.encrypted:
            typed = ask_new_passphrase(
                self.window,
                title=tr("Lock with a passphrase"),
                message=tr(
                    "{name} will be re-written encrypted: it will open only with this passphrase. "
                    "The workshop closes and reopens, and its undo history is cleared."
                ).format(name=name),
                accept_text=tr("Lock"),
                warning=lock_warning(),
            )
            if typed is None:
                return False
            return self._convert(typed.key, None, "lock")
        current = doc.file.key

        def check(typed: Typed) -> None:
            if not (typed.current is not None and typed.current.same_as(current)):
                raise WrongPassphrase(tr("The current passphrase is not right."))
            if typed.key.same_as(current):
                raise PassphraseRefused(tr("The new passphrase is the same as the current one."))

        typed = ask_new_passphrase(
            self.window,
            title=tr("Change passphrase"),
            message=tr(
                "Type the current passphrase of {name}, then the new one twice. The workshop closes and "
                "reopens, and its undo history is cleared."
            ).format(name=name),
            accept_text=tr("Change"),
            ask_current=True,
            check=check,
        )
        if typed is None:
            return False
        return self._convert(typed.key, typed.current, "change")

    def remove_passphrase(self) -> bool:
        """Make the open encrypted workshop a plain file again (after its passphrase is typed)."""
        doc = self.window.document
        if doc is None or doc.readonly or self.busy or not doc.file.encrypted:
            return False
        current = doc.file.key

        def check(typed: Typed) -> None:
            if not typed.key.same_as(current):
                raise WrongPassphrase(tr("The passphrase is not right."))

        typed = ask_current_passphrase(
            self.window,
            title=tr("Remove passphrase"),
            message=tr(
                "Type the passphrase of {name} to remove it. The workshop closes and reopens as a plain "
                "file, and its undo history is cleared."
            ).format(name=doc.path.name),
            accept_text=tr("Remove passphrase"),
            warning=tr("Anyone who gets the file will then be able to read it."),
            check=check,
        )
        if typed is None:
            return False
        return self._convert(None, typed.key, "remove")

    def _convert(self, key_new: Key | None, key_old: Key | None, doing: str) -> bool:
        """Close, convert in the background, reopen with the key the file now has; one sentence on failure."""
        doc = self.window.document
        assert doc is not None
        path = doc.path
        self.flush_drafts()
        selection = list(self.window.library.selected_ids())
        session = self._current_session()
        self.window.close_document()
        self.busy = True
        self._update_actions()
        labels = {
            "lock": tr("Encrypting {name}…"),
            "change": tr("Changing the passphrase of {name}…"),
            "remove": tr("Decrypting {name}…"),
        }

        def work() -> crypto.Conversion:
            if key_new is None:
                assert key_old is not None
                return files.decrypt_file(path, key_old)
            return files.encrypt_file(path, key_new, key_old)

        failure: StorageError | None = None
        result: crypto.Conversion | None = None
        try:
            try:
                result = run_in_background(self.window, labels[doing].format(name=path.name), work)
            except StorageError as exc:
                failure = exc
            except Exception:  # noqa: BLE001 - a bug: the conversion is crash-safe, so the file is as it was
                failure = StorageError(
                    tr(
                        "{name} could not be converted because of an internal error; it has not been changed."
                    ).format(name=path.name)
                )
            reopen_key = key_new if result is not None else key_old  # key_new is None once removed
            try:
                file = WorkshopFile.open(path, key=reopen_key)
                self.window.set_file(file)
            except StorageError as exc:
                show_error(self.window, failure or exc)
                return False
        finally:
            self.busy = False
            self._update_actions()
        known = [a for a in selection if self.window.document is not None and self.window.document.actor(a)]
        if known:
            self.window.select_actors(known)
        if session is not None:
            self._select_session(session)
        if failure is not None:
            show_error(self.window, failure)
            return False
        assert result is not None
        name = path.name
        cleared = tr("The undo history was cleared.")
        text = {
            "lock": tr("{name} is now locked: it opens only with its passphrase.").format(name=name)
            + " "
            + cleared
            + "\n\n"
            + crypto.SSD_CAVEAT,
            "change": tr("The passphrase of {name} was changed; the old one no longer opens it.").format(
                name=name
            )
            + " "
            + cleared,
            "remove": tr("{name} is no longer locked: anyone who gets the file can read it.").format(
                name=name
            )
            + " "
            + cleared,
        }[doing]
        if result.backup_problems:
            text += "\n\n" + "\n".join(result.backup_problems)
        QMessageBox.information(self.window, tr("Multitrack Desktop"), text)
        return True


def install(window: MainWindow) -> None:
    """Workshop › Lock with a passphrase…, Remove passphrase…, Lock now, Auto-lock; File › New workshop with a
    passphrase…; the idle timer and the lock screen. ``window.locking`` is the way in."""
    window.locking = Locking(window)  # type: ignore[attr-defined]
