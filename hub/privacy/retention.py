"""The registry of retention purgers: health and entry data leave once their retention has run out.

Each app that keeps short-lived sensitive data (entry records, screening results, code colours,
antigen photos) registers one purger here from its ``AppConfig.ready()``:

    register_purger("office.entries", purge_expired_entries)

A purger is ``purger(now) -> int``: in its own transaction it removes (or blanks) every row or
field whose retention period has ended at ``now`` and returns how many it removed. Running it
again at the same ``now`` removes nothing (idempotent). Volunteer service records (hour entries,
certificates) belong to the volunteer and are never purged.

The shared purge (the action, its job and its command) runs every registered purger and logs what
each removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Purger = Callable[[dt.datetime], int]

_PURGERS: dict[str, Purger] = {}


def register_purger(name: str, purger: Purger) -> None:
    """Register ``purger`` under ``name`` (``<app>.<what>``); a second registration replaces it."""
    _PURGERS[name] = purger


def registered_purgers() -> dict[str, Purger]:
    """Every registered purger by name, in name order (a purge runs them in this order)."""
    return dict(sorted(_PURGERS.items()))
