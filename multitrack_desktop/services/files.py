"""Whole-file operations: import, export, check, the demo copy.

The command line and the window both call these. Outputs are written atomically: a
failure leaves no partial file and changes no existing one.

Every function takes an optional ``key`` for an encrypted workshop (see ``storage.crypto``);
``encrypt_file`` and ``decrypt_file`` convert a workshop between plain and encrypted.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from ..domain import model as m
from ..domain.audience import redact
from ..domain.validation import validate_document
from ..exchange import read_document, write_document
from ..storage import crypto
from ..storage import repository as repo
from ..storage.crypto import Conversion, Key
from ..storage.database import SCHEMA_VERSION, WorkshopFile, fsync_dir, refuse_if_held
from ..storage.errors import DamagedFile, OutputExists, StorageError, translate_os_error


class ExchangeRefused(StorageError):
    """An exchange file that breaks the format; the message lists each problem with its JSON path."""


@contextlib.contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """A temporary path beside ``dest`` that replaces it only when the block succeeds."""
    dest = Path(dest)
    if dest.is_dir():
        raise OutputExists(f"{dest} is a folder; give a file name for the output.")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=str(dest.parent))
    except OSError as exc:
        raise translate_os_error(exc, dest, "write") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        raise translate_os_error(exc, dest, "write") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
        with contextlib.suppress(OSError):
            Path(str(tmp) + ".lock").unlink()


def refuse_same_file(source: Path, dest: Path) -> None:
    """An export must never replace the workshop it reads."""
    try:
        same = dest.exists() and source.exists() and os.path.samefile(source, dest)
    except OSError:
        same = False
    if same:
        raise OutputExists(f"{dest} is the workshop being exported; choose another name for the output.")


def write_bytes_atomically(dest: Path, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def parse_exchange(data: bytes, source: str) -> m.WorkshopDocument:
    from ..exchange import ExchangeError

    try:
        return read_document(data)
    except ExchangeError as exc:
        raise ExchangeRefused(f"{source} was not imported:\n{exc}") from exc


def build_workshop_file(doc: m.WorkshopDocument, dest: Path, *, key: Key | None = None) -> None:
    """Write ``doc`` as a new workshop file at ``dest`` (which must not exist); encrypted with ``key``."""
    wf = WorkshopFile.create(dest, key=key)
    try:
        with wf.write() as conn:
            repo.insert_document(conn, doc)
    finally:
        wf.close()


def import_workshop(
    source: Path, dest: Path, *, force: bool = False, key: Key | None = None
) -> m.WorkshopDocument:
    """Build a workshop file from an exchange file; all or nothing.

    With ``key`` the workshop is encrypted from its first byte: no plain copy is ever on disk
    (the temporary file it is built in is encrypted too).
    """
    source, dest = Path(source), Path(dest)
    if dest.exists() and not force:
        raise OutputExists(f"{dest} already exists. Use --force to replace it.")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise translate_os_error(exc, source, "read") from exc
    refuse_same_file(source, dest)
    if data.startswith(b"SQLite format 3\x00"):
        raise ExchangeRefused(
            f"{source} is a workshop file, not an exchange file (JSON text); nothing was imported. "
            f"To write its exchange file, use: multitrack export {source} --json OUT.json"
        )
    doc = parse_exchange(data, str(source))
    if dest.exists():
        refuse_if_held(dest)
    with atomic_path(dest) as tmp:
        tmp.unlink()  # WorkshopFile.create refuses an existing path
        build_workshop_file(doc, tmp, key=key)
    return doc


def _read_rows(conn: Connection, path: Path) -> m.WorkshopDocument:
    """The rows as records; a value no record can hold (another tool wrote it) is a damaged file, not a bug."""
    try:
        return repo.load_document(conn)
    except (ValueError, TypeError, KeyError) as exc:
        raise DamagedFile(
            f"{path} is damaged: a record in it cannot be read ({type(exc).__name__}). "
            f"Run multitrack check {path}, or restore it from a backup copy."
        ) from exc


def load_document(path: Path, *, key: Key | None = None) -> m.WorkshopDocument:
    """Read a whole workshop without changing the file (works while another process has it open).

    Every export starts here, so a file that breaks the format's rules (edited by another tool) is
    refused instead of crashing an exporter or writing an exchange file that cannot be imported again.
    """
    with WorkshopFile.open(path, readonly=True, key=key) as wf:
        with wf.read() as conn:
            doc = _read_rows(conn, path)
    problems = validate_document(doc)
    if problems:
        more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise DamagedFile(
            f"{path} is damaged ({problems[0]}{more}); nothing was written. "
            f"Run multitrack check {path} for the list, or restore it from a backup copy."
        )
    return doc


def export_json(
    path: Path, dest: Path, *, audience: m.Visibility | None = None, key: Key | None = None
) -> int:
    """Write the exchange format: a full backup, or what ``audience`` may see. Returns the withheld count.

    The output is plain text even from an encrypted workshop (the caller says so to the user).
    """
    refuse_same_file(Path(path), Path(dest))
    doc = load_document(Path(path), key=key)
    if audience is None:
        data, withheld = write_document(doc), 0
    else:
        r = redact(doc, audience)
        withheld = r.withheld.total
        data = write_document(r.document, audience=(audience.value, withheld))
    write_bytes_atomically(Path(dest), data)
    return withheld


@dataclass
class CheckReport:
    path: Path
    schema_version: int
    needs_upgrade: bool
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path, *, key: Key | None = None) -> CheckReport:
    """Verify a workshop file: header, SQLite integrity, references, and every rule of the format."""
    path = Path(path)
    with WorkshopFile.open(path, readonly=True, key=key) as wf:
        assert wf.header is not None
        version = wf.header.user_version
        report = CheckReport(path, version, version < SCHEMA_VERSION)
        report.problems += wf.integrity_problems(full=True)
        if report.problems:
            return report
        with wf.read() as conn:
            try:
                doc = _read_rows(conn, path)
            except DamagedFile as exc:
                report.problems.append(f"a record cannot be read: {exc.__cause__ or exc}")
                return report
    report.problems += [str(p) for p in validate_document(doc)]
    report.counts = {
        "actors": len(doc.actors),
        "links": len(doc.links),
        "sessions": len(doc.sessions),
        "entries": sum(len(s.entries) for s in doc.sessions),
        "actions": sum(len(s.actions) for s in doc.sessions),
        "snapshots": len(doc.snapshots),
    }
    return report


def encrypt_file(
    path: Path, key_new: Key, key_old: Key | None = None, *, backup_root: Path | None = None
) -> Conversion:
    """Lock a plain workshop with ``key_new``, or change an encrypted one's passphrase from ``key_old``.

    Crash-safe (the original stays whole until an atomic rename), refused while another process
    holds the file; its backup copies follow. Tell the user ``crypto.SSD_CAVEAT``.
    """
    return crypto.convert_file(Path(path), key_old=key_old, key_new=key_new, backup_root=backup_root)


def decrypt_file(path: Path, key: Key, *, backup_root: Path | None = None) -> Conversion:
    """Remove the passphrase: the workshop (and its backup copies) become plain files again."""
    path = Path(path)
    if not crypto.needs_passphrase(path):
        from ..storage.database import read_header

        read_header(path)  # a plain workshop (nothing to do), or a sentence saying what it is
        return Conversion(path, encrypted=False)
    return crypto.convert_file(path, key_old=key, key_new=None, backup_root=backup_root)


def demo_exchange_path() -> Path:
    from ..resources_path import resource_path

    return resource_path("demo", "demo-workshop.json")


def fresh_demo_copy(folder: Path | None = None) -> Path:
    """A new workshop file made from the bundled demo, for the window to open and play with."""
    from ..storage.backups import data_dir

    folder = folder or data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    doc = parse_exchange(demo_exchange_path().read_bytes(), "the demo workshop")
    dest = folder / f"demo-{m.now_utc().strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.multitrack"
    n = 1
    while dest.exists():
        dest = dest.with_name(f"{dest.stem}-{n}.multitrack")
        n += 1
    with atomic_path(dest) as tmp:
        tmp.unlink()
        build_workshop_file(doc, tmp)
    return dest
