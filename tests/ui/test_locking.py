"""Encrypted workshops in the window: the passphrase prompt, Workshop › Lock/Change/Remove, auto-lock.

The passphrase dialog is driven through its own widgets (fields filled, its OK button clicked)
by a stand-in for ``exec`` that runs without a nested event loop.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from multitrack_desktop import cli
from multitrack_desktop.services import files
from multitrack_desktop.services.files import build_workshop_file
from multitrack_desktop.storage import crypto
from multitrack_desktop.storage.crypto import Key, WrongPassphrase
from multitrack_desktop.storage.database import WorkshopFile
from multitrack_desktop.storage.errors import StorageError
from multitrack_desktop.widgets import locking as locking_module
from multitrack_desktop.widgets.main_window import MainWindow
from multitrack_desktop.widgets.passphrase_dialog import PassphraseDialog, strength_hint

from .conftest import ARABIC_NAME, GOV, MEDIA, small_workshop

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support raise")

PASS = "correct horse battery staple"
ODD = 'it\'s "quoted"; DROP TABLE x; -- كلمة السر 🔐🗝️ é'
#: plain text of the small workshop that must not be readable in an encrypted file
MARKERS = [b"Radio Damai", b"Coastal talks 2025", "مجلس السلام".encode()]


# --------------------------------------------------------------------------- helpers


class Script:
    """Answers for the passphrase dialogs to come: one list of attempts per dialog.

    An attempt is a passphrase (put in every new-passphrase field), a dict of field values
    (``current``, ``passphrase``, ``again``), or None for Cancel.
    """

    def __init__(self, *dialogs: list[Any]) -> None:
        self.dialogs = list(dialogs)
        self.errors: list[list[str]] = []
        self.shown: list[PassphraseDialog] = []
        #: each dialog's sentence and warning, read while it is shown
        self.messages: list[str] = []
        self.warnings: list[str] = []

    def exec(self, dialog: PassphraseDialog) -> int:
        assert self.dialogs, "a passphrase dialog nobody expected"
        attempts = self.dialogs.pop(0)
        errors: list[str] = []
        self.errors.append(errors)
        self.shown.append(dialog)
        self.messages.append(dialog.message_label.text())
        self.warnings.append(dialog.warning_label.text())
        done: list[int] = []
        dialog.finished.connect(done.append)
        errors.append(dialog.error_text())  # said before anything is typed (a passphrase given and wrong)
        for attempt in attempts:
            if attempt is None:
                dialog.cancel_button.click()
                break
            values = attempt if isinstance(attempt, dict) else {"passphrase": attempt}
            if not isinstance(attempt, dict) and dialog.again_field is not None:
                values["again"] = attempt
            for name, text in values.items():
                field = getattr(dialog, f"{name}_field")
                assert field is not None, f"the dialog has no {name} field"
                field.setText(text)
            dialog.ok_button.click()
            errors.append(dialog.error_text())
            assert all(not f.text() for f in dialog.fields()), "the typed passphrase stayed in the dialog"
            if done:
                break
        if not done:
            dialog.reject()
        return dialog.result()


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    holder: dict[str, Script] = {}

    def start(*dialogs: list[Any]) -> Script:
        holder["s"] = Script(*dialogs)
        return holder["s"]

    monkeypatch.setattr(PassphraseDialog, "exec", lambda self: holder["s"].exec(self))
    yield start
    if "s" in holder:
        assert holder["s"].dialogs == [], "some expected passphrase dialogs never came"


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What message boxes said (warnings and information)."""
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: texts.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *rest: texts.append(text))
    return texts


@pytest.fixture
def empty_window(qtbot) -> MainWindow:
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def encrypted(tmp_path: Path, passphrase: str = PASS, name: str = "locked.multitrack") -> Path:
    path = tmp_path / name
    build_workshop_file(small_workshop(), path, key=Key.from_passphrase(passphrase))
    return path


def scene_texts(win: MainWindow) -> str:
    """Every text the canvas shows or keeps: labels, tooltips, text items."""
    out = []
    for item in win.scene.items():
        out.append(item.toolTip())
        label = getattr(item, "label", None)
        out.append(str(getattr(label, "text", "")))
        for getter in ("text", "toPlainText"):
            fn = getattr(item, getter, None)
            if callable(fn):
                out.append(str(fn()))
    return "\n".join(out)


def all_settings_text() -> str:
    s = QSettings()
    return "\n".join(f"{k}={s.value(k)!r}" for k in s.allKeys())


def files_containing(folder: Path, needle: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def assert_passphrase_nowhere(tmp_path: Path, *passphrases: str) -> None:
    """Not in QSettings (every key and value), not in any file of the test's folders (settings, data, logs)."""
    QSettings().sync()
    text = all_settings_text()
    for p in passphrases:
        assert p not in text
        for form in {p, unicodedata.normalize("NFC", p)}:
            assert files_containing(tmp_path, form.encode("utf-8")) == [], "passphrase written to a file"


# --------------------------------------------------------------------------- opening


def test_an_encrypted_file_opens_with_its_passphrase(
    qtbot, empty_window: MainWindow, tmp_path: Path, script: Any
) -> None:
    path = encrypted(tmp_path)
    run = script([PASS])
    assert empty_window.open_path(path)
    doc = empty_window.document
    assert doc is not None and doc.file.encrypted and not doc.readonly
    assert empty_window.windowTitle().startswith("Coastal talks 2025")
    assert "Radio Damai" in scene_texts(empty_window)
    assert "locked.multitrack" in run.messages[0]
    assert str(path.resolve()) in empty_window.settings.recent_files()
    assert_passphrase_nowhere(tmp_path, PASS)


def test_a_wrong_passphrase_is_said_in_the_dialog_and_may_be_retried(
    qtbot, empty_window: MainWindow, tmp_path: Path, script: Any
) -> None:
    path = encrypted(tmp_path)
    before = path.read_bytes()
    run = script(["wrong one", "", PASS])
    assert empty_window.open_path(path)
    first, empty, last = run.errors[0][1:]
    assert "not right" in first and "Try again" in first
    assert "empty" in empty
    assert last == ""
    assert empty_window.document is not None and empty_window.document.file.encrypted
    empty_window.close_document()
    assert path.read_bytes() == before  # trying wrong passphrases changes nothing


def test_cancel_opens_nothing(qtbot, empty_window: MainWindow, tmp_path: Path, script: Any, said) -> None:
    path = encrypted(tmp_path)
    script(["wrong", None])
    assert not empty_window.open_path(path)
    assert empty_window.document is None
    assert said == []  # cancelling is not an error
    assert empty_window.settings.recent_files() == []


def test_open_recent_asks_again_for_an_encrypted_file(
    qtbot, empty_window: MainWindow, tmp_path: Path, script: Any
) -> None:
    path = encrypted(tmp_path)
    script([PASS], [PASS])
    assert empty_window.open_path(path)
    empty_window.close_document()
    empty_window.file_actions.fill_recent_menu()
    entry = next(
        a for a in empty_window.file_actions.recent_menu.actions() if a.data() == str(path.resolve())
    )
    entry.trigger()
    assert empty_window.document is not None and empty_window.document.path == path


def test_passphrases_with_quotes_arabic_and_emoji_work(
    qtbot, empty_window: MainWindow, tmp_path: Path, script: Any
) -> None:
    path = encrypted(tmp_path, ODD)
    # typed with a decomposed é: the same passphrase once normalised
    script([unicodedata.normalize("NFD", ODD)])
    assert empty_window.open_path(path)
    assert empty_window.document is not None
    names = {a.name for a in empty_window.document.actors}
    assert ARABIC_NAME in names
    assert_passphrase_nowhere(tmp_path, ODD)


def test_random_bytes_are_refused_plainly(
    qtbot, empty_window: MainWindow, tmp_path: Path, script: Any, said
) -> None:
    path = tmp_path / "noise.multitrack"
    path.write_bytes(bytes(range(256)) * 64)
    run = script(["anything", None])
    assert not empty_window.open_path(path)
    assert "not a Multitrack workshop" in run.errors[0][1]
    assert path.read_bytes() == bytes(range(256)) * 64


def test_show_characters_toggles_every_field(qtbot) -> None:
    dialog = PassphraseDialog(None, title="t", message="m", new=True, ask_current=True)
    qtbot.addWidget(dialog)
    assert all(f.echoMode() == f.EchoMode.Password for f in dialog.fields())
    dialog.show_characters.setChecked(True)
    assert [f.echoMode() for f in dialog.fields()] == [dialog.passphrase_field.EchoMode.Normal] * 3
    dialog.passphrase_field.setText("short")
    assert "short" in dialog.strength_label.text().lower()
    assert strength_hint("several unrelated words make it") == "Strong."


# --------------------------------------------------------------------------- Workshop menu


def test_lock_with_a_passphrase_from_the_menu(
    qtbot, window: MainWindow, workshop_path: Path, tmp_path: Path, script: Any, said
) -> None:
    data = workshop_path.read_bytes()
    assert all(m in data for m in MARKERS)  # the plain file shows them
    window.select_actors([GOV])
    window.inspector.edit_requested.emit(MEDIA, {"influence": 4})  # an edit: history to clear
    assert window.undo_stack.count() == 1
    locking = window.locking
    assert locking.lock_action.text() == "&Lock with a passphrase…"
    assert not locking.remove_action.isEnabled()
    run = script([{"passphrase": PASS, "again": "not the same"}, PASS])
    locking.lock_action.trigger()
    assert "not the same" in run.errors[0][1]
    assert "SSD" in run.warnings[0]

    assert crypto.needs_passphrase(workshop_path)
    data = workshop_path.read_bytes()
    assert not any(m in data for m in MARKERS)
    doc = window.document
    assert doc is not None and doc.file.encrypted and doc.path == workshop_path
    assert doc.actor(MEDIA).influence == 4  # the edit made before locking is in the file
    assert window.undo_stack.count() == 0
    assert window.library.selected_ids() == [GOV]  # the selection is kept
    assert "undo history was cleared" in said[-1] and "SSD" in said[-1]
    assert locking.lock_action.text() == "&Change passphrase…" and locking.remove_action.isEnabled()
    # it reopens elsewhere with the passphrase only
    with pytest.raises(WrongPassphrase):
        WorkshopFile.open(workshop_path, readonly=True, key=Key.from_passphrase("nope")).close()
    WorkshopFile.open(workshop_path, readonly=True, key=Key.from_passphrase(PASS)).close()
    assert_passphrase_nowhere(tmp_path, PASS)


def test_change_then_remove_the_passphrase(
    qtbot, window: MainWindow, workshop_path: Path, tmp_path: Path, script: Any, said
) -> None:
    script([PASS])
    window.locking.lock_action.trigger()
    new = "another passphrase, longer"
    run = script(
        [
            {"current": "wrong", "passphrase": new, "again": new},
            {"current": PASS, "passphrase": PASS, "again": PASS},
            {"current": PASS, "passphrase": new, "again": new},
        ]
    )
    window.locking.lock_action.trigger()
    assert "not right" in run.errors[0][1]
    assert "same as the current" in run.errors[0][2]
    assert "changed" in said[-1] and "undo history was cleared" in said[-1]
    with pytest.raises(WrongPassphrase):
        WorkshopFile.open(workshop_path, readonly=True, key=Key.from_passphrase(PASS)).close()
    WorkshopFile.open(workshop_path, readonly=True, key=Key.from_passphrase(new)).close()
    assert window.document is not None and window.document.file.key.same_as(Key.from_passphrase(new))

    run = script(["wrong", {"passphrase": new}])
    window.locking.remove_action.trigger()
    assert "not right" in run.errors[0][1]
    assert not crypto.needs_passphrase(workshop_path)
    assert all(m in workshop_path.read_bytes() for m in MARKERS[:2])
    assert window.document is not None and not window.document.file.encrypted
    assert "no longer locked" in said[-1]
    assert not window.locking.remove_action.isEnabled()
    assert_passphrase_nowhere(tmp_path, PASS, new)


def test_a_failed_conversion_is_one_sentence_and_leaves_the_workshop_open_as_it_was(
    qtbot, window: MainWindow, workshop_path: Path, script: Any, said, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise StorageError(
            f"{workshop_path} was not converted: the disk is full. The file has not been changed."
        )

    monkeypatch.setattr(files, "encrypt_file", refuse)
    script([PASS])
    assert not window.locking.lock_with_passphrase()
    assert said == [f"{workshop_path} was not converted: the disk is full. The file has not been changed."]
    assert not crypto.needs_passphrase(workshop_path)
    assert window.document is not None and not window.document.file.encrypted
    assert "Radio Damai" in scene_texts(window)


def test_conversion_runs_off_the_window_thread(
    qtbot, window: MainWindow, workshop_path: Path, script: Any, said, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads: list[str] = []
    real = files.encrypt_file

    def spy(*a: Any, **k: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(*a, **k)

    monkeypatch.setattr(files, "encrypt_file", spy)
    script([PASS])
    assert window.locking.lock_with_passphrase()
    assert threads == ["multitrack-conversion"]


def test_a_new_workshop_can_start_encrypted(
    qtbot, empty_window: MainWindow, tmp_path: Path, script: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "Secret talks"), ""))
    script([PASS])  # one dialog only: the new workshop is opened with the key just chosen
    actions = empty_window.file_menu.actions()
    new_locked = empty_window.locking.new_locked_action
    assert actions.index(new_locked) == actions.index(empty_window.file_actions.new_action) + 1
    new_locked.trigger()
    path = tmp_path / "Secret talks.multitrack"
    assert crypto.needs_passphrase(path)
    assert b"Secret talks" not in path.read_bytes()
    doc = empty_window.document
    assert doc is not None and doc.file.encrypted and doc.title == "Secret talks"


# --------------------------------------------------------------------------- auto-lock


def open_encrypted_window(qtbot, path: Path, passphrase: str = PASS) -> MainWindow:
    win = MainWindow(remember_geometry=False)
    qtbot.addWidget(win)
    win.set_file(WorkshopFile.open(path, key=Key.from_passphrase(passphrase)))
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_auto_lock_hides_the_workshop_and_the_passphrase_brings_it_back(qtbot, tmp_path: Path, said) -> None:
    path = encrypted(tmp_path)
    win = open_encrypted_window(qtbot, path)
    win.select_actors([MEDIA])
    flushed: list[bool] = []

    capture = win.sessions.capture
    real_flush = capture.flush_draft

    def flush_draft() -> None:  # live capture's pending draft must be written while the file is open
        flushed.append(win.document is not None)
        real_flush()

    capture.flush_draft = flush_draft
    locking = win.locking
    locking.set_idle_seconds(0.3)
    qtbot.waitUntil(lambda: locking.locked, timeout=5000)

    assert flushed[:1] == [True]
    assert win.document is None
    assert "Coastal talks" not in win.windowTitle() and "Locked" in win.windowTitle()
    texts = scene_texts(win)
    assert "Radio Damai" not in texts and ARABIC_NAME not in texts
    assert win.library.list.model().rowCount() == 0
    screen = locking.screen
    assert screen.isVisible() and screen.geometry() == win.rect()
    assert "without use" in screen.message.text() and "locked.multitrack" in screen.message.text()
    assert not locking.lock_now_action.isEnabled()

    screen.field.setText("wrong")
    screen.unlock_button.click()
    assert "not right" in screen.error_text()
    assert screen.field.text() == "" and win.document is None

    screen.field.setText(PASS)
    screen.unlock_button.click()
    assert not locking.locked and not screen.isVisible()
    assert win.document is not None and win.document.file.encrypted
    assert win.windowTitle().startswith("Coastal talks 2025")
    assert "Radio Damai" in scene_texts(win)
    assert win.library.selected_ids() == [MEDIA]
    assert said == []
    assert_passphrase_nowhere(tmp_path, PASS)


def test_activity_keeps_the_workshop_open(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    win = open_encrypted_window(qtbot, encrypted(tmp_path))
    win.locking.set_idle_seconds(0.6)
    for _ in range(6):
        qtbot.wait(200)
        qtbot.keyClick(win.view, Qt.Key.Key_Shift)
    assert not win.locking.locked and win.document is not None
    qtbot.waitUntil(lambda: win.locking.locked, timeout=5000)


def test_a_plain_workshop_is_never_auto_locked(qtbot, window: MainWindow) -> None:
    window.locking.set_idle_seconds(0.1)
    qtbot.wait(500)
    assert not window.locking.locked and window.document is not None
    assert not window.locking.lock_now_action.isEnabled()


def test_menu_shortcuts_do_nothing_while_locked_and_closing_instead_is_possible(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = open_encrypted_window(qtbot, encrypted(tmp_path))
    assert win.locking.lock_now(reason="manual")
    opened: list[object] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: opened.append(a) or ("", ""))
    from PySide6.QtCore import Qt

    qtbot.keyClick(win.locking.screen.field, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert opened == []
    win.locking.screen.close_button.click()
    assert not win.locking.locked and win.document is None
    assert win.windowTitle() == "Multitrack Desktop"


def test_the_auto_lock_setting_is_a_plain_number(qtbot, window: MainWindow) -> None:
    assert locking_module.auto_lock_minutes(window) == 10  # the default
    window.locking.auto_lock_actions[30].trigger()
    value = QSettings().value(locking_module.AUTO_LOCK_KEY)
    assert int(value) == 30
    assert window.locking.auto_lock_actions[30].isChecked()
    window.locking.auto_lock_actions[0].trigger()
    assert locking_module.auto_lock_minutes(window) == 0


# --------------------------------------------------------------------------- the app's command line


def test_screenshot_of_an_encrypted_file_with_the_environment_variable(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = encrypted(tmp_path, ODD)
    before = path.read_bytes()
    out = tmp_path / "shot.png"
    monkeypatch.delenv("MULTITRACK_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", None)  # no terminal to ask at
    assert cli.main([str(path), "--screenshot", str(out), "--size", "800x600"]) == 1
    assert "passphrase" in capsys.readouterr().err and not out.exists()

    monkeypatch.setenv("MULTITRACK_PASSPHRASE", "wrong")
    assert cli.main([str(path), "--screenshot", str(out), "--size", "800x600"]) == 1
    err = capsys.readouterr().err
    assert "not right" in err and "hmac" not in err.lower() and not out.exists()

    monkeypatch.setenv("MULTITRACK_PASSPHRASE", ODD)
    assert cli.main([str(path), "--screenshot", str(out), "--size", "800x600"]) == 0
    assert QImage(str(out)).width() == 800
    assert path.read_bytes() == before

    monkeypatch.delenv("MULTITRACK_PASSPHRASE")
    secret = tmp_path / "pass.txt"
    secret.write_text(ODD + "\n", encoding="utf-8")
    out2 = tmp_path / "shot2.png"
    assert cli.main([str(path), "--screenshot", str(out2), "--passphrase-file", str(secret)]) == 0
    assert QImage(str(out2)).width() == 1600


def test_the_app_opens_an_encrypted_file_with_the_environment_variable(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: Any
) -> None:
    from multitrack_desktop import app as app_module

    path = encrypted(tmp_path)
    monkeypatch.setenv("MULTITRACK_PASSPHRASE", "wrong")
    monkeypatch.setattr(QApplication, "exec", lambda self=None: 0)
    run = script([PASS])  # the wrong one given: the window asks, saying so
    before = set(QApplication.topLevelWidgets())
    assert cli.main([str(path)]) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before]
    assert len(windows) == 1
    win = windows[0]
    qtbot.addWidget(win)
    assert "not right" in run.errors[0][0]
    assert win.document is not None and win.document.file.encrypted
    assert str(path.resolve()) in win.settings.recent_files()
    assert app_module is not None


# --------------------------------------------------------------------------- more


def test_locking_keeps_what_is_typed_in_the_live_line(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from multitrack_desktop.services import drafts
    from tests.sessions_ui.conftest import S_OPEN, sessions_workshop

    path = tmp_path / "aceh.multitrack"
    build_workshop_file(sessions_workshop(), path, key=Key.from_passphrase(PASS))
    win = open_encrypted_window(qtbot, path)
    ui = win.sessions
    assert ui.open_session(S_OPEN)
    ui.capture.line.setFocus()
    qtbot.keyClicks(ui.capture.line, "the elders ask for a second")  # the draft is still waiting its turn
    assert win.locking.lock_now(reason="manual")
    with WorkshopFile.open(path, readonly=True, key=Key.from_passphrase(PASS)) as wf:
        draft = drafts.load_draft(wf, S_OPEN)
    assert draft is not None and draft.text == "the elders ask for a second"

    win.locking.screen.field.setText(PASS)
    qtbot.keyClick(win.locking.screen.field, Qt.Key.Key_Return)
    assert win.document is not None
    assert ui.panel.current_session_id() == S_OPEN
    assert ui.capture.line.text() == "the elders ask for a second"


def test_a_session_title_typed_but_not_handed_over_is_kept_by_the_lock(qtbot, tmp_path: Path) -> None:
    from multitrack_desktop.services.workshop import WorkshopService
    from tests.sessions_ui.conftest import S_OPEN, sessions_workshop

    path = tmp_path / "aceh.multitrack"
    build_workshop_file(sessions_workshop(), path, key=Key.from_passphrase(PASS))
    win = open_encrypted_window(qtbot, path)
    ui = win.sessions
    assert ui.open_session(S_OPEN)
    ui.editor.title_edit.setFocus()
    ui.editor.title_edit.selectAll()
    qtbot.keyClicks(ui.editor.title_edit, "Forum, second day")  # no Enter, focus still there
    assert win.locking.lock_now(reason="idle")
    with WorkshopFile.open(path, readonly=True, key=Key.from_passphrase(PASS)) as wf:
        titles = {s.id: s.title for s in WorkshopService(wf).sessions(with_contents=False)}
    assert titles[S_OPEN] == "Forum, second day"


def test_an_encrypted_file_held_elsewhere_opens_read_only_after_the_passphrase(
    qtbot, empty_window: MainWindow, tmp_path: Path, script: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = encrypted(tmp_path)
    holder = WorkshopFile.open(path, key=Key.from_passphrase(PASS))
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *rest: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", question)
    try:
        run = script(["wrong", PASS])
        assert empty_window.open_path(path)
        assert "not right" in run.errors[0][1]
        assert len(asked) == 1  # asked once, after the passphrase proved right
        assert empty_window.document is not None and empty_window.document.readonly
    finally:
        empty_window.close_document()
        holder.close()


def test_floating_docks_are_hidden_while_locked(qtbot, tmp_path: Path) -> None:
    win = open_encrypted_window(qtbot, encrypted(tmp_path))
    win.library_dock.setFloating(True)
    win.library_dock.show()
    qtbot.waitUntil(win.library_dock.isVisible)
    assert win.locking.lock_now(reason="manual")
    assert not win.library_dock.isVisible()
    win.locking.unlock(Key.from_passphrase(PASS))
    assert win.library_dock.isVisible() and win.document is not None


def test_the_window_keeps_painting_while_converting(
    qtbot, window: MainWindow, script: Any, said, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time as _time

    from PySide6.QtCore import QTimer

    real = files.encrypt_file
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))

    def slow(*a: Any, **k: Any) -> Any:
        _time.sleep(0.6)  # what a large file takes, more or less
        return real(*a, **k)

    monkeypatch.setattr(files, "encrypt_file", slow)
    script([PASS])
    timer.start()
    assert window.locking.lock_with_passphrase()
    timer.stop()
    assert len(ticks) >= 10  # events kept flowing: the window was not frozen


def test_tab_stays_on_the_lock_screen(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    win = open_encrypted_window(qtbot, encrypted(tmp_path))
    assert win.locking.lock_now(reason="manual")
    screen = win.locking.screen
    screen.field.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(win.focusWidget(), Qt.Key.Key_Tab)
        seen.append(win.focusWidget())  # the window's focus child (the offscreen window is never active)
    assert seen and all(w is not None and screen.isAncestorOf(w) for w in seen)
    assert {screen.field, screen.unlock_button} <= set(seen)


def test_an_inspector_edit_typed_but_not_applied_is_kept_by_the_lock(qtbot, tmp_path: Path) -> None:
    from multitrack_desktop.storage import repository

    path = encrypted(tmp_path)
    win = open_encrypted_window(qtbot, path)
    win.select_actors([MEDIA])
    name = win.inspector.fields["name"].widget
    name.setText("Radio Damai FM")  # typed, no Enter, focus never left
    assert win.locking.lock_now(reason="manual")
    with WorkshopFile.open(path, readonly=True, key=Key.from_passphrase(PASS)) as wf, wf.read() as conn:
        doc = repository.load_document(conn)
    assert {a.id: a.name for a in doc.actors}[MEDIA] == "Radio Damai FM"
