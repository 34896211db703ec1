"""How each kind of field value goes from JSON to a domain value and back.

A ``Codec`` reads one JSON value (checking its type, normalising text, ids and angles) and
writes one domain value. Readers raise ``Invalid`` with a message for the value's path;
values nested in records report their own problems through the ``Context``. Ranges and
cross-record rules are not checked here but in ``domain.validation``, once for every way in.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain import model as m
from ..domain.validation import Problem, show


class Invalid(Exception):
    """The value at hand cannot be read; the message says why."""


@dataclass
class Context:
    """What reading a document carries along: problems found, the import time, open records."""

    now: dt.datetime
    problems: list[Problem] = field(default_factory=list)
    stack: list[dict[str, Any]] = field(default_factory=list)  # values read so far, per open record

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


Reader = Callable[[Any, str, Context], Any]
Writer = Callable[[Any], Any]


@dataclass(frozen=True)
class Codec:
    read: Reader
    write: Writer


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return show(value)


def _same(value: Any) -> Any:
    return value


# -- scalars


def _read_text(value: Any, path: str, ctx: Context) -> str:
    if not isinstance(value, str):
        raise Invalid(f"{_describe(value)} is not text")
    return unicodedata.normalize("NFC", value)


TEXT = Codec(_read_text, _same)


def _read_bool(value: Any, path: str, ctx: Context) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{_describe(value)} is not true or false")
    return value


BOOL = Codec(_read_bool, _same)


def _read_int(value: Any, path: str, ctx: Context) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{_describe(value)} is not an integer")
    return value


INT = Codec(_read_int, _same)


def _read_number(value: Any, path: str, ctx: Context) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{_describe(value)} is not a number")
    try:
        return float(value)
    except OverflowError:
        raise Invalid(f"{_describe(value)} is too large") from None


NUMBER = Codec(_read_number, float)


def _read_angle(value: Any, path: str, ctx: Context) -> float:
    angle = _read_number(value, path, ctx)
    return 0.0 if angle == 360.0 else angle  # 360 is read as 0; other ranges are checked later


ANGLE = Codec(_read_angle, float)

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _read_id(value: Any, path: str, ctx: Context) -> str:
    if not isinstance(value, str) or not _UUID.match(value):
        raise Invalid(
            f"{_describe(value)} is not an id (a UUID such as 4e76591c-36eb-5c85-975f-3b61350bc2dd)"
        )
    return value.lower()


ID = Codec(_read_id, _same)

_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(?P<offset>[Zz]|[+-]\d{2}:?[0-5]\d)?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _read_datetime(value: Any, path: str, ctx: Context) -> dt.datetime:
    if not isinstance(value, str):
        raise Invalid(f"{_describe(value)} is not a date and time (ISO 8601 text)")
    match = _DATETIME.match(value)
    if not match:
        raise Invalid(f"{show(value)} is not an ISO 8601 date and time (e.g. 2005-07-12T09:30:00+07:00)")
    if match["offset"] is None:
        raise Invalid(f"{show(value)} has no UTC offset (add one, e.g. +07:00 or Z)")
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as exc:
        # Python's own wording for an offset out of range names its internals (timedelta...)
        why = "its UTC offset must be less than 24 hours" if "offset" in str(exc) else str(exc)
        raise Invalid(f"{show(value)} is not a date and time ({why})") from None


def _write_datetime(value: dt.datetime) -> str:
    return value.isoformat()  # its own offset; microseconds only when nonzero


DATETIME = Codec(_read_datetime, _write_datetime)


def _read_date(value: Any, path: str, ctx: Context) -> dt.date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise Invalid(f"{_describe(value)} is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(f"{show(value)} is not a date ({exc})") from None


DATE = Codec(_read_date, lambda value: value.isoformat())


def choice(kind: type[m._Choice]) -> Codec:
    """One of the words of a str enum."""

    def read(value: Any, path: str, ctx: Context) -> m._Choice:
        if isinstance(value, str) and value in kind.values():
            return kind(value)
        raise Invalid(f"{_describe(value)} is not one of {', '.join(kind.values())}")

    return Codec(read, lambda value: value.value if isinstance(value, enum.Enum) else value)


# -- composites


def nullable(codec: Codec) -> Codec:
    def read(value: Any, path: str, ctx: Context) -> Any:
        return None if value is None else codec.read(value, path, ctx)

    return Codec(read, lambda value: None if value is None else codec.write(value))


def list_of(codec: Codec, sort_key: Callable[[Any], Any] | None = None) -> Codec:
    """A JSON list; each item's problem is reported at its own index. Written in ``sort_key`` order."""

    def read(value: Any, path: str, ctx: Context) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid(f"{_describe(value)} is not a list")
        items = []
        for i, item in enumerate(value):
            try:
                items.append(codec.read(item, f"{path}[{i}]", ctx))
            except Invalid as exc:
                ctx.problem(f"{path}[{i}]", str(exc))
        return items

    def write(values: list[Any]) -> list[Any]:
        ordered = sorted(values, key=sort_key) if sort_key else values
        return [codec.write(v) for v in ordered]

    return Codec(read, write)


def _read_extra(value: Any, path: str, ctx: Context) -> Any:
    if not isinstance(value, dict):
        raise Invalid(f"extra must be a JSON object, not {_describe(value)}")
    return value  # kept as the very same JSON value (no normalisation)


EXTRA = Codec(_read_extra, _same)
