"""Opening, creating and checking workshop files.

A workshop file is an SQLite database whose header says what it is before anything is
read: ``application_id`` (offset 68) marks it as ours and ``user_version`` (offset 60)
carries the schema version. Every connection uses the same PRAGMAs, suited to a document
that people copy and e-mail: ``journal_mode=DELETE``, ``synchronous=FULL``,
``foreign_keys=ON``, ``secure_delete=ON``.

A workshop locked with a passphrase (see ``crypto``) is the same database encrypted by
SQLCipher: it has no readable header, so its header values are checked through the keyed
connection instead, and every copy made of it (backups, migrated copies) is encrypted with
the same key.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from . import crypto
from .crypto import Key
from .errors import (
    SQLITE_ERRORS,
    DamagedFile,
    FileMissing,
    NewerVersion,
    NotAWorkshop,
    OutputExists,
    StorageError,
    translate_os_error,
    translate_sqlite_error,
)
from .lock import WorkshopLock, held_by_other

APPLICATION_ID = 0x4D54574B  # "MTWK"
#: The schema version this build writes; one per Alembic revision (see migrations/versions).
SCHEMA_VERSION = 3
HEAD_REVISION = "0003"
REVISIONS = {1: "0001", 2: "0002", 3: "0003"}

SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIX = ".multitrack"


@dataclass(frozen=True, slots=True)
class Header:
    application_id: int
    user_version: int
    page_size: int


def read_header(path: Path) -> Header:
    """Check that ``path`` is one of our workshop files before SQLite reads anything."""
    try:
        if not path.exists():
            raise FileMissing(f"There is no file at {path}.")
        if path.is_dir():
            raise NotAWorkshop(f"{path} is a folder, not a workshop file.")
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise translate_os_error(exc, path, "read") from exc
    if len(head) == 0:
        raise NotAWorkshop(f"{path} is empty: it is not a Multitrack workshop.")
    if not head.startswith(SQLITE_MAGIC):
        raise NotAWorkshop(
            f"{path} is not a Multitrack workshop file (it may be a file of another program, "
            "or an encrypted workshop that needs its passphrase)."
        )
    if len(head) < 100:
        raise DamagedFile(f"{path} is damaged (it ends too soon). Restore it from a backup copy.")
    (user_version,) = struct.unpack(">i", head[60:64])
    (application_id,) = struct.unpack(">I", head[68:72])
    (page_size_raw,) = struct.unpack(">H", head[16:18])
    page_size = 65536 if page_size_raw == 1 else page_size_raw
    return check_header_values(path, application_id, user_version, page_size)


def check_header_values(path: str | Path, application_id: int, user_version: int, page_size: int) -> Header:
    """The header rules, for values read from the file (plain) or through a keyed connection."""
    application_id &= 0xFFFFFFFF
    if application_id != APPLICATION_ID:
        raise NotAWorkshop(f"{path} is a database of another program, not a Multitrack workshop.")
    if user_version > SCHEMA_VERSION:
        raise NewerVersion(
            f"{path} was written by a newer version of Multitrack Desktop (file version {user_version}; "
            f"this version reads up to {SCHEMA_VERSION}). Install the newer version to open it; "
            "the file has not been changed."
        )
    if user_version < 1:
        raise DamagedFile(f"{path} has no schema version: it is damaged. Restore it from a backup copy.")
    return Header(application_id, user_version, page_size)


# --------------------------------------------------------------------------- connections

ConnectionFactory = Callable[[], sqlite3.Connection]


def plain_connector(path: Path, *, readonly: bool) -> ConnectionFactory:
    def connect() -> sqlite3.Connection:
        if readonly:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        apply_pragmas(conn, readonly=readonly)
        return conn

    return connect


def keyed_connector(
    path: Path, key: Key, *, readonly: bool, shown_as: Path | None = None
) -> ConnectionFactory:
    """Connections to an encrypted workshop: keyed (``sqlite3_key``, no SQL text) and checked first."""

    def connect() -> sqlite3.Connection:
        conn = crypto.connect(path, key, readonly=readonly, shown_as=shown_as)
        try:
            apply_pragmas(conn, readonly=readonly)  # type: ignore[arg-type]
        except BaseException:
            conn.close()
            raise
        return conn  # type: ignore[return-value]

    return connect


def connector(
    path: Path, key: Key | None, *, readonly: bool, shown_as: Path | None = None
) -> ConnectionFactory:
    """The connection factory for a workshop: plain ``sqlite3``, or ``sqlcipher3`` when a key is given."""
    if key is None:
        return plain_connector(path, readonly=readonly)
    return keyed_connector(path, key, readonly=readonly, shown_as=shown_as)


def apply_pragmas(conn: sqlite3.Connection, *, readonly: bool) -> None:
    """The settings every connection to a workshop file uses (also the benchmarks' baseline)."""
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=2000")
    if not readonly:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")


def make_engine(connect: ConnectionFactory, *, readonly: bool, encrypted: bool = False) -> Engine:
    """An engine over one connection; transactions begin explicitly (IMMEDIATE for writers).

    For an encrypted workshop SQLAlchemy is told the DB-API module is ``sqlcipher3``, so that
    its errors are wrapped (and translated into sentences) exactly like ``sqlite3``'s. The key
    never goes into the URL.
    """
    extra = {"module": crypto.DBAPI} if encrypted else {}
    engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool, **extra)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def set_header(conn: sqlite3.Connection | Connection, version: int) -> None:
    run = conn.exec_driver_sql if isinstance(conn, Connection) else conn.execute
    run(f"PRAGMA application_id={APPLICATION_ID}")
    run(f"PRAGMA user_version={int(version)}")


# --------------------------------------------------------------------------- files


class WorkshopFile:
    """An open workshop file: an engine, and the lock while it is open for writing."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        readonly: bool,
        lock: WorkshopLock | None,
        temp_copy: Path | None = None,
        source: Path | None = None,
        key: Key | None = None,
        header: Header | None = None,
    ) -> None:
        self.path = path
        #: the passphrase of an encrypted workshop (None: a plain one); copies are made with it
        self.key = key
        #: the header values checked at open
        self.header = header
        self.engine = engine
        self.readonly = readonly
        self._lock = lock
        self._temp_copy = temp_copy
        #: the file the user named (differs from ``path`` when reading through a migrated copy)
        self.source = source or path
        self.closed = False
        #: a sentence for the window when the automatic backup failed (the file itself is fine)
        self.backup_warning: str | None = None

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        readonly: bool = False,
        backup_dir: Path | None = None,
        daily_backup: bool = True,
        key: Key | None = None,
    ) -> WorkshopFile:
        """Open a workshop for editing (locked) or for reading.

        A file of an older schema is migrated: in place for writers (after a backup copy),
        through a temporary copy for readers, so that reading never changes the input.
        Opening for editing also makes the day's automatic backup copy, if there is none yet.

        ``key`` opens an encrypted workshop (``crypto.needs_passphrase(path)`` says when one is
        needed); a wrong one raises ``crypto.WrongPassphrase`` and changes nothing. Given for a
        plain file, the key is not used (``wf.encrypted`` is then False).
        """
        path = Path(path)
        if key is not None and not crypto.needs_passphrase(path):
            key = None
        header = read_header(path) if key is None else None
        encrypted = key is not None
        if readonly:
            if (header is not None and header.user_version < SCHEMA_VERSION) or _needs_rollback(path):
                return cls._open_migrated_copy(path, key)
            engine = make_engine(connector(path, key, readonly=True), readonly=True, encrypted=encrypted)
            wf = cls(path, engine, readonly=True, lock=None, key=key, header=header)
            try:
                if encrypted:
                    wf.header = wf._read_header_through_key()
                    if wf.header.user_version < SCHEMA_VERSION:
                        wf.close()
                        return cls._open_migrated_copy(path, key)
                wf._verify_readable()
            except BaseException:
                wf.close()
                raise
            return wf
        lock = WorkshopLock(path)
        lock.acquire(path)
        engine = None
        try:
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                from .errors import ReadOnly

                raise ReadOnly(
                    f"{path} cannot be changed (the file or its folder is read-only). "
                    "Open it read-only, or copy it to a folder you can write to."
                )
            engine = make_engine(connector(path, key, readonly=False), readonly=False, encrypted=encrypted)
            wf = cls(path, engine, readonly=False, lock=lock, key=key, header=header)
            if encrypted:
                header = wf.header = wf._read_header_through_key()
            assert header is not None
            wf._verify_readable()
            if header.user_version < SCHEMA_VERSION:
                from . import backups
                from .migrate import upgrade

                # Never rewrite a damaged file in place: the upgrade would carry the damage
                # into the new version (and out of reach of the backup the user expects).
                if wf.integrity_problems(full=False):
                    raise DamagedFile(
                        f"{path} is damaged, so it was not upgraded to this version of Multitrack "
                        "Desktop. The file has not been changed. Restore it from a backup copy."
                    )
                backups.pre_migration_copy(wf, header.user_version, backup_dir)
                upgrade(wf, header.user_version)
            if daily_backup:
                wf._take_daily_backup(backup_dir)
            return wf
        except BaseException:
            if engine is not None:
                engine.dispose()  # no connection to a file we refused may stay open
            lock.release()
            raise

    def _take_daily_backup(self, root: Path | None) -> None:
        """A failed backup must not keep the facilitator from working: it is reported, not raised."""
        from . import backups

        try:
            backups.daily_backup(self, root=root)
        except (StorageError, OSError) as exc:
            self.backup_warning = f"Today's automatic backup copy could not be made: {exc}"

    def _read_header_through_key(self) -> Header:
        """An encrypted file's header values, read (and checked) once the key has opened it."""
        with self.guard("open"):
            raw = self.engine.raw_connection()
            try:
                values = [
                    raw.driver_connection.execute(f"PRAGMA {name}").fetchone()[0]  # type: ignore[union-attr]
                    for name in ("application_id", "user_version", "page_size")
                ]
            finally:
                raw.close()
        return check_header_values(self.source, *values)

    @classmethod
    def _open_migrated_copy(cls, path: Path, key: Key | None = None) -> WorkshopFile:
        """Read through a private copy: of an older file (migrated there), or of one whose last
        writer stopped during a save (its journal rolled back there, which ``mode=ro`` cannot do)."""
        from .migrate import upgrade

        tmpdir = Path(tempfile.mkdtemp(prefix="multitrack-read-"))
        copy = tmpdir / path.name
        engine = None
        try:
            try:
                if _needs_rollback(path):
                    # the journal first: if a writer finished meanwhile, rolling it back still
                    # gives the state before that one save
                    shutil.copyfile(journal_path(path), journal_path(copy))
                    shutil.copyfile(path, copy)
                else:
                    # the copy is read from the user's file, so a damaged file fails here, with a sentence
                    with contextlib.closing(connector(path, key, readonly=True)()) as source:
                        copy_database(source, copy, key=key)
            except SQLITE_ERRORS as exc:
                known = translate_sqlite_error(exc, path, "read")
                if known is None:
                    raise
                raise known from exc
            except OSError as exc:
                raise translate_os_error(exc, path, "read") from exc
            engine = make_engine(
                connector(copy, key, readonly=False, shown_as=path), readonly=False, encrypted=key is not None
            )
            wf = cls(copy, engine, readonly=False, lock=None, temp_copy=tmpdir, source=path, key=key)
            if key is not None:
                wf.header = wf._read_header_through_key()
            wf._verify_readable()  # rolls a copied journal back
            with wf.read() as conn:
                version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
            if version > SCHEMA_VERSION or version < 1:
                if key is None:
                    read_header(path)  # the sentence for the user's file (newer version, no version)
                raise DamagedFile(f"{path} has an unknown schema version ({version}): it is damaged.")
            if key is None:
                wf.header = read_header(path)
            if version < SCHEMA_VERSION:
                upgrade(wf, version)
            wf.readonly = True
            return wf
        except BaseException:
            if engine is not None:
                engine.dispose()
            shutil.rmtree(tmpdir, ignore_errors=True)
            raise

    @classmethod
    def create(
        cls, path: str | Path, *, backup_dir: Path | None = None, key: Key | None = None
    ) -> WorkshopFile:
        """A new empty workshop file (schema of today), opened for writing. Refuses to overwrite.

        With ``key`` the file is encrypted from its first byte (no plain copy is ever on disk).
        """
        path = Path(path)
        if path.exists():
            raise OutputExists(f"{path} already exists; choose another name.")
        lock = WorkshopLock(path)
        lock.acquire(path)
        try:
            engine = make_engine(
                connector(path, key, readonly=False), readonly=False, encrypted=key is not None
            )
            wf = cls(path, engine, readonly=False, lock=lock, key=key)
            try:
                wf.create_schema()
            except BaseException:
                wf.close()
                with contextlib.suppress(OSError):
                    path.unlink()
                raise
            return wf
        except BaseException:
            lock.release()
            raise

    def create_schema(self) -> None:
        from .migrate import stamp_head
        from .schema import metadata

        with self.guard("create"):
            with self.engine.begin() as conn:
                metadata.create_all(conn)
                stamp_head(conn)
                set_header(conn, SCHEMA_VERSION)

    def _verify_readable(self) -> None:
        """Fail now, with a sentence, on a file SQLite cannot read (damaged, truncated, foreign)."""
        with self.guard("open"):
            with self.engine.connect() as conn:
                tables = {
                    r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
                }
                conn.rollback()
        if "workshop" not in tables:
            raise NotAWorkshop(f"{self.source} is not a Multitrack workshop (its tables are missing).")

    # -- using -------------------------------------------------------------------

    @contextlib.contextmanager
    def guard(self, doing: str) -> Iterator[None]:
        """Turn known SQLite and OS failures into sentences; let bugs through unchanged."""
        try:
            yield
        except StorageError:
            raise
        except DBAPIError as exc:
            known = translate_sqlite_error(exc, self.source, doing if doing != "save" else "save changes to")
            if known is None:
                raise
            raise known from exc
        except SQLITE_ERRORS as exc:
            known = translate_sqlite_error(exc, self.source, doing)
            if known is None:
                raise
            raise known from exc
        except OSError as exc:
            raise translate_os_error(exc, self.source, doing) from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: everything inside is committed together, or nothing is."""
        if self.readonly:
            from .errors import ReadOnly

            raise ReadOnly(f"{self.source} is open read-only; changes cannot be saved.")
        with self.guard("save"):
            with self.engine.begin() as conn:
                yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.guard("read"):
            with self.engine.connect() as conn:
                try:
                    yield conn
                finally:
                    conn.rollback()

    def raw_connection(self) -> sqlite3.Connection:
        return self.engine.raw_connection().driver_connection  # type: ignore[return-value]

    def integrity_problems(self, *, full: bool = True) -> list[str]:
        """``PRAGMA integrity_check`` (or quick_check) and ``foreign_key_check``, as sentences."""
        pragma = "integrity_check" if full else "quick_check"
        with self.read() as conn:
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
            fk = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
        problems = [] if rows == ["ok"] else [f"SQLite {pragma}: {r}" for r in rows]
        problems += [f"{r[0]} row {r[1]} refers to a missing {r[2]} record" for r in fk]
        return problems

    def save_copy(self, dest: str | Path) -> None:
        """Write a consistent copy of this workshop (the backup API), atomically; encrypted like it."""
        dest = Path(dest)
        with self.guard("save a copy to"):
            copy_database(self.raw_connection(), dest, key=self.key)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
        if self._temp_copy is not None:
            shutil.rmtree(self._temp_copy, ignore_errors=True)

    def __enter__(self) -> WorkshopFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _needs_rollback(path: Path) -> bool:
    """A rollback journal left by a writer that stopped during a save (no one holds the file).

    A read-only connection cannot roll it back, so SQLite refuses to read the file
    ("attempt to write a readonly database").
    """
    journal = journal_path(path)
    try:
        if not journal.is_file() or journal.stat().st_size == 0:
            return False
    except OSError:
        return False
    return held_by_other(path) is None


def copy_database(source: sqlite3.Connection, dest: Path, *, key: Key | None = None) -> None:
    """Copy a live database to ``dest`` through the backup API; ``dest`` appears whole or not at all.

    With ``key`` (the source's own: SQLCipher copies between connections keyed alike) the copy
    is encrypted from its first byte.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=str(dest.parent))
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if key is None:
            target = sqlite3.connect(str(tmp), isolation_level=None)
        else:
            target = crypto.connect(tmp, key, readonly=False, shown_as=dest)  # type: ignore[assignment]
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        fsync_file(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def refuse_if_held(path: Path) -> None:
    """Writing commands are refused while another process holds the file."""
    other = held_by_other(path)
    if other is not None:
        raise other
