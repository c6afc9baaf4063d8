"""Shared pieces of the access matrix, for ``hub/<app>/tests/matrix.py`` modules.

An app's matrix module exports ``ROUTES`` (route name → Route), and optionally
``EXTRA_METHODS`` ((name, method) → Route), ``VISIBLE`` (kind → scope → roles) and
``targets(cast) -> {kind: {scope: object}}``. Roles are the cast's: admin, rc_admin, secretary,
office, desk, coordinator, leader, volunteer, outsider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hub.conftest import ROLES

EVERYONE = frozenset(ROLES)
API_ANON = (401, 403)


def pk(name: str) -> Callable[[Any], dict[str, Any]]:
    """URL kwargs naming the target's primary key ``name``."""
    return lambda obj: {name: obj.pk}


@dataclass(frozen=True)
class Route:
    method: str = "GET"
    target: str | None = None  # kind of object in the URL; None for collection routes
    kwargs: Callable[[Any], dict[str, Any]] = lambda obj: {"pk": obj.pk}
    allowed: frozenset[str] | dict[str, frozenset[str]] = EVERYONE  # roles, or per target scope
    ok: tuple[int, ...] = (200,)
    data: dict[str, Any] | Callable[[Any], dict[str, Any]] | None = None  # or cast → data
    api: bool = False
    anonymous: tuple[int, ...] = (302,)
    denied: int | None = None  # status for visible-but-forbidden; default 403
    snapshot: Callable[[], Any] | None = None  # a refused write must leave this unchanged
