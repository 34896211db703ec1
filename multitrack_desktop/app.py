"""The composition root of the window: open the file, build the main window, run or render it.

``run_app`` returns an exit status like every command: 0 done, 1 refused (with a sentence
on standard error, or in a dialog when a window is shown), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
from pathlib import Path

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
APP_NAME, ORG_NAME = "Multitrack Desktop", "Multitrack"
DEFAULT_SIZE = (1600, 1000)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def parse_size(text: str | None) -> tuple[int, int] | None:
    """``WxH`` in pixels, each between 200 and 8000; None when it is not that."""
    if not text:
        return DEFAULT_SIZE
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not match:
        return None
    w, h = int(match.group(1)), int(match.group(2))
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        return None
    return w, h


def _application():  # -> QApplication (imported late: the platform must be chosen first)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "multitrack"])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    return app


def _file_to_open(args: argparse.Namespace) -> Path:
    """The FILE given, else a fresh copy of the demo (the app opens on the demo when no file is given)."""
    if getattr(args, "file", None):
        return Path(args.file)
    from .services.files import fresh_demo_copy

    return fresh_demo_copy()


def run_app(args: argparse.Namespace) -> int:
    if getattr(args, "screenshot", None):
        return _screenshot(args)
    return _run_window(args)


# --------------------------------------------------------------------------- the window


def _run_window(args: argparse.Namespace) -> int:
    from .storage.errors import StorageError
    from .widgets.main_window import MainWindow
    from .widgets.opening import show_error

    if not _display_available():
        _say(
            "No display was found to show the window on. Run it on a desktop, or under a virtual display "
            "(xvfb-run -a multitrack ...), or use --screenshot OUT.png to render the window to an image."
        )
        return EXIT_REFUSED
    app = _application()
    window = MainWindow()
    _close_on_termination(window)
    window.show()
    try:
        path = _file_to_open(args)
        key = _passphrase_given(args, path)
    except StorageError as exc:
        show_error(window, exc)
    else:
        # the demo copy is not listed; without a key, the window asks for a passphrase if need be
        window.open_path(path, remember=bool(getattr(args, "file", None)), key=key)
        del key
    return int(app.exec())


def _close_on_termination(window) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM (a logout, a shutdown, ``kill``) and SIGINT (Ctrl+C where it was started) close the window
    as its close button does: what is being typed is written and the workshop's lock let go."""
    import signal

    from PySide6.QtCore import QTimer

    def close(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, window.close)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, close)
    # Python runs a signal handler between bytecodes: a timer brings it back from Qt's loop now and then
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def _passphrase_given(args: argparse.Namespace, path: Path):  # -> Key | None
    """For a file that may be encrypted: the passphrase from --passphrase-file or MULTITRACK_PASSPHRASE.

    Never a terminal prompt here: the window asks for it itself (and again when it is wrong).
    """
    from .services.passphrase import Sources, get_key
    from .storage.crypto import needs_passphrase

    if not needs_passphrase(path):
        return None
    return get_key(Sources(file=getattr(args, "passphrase_file", None), is_tty=lambda: False), what=str(path))


def _display_available() -> bool:
    """Qt aborts the process when its platform has no screen; say so in a sentence instead."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if (
        platform.split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")
        or sys.platform != "linux"
    ):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# --------------------------------------------------------------------------- screenshots


def _screenshot(args: argparse.Namespace) -> int:
    size = parse_size(getattr(args, "size", None))
    if size is None:
        _say(
            f"The size {args.size!r} is not understood; give it as WIDTHxHEIGHT in pixels, "
            "for example 1600x1000 (each between 200 and 8000)."
        )
        return EXIT_USAGE
    out = Path(args.screenshot)
    if out.is_dir():
        _say(f"{out} is a folder; give a file name for the screenshot, such as {out / 'map.png'}.")
        return EXIT_REFUSED
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    _application()
    previous_handler = _hide_offscreen_noise()
    try:
        return _render(args, size, out)
    finally:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(previous_handler)


def _hide_offscreen_noise():  # -> the previous Qt message handler
    """The offscreen platform warns about window hints it cannot apply; that is not the user's concern."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):  # type: ignore[no-untyped-def]
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    return previous


def _render(args: argparse.Namespace, size: tuple[int, int], out: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from .storage.database import WorkshopFile
    from .storage.errors import StorageError
    from .widgets.main_window import MainWindow

    try:
        # A screenshot only reads: it works while another program has the file open, and never changes it.
        path = _file_to_open(args)
        file = WorkshopFile.open(path, readonly=True, key=_screenshot_key(args, path))
    except StorageError as exc:
        _say(str(exc))
        return EXIT_REFUSED
    window = MainWindow(remember_geometry=False)
    try:
        try:
            window.set_file(file)
        except StorageError as exc:
            _say(str(exc))
            return EXIT_REFUSED
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(*size)
        window.show()
        for _ in range(3):
            QApplication.processEvents()
        window.view.fit()
        QApplication.processEvents()
        image = window.grab().toImage()
        if image.width() != size[0] or image.height() != size[1]:
            image = image.scaled(
                size[0],
                size[1],
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        return _save_png(image, out)
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def _screenshot_key(args: argparse.Namespace, path: Path):  # -> Key | None
    """An encrypted file's passphrase as the spec says: --passphrase-file, MULTITRACK_PASSPHRASE, a terminal."""
    from .services.passphrase import Sources, require_key
    from .storage.crypto import needs_passphrase

    if not needs_passphrase(path):
        return None
    return require_key(
        Sources(file=getattr(args, "passphrase_file", None)),
        what=str(path),
        needed=f"{path} is not a plain workshop file; if it is an encrypted workshop, its passphrase is needed",
    )


def _save_png(image: object, out: Path) -> int:
    """Write the PNG beside ``out`` and move it into place: no partial file on failure."""
    folder = out.parent if str(out.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=str(folder))
    except OSError as exc:
        _say(f"Cannot write the screenshot to {out}: {exc.strerror or exc}.")
        return EXIT_REFUSED
    os.close(fd)
    tmp = Path(name)
    try:
        if not image.save(str(tmp), "PNG"):  # type: ignore[attr-defined]
            _say(
                f"Cannot write the screenshot to {out}: the image could not be saved "
                "(is the disk full or the folder read-only?)."
            )
            return EXIT_REFUSED
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        _say(f"Cannot write the screenshot to {out}: {exc.strerror or exc}.")
        return EXIT_REFUSED
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    print(f"Wrote {out} ({image.width()}x{image.height()}).", file=sys.stderr)  # type: ignore[attr-defined]
    return EXIT_OK
