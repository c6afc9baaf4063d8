"""Checking out: once, and the closed check-in becomes a pending hour entry."""

import datetime as dt
from decimal import Decimal

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.hours.models import HourEntry
from hub.testing.builders import approve, at, make_post, make_shift
from hub.volunteering.actions.checkins import CheckInResult, Outcome, check_in, check_out
from hub.volunteering.models import CheckIn
from hub.volunteering.tests.matrix_checkin import T0

pytestmark = pytest.mark.django_db
AT_0803 = T0 + dt.timedelta(minutes=3)
AT_1201 = T0 + dt.timedelta(hours=4, minutes=1)


@pytest.fixture
def checked_in(cast: Cast) -> CheckInResult:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=at(4, 10),
        capacity=10,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person)
    return check_in(by=cast.volunteer, shift=shift, idempotency_key="in", now=AT_0803)


def test_checking_out_records_the_time_and_a_pending_hour_entry(
    cast: Cast, checked_in: CheckInResult
) -> None:
    result = check_out(
        by=cast.volunteer, checkin=checked_in.checkin, checkout_key="out", now=AT_1201
    )
    assert result.outcome == Outcome.CHECKED_OUT
    assert result.message == "Checked out at 12:01."
    row = CheckIn.objects.get()
    assert (row.checked_out_at, row.checkout_key, row.auto_closed) == (AT_1201, "out", False)
    entry = HourEntry.objects.get(checkin=row)
    assert entry.status == HourEntry.Status.PENDING
    assert entry.person == cast.volunteer.person
    assert entry.hours == Decimal("4.00")


def test_the_same_checkout_key_replays_the_reply(cast: Cast, checked_in: CheckInResult) -> None:
    first = check_out(
        by=cast.volunteer, checkin=checked_in.checkin, checkout_key="out", now=AT_1201
    )
    again = check_out(
        by=cast.volunteer,
        checkin=checked_in.checkin,
        checkout_key="out",
        now=AT_1201 + dt.timedelta(hours=2),
    )
    assert again.replayed
    assert (again.outcome, again.message) == (first.outcome, first.message)
    assert CheckIn.objects.get().checked_out_at == AT_1201
    assert HourEntry.objects.count() == 1


def test_another_checkout_key_answers_already_checked_out(
    cast: Cast, checked_in: CheckInResult
) -> None:
    check_out(by=cast.volunteer, checkin=checked_in.checkin, checkout_key="out", now=AT_1201)
    other = check_out(
        by=cast.coordinator,
        checkin=CheckIn.objects.get(),
        checkout_key="other",
        now=AT_1201 + dt.timedelta(minutes=5),
    )
    assert other.outcome == Outcome.ALREADY_CHECKED_OUT
    assert other.message == "Already checked out at 12:01."
    assert CheckIn.objects.get().checkout_key == "out"
    assert HourEntry.objects.count() == 1


def test_the_shift_coordinator_may_check_someone_out(cast: Cast, checked_in: CheckInResult) -> None:
    result = check_out(
        by=cast.coordinator, checkin=checked_in.checkin, checkout_key="out", now=AT_1201
    )
    assert result.outcome == Outcome.CHECKED_OUT
    assert HourEntry.objects.get().recorded_by == cast.coordinator


def test_nobody_else_may_check_someone_out(cast: Cast, checked_in: CheckInResult) -> None:
    for user in (cast.leader, cast.admin, cast.outsider):
        with pytest.raises(DomainError) as refused:
            check_out(by=user, checkin=checked_in.checkin, checkout_key="out", now=AT_1201)
        assert refused.value.code == "forbidden"
    assert CheckIn.objects.get().checked_out_at is None
    assert not HourEntry.objects.exists()


def test_a_checkout_key_used_on_another_check_in_is_refused(
    cast: Cast, checked_in: CheckInResult
) -> None:
    check_out(by=cast.volunteer, checkin=checked_in.checkin, checkout_key="out", now=AT_1201)
    shift = make_shift(
        checked_in.checkin.shift.post, starts_at=T0 + dt.timedelta(days=1), capacity=10, min_staff=1
    )
    approve(shift, cast.volunteer.person)
    tomorrow = check_in(
        by=cast.volunteer, shift=shift, idempotency_key="in2", now=AT_0803 + dt.timedelta(days=1)
    )
    with pytest.raises(DomainError) as refused:
        check_out(
            by=cast.volunteer,
            checkin=tomorrow.checkin,
            checkout_key="out",
            now=AT_1201 + dt.timedelta(days=1),
        )
    assert refused.value.code == "idempotency_key_reused"
    assert CheckIn.objects.get(pk=tomorrow.checkin.pk).checked_out_at is None
