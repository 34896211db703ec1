"""Where a passphrase comes from on the command line (the spec's order), and nowhere else.

``--passphrase-file PATH`` (one trailing newline stripped), else an environment variable
(``MULTITRACK_PASSPHRASE``; ``MULTITRACK_NEW_PASSPHRASE`` for a new one when changing it),
else a prompt on a terminal (only when standard input is one), else the command is refused.
Never a plain argument: those show in process lists and shell history. The text is
NFC-normalised by ``Key.from_passphrase``, so "é" typed either way is the same passphrase.

Nothing here writes the passphrase anywhere; messages name the source, never its contents.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..storage.crypto import Key, PassphraseNeeded, PassphraseRefused
from ..storage.errors import translate_os_error

ENV = "MULTITRACK_PASSPHRASE"
ENV_NEW = "MULTITRACK_NEW_PASSPHRASE"


@dataclass(frozen=True)
class Sources:
    """What the caller has: a file path (or None), the environment, and how to prompt."""

    file: str | None = None
    env: dict[str, str] | os._Environ[str] | None = None
    is_tty: Callable[[], bool] | None = None
    prompt: Callable[[str], str] | None = None


def read_passphrase_file(path: str | Path) -> str:
    """The file's text with one trailing newline (``\\n`` or ``\\r\\n``) stripped."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise translate_os_error(exc, path, "read the passphrase file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PassphraseRefused(f"The passphrase file {path} is not UTF-8 text.") from None
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    return text


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def get_key(
    sources: Sources,
    *,
    what: str,
    new: bool = False,
    confirm: bool = False,
) -> Key | None:
    """A key from the first source that has one, or None when there is no source at all.

    ``what`` names the workshop in the prompt; ``new`` reads the *new* passphrase's sources
    (the file is then ``--new-passphrase-file``); ``confirm`` asks twice at a prompt.
    """
    env = os.environ if sources.env is None else sources.env
    if sources.file is not None:
        return Key.from_passphrase(read_passphrase_file(sources.file))
    value = env.get(ENV_NEW if new else ENV)
    if value is not None:
        return Key.from_passphrase(value)
    is_tty = sources.is_tty or _stdin_is_tty
    if not is_tty():
        return None
    ask = sources.prompt or getpass.getpass
    label = f"New passphrase for {what}: " if new else f"Passphrase for {what}: "
    try:
        first = ask(label)
        key = Key.from_passphrase(first)
        again = ask("The same passphrase again: ") if confirm else first
    except EOFError:
        raise PassphraseRefused("No passphrase was typed; nothing was changed.") from None
    if confirm:
        if not key.same_as(Key.from_passphrase(again) if again else None):
            raise PassphraseRefused("The two passphrases typed were not the same; nothing was changed.")
    return key


def require_key(
    sources: Sources, *, what: str, new: bool = False, confirm: bool = False, needed: str | None = None
) -> Key:
    """Like ``get_key``, but no source at all is a refusal with a sentence that says where to put one.

    ``needed`` starts that sentence (default: "A passphrase for WHAT is needed").
    """
    key = get_key(sources, what=what, new=new, confirm=confirm)
    if key is None:
        if needed is not None:
            raise PassphraseNeeded(
                f"{needed}: give it with --passphrase-file PATH, the environment variable {ENV}, or type it "
                "at a terminal. Nothing was changed."
            )
        if new:
            raise PassphraseNeeded(
                f"A new passphrase for {what} is needed: give it with --new-passphrase-file PATH, the "
                f"environment variable {ENV_NEW}, or type it at a terminal. Nothing was changed."
            )
        raise PassphraseNeeded(
            f"A passphrase for {what} is needed: give it with --passphrase-file PATH, the environment "
            f"variable {ENV}, or type it at a terminal. Nothing was changed."
        )
    return key
