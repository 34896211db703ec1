"""Storage errors come in two kinds: known ones, with a sentence for a person, and bugs.

Every known problem is a ``StorageError`` whose ``str()`` is a plain sentence fit for a
dialog or standard error. Anything else that escapes storage is a bug.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import sqlcipher3.dbapi2 as _sqlcipher

#: errors of both SQLite modules: ``sqlite3`` for plain workshops, ``sqlcipher3`` for encrypted ones
SQLITE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, _sqlcipher.Error)
_INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, _sqlcipher.IntegrityError)


class StorageError(Exception):
    """A known problem with a workshop file; ``str(error)`` is meant for a person."""

    #: exit status for the command line (1: refused)
    exit_code = 1


class FileMissing(StorageError):
    pass


class NotAWorkshop(StorageError):
    pass


class NewerVersion(StorageError):
    pass


class DamagedFile(StorageError):
    pass


class LockedByOther(StorageError):
    def __init__(self, message: str, *, pid: int = 0, host: str = "", app: str = "") -> None:
        super().__init__(message)
        self.pid, self.host, self.app = pid, host, app


class ReadOnly(StorageError):
    pass


class NoSpace(StorageError):
    pass


class OutputExists(StorageError):
    pass


class InvalidEdit(StorageError):
    """An edit the rules of the format refuse (a name too long, a placement outside its track...)."""


def name_of(path: str | Path) -> str:
    return str(path)


def translate_os_error(exc: OSError, path: str | Path, doing: str) -> StorageError:
    """Turn an operating-system error into a known storage error where we know what it means."""
    where = name_of(path)
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return NoSpace(
            f"There is no room left on the disk to {doing} {where}. Free some space and try again."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnly(
            f"Cannot {doing} {where}: the file or its folder may not be changed (permission denied)."
        )
    if exc.errno == errno.ENOENT:
        return FileMissing(f"Cannot {doing} {where}: there is no such file or folder.")
    if exc.errno == errno.EISDIR:
        return NotAWorkshop(f"Cannot {doing} {where}: it is a folder, not a file.")
    return StorageError(f"Cannot {doing} {where}: {exc.strerror or exc}.")


def translate_sqlite_error(exc: BaseException, path: str | Path, doing: str) -> StorageError | None:
    """A known storage error for an SQLite failure, or None when it looks like a bug."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, SQLITE_ERRORS):
        return None
    text = str(orig).lower()
    where = name_of(path)
    if "database or disk is full" in text or "disk i/o error" in text and "full" in text:
        return NoSpace(
            f"There is no room left on the disk to {doing} {where}. The last change was not saved; "
            "everything before it is safe. Free some space and try again."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnly(
            f"Cannot {doing} {where}: the file is read-only. Open it read-only or save a copy elsewhere."
        )
    if "database is locked" in text or "database is busy" in text:
        return LockedByOther(
            f"Cannot {doing} {where}: another program is writing to it. Try again in a moment."
        )
    if (
        "not a database" in text
        or "malformed" in text
        or "corrupt" in text
        or "could not decode to utf-8" in text  # text bytes damaged (raised by Python's sqlite3)
    ):
        return DamagedFile(
            f"{where} is damaged or is not a Multitrack workshop (it may also be encrypted). "
            "Restore it from a backup copy."
        )
    if "unable to open" in text:
        return ReadOnly(f"Cannot {doing} {where}: the file or its folder cannot be opened for writing.")
    if isinstance(orig, _INTEGRITY_ERRORS):
        return InvalidEdit(f"Cannot {doing} {where}: the change breaks a rule of the workshop ({orig}).")
    return None
