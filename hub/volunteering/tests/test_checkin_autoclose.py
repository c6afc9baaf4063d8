"""A forgotten check-out is closed at the shift end, flagged for review, and counted once."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from hub.conftest import Cast
from hub.hours.models import HourEntry
from hub.jobs.actions import create_job, run_job_now
from hub.testing.builders import approve, at, make_post, make_shift
from hub.volunteering.actions.checkins import (
    JOB_CLOSE_CHECKOUTS,
    check_in,
    close_forgotten_checkouts,
)
from hub.volunteering.models import CheckIn, Shift
from hub.volunteering.tests.matrix_checkin import T0

pytestmark = pytest.mark.django_db
END = T0 + dt.timedelta(hours=4)


@pytest.fixture
def shift(cast: Cast) -> Shift:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=at(4, 10),
        capacity=10,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person)
    check_in(by=cast.volunteer, shift=shift, idempotency_key="in", now=T0 + dt.timedelta(minutes=3))
    return shift


def test_an_open_check_in_is_closed_at_the_shift_end_and_flagged(cast: Cast, shift: Shift) -> None:
    assert close_forgotten_checkouts(now=END + dt.timedelta(minutes=30)) == 1
    row = CheckIn.objects.get()
    assert row.checked_out_at == END
    assert row.auto_closed is True
    entry = HourEntry.objects.get(checkin=row)
    assert entry.status == HourEntry.Status.PENDING
    assert entry.recorded_by is None


def test_people_who_stay_a_little_late_keep_their_check_in_open(cast: Cast, shift: Shift) -> None:
    assert close_forgotten_checkouts(now=END + dt.timedelta(minutes=29)) == 0
    assert CheckIn.objects.get().checked_out_at is None


def test_closing_again_closes_nothing_twice(cast: Cast, shift: Shift) -> None:
    later = END + dt.timedelta(hours=1)
    assert close_forgotten_checkouts(now=later) == 1
    assert close_forgotten_checkouts(now=later + dt.timedelta(hours=1)) == 0
    assert HourEntry.objects.count() == 1


def test_checked_out_people_are_left_alone(cast: Cast, shift: Shift) -> None:
    from hub.volunteering.actions.checkins import check_out

    check_out(
        by=cast.volunteer,
        checkin=CheckIn.objects.get(),
        checkout_key="out",
        now=END - dt.timedelta(minutes=10),
    )
    assert close_forgotten_checkouts(now=END + dt.timedelta(hours=1)) == 0
    assert CheckIn.objects.get().auto_closed is False


def test_the_command_closes_as_of_a_given_moment(cast: Cast, shift: Shift) -> None:
    out = StringIO()
    call_command("close_forgotten_checkouts", "--at", "2022-04-10T13:00:00+08:00", stdout=out)
    assert "closed 1 forgotten check-out(s)" in out.getvalue()
    assert CheckIn.objects.get().auto_closed is True


def test_the_background_job_closes_forgotten_check_outs(cast: Cast, shift: Shift) -> None:
    job = create_job(kind=JOB_CLOSE_CHECKOUTS, by=None)
    job = run_job_now(job.pk)
    assert job.status == "succeeded"
    assert job.result == {"closed": 1}
    assert CheckIn.objects.get().checked_out_at == END
