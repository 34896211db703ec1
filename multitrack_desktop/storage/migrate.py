"""Schema migrations (Alembic), run when an older workshop file is opened.

Foreign-key enforcement is switched off around the batch migrations (SQLite ignores the
PRAGMA inside a transaction) and ``PRAGMA foreign_key_check`` must come back empty before
the new version is written into the header. Everything happens in one transaction: a
failed migration leaves the file as it was.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from . import search_index
from .database import HEAD_REVISION, REVISIONS, SCHEMA_VERSION, WorkshopFile, set_header
from .errors import DamagedFile

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def stamp_head(conn: Connection) -> None:
    """Complete a new file's schema with what is not a model table (the search index, its
    triggers), then record that its schema is today's."""
    search_index.install(conn)
    context = MigrationContext.configure(conn)
    context.stamp(ScriptDirectory.from_config(alembic_config()), HEAD_REVISION)


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(wf: WorkshopFile, from_version: int) -> None:
    """Bring ``wf`` from schema ``from_version`` to today's, in one transaction."""
    raw = wf.raw_connection()
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        with wf.guard("upgrade"):
            with wf.engine.begin() as conn:
                found = current_revision(conn)
                if found != REVISIONS.get(from_version):
                    raise DamagedFile(
                        f"{wf.source} says it has schema version {from_version} but its tables are at "
                        f"revision {found!r}: it is damaged. Restore it from a backup copy."
                    )
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                dangling = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
                if dangling:
                    raise DamagedFile(
                        f"{wf.source} could not be upgraded: {len(dangling)} references point to missing "
                        "records. The file has not been changed."
                    )
                set_header(conn, SCHEMA_VERSION)
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
