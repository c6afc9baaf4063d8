"""Tiny instances built in code, shared by the roster engine tests."""

from __future__ import annotations

import datetime as dt

from engines.roster import (
    Person,
    Problem,
    Rules,
    Shift,
    SolveParams,
    StopParams,
    StrategyParams,
    Weights,
)

MONDAY = dt.date(2024, 1, 1)
# One worker and a fixed seed: the same roster on every run.
QUICK = SolveParams(
    StopParams(time_limit_s=20, deterministic_time_limit=5.0), StrategyParams(workers=1, seed=7)
)

MORNING, AFTERNOON, NIGHT = 0, 8 * 60, 16 * 60


def shift(day: int, start: int = MORNING, *, post: str = "gate", demand: int = 1, **kw) -> Shift:
    """An eight-hour shift at `post` named after its post, day and start hour."""
    return Shift(
        id=kw.pop("id", f"{post}-d{day}-h{start // 60:02d}"),
        day=day,
        start_minute=start,
        duration_minutes=kw.pop("duration_minutes", 480),
        demand=demand,
        kind=kw.pop("kind", {MORNING: "M", AFTERNOON: "A", NIGHT: "N"}.get(start, "X")),
        post=post,
        **kw,
    )


def problem(people, shifts, *, days: int = 7, **kw) -> Problem:
    """A problem starting on a Monday with understaffing at 100 and overstaffing at 1."""
    kw.setdefault("weights", Weights(understaffed=100, overstaffed=1))
    kw.setdefault("rules", Rules())
    return Problem(MONDAY, days, tuple(people), tuple(shifts), **kw)


def people(n: int, **kw) -> list[Person]:
    """`n` people P0..P{n-1} with the same attributes."""
    return [Person(f"P{i}", **kw) for i in range(n)]
