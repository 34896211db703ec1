"""The command line in a subprocess: exit codes, sentences on stderr, atomic outputs, --force."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "spec" / "example-workshop.json"
if not EXAMPLE.exists():  # the spec's example is also kept beside the tests
    EXAMPLE = ROOT / "tests" / "data" / "example-workshop.json"


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "multitrack_desktop", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_sentence(stderr: str) -> None:
    assert stderr.strip(), "a refusal must say why"
    assert "Traceback" not in stderr


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    out = tmp_path / "w.multitrack"
    r = run("import", str(EXAMPLE), str(out))
    assert r.returncode == 0, r.stderr
    return out


def test_import_then_export_gives_back_the_example(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "back.json"
    r = run("export", str(workshop), "--json", str(out))
    assert r.returncode == 0, r.stderr
    exported = json.loads(out.read_text("utf-8"))
    original = json.loads(EXAMPLE.read_text("utf-8"))
    assert exported["workshop"]["id"] == original["workshop"]["id"]
    assert [a["name"] for a in exported["actors"]] == [a["name"] for a in original["actors"]]
    assert exported["workshop"]["extra"] == original["workshop"]["extra"]
    assert "audience" not in exported
    # same workshop, same bytes
    out2 = tmp_path / "back2.json"
    assert run("export", str(workshop), "--json", str(out2)).returncode == 0
    assert out.read_bytes() == out2.read_bytes()


def test_import_refuses_an_existing_output_without_force(workshop: Path, tmp_path: Path) -> None:
    before = sha(workshop)
    r = run("import", str(EXAMPLE), str(workshop))
    assert r.returncode == 1
    assert_sentence(r.stderr)
    assert "--force" in r.stderr
    assert sha(workshop) == before
    r = run("import", str(EXAMPLE), str(workshop), "--force")
    assert r.returncode == 0, r.stderr


def test_invalid_exchange_file_is_refused_with_its_path_and_leaves_no_file(tmp_path: Path) -> None:
    doc = json.loads(EXAMPLE.read_text("utf-8"))
    doc["actors"][1]["track"] = 10
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), "utf-8")
    out = tmp_path / "out.multitrack"
    r = run("import", str(bad), str(out))
    assert r.returncode == 1
    assert_sentence(r.stderr)
    assert "actors[1].track" in r.stderr
    assert not out.exists()
    assert listing(tmp_path) == {"bad.json"}


def test_failed_force_import_keeps_the_existing_workshop(workshop: Path, tmp_path: Path) -> None:
    bad = tmp_path / "truncated.json"
    bad.write_bytes(EXAMPLE.read_bytes()[:500])
    before = sha(workshop)
    r = run("import", str(bad), str(workshop), "--force")
    assert r.returncode == 1
    assert_sentence(r.stderr)
    assert sha(workshop) == before
    assert listing(tmp_path) == {"truncated.json", "w.multitrack"}


def test_export_for_an_audience_carries_the_envelope(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "shareable.json"
    r = run("export", str(workshop), "--json", str(out), "--audience", "shareable")
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data["audience"]["name"] == "shareable"
    assert data["audience"]["withheld"] > 0
    text = out.read_text("utf-8")
    assert "Commandant X" not in text and "Radio Isanganiro" not in text
    assert "via intermediary only" not in text
    assert '"extra"' not in text
    # the redacted file is itself a valid exchange file
    again = tmp_path / "again.multitrack"
    assert run("import", str(out), str(again)).returncode == 0


@pytest.mark.parametrize(
    "content",
    [b"", b"\x89PNG\r\n\x1a\n" + bytes(200), os.urandom(4096), b"SQLite format 3\x00" + bytes(84)],
    ids=["empty", "png", "random", "bare-header"],
)
def test_reading_commands_refuse_files_that_are_not_workshops(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.multitrack"
    path.write_bytes(content)
    before = sha(path)
    for args in (["check", str(path)], ["export", str(path), "--json", str(tmp_path / "o.json")]):
        r = run(*args)
        assert r.returncode == 1, (args, r.stderr)
        assert_sentence(r.stderr)
        assert str(path) in r.stderr
    assert sha(path) == before
    assert not (tmp_path / "o.json").exists()


def test_missing_file_and_wrong_usage(tmp_path: Path) -> None:
    r = run("check", str(tmp_path / "nope.multitrack"))
    assert r.returncode == 1
    assert_sentence(r.stderr)
    assert run("export", str(tmp_path / "x")).returncode == 2  # neither --json nor --pdf
    assert run("check").returncode == 2
    assert run("export", "a", "--json", "b", "--audience", "everyone").returncode == 2


def test_check_reports_a_valid_workshop_and_never_changes_it(workshop: Path) -> None:
    before = sha(workshop)
    r = run("check", str(workshop))
    assert r.returncode == 0, r.stderr
    assert "valid" in r.stdout
    assert sha(workshop) == before


def test_reading_commands_work_while_another_process_holds_the_file(workshop: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from multitrack_desktop.storage.database import WorkshopFile; "
                f"wf = WorkshopFile.open({str(workshop)!r}); print('held', flush=True); time.sleep(60)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = sha(workshop)
        assert run("check", str(workshop)).returncode == 0
        assert run("export", str(workshop), "--json", str(tmp_path / "o.json")).returncode == 0
        r = run("import", str(EXAMPLE), str(workshop), "--force")
        assert r.returncode == 1
        assert "open in" in r.stderr
        assert sha(workshop) == before
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


def test_an_internal_error_is_one_sentence_and_a_log(tmp_path: Path) -> None:
    code = (
        "import sys; import multitrack_desktop.services.files as f; "
        "f.check_file = lambda p: 1/0; "
        "from multitrack_desktop.cli import main; sys.exit(main(['check', 'x']))"
    )
    env = {**os.environ, "MULTITRACK_DATA_DIR": str(tmp_path)}
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert r.returncode == 3
    assert "Traceback" not in r.stderr
    assert "internal error" in r.stderr
    logs = list((tmp_path / "logs").glob("*.log"))
    assert len(logs) == 1 and "ZeroDivisionError" in logs[0].read_text()
    assert str(logs[0]) in r.stderr


def test_export_is_atomic_when_the_disk_is_full(workshop: Path, tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes writes fail with EFBIG, which the app treats as 'no room to write'."""
    out = tmp_path / "big.json"
    out.write_text("previous export")
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200)); "
        "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "from multitrack_desktop.cli import main; "
        f"sys.exit(main(['export', {str(workshop)!r}, '--json', {str(out)!r}]))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "no room" in r.stderr.lower()
    assert out.read_text() == "previous export"
    assert listing(tmp_path) == {"w.multitrack", "big.json"}


def test_reading_commands_read_an_older_file_through_a_migrated_copy(tmp_path: Path) -> None:
    kept = ROOT / "tests" / "data" / "workshop-v1.multitrack"
    path = tmp_path / "old.multitrack"
    path.write_bytes(kept.read_bytes())
    before = sha(path)
    r = run("check", str(path))
    assert r.returncode == 0, r.stderr
    assert "upgraded when opened" in r.stderr
    out = tmp_path / "old.json"
    r = run("export", str(path), "--json", str(out))
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text("utf-8"))["actors"]
    assert sha(path) == before
    assert listing(tmp_path) == {"old.multitrack", "old.json"}


def test_the_window_without_a_display_says_so_instead_of_aborting(workshop: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run(
        [sys.executable, "-m", "multitrack_desktop", str(workshop)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert r.returncode == 1
    assert "No display" in r.stderr and "--screenshot" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_export_never_replaces_the_workshop_it_reads(workshop: Path) -> None:
    before = sha(workshop)
    r = run("export", str(workshop), "--json", str(workshop))
    assert r.returncode == 1
    assert_sentence(r.stderr)
    assert sha(workshop) == before


def test_demo_opens_in_the_window_as_a_fresh_copy(tmp_path: Path) -> None:
    """`--demo --screenshot` renders the bundled demo from a new copy in the data folder each time."""
    env = {"MULTITRACK_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    shots = [tmp_path / "one.png", tmp_path / "two.png"]
    for shot in shots:
        r = run("--demo", "--screenshot", str(shot), "--size", "1280x720", env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        assert shot.read_bytes().startswith(b"\x89PNG")
    copies = sorted((tmp_path / "data" / "demo").glob("*.multitrack"))
    assert len(copies) == 2, "each --demo starts from a fresh copy"
    r = run("check", str(copies[0]))
    assert r.returncode == 0, r.stderr
    demo = json.loads((ROOT / "resources" / "demo" / "demo-workshop.json").read_text("utf-8"))
    assert f"{len(demo['actors'])} actors" in r.stdout


def window_until_signal(
    path: Path, tmp_path: Path, signum: int, env: dict[str, str] | None = None
) -> tuple[bool, int, str]:
    """Open ``path`` in the window (offscreen), wait for its lock, send ``signum``: was the workshop
    opened, the exit status, what went to stderr."""
    lock = path.with_name(path.name + ".lock")
    full_env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        **(env or {}),
    }
    with subprocess.Popen(
        [sys.executable, "-m", "multitrack_desktop", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
        cwd=ROOT,
    ) as proc:
        deadline = time.monotonic() + 60
        while not lock.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        up = lock.exists()
        if up:
            time.sleep(0.3)  # the window is up
            proc.send_signal(signum)
        else:
            proc.kill()
        _, err = proc.communicate(timeout=30)
    return up, proc.returncode, err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_window_closes_cleanly_when_the_system_asks_it_to(
    workshop: Path, tmp_path: Path, signum: int
) -> None:
    """A logout, a shutdown or Ctrl+C closes the window as its close button does: the lock is let go."""
    up, code, err = window_until_signal(workshop, tmp_path, signum)
    assert up, err
    assert code == 0, err
    assert not workshop.with_name(workshop.name + ".lock").exists()  # the window closed its workshop
    assert "Traceback" not in err


def test_the_window_opens_an_encrypted_workshop_with_the_passphrase_from_the_environment(
    tmp_path: Path,
) -> None:
    locked = tmp_path / "locked.multitrack"
    env = {"MULTITRACK_PASSPHRASE": "correct horse battery staple"}
    r = run("import", str(EXAMPLE), str(locked), "--encrypt", env=env)
    assert r.returncode == 0, r.stderr
    # opened without a prompt (a prompt would wait, and the lock would never be taken)
    up, code, err = window_until_signal(locked, tmp_path, signal.SIGTERM, env)
    assert up and code == 0, err
