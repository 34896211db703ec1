"""Writing an exchange file: the same workshop always gives the same bytes."""

from __future__ import annotations

import json
from typing import Any

from ..domain import model as m
from .codecs import list_of
from .reader import FORMAT_NAME, FORMAT_VERSION
from .records import ACTOR, LINK, SESSION, SNAPSHOT, WORKSHOP, record


def document_json(doc: m.WorkshopDocument, *, audience: tuple[str, int] | None = None) -> dict[str, Any]:
    """The JSON value of an exchange file, every field in the spec's order, defaults included."""
    out: dict[str, Any] = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION}
    if audience is not None:
        name, withheld = audience
        out["audience"] = {"name": str(getattr(name, "value", name)), "withheld": int(withheld)}
    out["workshop"] = record(WORKSHOP).write(doc.workshop)
    out["actors"] = list_of(record(ACTOR)).write(doc.actors)
    out["links"] = list_of(record(LINK)).write(doc.links)
    out["sessions"] = list_of(record(SESSION)).write(doc.sessions)
    out["snapshots"] = list_of(record(SNAPSHOT)).write(doc.snapshots)
    return out


def write_document(doc: m.WorkshopDocument, *, audience: tuple[str, int] | None = None) -> bytes:
    """UTF-8 JSON text of ``doc``; ``audience`` (name, withheld count) marks a redacted copy."""
    text = json.dumps(document_json(doc, audience=audience), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")
