"""Workshop files locked with a passphrase (SQLCipher through ``sqlcipher3``).

Key derivation is left to SQLCipher: the passphrase (NFC-normalised, UTF-8) is handed to
``sqlite3_key`` through ``Connection.set_key`` — it is never pasted into SQL text, so quotes,
semicolons, Arabic or emoji need no escaping — and SQLCipher 4 derives the page key with
PBKDF2-HMAC-SHA512 (256,000 iterations) and a random salt kept in the file's first 16 bytes.
That derivation is deliberately slow (about a tenth of a second), once per connection.

An encrypted file has no readable header: it cannot be told from random bytes without the
passphrase. So a wrong passphrase and "not a workshop at all" are one sentence.

Converting between plain and encrypted (``convert_file``) is crash-safe: the new file is
written beside the old one under a temporary name with ``sqlcipher_export``, synced, opened
again and compared (every table's row count, ``integrity_check``, the header values), and
only then renamed over the original. Until that rename the original is untouched.

SQLCipher's own log (``ERROR CORE ... hmac check failed``) is switched off for the whole
process before the first keyed connection, so it never reaches the user.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3.dbapi2 as sqlcipher

from .errors import (
    SQLITE_ERRORS,
    DamagedFile,
    NotAWorkshop,
    StorageError,
    translate_os_error,
    translate_sqlite_error,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

#: the DB-API module SQLAlchemy is given for encrypted workshops (so it wraps its errors)
DBAPI = sqlcipher

_MAGIC = b"SQLite format 3\x00"
_quiet_lock = threading.Lock()
_quiet_done = False


class WrongPassphrase(StorageError):
    """The passphrase does not open the file (or the file is not a workshop: the two look the same)."""


class PassphraseRefused(StorageError):
    """A passphrase that cannot be used (empty, or not text)."""


class PassphraseNeeded(StorageError):
    """The file is not a plain workshop, and no passphrase was given to try."""


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Key:
    """A workshop passphrase, NFC-normalised. Its repr hides it, so it never lands in a log."""

    secret: bytes

    @classmethod
    def from_passphrase(cls, passphrase: str) -> Key:
        text = unicodedata.normalize("NFC", passphrase)
        if not text:
            raise PassphraseRefused("The passphrase is empty; a workshop cannot be locked with an empty one.")
        return cls(text.encode("utf-8"))

    def __repr__(self) -> str:
        return "Key(<hidden>)"

    __str__ = __repr__

    def same_as(self, other: Key | None) -> bool:
        return other is not None and self.secret == other.secret


def quiet_sqlcipher() -> None:
    """Switch SQLCipher's log off for the process (it writes to standard error by default)."""
    global _quiet_done
    with _quiet_lock:
        if _quiet_done:
            return
        conn = sqlcipher.connect(":memory:")
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        finally:
            conn.close()
        _quiet_done = True


def needs_passphrase(path: str | Path) -> bool:
    """Whether ``path`` is a non-empty file that is not a plain SQLite file (so it may be encrypted).

    The window asks for a passphrase exactly when this is true. Missing files, folders and empty
    files are False: opening them gives the usual sentence.
    """
    path = Path(path)
    try:
        if not path.is_file():
            return False
        with path.open("rb") as fh:
            head = fh.read(len(_MAGIC))
    except OSError:
        return False
    return len(head) > 0 and head != _MAGIC


def wrong_passphrase(path: str | Path) -> WrongPassphrase:
    return WrongPassphrase(
        f"The passphrase for {path} is not right (or {path} is not a Multitrack workshop)."
    )


def connect(
    path: Path, key: Key | None, *, readonly: bool, shown_as: str | Path | None = None
) -> sqlcipher.Connection:
    """A ``sqlcipher3`` connection to ``path``, keyed when ``key`` is given, checked to read.

    A wrong key shows at the first read ("file is not a database"): it is turned into
    ``WrongPassphrase`` here, so later errors mean real damage.
    """
    quiet_sqlcipher()
    shown = shown_as or path
    try:
        if readonly:
            conn = sqlcipher.connect(
                f"{Path(path).resolve().as_uri()}?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    except SQLITE_ERRORS as exc:
        known = translate_sqlite_error(exc, shown, "open")
        raise (known or StorageError(f"Cannot open {shown}.")) from None
    try:
        if key is not None:
            conn.set_key(key.secret)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except SQLITE_ERRORS as exc:
        conn.close()
        text = str(exc).lower()
        if key is not None and "not a database" in text:
            raise wrong_passphrase(shown) from None
        known = translate_sqlite_error(exc, shown, "open")
        if known is None:
            raise
        raise known from None
    except BaseException:
        conn.close()
        raise
    return conn


# --------------------------------------------------------------------------- conversion


@dataclass
class Conversion:
    """What ``convert_file`` did: the file's state afterwards, and what happened to its backups."""

    path: Path
    encrypted: bool
    backups_converted: int = 0
    backups_removed: int = 0
    backup_problems: list[str] = field(default_factory=list)


#: said to the user whenever a plain file is replaced by an encrypted one
SSD_CAVEAT = (
    "The old unencrypted file was overwritten and removed, but on SSDs and some file systems old copies "
    "of its contents may survive on the disk; full-disk encryption is the real protection."
)


def convert_file(
    path: str | Path,
    *,
    key_old: Key | None,
    key_new: Key | None,
    backup_root: Path | None = None,
) -> Conversion:
    """Encrypt (``key_old`` None), change the passphrase (both), or decrypt (``key_new`` None).

    Refused while another process holds the file; holds the lock meanwhile. The workshop's
    backup copies follow it (see ``backups.convert_backups``).
    """
    from .database import read_header
    from .lock import WorkshopLock

    path = Path(path)
    encrypted_now = needs_passphrase(path)
    if not encrypted_now:
        read_header(path)  # a plain workshop, or a sentence saying what it is instead
        key_old = None
    elif key_old is None:
        raise PassphraseNeeded(f"{path} is encrypted (or is not a workshop); its passphrase is needed.")
    if key_old is None and key_new is None:
        return Conversion(path, encrypted=False)
    lock = WorkshopLock(path)
    lock.acquire(path)
    try:
        remove_leftovers(path)
        workshop_id = rewrite(path, key_old, key_new)
        result = Conversion(path, encrypted=key_new is not None)
        from . import backups

        try:  # the workshop is converted by now: a problem with its copies is reported, not raised
            converted, removed, problems = backups.convert_backups(
                workshop_id, key_old=key_old, key_new=key_new, root=backup_root
            )
        except (StorageError, OSError) as exc:
            converted, removed, problems = (
                0,
                0,
                [f"Its automatic backup copies could not be converted: {exc}"],
            )
        result.backups_converted, result.backups_removed = converted, removed
        result.backup_problems = problems
        return result
    finally:
        lock.release()


def leftovers(path: Path) -> list[Path]:
    """Temporary files a conversion killed halfway may have left beside ``path``."""
    prefix = f".{path.name}."
    try:
        return [
            p
            for p in path.parent.iterdir()
            if p.name.startswith(prefix)
            and (p.name.endswith(".converting") or p.name.endswith(".converting-journal"))
        ]
    except OSError:
        return []


def remove_leftovers(path: Path) -> None:
    for p in leftovers(path):
        with contextlib.suppress(OSError):
            p.unlink()


def table_counts(conn: sqlcipher.Connection, schema: str = "main") -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def _header_values(conn: sqlcipher.Connection, schema: str = "main") -> tuple[int, int]:
    app_id = conn.execute(f"PRAGMA {schema}.application_id").fetchone()[0]
    version = conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0]
    return app_id, version


def rewrite(path: Path, key_old: Key | None, key_new: Key | None, *, shown_as: Path | None = None) -> str:
    """Re-write ``path`` under ``key_new`` (None: plain), crash-safe; returns the workshop id.

    The caller holds the lock (or owns the file, as for backup copies).
    """
    from .database import APPLICATION_ID, check_header_values, fsync_dir, fsync_file

    shown = shown_as or path
    # read-write: a journal left by a writer that stopped mid-save is rolled back first
    src = connect(path, key_old, readonly=False, shown_as=shown)
    tmp: Path | None = None
    try:
        with _sentences(shown, "convert"):
            app_id, version = _header_values(src)
            page_size = src.execute("PRAGMA page_size").fetchone()[0]
            check_header_values(shown, app_id, version, page_size)
            if app_id != APPLICATION_ID:  # pragma: no cover - check_header_values refuses it
                raise NotAWorkshop(f"{shown} is not a Multitrack workshop.")
            quick = [r[0] for r in src.execute("PRAGMA quick_check")]
            if quick != ["ok"]:
                raise DamagedFile(
                    f"{shown} is damaged, so it was not converted. The file has not been changed."
                )
            counts = table_counts(src)
            row = src.execute("SELECT id FROM workshop").fetchone()
            workshop_id = str(row[0]) if row else "unknown"
        try:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".converting", dir=str(path.parent))
        except OSError as exc:
            raise translate_os_error(exc, path.parent, "write to") from exc
        os.close(fd)
        tmp = Path(name)
        with _sentences(shown, "convert"):
            src.execute("ATTACH DATABASE ? AS converted KEY ?", (str(tmp), key_new.secret if key_new else ""))
            try:
                src.execute("SELECT sqlcipher_export('converted')")
                # sqlcipher_export leaves both header values at 0
                src.execute(f"PRAGMA converted.application_id = {int(app_id)}")
                src.execute(f"PRAGMA converted.user_version = {int(version)}")
            finally:
                src.execute("DETACH DATABASE converted")
            with contextlib.suppress(OSError):  # the new file keeps the old one's permissions
                os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
            fsync_file(tmp)
            _verify(tmp, key_new, counts, (app_id, version), shown)
        # keep the old file open: after the rename its blocks can still be overwritten
        old_fd = os.open(path, os.O_RDWR)
        src.close()
        try:
            os.replace(tmp, path)
            tmp = None
            fsync_dir(path.parent)
            _scrub(old_fd)
        finally:
            os.close(old_fd)
        return workshop_id
    except BaseException:
        if tmp is not None:
            for p in (tmp, tmp.with_name(tmp.name + "-journal")):
                with contextlib.suppress(OSError):
                    p.unlink()
        raise
    finally:
        src.close()


def _verify(tmp: Path, key: Key | None, counts: dict[str, int], header: tuple[int, int], shown: Path) -> None:
    """The new file opens with the new key and holds exactly what the old one did."""
    with open(tmp, "rb") as fh:
        plain_now = fh.read(len(_MAGIC)) == _MAGIC
    if plain_now != (key is None):
        raise StorageError(
            f"{shown} could not be converted (the new file was not written as expected); it has not been changed."
        )
    check = connect(tmp, key, readonly=True, shown_as=shown)
    try:
        ok = [r[0] for r in check.execute("PRAGMA integrity_check")] == ["ok"]
        same = ok and table_counts(check) == counts and _header_values(check) == header
    finally:
        check.close()
    if not same:
        raise StorageError(
            f"{shown} could not be converted (the new copy did not match the original); it has not been changed."
        )


def _scrub(fd: int) -> None:
    """Overwrite an unlinked old file's blocks with zeros (best effort; see SSD_CAVEAT)."""
    try:
        st = os.fstat(fd)
        if st.st_nlink != 0:  # another name still points at it: its contents are not ours to destroy
            return
        os.lseek(fd, 0, os.SEEK_SET)
        zeros = b"\0" * 65536
        left = st.st_size
        while left > 0:
            left -= os.write(fd, zeros[: min(left, len(zeros))])
        os.fsync(fd)
    except OSError:
        pass


@contextlib.contextmanager
def _sentences(shown: Path | str, doing: str) -> Iterator[None]:
    try:
        yield
    except StorageError:
        raise
    except SQLITE_ERRORS as exc:
        known = translate_sqlite_error(exc, shown, doing)
        if known is None and "disk i/o error" in str(exc).lower():
            # SQLite does not say why a write failed (a full disk, a file size limit, a failing disk)
            known = StorageError(
                f"{shown} was not converted: writing the new copy failed (the disk may be full, or failing). "
                "The file has not been changed."
            )
        if known is None:
            raise
        raise known from None
    except OSError as exc:
        raise translate_os_error(exc, shown, doing) from None


def is_encrypted_with(path: Path, key: Key | None) -> bool:
    """Whether ``path`` opens with ``key`` (None: whether it is a plain SQLite file)."""
    if key is None:
        try:
            with open(path, "rb") as fh:
                return fh.read(len(_MAGIC)) == _MAGIC
        except OSError:
            return False
    if not needs_passphrase(path):
        return False
    try:
        connect(path, key, readonly=True).close()
    except StorageError:
        return False
    return True
