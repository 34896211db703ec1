"""What a drag from the actor library carries: the ids of the dragged actors, nothing else.

Ids only (never names or positions), so a drop always reads the current actor from the
model. The same format is written by the library and read by the circle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QMimeData

ACTOR_IDS_MIME = "application/x-multitrack-actor-ids"


def actor_ids_mime(ids: Iterable[str], text: str = "") -> QMimeData:
    """Mime data for a drag of ``ids`` (in order, without repeats); ``text`` for other programs."""
    unique = list(dict.fromkeys(ids))
    data = QMimeData()
    data.setData(ACTOR_IDS_MIME, QByteArray(json.dumps(unique).encode("utf-8")))
    if text:
        data.setText(text)
    return data


def actor_ids_from(data: QMimeData | None) -> list[str]:
    """The actor ids a drag carries; an empty list for anything else (a file, plain text, junk)."""
    if data is None or not data.hasFormat(ACTOR_IDS_MIME):
        return []
    try:
        value = json.loads(bytes(data.data(ACTOR_IDS_MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str)]
