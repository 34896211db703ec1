"""The one error a refused exchange file raises."""

from __future__ import annotations

from ..domain.validation import Problem

MAX_LISTED = 50


class ExchangeError(Exception):
    """An exchange file was refused; ``problems`` says every reason found, with its path."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        hidden = len(self.problems) - MAX_LISTED
        if hidden > 0:
            lines.append(f"... and {hidden} more problem{'s' if hidden > 1 else ''}")
        return "\n".join(lines)
