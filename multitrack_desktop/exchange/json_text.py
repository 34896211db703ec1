"""Strict JSON: the bytes of an exchange file to plain Python values, or the reasons why not.

Python's ``json`` module accepts more than the format allows (duplicate keys, ``NaN``,
``Infinity``, numbers too large for a float, lone surrogates in ``\\u`` escapes). Its hooks
cannot say *where* such a thing is, so they leave markers in the tree and one walk over the
parsed value reports each marker with its path.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..domain.validation import Problem, key_path, show

_BOM = "\ufeff"


class _Duplicates(dict):  # type: ignore[type-arg]
    """An object that had a key more than once (the keys are kept to report them)."""

    duplicates: list[str]


class _NotFinite:
    """A number the format refuses (``NaN``, ``Infinity``, or one too large for a float)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    duplicates: list[str] = []
    for key, value in pairs:
        if key in obj:
            duplicates.append(key)
        obj[key] = value
    if duplicates:
        marked = _Duplicates(obj)
        marked.duplicates = duplicates
        return marked
    return obj


def _float(text: str) -> float | _NotFinite:
    value = float(text)
    return value if math.isfinite(value) else _NotFinite(text)


def parse(data: bytes) -> tuple[Any, list[Problem]]:
    """The JSON value in ``data``, and every reason to refuse it (the value is None if any)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem("", f"the file is not UTF-8 text (invalid byte at line {line}, column {column})")
        ]
    # A UTF-8 byte order mark is accepted and ignored: some Windows editors add one.
    if text.startswith(_BOM):
        text = text[1:]
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_float=_float, parse_constant=_NotFinite)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if not text.strip():
            return None, [Problem("", "the file is empty")]
        if exc.pos >= len(text.rstrip()):
            return None, [Problem("", f"the JSON text ends too early at {where} (is the file truncated?)")]
        return None, [Problem("", f"the file is not valid JSON: {exc.msg} at {where}")]
    except RecursionError:
        return None, [Problem("", "the JSON text is nested too deeply")]
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        return None, [Problem("", f"the file is not valid JSON: {exc}")]
    problems: list[Problem] = []
    try:
        _walk(value, "", problems)
    except RecursionError:
        return None, [Problem("", "the JSON text is nested too deeply")]
    return (None if problems else value), problems


def _bad_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _walk(value: Any, path: str, problems: list[Problem]) -> None:
    if isinstance(value, str):
        if _bad_text(value):
            problems.append(Problem(path, f"{show(value)} is not valid Unicode (it holds a lone surrogate)"))
    elif isinstance(value, _NotFinite):
        problems.append(Problem(path, f"{value.text} is not a number the format allows (no NaN or Infinity)"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]", problems)
    elif isinstance(value, dict):
        if isinstance(value, _Duplicates):
            for key in value.duplicates:
                problems.append(Problem(key_path(path, key), "this key appears more than once in its object"))
        for key, item in value.items():
            if _bad_text(key):
                problems.append(
                    Problem(key_path(path, key), "this key is not valid Unicode (a lone surrogate)")
                )
            _walk(item, key_path(path, key), problems)
