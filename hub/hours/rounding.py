"""Rounding service time to ledger hours, per organization (docs/domain.md §3 rule 2).

Pure functions.

Three policies:

* ``exact``: seconds / 3600, half-up to 0.01 h.
* ``quarter``: the nearest quarter hour (7.5 min rounds up).
* ``half_15_45``: per whole hour, the remainder ≤ 15 min → 0, more than 15 and under 45 min
  → 0.5 h, 45 min or more → 1 h.

All three are monotone (more time never gives fewer hours) and never negative. The claim "the
15/45 rule never adds more than 0.5 h" is true but loose: the rounded value is always within
**±0.25 h** (15 minutes) of the actual time — the worst cases are a remainder just over 15 min
(rounded up to 30) and exactly 45 min (rounded up to 60), and exactly 15 min or just under 45 min
on the way down. The quarter rule is within ±0.125 h and the exact rule within ±0.005 h.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

EXACT = "exact"
QUARTER = "quarter"
HALF_15_45 = "half_15_45"
POLICIES = (EXACT, QUARTER, HALF_15_45)

CENT = Decimal("0.01")
SECONDS_PER_HOUR = 3600
# The largest gap between rounded and actual hours, per policy (asserted by property tests).
MAX_ERROR = {EXACT: Decimal("0.005"), QUARTER: Decimal("0.125"), HALF_15_45: Decimal("0.25")}


def round_seconds(seconds: int, policy: str) -> Decimal:
    """Ledger hours for ``seconds`` of service under ``policy``; 0 for zero or negative spans.

    Raises ValueError for an unknown policy.
    """
    seconds = max(0, int(seconds))
    if policy == EXACT:
        return (Decimal(seconds) / SECONDS_PER_HOUR).quantize(CENT, rounding=ROUND_HALF_UP)
    if policy == QUARTER:
        quarters = (Decimal(seconds) / 900).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return (quarters / 4).quantize(CENT)
    if policy == HALF_15_45:
        whole, remainder = divmod(seconds, SECONDS_PER_HOUR)
        if remainder <= 15 * 60:
            extra = Decimal(0)
        elif remainder < 45 * 60:
            extra = Decimal("0.5")
        else:
            extra = Decimal(1)
        return (Decimal(whole) + extra).quantize(CENT)
    raise ValueError(f"Unknown rounding policy {policy!r}")


def round_span(start: datetime.datetime, end: datetime.datetime, policy: str) -> Decimal:
    """Ledger hours between two instants (whole seconds; a reversed span gives 0)."""
    return round_seconds(int((end - start).total_seconds()), policy)


def round_hours(hours: Decimal, policy: str) -> Decimal:
    """Apply ``policy`` to an hour figure typed by an organizer (e.g. 8.4 → 8.5 under 15/45)."""
    seconds = (Decimal(hours) * SECONDS_PER_HOUR).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return round_seconds(int(seconds), policy)
