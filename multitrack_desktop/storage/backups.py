"""Automatic backup copies in the app's data folder: one a day for the last N days, restorable.

Copies are made with SQLite's backup API from the open connection, so they are
consistent even while the workshop is being edited. Before a migration a separate copy
is kept (the file as the older version wrote it).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .database import SUFFIX, WorkshopFile, copy_database, read_header
from .errors import translate_os_error

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
            copy_database(wf.raw_connection(), target)
        made = target
    cutoff = today - dt.timedelta(days=keep_days - 1)
    for b in list_backups(folder):
        if b.kind == "daily" and b.day is not None and b.day < cutoff:
            b.path.unlink(missing_ok=True)
    return made


def pre_migration_copy(wf: WorkshopFile, from_version: int, root: Path | None = None) -> Path:
    folder = backup_folder(wf, root)
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    target = folder / f"{wf.source.stem}-before-upgrade-from-v{from_version}-{stamp}{SUFFIX}"
    with wf.guard("back up"):
        copy_database(wf.raw_connection(), target)
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


def restore(backup: Path, dest: Path) -> Path:
    """Copy a backup to ``dest`` (a new file; never over an existing one)."""
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
