"""The client's address, as rate limits and access logs see it."""

from __future__ import annotations

from typing import Any


def client_address(request: Any) -> str:
    """The address of the client that sent ``request``."""
    meta = getattr(request, "META", {})
    return str(meta.get("REMOTE_ADDR", "") or "")
