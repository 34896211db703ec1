"""One writer per workshop file: a lock file beside it that says who holds it.

``QLockFile`` (QtCore, no widgets) writes the holder's pid, host and application name and
recognises a lock left behind by a process that no longer runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile

from .errors import LockedByOther, ReadOnly

APP_NAME = "Multitrack Desktop"

if not QCoreApplication.applicationName() or QCoreApplication.applicationName().startswith("python"):
    QCoreApplication.setApplicationName(APP_NAME)  # the name a second opener is shown


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class WorkshopLock:
    """Held for as long as a file is open for writing."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # never stale by age: a workshop stays open for hours

    def acquire(self, workshop: Path) -> None:
        if self._lock.tryLock(0):
            return
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            pid, host, app = _holder(self._lock)
            raise LockedByOther(
                f"{workshop} is already open in {_describe(pid, host, app)}. "
                "Close it there first, or open it read-only.",
                pid=pid,
                host=host,
                app=app,
            )
        raise ReadOnly(
            f"Cannot open {workshop} for writing: no lock file can be made beside it "
            "(the folder may be read-only). Open it read-only, or copy it to a folder you can write to."
        )

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def held_by_other(path: Path) -> LockedByOther | None:
    """Whether another live process holds ``path`` (without taking the lock ourselves)."""
    lock = QLockFile(str(lock_path(path)))
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        lock.unlock()
        return None
    if lock.error() == QLockFile.LockError.LockFailedError:
        pid, host, app = _holder(lock)
        return LockedByOther(
            f"{path} is open in {_describe(pid, host, app)}. Close it there first.",
            pid=pid,
            host=host,
            app=app,
        )
    return None


def _holder(lock: QLockFile) -> tuple[int, str, str]:
    info = lock.getLockInfo()  # PySide6 returns (pid, host, app), or a falsy value when unreadable
    if not info:
        return 0, "", ""
    pid, host, app = info[-3:]
    return int(pid), str(host), str(app)


def _describe(pid: int, host: str, app: str) -> str:
    if not pid:
        return "another program"
    return f"{app or 'another program'} (process {pid} on {host or 'this computer'})"
