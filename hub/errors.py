"""The one error type actions raise: a message for people and a stable code for programs."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused state change. ``message`` is translated; ``code`` is stable for API clients."""

    def __init__(self, message: Any, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message
