"""Duty statistics (值班统计) on a tiny hand-built case, and their Excel export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from hub.privacy.models import AccessLog
from hub.rosters.queries import default_stats_period, duty_stats, is_night
from hub.rosters.tests.conftest import MONDAY, NOW, at, staff
from hub.volunteering.actions.posts import create_post, create_shift
from hub.volunteering.actions.signups import sign_up

SATURDAY = MONDAY + dt.timedelta(days=5)


def duty_post(cast):
    return create_post(
        by=None,
        organization=cast.org_health,
        branch=cast.branch_first,
        name="值班",
        site="中心办公室",
        kind="duty",
    )


def on_duty(post, person, start, hours):
    shift = create_shift(
        by=None, post=post, starts_at=start, ends_at=start + dt.timedelta(hours=hours), capacity=5
    )
    return sign_up(by=None, shift=shift, person=person, now=NOW)


@pytest.fixture
def tiny(cast):
    post = duty_post(cast)
    a, b = staff(cast, 2)
    on_duty(post, a, at(MONDAY, 8), 8)  # day
    on_duty(post, a, at(MONDAY + dt.timedelta(days=1), 18), 5)  # ends 23:00: a night
    on_duty(post, b, at(SATURDAY, 9), 4)  # weekend
    return a, b


def test_night_is_a_shift_ending_after_22_or_starting_before_6():
    assert is_night(at(MONDAY, 18), at(MONDAY, 23))
    assert is_night(at(MONDAY, 5), at(MONDAY, 9))
    assert not is_night(at(MONDAY, 17), at(MONDAY, 21))


@pytest.mark.django_db
def test_duty_figures_per_person_and_fairness(cast, tiny):
    a, b = tiny
    stats = duty_stats(cast.users["secretary"], start=MONDAY, end=SATURDAY)

    by_id = {line.person_id: line for line in stats.lines}
    assert (by_id[a.pk].shifts, by_id[a.pk].hours, by_id[a.pk].nights) == (2, Decimal("13.0"), 1)
    assert (by_id[b.pk].shifts, by_id[b.pk].weekends) == (1, 1)
    assert stats.total_hours == Decimal("17.0")
    assert stats.spread == Decimal("9.0")
    assert stats.cv == Decimal("0.53")  # pstdev 4.5 / mean 8.5
    assert [line.branch for line in stats.branches] == ["第一党支部"]


@pytest.mark.django_db
def test_duty_outside_the_period_is_not_counted(cast, tiny):
    stats = duty_stats(cast.users["secretary"], start=SATURDAY, end=SATURDAY)
    assert [line.shifts for line in stats.lines] == [1]


@pytest.mark.django_db
def test_duty_stats_excel_opens_with_a_row_per_person_and_is_logged(client, cast, tiny):
    client.force_login(cast.users["secretary"])
    response = client.get(
        "/rosters/duty-stats.xlsx", {"start": MONDAY.isoformat(), "end": SATURDAY.isoformat()}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 3
    assert sorted(r[2] for r in rows[1:]) == [1, 2]
    assert AccessLog.objects.filter(subject_type="duty_stats").count() == 1


@pytest.mark.django_db
def test_another_organization_sees_no_duty(cast, tiny):
    stats = duty_stats(cast.users["outsider"], start=MONDAY, end=SATURDAY)
    assert stats.lines == [] and stats.cv is None


@pytest.mark.django_db
def test_duty_stats_open_on_the_whole_month_when_no_roster_is_published(cast):
    today = dt.date(2022, 2, 10)
    start, end = default_stats_period(cast.users["secretary"], today)
    assert (start, end) == (dt.date(2022, 2, 1), dt.date(2022, 2, 28))


@pytest.mark.django_db
def test_duty_stats_open_on_a_period_that_includes_next_weeks_published_roster(cast):
    from hub.rosters.actions import publish_run, solve_run
    from hub.rosters.tests.conftest import duty_run

    secretary = cast.users["secretary"]
    run = publish_run(by=secretary, run=solve_run(duty_run(cast, days=2, people=2).pk), now=NOW)
    today = MONDAY - dt.timedelta(days=5)  # 30 March: the roster is next week, in April

    start, end = default_stats_period(secretary, today)

    assert start == today.replace(day=1) and end == run.period_end
    stats = duty_stats(secretary, start=start, end=end)
    assert sum(line.shifts for line in stats.lines) == run.cells.count() == 4
