"""The command line: the same operations the window offers.

Exit status: 0 done; 1 refused (not a workshop, invalid input, locked, disk full...);
2 wrong usage; 3 an internal error (a bug: one sentence, details in a log file).
Messages go to standard error as plain sentences, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .services.passphrase import Sources
    from .storage.crypto import Conversion, Key

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
COMMANDS = ("import", "export", "check", "search", "encrypt", "decrypt")
AUDIENCES = ("shareable", "team", "private")


class Refused(Exception):
    """A command refused for a reason the user can act on (exit 1)."""


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _parser_for_commands() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="multitrack", description="Multitrack Desktop: workshop files on the command line."
    )
    p.add_argument("--version", action="version", version=f"multitrack {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = sub.add_parser("import", help="build a workshop file from the exchange format")
    imp.add_argument("source", metavar="IN.json")
    imp.add_argument("dest", metavar="OUT.multitrack")
    imp.add_argument("--force", action="store_true", help="replace OUT if it exists")
    imp.add_argument("--encrypt", action="store_true", help="write the new workshop encrypted")
    imp.add_argument("--passphrase-file", metavar="PATH")

    exp = sub.add_parser("export", help="write the exchange format or a PDF summary")
    exp.add_argument("file", metavar="FILE")
    out = exp.add_mutually_exclusive_group(required=True)
    out.add_argument("--json", metavar="OUT.json")
    out.add_argument("--pdf", metavar="OUT.pdf")
    exp.add_argument("--audience", choices=AUDIENCES)
    exp.add_argument("--passphrase-file", metavar="PATH")

    chk = sub.add_parser("check", help="verify a workshop file; never changes it")
    chk.add_argument("file", metavar="FILE")
    chk.add_argument("--passphrase-file", metavar="PATH")

    sea = sub.add_parser("search", help="print what matches, one line each")
    sea.add_argument("file", metavar="FILE")
    sea.add_argument("query", metavar="QUERY")
    sea.add_argument("--passphrase-file", metavar="PATH")

    for name, text in (
        ("encrypt", "lock a workshop with a passphrase (or change it)"),
        ("decrypt", "unlock a workshop"),
    ):
        c = sub.add_parser(name, help=text)
        c.add_argument("file", metavar="FILE")
        c.add_argument("--passphrase-file", metavar="PATH")
        if name == "encrypt":
            c.add_argument("--new-passphrase-file", metavar="PATH")
    return p


def _parser_for_window() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="multitrack",
        description="Multitrack Desktop: map and record multi-track diplomacy workshops, offline.",
        epilog="Commands: " + ", ".join(COMMANDS) + " (multitrack COMMAND --help).",
    )
    p.add_argument("--version", action="version", version=f"multitrack {__version__}")
    p.add_argument("file", nargs="?", metavar="FILE", help="the workshop file to open")
    p.add_argument("--demo", action="store_true", help="open a fresh copy of the bundled demo workshop")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG, then exit")
    p.add_argument("--size", metavar="WxH", default="1600x1000", help="window size for --screenshot")
    p.add_argument("--passphrase-file", metavar="PATH")
    return p


# ---------------------------------------------------------------------------- commands


def _sources(a: argparse.Namespace, *, new: bool = False, prompt: bool = True) -> Sources:
    from .services.passphrase import Sources

    path = getattr(a, "new_passphrase_file" if new else "passphrase_file", None)
    return Sources(file=path, is_tty=None if prompt else (lambda: False))


def _refuse_exchange_text(path: Path) -> None:
    """An exchange file (JSON text) given where a workshop file is expected: say so, not "encrypted?"."""
    import codecs

    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return  # the command itself says what is wrong with the path
    try:  # text, not the random bytes an encrypted workshop starts with
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return
    if text.lstrip(" \t\r\n").startswith("{"):
        raise Refused(
            f"{path} is an exchange file (JSON text), not a workshop file; make a workshop from it with "
            f"multitrack import {path} OUT.multitrack. Nothing was changed."
        )


def _refuse_output_onto_input(source: str | None, dest: str | None) -> None:
    """No output may replace the workshop a command reads (the PDF and screenshot paths too)."""
    if not source or not dest:
        return
    try:
        same = os.path.samefile(source, dest)
    except OSError:
        return
    if same:
        raise Refused(
            f"{dest} is the workshop being read; choose another name for the output. Nothing was changed."
        )


def _key_to_read(a: argparse.Namespace, path: Path) -> Key | None:
    """None for a plain workshop; for anything else (it may be encrypted) a passphrase is needed."""
    from .services.passphrase import require_key
    from .storage.crypto import needs_passphrase

    _refuse_exchange_text(path)
    if not needs_passphrase(path):
        return None
    return require_key(
        _sources(a),
        what=str(path),
        needed=f"{path} is not a plain workshop file; if it is an encrypted workshop, its passphrase is needed",
    )


def _cmd_import(a: argparse.Namespace) -> int:
    from .services.files import import_workshop
    from .services.passphrase import require_key

    key = None
    if a.encrypt:
        key = require_key(
            _sources(a), what=a.dest, confirm=True, needed=f"A passphrase to lock {a.dest} is needed"
        )
    doc = import_workshop(Path(a.source), Path(a.dest), force=a.force, key=key)
    locked = ", encrypted with its passphrase" if key is not None else ""
    _say(
        f"Imported {len(doc.actors)} actors, {len(doc.links)} links and {len(doc.sessions)} sessions into {a.dest}{locked}."
    )
    return EXIT_OK


def _cmd_export(a: argparse.Namespace) -> int:
    from .domain.model import Visibility

    _refuse_output_onto_input(a.file, a.pdf or a.json)
    if a.pdf:
        from .export.pdf import export_pdf
        from .services.files import load_document

        audience = Visibility(a.audience or Visibility.SHAREABLE.value)
        key = _key_to_read(a, Path(a.file))
        withheld = export_pdf(load_document(Path(a.file), key=key), Path(a.pdf), audience=audience)
        _say(f"Wrote {a.pdf} for the {audience.value} audience; {withheld.total} records were withheld.")
        return EXIT_OK
    from .services.files import export_json

    audience = Visibility(a.audience) if a.audience else None
    key = _key_to_read(a, Path(a.file))
    withheld = export_json(Path(a.file), Path(a.json), audience=audience, key=key)
    if audience is not None:
        _say(f"Wrote {a.json} for the {audience.value} audience; {withheld} records were withheld.")
    elif key is not None:
        _say(
            f"Warning: {a.json} is a full backup in plain text, not encrypted: anyone who gets it can read "
            f"everything in {a.file}. Keep it somewhere safe, or delete it when it is no longer needed."
        )
    return EXIT_OK


def _cmd_check(a: argparse.Namespace) -> int:
    from .services.files import check_file

    key = _key_to_read(a, Path(a.file))
    report = check_file(Path(a.file)) if key is None else check_file(Path(a.file), key=key)
    if report.needs_upgrade:
        _say(
            f"{a.file} was written by an older version (file version {report.schema_version}); "
            "it will be upgraded when opened for editing."
        )
    if not report.ok:
        _say(f"{a.file} has {len(report.problems)} problem(s):")
        for problem in report.problems[:200]:
            _say(f"  {problem}")
        return EXIT_REFUSED
    c = report.counts
    print(
        f"{a.file}: a valid workshop ({c['actors']} actors, {c['links']} links, {c['sessions']} sessions, "
        f"{c['entries']} entries, {c['actions']} actions, {c['snapshots']} snapshots)."
    )
    return EXIT_OK


def _cmd_encrypt(a: argparse.Namespace) -> int:
    """Lock a plain workshop, or change an encrypted one's passphrase."""
    from .services.files import encrypt_file
    from .services.passphrase import get_key, require_key
    from .storage import crypto

    path = Path(a.file)
    _refuse_exchange_text(path)
    if not crypto.needs_passphrase(path):
        from .storage.database import read_header

        read_header(path)  # a plain workshop, or a sentence saying what it is instead
        key_new = (
            get_key(_sources(a, prompt=False), what=a.file)
            or get_key(_sources(a, new=True, prompt=False), what=a.file, new=True)
            or require_key(
                _sources(a), what=a.file, confirm=True, needed=f"A passphrase to lock {a.file} is needed"
            )
        )
        done = encrypt_file(path, key_new)
        _say(f"Encrypted {a.file}: it now opens only with its passphrase.")
        _say(crypto.SSD_CAVEAT)
    else:
        key_old = require_key(
            _sources(a),
            what=a.file,
            needed=f"{a.file} is not a plain workshop file; if it is an encrypted workshop, its passphrase is needed",
        )
        # a wrong passphrase is said before the new one is asked for
        crypto.connect(path, key_old, readonly=True).close()
        key_new = require_key(_sources(a, new=True), what=a.file, new=True, confirm=True)
        if key_new.same_as(key_old):
            raise Refused(f"The new passphrase is the same as the old one; {a.file} was not changed.")
        done = encrypt_file(path, key_new, key_old)
        _say(f"Changed the passphrase of {a.file}; the old one no longer opens it.")
        _say(crypto.SSD_CAVEAT.replace("unencrypted file", "file"))
    _report_backups(done)
    return EXIT_OK


def _cmd_decrypt(a: argparse.Namespace) -> int:
    from .services.files import decrypt_file
    from .services.passphrase import require_key
    from .storage import crypto

    path = Path(a.file)
    _refuse_exchange_text(path)
    if not crypto.needs_passphrase(path):
        from .storage.database import read_header

        read_header(path)
        _say(f"{a.file} is not encrypted; nothing was changed.")
        return EXIT_OK
    key = require_key(
        _sources(a),
        what=a.file,
        needed=f"{a.file} is not a plain workshop file; if it is an encrypted workshop, its passphrase is needed",
    )
    done = decrypt_file(path, key)
    _say(f"Decrypted {a.file}: anyone who gets the file can now read it without a passphrase.")
    _report_backups(done)
    return EXIT_OK


def _report_backups(done: Conversion) -> None:
    if done.backups_converted:
        state = "encrypted with the same passphrase" if done.encrypted else "decrypted too"
        _say(f"{done.backups_converted} automatic backup copies of it were {state}.")
    for problem in done.backup_problems:
        _say(problem)


def _cmd_search(a: argparse.Namespace) -> int:
    """One line per hit: kind, id, when (or nothing), text; no output (and exit 0) for no match."""
    from .services.search import one_line, search
    from .storage.database import WorkshopFile

    with WorkshopFile.open(Path(a.file), readonly=True, key=_key_to_read(a, Path(a.file))) as wf:
        hits = search(wf, a.query, limit=None, rank_window=None)  # every match, all ranked
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # a terminal that cannot show a script
    for h in hits:
        when = "" if h.at is None else h.at.isoformat()
        print(f"{h.kind}\t{one_line(h.id)}\t{when}\t{h.snippet}")
    return EXIT_OK


def _cmd_not_yet(a: argparse.Namespace) -> int:
    what = {"search": "Search", "encrypt": "Encryption", "decrypt": "Encryption"}[a.command]
    raise Refused(f"{what} is not available in this version yet; {a.file} was not changed.")


def _run_window(a: argparse.Namespace) -> int:
    from .app import run_app

    if a.screenshot and a.file:
        _refuse_output_onto_input(a.file, a.screenshot)
        _refuse_exchange_text(Path(a.file))
        from .storage.crypto import needs_passphrase

        if Path(a.file).is_file() and not needs_passphrase(Path(a.file)):
            from .services.files import load_document

            load_document(Path(a.file))  # a file another tool damaged is refused in a sentence, not drawn

    return run_app(a)


# ---------------------------------------------------------------------------- entry


def log_dir() -> Path:
    from .storage.backups import data_dir

    return data_dir() / "logs"


def _write_bug_log(exc: BaseException, argv: Sequence[str]) -> Path | None:
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        with path.open("w", encoding="utf-8") as fh:
            fh.write(f"multitrack {__version__}, Python {sys.version.split()[0]}\n")
            fh.write(f"arguments: {list(argv)!r}\n\n")
            fh.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            args = _parser_for_commands().parse_args(argv)
            handler = {
                "import": _cmd_import,
                "export": _cmd_export,
                "check": _cmd_check,
                "search": _cmd_search,
                "encrypt": _cmd_encrypt,
                "decrypt": _cmd_decrypt,
            }[args.command]
        else:
            args = _parser_for_window().parse_args(argv)
            if args.demo and args.file:
                _parser_for_window().error("give a FILE or --demo, not both")
            handler = _run_window
    except SystemExit as exc:  # argparse: --help, --version (0) or wrong usage (2)
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    from .services.files import ExchangeRefused  # noqa: F401  (imported for its message type)
    from .storage.errors import StorageError

    try:
        return handler(args)
    except (StorageError, Refused) as exc:
        _say(str(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        _say("Interrupted; nothing was changed.")
        return EXIT_REFUSED
    except Exception as exc:  # a bug: one sentence here, the details in a log file
        log = _write_bug_log(exc, argv)
        where = f" Details are in {log}." if log else ""
        _say(f"Multitrack Desktop hit an internal error (a bug) and stopped.{where}")
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
