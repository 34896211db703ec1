"""The command line on encrypted workshops: each passphrase source, encrypt/decrypt, warnings, refusals."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from multitrack_desktop.exchange import write_document
from multitrack_desktop.storage import crypto
from multitrack_desktop.storage.crypto import Key
from multitrack_desktop.storage.database import read_header

from .conftest import MARKERS, ROOT, assert_no_markers, marked_document, sha256

PW = "pass 'with' \"quotes\"; سلام 🕊"


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    full = {
        k: v for k, v in os.environ.items() if not k.startswith("MULTITRACK_") or k == "MULTITRACK_DATA_DIR"
    }
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "multitrack_desktop", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=timeout,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,  # not a terminal: no prompt
    )


def sentence(stderr: str) -> str:
    assert stderr.strip(), "a refusal must say why"
    assert "Traceback" not in stderr and "ERROR CORE" not in stderr and "hmac" not in stderr
    return stderr


@pytest.fixture
def exchange(tmp_path: Path) -> Path:
    src = tmp_path / "marked.json"
    src.write_bytes(write_document(marked_document()))
    return src


@pytest.fixture
def pwfile(tmp_path: Path) -> Path:
    f = tmp_path / "pw.txt"
    f.write_text(PW + "\n", "utf-8")  # one trailing newline, stripped
    return f


@pytest.fixture
def locked(tmp_path: Path, exchange: Path, pwfile: Path) -> Path:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dest = out_dir / "w.multitrack"
    r = run("import", str(exchange), str(dest), "--encrypt", "--passphrase-file", str(pwfile))
    assert r.returncode == 0, r.stderr
    return dest


def test_import_encrypt_with_a_passphrase_file(locked: Path) -> None:
    assert sorted(p.name for p in locked.parent.iterdir()) == ["w.multitrack"]  # no temporary file left
    assert_no_markers(locked)
    assert crypto.is_encrypted_with(locked, Key.from_passphrase(PW))  # the newline was stripped


def test_reading_commands_with_the_passphrase_file(locked: Path, pwfile: Path, tmp_path: Path) -> None:
    r = run("check", str(locked), "--passphrase-file", str(pwfile))
    assert r.returncode == 0, r.stderr
    assert "a valid workshop (5 actors" in r.stdout
    out = tmp_path / "shareable.json"
    r = run(
        "export", str(locked), "--json", str(out), "--audience", "shareable", "--passphrase-file", str(pwfile)
    )
    assert r.returncode == 0, r.stderr
    assert "plain text" not in r.stderr
    assert "shareable" in out.read_text("utf-8")
    r = run("search", str(locked), "Qx7ActorMarker", "--passphrase-file", str(pwfile))
    assert r.returncode == 0, r.stderr
    assert MARKERS["actor"] in r.stdout
    pdf = tmp_path / "out.pdf"
    r = run("export", str(locked), "--pdf", str(pdf), "--passphrase-file", str(pwfile))
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_passphrase_from_the_environment(locked: Path) -> None:
    r = run("check", str(locked), env={"MULTITRACK_PASSPHRASE": PW})
    assert r.returncode == 0, r.stderr


def test_the_passphrase_file_comes_before_the_environment(locked: Path, pwfile: Path) -> None:
    r = run("check", str(locked), "--passphrase-file", str(pwfile), env={"MULTITRACK_PASSPHRASE": "wrong"})
    assert r.returncode == 0, r.stderr


def test_no_passphrase_source_and_no_terminal_is_refused(locked: Path) -> None:
    before = sha256(locked)
    for args in (["check", str(locked)], ["decrypt", str(locked)], ["encrypt", str(locked)]):
        r = run(*args)
        assert r.returncode == 1, (args, r.stderr)
        text = sentence(r.stderr)
        assert "--passphrase-file" in text and "MULTITRACK_PASSPHRASE" in text
    assert sha256(locked) == before


def test_import_encrypt_without_a_passphrase_writes_nothing(exchange: Path, tmp_path: Path) -> None:
    dest = tmp_path / "new.multitrack"
    r = run("import", str(exchange), str(dest), "--encrypt")
    assert r.returncode == 1
    sentence(r.stderr)
    assert not dest.exists()


def test_wrong_passphrase_exit_1_with_a_sentence(locked: Path, tmp_path: Path) -> None:
    before = sha256(locked)
    r = run("check", str(locked), env={"MULTITRACK_PASSPHRASE": PW + " "})
    assert r.returncode == 1
    assert (
        sentence(r.stderr).strip()
        == f"The passphrase for {locked} is not right (or {locked} is not a Multitrack workshop)."
    )
    r = run("decrypt", str(locked), env={"MULTITRACK_PASSPHRASE": "nope"})
    assert r.returncode == 1 and "not right" in sentence(r.stderr)
    assert sha256(locked) == before


def test_empty_passphrase_file_is_refused(locked: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", "utf-8")
    r = run("check", str(locked), "--passphrase-file", str(empty))
    assert r.returncode == 1 and "empty" in sentence(r.stderr)


def test_full_json_export_of_an_encrypted_workshop_warns_that_it_is_plain_text(
    locked: Path, pwfile: Path, tmp_path: Path, exchange: Path
) -> None:
    out = tmp_path / "backup.json"
    r = run("export", str(locked), "--json", str(out), "--passphrase-file", str(pwfile))
    assert r.returncode == 0, r.stderr
    assert "plain text" in r.stderr and str(out) in r.stderr
    assert out.read_bytes() == exchange.read_bytes()  # every field, byte for byte
    # from a plain workshop: no warning
    plain = tmp_path / "plain.multitrack"
    assert run("import", str(exchange), str(plain)).returncode == 0
    r = run("export", str(plain), "--json", str(tmp_path / "p.json"))
    assert r.returncode == 0 and "plain text" not in r.stderr


def test_encrypt_change_decrypt_on_the_command_line(exchange: Path, tmp_path: Path, pwfile: Path) -> None:
    w = tmp_path / "w.multitrack"
    assert run("import", str(exchange), str(w)).returncode == 0
    for marker in MARKERS.values():
        assert marker.encode() in w.read_bytes()

    r = run("encrypt", str(w), env={"MULTITRACK_PASSPHRASE": PW})
    assert r.returncode == 0, r.stderr
    assert "SSD" in r.stderr and "disk encryption" in r.stderr
    assert_no_markers(w)

    newfile = tmp_path / "new.txt"
    newfile.write_text("second passphrase\n", "utf-8")
    r = run("encrypt", str(w), "--passphrase-file", str(pwfile), "--new-passphrase-file", str(newfile))
    assert r.returncode == 0, r.stderr
    assert run("check", str(w), "--passphrase-file", str(pwfile)).returncode == 1
    r = run(
        "encrypt",
        str(w),
        env={"MULTITRACK_PASSPHRASE": "second passphrase", "MULTITRACK_NEW_PASSPHRASE": "third"},
    )
    assert r.returncode == 0, r.stderr
    # the same passphrase again is refused, nothing changed
    before = sha256(w)
    r = run("encrypt", str(w), env={"MULTITRACK_PASSPHRASE": "third", "MULTITRACK_NEW_PASSPHRASE": "third"})
    assert r.returncode == 1 and sha256(w) == before
    # no new passphrase source: refused
    r = run("encrypt", str(w), env={"MULTITRACK_PASSPHRASE": "third"})
    assert r.returncode == 1 and "MULTITRACK_NEW_PASSPHRASE" in sentence(r.stderr)

    r = run("decrypt", str(w), env={"MULTITRACK_PASSPHRASE": "third"})
    assert r.returncode == 0, r.stderr
    read_header(w)
    out = tmp_path / "back.json"
    assert run("export", str(w), "--json", str(out)).returncode == 0
    assert out.read_bytes() == exchange.read_bytes()
    r = run("decrypt", str(w))
    assert r.returncode == 0 and "not encrypted" in r.stderr
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.suffix == ".multitrack" or p.name.startswith(".")
    ) == ["w.multitrack"]


HOLD = """
import sys, time
from multitrack_desktop.storage.crypto import Key
from multitrack_desktop.storage.database import WorkshopFile
key = Key.from_passphrase(sys.argv[2]) if len(sys.argv) > 2 else None
wf = WorkshopFile.open(sys.argv[1], key=key)
print("holding", flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("command", ["encrypt", "decrypt"])
def test_conversion_is_refused_while_another_process_holds_the_file(
    locked: Path, exchange: Path, tmp_path: Path, command: str
) -> None:
    target = locked
    args = [str(locked), PW]
    if command == "encrypt":
        target = tmp_path / "plain.multitrack"
        assert run("import", str(exchange), str(target)).returncode == 0
        args = [str(target)]
    proc = subprocess.Popen([sys.executable, "-c", HOLD, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        before = sha256(target)
        r = run(command, str(target), env={"MULTITRACK_PASSPHRASE": PW})
        assert r.returncode == 1
        assert "open in" in sentence(r.stderr)
        assert sha256(target) == before
        # reading commands still work while it is held
        r = run("check", str(target), env={"MULTITRACK_PASSPHRASE": PW})
        assert r.returncode == 0, r.stderr
        assert sha256(target) == before
    finally:
        proc.kill()
        proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


# ------------------------------------------------------------------ a prompt on a terminal


def run_on_a_terminal(args: list[str], answers: list[str], timeout: float = 60) -> tuple[int, str]:
    """Run the command with a pseudo-terminal as its controlling terminal and answer its prompts."""
    master, slave = os.openpty()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("MULTITRACK_") or k == "MULTITRACK_DATA_DIR"
    }

    def make_controlling() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "multitrack_desktop", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        preexec_fn=make_controlling,  # noqa: PLW1509 (a test: the child only execs)
    )
    os.close(slave)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
                if pending and output.rstrip().endswith(b":"):
                    # getpass switches echo off with TCSAFLUSH, which drops what was typed before it
                    wait_until = time.monotonic() + 10
                    while termios.tcgetattr(master)[3] & termios.ECHO and time.monotonic() < wait_until:
                        time.sleep(0.01)
                    os.write(master, pending.pop(0).encode("utf-8") + b"\n")
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return code, output.decode("utf-8", "replace")


def test_passphrase_typed_at_a_terminal_prompt(locked: Path, exchange: Path, tmp_path: Path) -> None:
    code, out = run_on_a_terminal(["check", str(locked)], [PW])
    assert code == 0, out
    assert "Passphrase for" in out and PW not in out  # not echoed
    code, out = run_on_a_terminal(["check", str(locked)], ["wrong"])
    assert code == 1 and "not right" in out
    # a new passphrase is asked twice; two different ones are refused
    plain = tmp_path / "p.multitrack"
    assert run("import", str(exchange), str(plain)).returncode == 0
    before = sha256(plain)
    code, out = run_on_a_terminal(["encrypt", str(plain)], ["one", "two"])
    assert code == 1 and "not the same" in out
    assert sha256(plain) == before
    code, out = run_on_a_terminal(["encrypt", str(plain)], ["typed pass", "typed pass"])
    assert code == 0, out
    assert crypto.is_encrypted_with(plain, Key.from_passphrase("typed pass"))


def test_the_passphrase_is_written_nowhere(locked: Path, pwfile: Path, tmp_path: Path) -> None:
    """Not in the data folder (backups, logs), not in a bug's log even when a bug shows the key."""
    data_dir = Path(os.environ["MULTITRACK_DATA_DIR"])
    r = run(
        "encrypt", str(locked), "--passphrase-file", str(pwfile), env={"MULTITRACK_NEW_PASSPHRASE": PW + "2"}
    )
    assert r.returncode == 0, r.stderr
    code = (
        "import sys; import multitrack_desktop.services.files as f\n"
        "def broken(path, key=None):\n"
        "    raise RuntimeError(f'a bug that shows {key!r} and {key}')\n"
        "f.check_file = broken\n"
        "from multitrack_desktop.cli import main; sys.exit(main(['check', sys.argv[1]]))\n"
    )
    env = {**os.environ, "MULTITRACK_PASSPHRASE": PW + "2"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(locked)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    logs = list((data_dir / "logs").glob("*.log"))
    assert logs and any("Key(<hidden>)" in p.read_text("utf-8") for p in logs)
    needles = [PW.encode("utf-8"), (PW + "2").encode("utf-8"), "سلام".encode()]
    for p in [*data_dir.rglob("*"), *tmp_path.rglob("*")]:
        if p.is_file() and p != pwfile:
            data = p.read_bytes()
            for needle in needles:
                assert needle not in data, p
    assert PW not in done.stderr and PW not in r.stderr


def test_a_full_disk_during_encryption_leaves_the_workshop_as_it_was(exchange: Path, tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes the converted copy's writes fail (EFBIG, treated as no room to write)."""
    w = tmp_path / "w.multitrack"
    assert run("import", str(exchange), str(w)).returncode == 0
    before = sha256(w)
    limit = w.stat().st_size // 2
    code = (
        f"import resource, signal, sys; resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "from multitrack_desktop.cli import main; sys.exit(main(['encrypt', sys.argv[1]]))"
    )
    env = {**os.environ, "MULTITRACK_PASSPHRASE": PW}
    r = subprocess.run(
        [sys.executable, "-c", code, str(w)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert r.returncode == 1, r.stderr
    text = sentence(r.stderr).lower()
    assert "no room" in text or "disk may be full" in text, text
    assert "has not been changed" in text or "nothing was changed" in text, text
    assert sha256(w) == before
    assert crypto.leftovers(w) == []
    assert sorted(p.name for p in tmp_path.iterdir() if "multitrack" in p.name) == ["w.multitrack"]
