"""Storage benchmark: a large workshop built, opened, edited, imported and exported.

Prints one ``name=value`` line per figure. The baseline (raw ``sqlite3`` doing one single-row
commit with the same PRAGMAs as the app) is measured in the same run, on the same file.

    .venv/bin/python benchmarks/storage.py [--actors 2000 --links 5000 --sessions 200 --entries 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from multitrack_desktop.domain import geometry  # noqa: E402
from multitrack_desktop.domain import model as m  # noqa: E402
from multitrack_desktop.services.workshop import WorkshopService  # noqa: E402
from multitrack_desktop.storage import repository as repo  # noqa: E402
from multitrack_desktop.storage.database import WorkshopFile, apply_pragmas  # noqa: E402

NS = uuid.UUID("6f1c8f3e-5a52-4c1b-9d1e-7d2b8c0f5a11")
WORDS = "paix dialogue ceasefire сессия مفاوضات reconciliation Aceh Helsinki réunion track channel".split()


def uid(kind: str, i: int) -> str:
    return str(uuid.uuid5(NS, f"{kind}-{i}"))


def make_document(
    n_actors: int, n_links: int, n_sessions: int, n_entries: int, seed: int = 7
) -> m.WorkshopDocument:
    rnd = random.Random(seed)
    tz = dt.timezone(dt.timedelta(hours=7))
    start = dt.datetime(2005, 1, 27, 9, 0, tzinfo=tz)
    actors = []
    for i in range(n_actors):
        track = rnd.choice([None, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        placement = None
        if track is not None and rnd.random() < 0.7:
            if track == 9:
                placement = m.Placement(rnd.uniform(0, 359.9), rnd.uniform(0, 0.29))
            else:
                placement = m.Placement(
                    geometry.normalise_angle((track - 1) * 45 + rnd.uniform(-20, 20)), rnd.uniform(0.35, 1)
                )
        actors.append(
            m.Actor(
                id=uid("actor", i),
                name=f"Actor {i} {rnd.choice(WORDS)}",
                track=track,
                placement=placement,
                influence=rnd.randint(1, 5),
                description=" ".join(rnd.choices(WORDS, k=12)),
            )
        )
    links = []
    for i in range(n_links):
        a, b = rnd.sample(range(n_actors), 2)
        links.append(
            m.Link(
                id=uid("link", i),
                source=actors[a].id,
                target=actors[b].id,
                kind=rnd.choice(list(m.LinkKind)),
                strength=rnd.randint(1, 3),
            )
        )
    sessions = []
    per = max(1, n_entries // max(1, n_sessions))
    e = 0
    for s in range(n_sessions):
        at = start + dt.timedelta(days=s)
        se = m.Session(
            id=uid("session", s), title=f"Session {s}", starts_at=at, ends_at=at + dt.timedelta(hours=8)
        )
        for k in range(per if s < n_sessions - 1 else n_entries - e):
            se.entries.append(
                m.Entry(
                    id=uid("entry", e),
                    at=at + dt.timedelta(minutes=k),
                    text=" ".join(rnd.choices(WORDS, k=20)),
                    kind=rnd.choice(list(m.EntryKind)),
                    speaker=actors[rnd.randrange(n_actors)].id,
                )
            )
            e += 1
        sessions.append(se)
    ws = m.Workshop(id=uid("workshop", 0), title="Benchmark workshop", created_at=start, updated_at=start)
    return m.WorkshopDocument(workshop=ws, actors=actors, links=links, sessions=sessions)


def load_document_for_bench(path: Path) -> m.WorkshopDocument:
    with WorkshopFile.open(path, readonly=True) as wf:
        return WorkshopService(wf).document()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def filesystem(path: Path) -> str:
    try:
        return subprocess.run(
            ["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--links", type=int, default=5000)
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--entries", type=int, default=20000)
    ap.add_argument("--edits", type=int, default=200)
    args = ap.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="multitrack-bench-"))
    path = folder / "large.multitrack"
    print(f"filesystem={filesystem(folder)}")
    doc = make_document(args.actors, args.links, args.sessions, args.entries)

    t0 = time.perf_counter()
    wf = WorkshopFile.create(path)
    with wf.write() as conn:
        repo.insert_document(conn, doc)
    wf.close()
    print(f"build_s={time.perf_counter() - t0:.3f}")
    print(f"file_size_mb={path.stat().st_size / 1e6:.1f}")

    # Open: header check, lock, engine, then what the window shows first (actors, links, sessions).
    opens, loads = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        wf = WorkshopFile.open(path)
        svc = WorkshopService(wf)
        svc.actors(), svc.links(), svc.sessions()
        opens.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        svc.document()
        loads.append(time.perf_counter() - t0)
        wf.close()
    print(f"open_s={statistics.median(opens):.3f}")
    print(f"load_whole_document_s={statistics.median(loads):.3f}")

    # One committed edit through the service (validation, change record, updated_at), interleaved
    # with raw sqlite3 doing one single-row commit with the same PRAGMAs on the same file, so that
    # both see the same disk conditions.
    wf = WorkshopFile.open(path)
    svc = WorkshopService(wf)
    raw = sqlite3.connect(str(path), isolation_level=None)
    apply_pragmas(raw, readonly=False)
    rnd = random.Random(1)
    ids = [a.id for a in doc.actors]
    edit_ms, raw_ms = [], []
    for i in range(args.edits):
        t0 = time.perf_counter()
        svc.update_actor(rnd.choice(ids), description=f"edited {i}")
        edit_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE actors SET description=? WHERE id=?", (f"raw {i}", rnd.choice(ids)))
        raw.execute("COMMIT")
        raw_ms.append((time.perf_counter() - t0) * 1000)
    raw.close()
    wf.close()
    p50, p95 = percentile(edit_ms, 0.5), percentile(edit_ms, 0.95)
    r50, r95 = percentile(raw_ms, 0.5), percentile(raw_ms, 0.95)
    print(f"edit_p50_ms={p50:.2f}")
    print(f"edit_p95_ms={p95:.2f}")
    print(f"raw_commit_p50_ms={r50:.2f}")
    print(f"raw_commit_p95_ms={r95:.2f}")
    print(f"edit_to_raw_p50_ratio={p50 / r50:.2f}")
    print(f"edit_to_raw_p95_ratio={p95 / r95:.2f}")

    try:
        from multitrack_desktop.services.files import export_json, import_workshop
    except ImportError:  # exchange format not installed in this build
        return
    from multitrack_desktop.domain.audience import redact

    whole = load_document_for_bench(path)
    for audience in (m.Visibility.SHAREABLE, m.Visibility.TEAM):
        t0 = time.perf_counter()
        redact(whole, audience)
        print(f"redact_{audience.value}_s={time.perf_counter() - t0:.3f}")

    out_json = folder / "large.json"
    t0 = time.perf_counter()
    export_json(path, out_json)
    print(f"export_json_s={time.perf_counter() - t0:.3f}")
    print(f"json_size_mb={out_json.stat().st_size / 1e6:.1f}")
    t0 = time.perf_counter()
    import_workshop(out_json, folder / "reimported.multitrack")
    print(f"import_json_s={time.perf_counter() - t0:.3f}")

    encrypted_figures(folder, path, ids, args.edits)


def encrypted_figures(folder: Path, plain: Path, ids: list[str], n_edits: int) -> None:
    """The same workshop encrypted (SQLCipher) beside the plain one: open, one edit, search.

    Edits and searches alternate between the two files, so both see the same disk conditions.
    Opening includes the deliberately slow key derivation (PBKDF2, 256,000 iterations).
    """
    import shutil

    from multitrack_desktop.storage import crypto
    from multitrack_desktop.storage.crypto import Key

    key = Key.from_passphrase("benchmark passphrase")
    locked = folder / "large-encrypted.multitrack"
    shutil.copyfile(plain, locked)
    t0 = time.perf_counter()
    crypto.convert_file(locked, key_old=None, key_new=key, backup_root=folder / "backups")
    print(f"encrypt_file_s={time.perf_counter() - t0:.3f}")
    print(f"file_size_encrypted_mb={locked.stat().st_size / 1e6:.1f}")

    kdf = []
    for _ in range(5):
        t0 = time.perf_counter()
        crypto.connect(locked, key, readonly=True).close()
        kdf.append(time.perf_counter() - t0)
    print(f"key_derivation_s={statistics.median(kdf):.3f}")

    opens = {"plain": [], "encrypted": []}
    for _ in range(5):
        for name, p, k in (("plain", plain, None), ("encrypted", locked, key)):
            t0 = time.perf_counter()
            wf = WorkshopFile.open(p, key=k, backup_dir=folder / "backups")
            svc = WorkshopService(wf)
            svc.actors(), svc.links(), svc.sessions()
            opens[name].append(time.perf_counter() - t0)
            wf.close()
    open_plain, open_enc = statistics.median(opens["plain"]), statistics.median(opens["encrypted"])
    print(f"open_plain_interleaved_s={open_plain:.3f}")
    print(f"open_encrypted_s={open_enc:.3f}")
    print(f"open_encrypted_to_plain_ratio={open_enc / open_plain:.2f}")

    files = {
        "plain": WorkshopFile.open(plain, backup_dir=folder / "backups"),
        "encrypted": WorkshopFile.open(locked, key=key, backup_dir=folder / "backups"),
    }
    try:
        services = {name: WorkshopService(wf) for name, wf in files.items()}
        rnd = random.Random(2)
        edit_ms: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for i in range(n_edits):
            actor = rnd.choice(ids)
            for name, svc in services.items():
                t0 = time.perf_counter()
                svc.update_actor(actor, description=f"{name} edit {i}")
                edit_ms[name].append((time.perf_counter() - t0) * 1000)
        p50 = {n: percentile(v, 0.5) for n, v in edit_ms.items()}
        p95 = {n: percentile(v, 0.95) for n, v in edit_ms.items()}
        print(f"edit_plain_interleaved_p50_ms={p50['plain']:.2f}")
        print(f"edit_plain_interleaved_p95_ms={p95['plain']:.2f}")
        print(f"edit_encrypted_p50_ms={p50['encrypted']:.2f}")
        print(f"edit_encrypted_p95_ms={p95['encrypted']:.2f}")
        print(f"edit_encrypted_to_plain_p50_ratio={p50['encrypted'] / p50['plain']:.2f}")
        print(f"edit_encrypted_to_plain_p95_ratio={p95['encrypted'] / p95['plain']:.2f}")

        try:
            from multitrack_desktop.services.search import search
        except ImportError:  # search not in this build
            return
        search_ms: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for _ in range(5):
            for word in WORDS:
                for name, wf in files.items():
                    t0 = time.perf_counter()
                    search(wf, word[:4])
                    search_ms[name].append((time.perf_counter() - t0) * 1000)
        s50 = {n: percentile(v, 0.5) for n, v in search_ms.items()}
        print(f"search_plain_interleaved_p50_ms={s50['plain']:.2f}")
        print(f"search_encrypted_p50_ms={s50['encrypted']:.2f}")
        print(f"search_encrypted_to_plain_p50_ratio={s50['encrypted'] / s50['plain']:.2f}")
    finally:
        for wf in files.values():
            wf.close()


if __name__ == "__main__":
    main()
