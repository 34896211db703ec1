"""``multitrack search FILE QUERY`` in a subprocess: one line per hit, silence for none, never a change."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ACT, ARABIC, E_AR, E_FORMS, E_FR, S1, T0

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "multitrack_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        cwd=ROOT,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_hits_one_line_each(workshop_path: Path) -> None:
    before = sha(workshop_path)
    r = run("search", str(workshop_path), "reconciliation")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"entry\t{E_FR}\t{T0.isoformat()}\tRéconciliation d'abord\n"
    r = run("search", str(workshop_path), "محمد")
    lines = r.stdout.splitlines()
    kinds = {(line.split("\t")[0], line.split("\t")[1]) for line in lines}
    assert {("actor", ARABIC), ("entry", E_AR), ("entry", E_FORMS)} <= kinds
    assert all(len(line.split("\t")) == 4 for line in lines)
    actor_line = next(line for line in lines if line.startswith("actor"))
    assert actor_line.split("\t")[2] == "", "an actor has no time"
    action = run("search", str(workshop_path), "monit").stdout.splitlines()
    assert f"action\t{ACT}\t2005-02-01\tDraft the monitoring mission terms" in action
    assert any(line.startswith(f"session\t{S1}\t") for line in action)  # its agenda says monitoring
    assert sha(workshop_path) == before, "searching never changes the file"


def test_long_text_is_one_short_line(workshop_path: Path) -> None:
    (line,) = run("search", str(workshop_path), "amnesty").stdout.splitlines()
    text = line.split("\t")[3]
    assert len(text) <= 120 and "amnesty" in text


def test_no_match_prints_nothing(workshop_path: Path) -> None:
    for query in ("zanzibar", "", '"', "NEAR(", "*"):
        r = run("search", str(workshop_path), query)
        assert (r.returncode, r.stdout) == (0, ""), (query, r.stderr)


def test_missing_file_is_refused_with_a_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.multitrack"
    r = run("search", str(missing), "x")
    assert r.returncode == 1 and r.stdout == ""
    assert str(missing) in r.stderr and "Traceback" not in r.stderr


def test_works_while_another_process_holds_the_file(workshop_path: Path) -> None:
    hold = (
        "import sys; from multitrack_desktop.storage.database import WorkshopFile\n"
        "wf = WorkshopFile.open(sys.argv[1], daily_backup=False); print('holding', flush=True); sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", hold, str(workshop_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        r = run("search", str(workshop_path), "recon")
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"entry\t{E_FR}\t")
    finally:
        proc.communicate("", timeout=30)


def test_an_older_file_is_searched_without_being_changed(tmp_path: Path) -> None:
    import shutil

    from ..storage.helpers import V1

    path = tmp_path / "v1.multitrack"
    shutil.copyfile(V1, path)
    before = sha(path)
    r = run("search", str(path), "commandant")  # the spec's example workshop
    assert r.returncode == 0, r.stderr
    kinds = [line.split("\t")[0] for line in r.stdout.splitlines()]
    assert "actor" in kinds and "entry" in kinds
    assert sha(path) == before
