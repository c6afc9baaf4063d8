"""Builders for the roster tests: a small office duty week and a closure round, through the
real actions, at fixed moments of spring 2022 (times are passed in, never read)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hub.people.models import Skill
from hub.rosters.actions import create_run
from hub.rosters.models import RosterRun
from hub.testing.builders import SHANGHAI, member
from hub.volunteering.actions.posts import create_post, create_shift_series

NOW = dt.datetime(2022, 4, 1, 8, 0, tzinfo=SHANGHAI)
MONDAY = dt.date(2022, 4, 4)


@pytest.fixture(autouse=True)
def _tiny_time_limit(settings: Any) -> None:
    settings.ROSTER_SOLVE_SECONDS = 1.0


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def duty_week(cast: Any, *, days: int = 3, skill: Skill | None = None) -> list[Any]:
    """Day (08:30–17:00) and evening (17:00–21:00) duty at the center's office, one place each."""
    post_day = create_post(
        by=None,
        organization=cast.org_health,
        branch=cast.branch_first,
        name="值班（白班）",
        site="中心办公室",
        kind="duty",
        required_skills=[skill] if skill else [],
    )
    post_eve = create_post(
        by=None,
        organization=cast.org_health,
        branch=cast.branch_first,
        name="值班（晚班）",
        site="中心办公室",
        kind="duty",
    )
    shifts = create_shift_series(
        by=None,
        post=post_day,
        first_starts_at=at(MONDAY, 8, 30),
        first_ends_at=at(MONDAY, 17),
        days=days,
        capacity=1,
        min_staff=1,
    )
    shifts += create_shift_series(
        by=None,
        post=post_eve,
        first_starts_at=at(MONDAY, 17),
        first_ends_at=at(MONDAY, 21),
        days=days,
        capacity=1,
        min_staff=1,
    )
    return shifts


def staff(cast: Any, n: int, start: int = 1) -> list[Any]:
    return [member(cast, start + i, name=f"职员{start + i:02d}") for i in range(n)]


def duty_run(cast: Any, *, days: int = 3, people: int = 4, by: Any = None) -> RosterRun:
    shifts = duty_week(cast, days=days)
    return create_run(
        by=by,
        title="中心值班表",
        kind="duty",
        period_start=MONDAY,
        period_end=MONDAY + dt.timedelta(days=days - 1),
        shifts=shifts,
        people=staff(cast, people),
    )
