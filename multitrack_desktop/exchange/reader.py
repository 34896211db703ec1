"""Reading an exchange file: bytes in, a valid ``WorkshopDocument`` out, or every reason why not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import model as m
from ..domain.validation import Problem, key_path, show, validate_document
from .codecs import Context, Invalid, list_of
from .errors import ExchangeError
from .json_text import parse
from .records import ACTOR, LINK, SESSION, SNAPSHOT, WORKSHOP, record

FORMAT_NAME = "multitrack-workshop"
FORMAT_VERSION = 1

_LISTS = {
    "actors": list_of(record(ACTOR)),
    "links": list_of(record(LINK)),
    "sessions": list_of(record(SESSION)),
    "snapshots": list_of(record(SNAPSHOT)),
}
_ENVELOPE = ("format", "format_version", "audience", "workshop", *_LISTS)


def read_document(data: bytes, *, now: dt.datetime | None = None) -> m.WorkshopDocument:
    """The workshop an exchange file holds; raises ``ExchangeError`` listing every problem.

    ``now`` (default: the current time) is the import time given to a workshop without
    ``created_at``/``updated_at``; it is written in UTC.
    """
    value, problems = parse(data)
    if problems:
        raise ExchangeError(problems)
    _check_format(value)
    stamp = (now or m.now_utc()).astimezone(dt.UTC)
    ctx = Context(now=stamp)
    for key in value:
        if key not in _ENVELOPE:
            ctx.problem(key_path("", key), "a workshop exchange file has no such field")
    if "audience" in value:
        _check_audience(value["audience"], ctx)  # accepted, and nothing of it is kept
    workshop = None
    if "workshop" not in value:
        ctx.problem("workshop", "the file needs a workshop")
    else:
        try:
            workshop = record(WORKSHOP).read(value["workshop"], "workshop", ctx)
        except Invalid as exc:
            ctx.problem("workshop", str(exc))
    lists: dict[str, list[Any]] = {}
    for name, codec in _LISTS.items():
        try:
            lists[name] = codec.read(value.get(name, []), name, ctx)
        except Invalid as exc:
            ctx.problem(name, str(exc))
    if ctx.problems:
        raise ExchangeError(ctx.problems)
    doc = m.WorkshopDocument(workshop=workshop, **lists)
    problems = validate_document(doc)
    if problems:
        raise ExchangeError(problems)
    return doc


def _check_format(value: Any) -> None:
    """Is this a workshop exchange file at all, and one this version can read?"""
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else show(value)
        raise ExchangeError([Problem("", f"the file holds {kind}, not a workshop (a JSON object)")])
    fmt = value.get("format")
    if fmt != FORMAT_NAME:
        what = "has no format field" if "format" not in value else f"says its format is {show(fmt)}"
        raise ExchangeError(
            [Problem("format", f'this is not a workshop exchange file: it {what} (expected "{FORMAT_NAME}")')]
        )
    version = value.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        what = "is missing" if "format_version" not in value else f"is {show(version)}, not an integer"
        raise ExchangeError([Problem("format_version", what)])
    if version > FORMAT_VERSION:
        raise ExchangeError(
            [
                Problem(
                    "format_version",
                    f"the file was written by a newer version of Multitrack "
                    f"Desktop (format version {version}); this version reads "
                    f"format version {FORMAT_VERSION}; please update the app",
                )
            ]
        )
    if version != FORMAT_VERSION:
        raise ExchangeError(
            [Problem("format_version", f"{version} is not a format version (this app reads 1)")]
        )


def _check_audience(value: Any, ctx: Context) -> None:
    if not isinstance(value, dict):
        ctx.problem("audience", "the audience must be an object {name, withheld}")
        return
    for key in value:
        if key not in ("name", "withheld"):
            ctx.problem(key_path("audience", key), "the audience has no such field")
    name = value.get("name")
    if name not in m.Audience.values():
        ctx.problem("audience.name", f"{show(name)} is not one of {', '.join(m.Audience.values())}")
    withheld = value.get("withheld")
    if isinstance(withheld, bool) or not isinstance(withheld, int) or withheld < 0:
        ctx.problem("audience.withheld", f"{show(withheld)} is not a count of records")
