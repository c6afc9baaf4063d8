"""The certificate form never pre-fills a period the server rejects (at most three years)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hub.hours.actions.certificates import MAX_PERIOD_DAYS
from hub.me.queries import IssuerHours


def hours(first: dt.date, last: dt.date) -> IssuerHours:
    return IssuerHours(
        organization=None,  # type: ignore[arg-type]
        confirmed=Decimal(5),
        pending_entries=0,
        first_served=first,
        last_served=last,
    )


def test_a_short_history_starts_on_the_first_day_served():
    found = hours(dt.date(2022, 3, 1), dt.date(2022, 4, 30))
    assert found.certificate_start == dt.date(2022, 3, 1)


def test_a_long_history_starts_three_years_before_the_last_day_served():
    found = hours(dt.date(2018, 1, 1), dt.date(2022, 4, 30))
    assert found.certificate_start == dt.date(2022, 4, 30) - dt.timedelta(days=MAX_PERIOD_DAYS)
    assert (found.last_served - found.certificate_start).days <= MAX_PERIOD_DAYS
