"""Where a passphrase comes from: the file, the environment, a terminal prompt, in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from multitrack_desktop.services.passphrase import (
    ENV,
    ENV_NEW,
    Sources,
    get_key,
    read_passphrase_file,
    require_key,
)
from multitrack_desktop.storage.crypto import Key, PassphraseNeeded, PassphraseRefused
from multitrack_desktop.storage.errors import StorageError


def key_of(text: str) -> bytes:
    return Key.from_passphrase(text).secret


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"secret\n", "secret"),
        (b"secret\r\n", "secret"),
        (b"secret", "secret"),
        (b"secret\n\n", "secret\n"),  # only one newline is stripped
        (b" secret \n", " secret "),  # spaces are part of it
        ("كلمة 🕊\n".encode(), "كلمة 🕊"),
    ],
)
def test_passphrase_file_strips_one_trailing_newline(tmp_path: Path, content: bytes, expected: str) -> None:
    f = tmp_path / "pw"
    f.write_bytes(content)
    assert read_passphrase_file(f) == expected


def test_passphrase_file_that_is_not_text_or_missing(tmp_path: Path) -> None:
    f = tmp_path / "pw"
    f.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(PassphraseRefused) as info:
        read_passphrase_file(f)
    assert "UTF-8" in str(info.value)
    with pytest.raises(StorageError) as missing:
        read_passphrase_file(tmp_path / "nope")
    assert "nope" in str(missing.value)


def no_prompt(label: str) -> str:
    raise AssertionError("must not prompt")


def test_order_of_the_sources(tmp_path: Path) -> None:
    f = tmp_path / "pw"
    f.write_text("from file\n", "utf-8")
    env = {ENV: "from env", ENV_NEW: "new from env"}
    tty = lambda: True  # noqa: E731
    assert get_key(Sources(file=str(f), env=env, is_tty=tty, prompt=no_prompt), what="w").secret == key_of(
        "from file"
    )
    assert get_key(Sources(env=env, is_tty=tty, prompt=no_prompt), what="w").secret == key_of("from env")
    assert get_key(Sources(env=env, is_tty=tty, prompt=no_prompt), what="w", new=True).secret == key_of(
        "new from env"
    )
    asked: list[str] = []

    def prompt(label: str) -> str:
        asked.append(label)
        return "typed"

    assert get_key(Sources(env={}, is_tty=tty, prompt=prompt), what="w.multitrack").secret == key_of("typed")
    assert asked == ["Passphrase for w.multitrack: "]
    # no terminal: no prompt, no key
    assert get_key(Sources(env={}, is_tty=lambda: False, prompt=no_prompt), what="w") is None
    with pytest.raises(PassphraseNeeded) as info:
        require_key(Sources(env={}, is_tty=lambda: False, prompt=no_prompt), what="w")
    assert "--passphrase-file" in str(info.value) and ENV in str(info.value)


def test_a_new_passphrase_typed_twice_must_match() -> None:
    answers = iter(["one", "two"])
    with pytest.raises(PassphraseRefused):
        get_key(Sources(env={}, is_tty=lambda: True, prompt=lambda _: next(answers)), what="w", confirm=True)
    answers = iter(["same", "same"])
    key = get_key(
        Sources(env={}, is_tty=lambda: True, prompt=lambda _: next(answers)), what="w", confirm=True
    )
    assert key is not None and key.secret == key_of("same")


def test_end_of_input_at_the_prompt_and_empty_values() -> None:
    def eof(label: str) -> str:
        raise EOFError

    with pytest.raises(PassphraseRefused):
        get_key(Sources(env={}, is_tty=lambda: True, prompt=eof), what="w")
    with pytest.raises(PassphraseRefused):
        get_key(Sources(env={ENV: ""}, is_tty=lambda: False), what="w")
    with pytest.raises(PassphraseRefused):
        get_key(Sources(env={}, is_tty=lambda: True, prompt=lambda _: ""), what="w")
