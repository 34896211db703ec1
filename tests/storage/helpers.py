"""Plain helpers for the workshop-file tests: kept fixtures, hashes, and the shape of a message."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

DATA = Path(__file__).resolve().parent.parent / "data"
V1 = DATA / "workshop-v1.multitrack"
V2 = DATA / "workshop-v2.multitrack"
#: a file of today's schema version
CURRENT = DATA / "workshop-v3.multitrack"

#: what a traceback or a raw database error would leave in a message meant for a person
TECHNICAL = ("Traceback", 'File "', "sqlite3.", "OperationalError", "DatabaseError", "(Background on this")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_sentence(message: str, path: Path) -> None:
    """A message for a person: one sentence or two, naming the file, without traceback text."""
    assert str(path) in message, message
    assert message[:1].isupper() or message.startswith(str(path)), message
    assert message.rstrip().endswith((".", "?", "!")), message
    assert "\n" not in message, message
    for word in TECHNICAL:
        assert word not in message, message


def load_fixture_module() -> ModuleType:
    """tests/data/make_fixtures.py, imported by path (tests/ is not a package)."""
    name = "multitrack_make_fixtures"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, DATA / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
