"""Automatic backup copies in the app's data folder: one a day for the last N days, restorable.

Copies are made with SQLite's backup API from the open connection, so they are
consistent even while the workshop is being edited. Before a migration a separate copy
is kept (the file as the older version wrote it).

Copies of an encrypted workshop are encrypted with its key. When a workshop is encrypted,
re-keyed or decrypted, its copies follow it (``convert_backups``): no plain copy of a locked
workshop is left behind in the backup folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import crypto
from .crypto import Key
from .database import SUFFIX, WorkshopFile, copy_database, read_header
from .errors import StorageError, translate_os_error

DEFAULT_KEEP_DAYS = 7
_DAILY = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})" + re.escape(SUFFIX) + "$")


def data_dir() -> Path:
    """The app's data folder (``MULTITRACK_DATA_DIR`` overrides it, as tests do)."""
    override = os.environ.get("MULTITRACK_DATA_DIR")
    if override:
        return Path(override)
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".local" / "share" / "multitrack-desktop")


def backup_folder(wf: WorkshopFile, root: Path | None = None) -> Path:
    """Backups of one workshop live together, keyed by the workshop's id (renaming the file keeps them)."""
    with wf.read() as conn:
        row = conn.exec_driver_sql("SELECT id FROM workshop").first()
    key = row[0] if row else "unknown"
    folder = (root or data_dir() / "backups") / key
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    day: dt.date | None
    kind: str  # "daily" or "before-upgrade"


def daily_backup(
    wf: WorkshopFile,
    *,
    today: dt.date | None = None,
    keep_days: int = DEFAULT_KEEP_DAYS,
    root: Path | None = None,
) -> Path | None:
    """Make today's copy if there is none yet, and drop copies older than ``keep_days``."""
    today = today or dt.date.today()
    folder = backup_folder(wf, root)
    stem = wf.source.stem
    target = folder / f"{stem}-{today.isoformat()}{SUFFIX}"
    made = None
    if not target.exists():
        with wf.guard("back up"):
            copy_database(wf.raw_connection(), target, key=wf.key)
        made = target
    cutoff = today - dt.timedelta(days=keep_days - 1)
    for b in list_backups(folder):
        if b.kind == "daily" and b.day is not None and b.day < cutoff:
            b.path.unlink(missing_ok=True)
    if wf.key is not None:
        encrypt_stray_plain_copies(folder, wf.key)
    return made


def encrypt_stray_plain_copies(folder: Path, key: Key) -> int:
    """Plain copies beside an encrypted workshop's (left by a conversion that was stopped) are encrypted."""
    n = 0
    for b in list_backups(folder):
        if crypto.is_encrypted_with(b.path, None):
            crypto.rewrite(b.path, None, key)
            n += 1
    return n


def pre_migration_copy(wf: WorkshopFile, from_version: int, root: Path | None = None) -> Path:
    folder = backup_folder(wf, root)
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    target = folder / f"{wf.source.stem}-before-upgrade-from-v{from_version}-{stamp}{SUFFIX}"
    with wf.guard("back up"):
        copy_database(wf.raw_connection(), target, key=wf.key)
    return target


def list_backups(folder: Path) -> list[Backup]:
    """Backups in ``folder``, newest first."""
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for p in folder.iterdir():
        if p.suffix != SUFFIX:
            continue
        m = _DAILY.match(p.name)
        if m:
            found.append(Backup(p, dt.date.fromisoformat(m.group("day")), "daily"))
        elif "-before-upgrade-" in p.name:
            found.append(Backup(p, None, "before-upgrade"))
    found.sort(key=lambda b: (b.day or dt.date.min, b.path.name), reverse=True)
    return found


def convert_backups(
    workshop_id: str, *, key_old: Key | None, key_new: Key | None, root: Path | None = None
) -> tuple[int, int, list[str]]:
    """Make a workshop's backup copies follow it to ``key_new`` (None: plain).

    Copies that open with ``key_old`` are re-written like the workshop (crash-safe, verified).
    When the workshop becomes encrypted, a plain copy that cannot be converted (damaged) is
    overwritten and removed rather than left readable. Copies under another passphrase are left
    alone. Returns (converted, removed, problems as sentences).
    """
    folder = (root or data_dir() / "backups") / workshop_id
    converted, removed, problems = 0, 0, []
    for b in list_backups(folder):
        source = key_old
        if not crypto.is_encrypted_with(b.path, key_old):
            # a plain copy beside an encrypted workshop (a conversion stopped halfway): encrypt it too
            if key_old is None or key_new is None or not crypto.is_encrypted_with(b.path, None):
                continue
            source = None
        try:
            crypto.rewrite(b.path, source, key_new)
            converted += 1
        except StorageError as exc:
            if source is None and key_new is not None:
                _destroy(b.path)
                removed += 1
                problems.append(
                    f"The backup copy {b.path} could not be encrypted, so it was removed ({exc})."
                )
            else:
                problems.append(f"The backup copy {b.path} was left as it was: {exc}")
    if folder.is_dir():  # what a conversion killed halfway left (the copies themselves are intact)
        for p in folder.iterdir():
            if p.name.endswith((".converting", ".converting-journal")):
                p.unlink(missing_ok=True)
    return converted, removed, problems


def _destroy(path: Path) -> None:
    """Overwrite a file with zeros, then remove it (best effort: see ``crypto.SSD_CAVEAT``)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def restore(backup: Path, dest: Path, *, key: Key | None = None) -> Path:
    """Copy a backup to ``dest`` (a new file; never over an existing one).

    An encrypted backup needs ``key`` to be recognised; it is copied as it is (still encrypted).
    """
    if key is not None and crypto.needs_passphrase(backup):
        crypto.connect(backup, key, readonly=True).close()  # WrongPassphrase, or a sentence on damage
    else:
        read_header(backup)
    if dest.exists():
        from .errors import OutputExists

        raise OutputExists(f"{dest} already exists; restore the backup under another name.")
    tmp = dest.with_name(f".{dest.name}.restoring")
    try:
        shutil.copyfile(backup, tmp)
        os.replace(tmp, dest)
    except OSError as exc:
        # a missing or read-only folder, a full disk: a sentence, and no half-written file left
        tmp.unlink(missing_ok=True)
        raise translate_os_error(exc, dest, "restore the backup to") from exc
    return dest
