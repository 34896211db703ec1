"""Exchange format v1: the documented JSON way in and out of a workshop."""

from __future__ import annotations

from .errors import ExchangeError
from .reader import FORMAT_NAME, FORMAT_VERSION, read_document
from .writer import document_json, write_document

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ExchangeError",
    "document_json",
    "read_document",
    "write_document",
]
