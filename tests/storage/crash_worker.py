"""Edit a workshop in a loop until killed (used by test_crash_safety.py).

    python crash_worker.py FILE PREFIX

Opens FILE for writing, prints ``ready``, then commits one edit after another, each one
transaction through ``WorkshopFile.write()``: a new actor ``PREFIX-n`` plus a link from it to
the anchor actor, so a half-applied edit would show as an actor without its link. After each
commit it prints ``done PREFIX-n`` and flushes, so every id it reports is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import insert, update

from multitrack_desktop.domain import model as m
from multitrack_desktop.storage import repository as r
from multitrack_desktop.storage.database import WorkshopFile

ANCHOR = "anchor"


def main(path: Path, prefix: str) -> None:
    wf = WorkshopFile.open(path)
    print("ready", flush=True)
    n = 0
    while True:
        actor_id = f"{prefix}-{n}"
        with wf.write() as conn:
            conn.execute(
                insert(r.T_ACTORS),
                [r.actor_row(m.Actor(id=actor_id, name=actor_id, description="x" * (n % 7 * 1500)), n)],
            )
            conn.execute(
                insert(r.T_LINKS),
                [r.link_row(m.Link(id=f"link-{actor_id}", source=actor_id, target=ANCHOR), n)],
            )
            # touch a shared row too, so every commit rewrites an existing page
            conn.execute(update(r.T_WORKSHOP).values(title=f"Edited {n} times"))
        print(f"done {actor_id}", flush=True)
        n += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
