"""Checking in to a shift: once per person and shift, whatever the retries."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from hub.conftest import Cast
from hub.errors import DomainError
from hub.testing.builders import approve, at, make_post, make_shift
from hub.volunteering.actions.checkins import Outcome, check_in
from hub.volunteering.models import CheckIn, Shift
from hub.volunteering.tests.matrix_checkin import T0

pytestmark = pytest.mark.django_db
AT_0803 = T0 + dt.timedelta(minutes=3)


@pytest.fixture
def shift(cast: Cast) -> Shift:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=at(4, 10),
        capacity=10,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person)
    return shift


def test_a_volunteer_checks_in_with_the_time_in_the_reply(cast: Cast, shift: Shift) -> None:
    result = check_in(by=cast.volunteer, shift=shift, idempotency_key="k1", now=AT_0803)
    assert result.created and not result.replayed
    assert result.outcome == Outcome.CHECKED_IN
    assert result.message == "Checked in at 08:03."
    row = CheckIn.objects.get()
    assert (row.person, row.method, row.recorded_by) == (
        cast.volunteer.person,
        CheckIn.Method.QR,
        cast.volunteer,
    )
    assert row.checked_in_at == AT_0803


def test_the_same_key_replays_the_same_row_and_reply(cast: Cast, shift: Shift) -> None:
    first = check_in(by=cast.volunteer, shift=shift, idempotency_key="k1", now=AT_0803)
    again = check_in(
        by=cast.volunteer, shift=shift, idempotency_key="k1", now=AT_0803 + dt.timedelta(hours=9)
    )
    assert again.replayed and not again.created
    assert (again.checkin.pk, again.outcome, again.message) == (
        first.checkin.pk,
        first.outcome,
        first.message,
    )
    assert CheckIn.objects.count() == 1


def test_another_key_returns_the_existing_check_in(cast: Cast, shift: Shift) -> None:
    first = check_in(by=cast.volunteer, shift=shift, idempotency_key="k1", now=AT_0803)
    other = check_in(
        by=cast.volunteer, shift=shift, idempotency_key="k2", now=AT_0803 + dt.timedelta(hours=1)
    )
    assert other.checkin.pk == first.checkin.pk
    assert other.outcome == Outcome.ALREADY_CHECKED_IN
    assert other.message == "Already checked in at 08:03."
    assert CheckIn.objects.count() == 1


def test_check_in_opens_sixty_minutes_before_the_start(cast: Cast, shift: Shift) -> None:
    with pytest.raises(DomainError) as refused:
        check_in(
            by=cast.volunteer, shift=shift, idempotency_key="k", now=T0 - dt.timedelta(minutes=61)
        )
    assert refused.value.code == "too_early"
    assert "check-in opens 60 minutes before" in refused.value.message
    early = check_in(
        by=cast.volunteer, shift=shift, idempotency_key="k", now=T0 - dt.timedelta(minutes=60)
    )
    assert early.created


def test_a_shift_that_ended_refuses_check_in(cast: Cast, shift: Shift) -> None:
    with pytest.raises(DomainError) as refused:
        check_in(by=cast.volunteer, shift=shift, idempotency_key="k", now=shift.ends_at)
    assert refused.value.code == "shift_over"
    assert refused.value.message == "This shift ended at 12:00."


def test_without_an_approved_sign_up_check_in_is_refused(cast: Cast) -> None:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=at(4, 10),
        capacity=10,
        min_staff=1,
    )
    with pytest.raises(DomainError) as refused:
        check_in(by=cast.volunteer, shift=shift, idempotency_key="k", now=AT_0803)
    assert refused.value.code == "not_signed_up"
    assert not CheckIn.objects.exists()


def test_a_cancelled_shift_refuses_check_in(cast: Cast, shift: Shift) -> None:
    Shift.objects.filter(pk=shift.pk).update(status=Shift.Status.CANCELLED)
    shift.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        check_in(by=cast.volunteer, shift=shift, idempotency_key="k", now=AT_0803)
    assert refused.value.code == "shift_cancelled"


def test_a_key_used_for_another_shift_is_refused(cast: Cast, shift: Shift) -> None:
    check_in(by=cast.volunteer, shift=shift, idempotency_key="k", now=AT_0803)
    later = make_shift(shift.post, starts_at=T0 + dt.timedelta(days=1), capacity=10, min_staff=1)
    approve(later, cast.volunteer.person)
    with pytest.raises(DomainError) as refused:
        check_in(
            by=cast.volunteer, shift=later, idempotency_key="k", now=AT_0803 + dt.timedelta(days=1)
        )
    assert refused.value.code == "idempotency_key_reused"


def test_a_missing_or_overlong_key_is_refused(cast: Cast, shift: Shift) -> None:
    with pytest.raises(DomainError) as missing:
        check_in(by=cast.volunteer, shift=shift, idempotency_key="  ", now=AT_0803)
    assert missing.value.code == "idempotency_key_required"
    with pytest.raises(DomainError) as long:
        check_in(by=cast.volunteer, shift=shift, idempotency_key="x" * 81, now=AT_0803)
    assert long.value.code == "idempotency_key_too_long"


def test_an_account_without_a_person_cannot_check_itself_in(cast: Cast, shift: Shift) -> None:
    with pytest.raises(DomainError) as refused:
        check_in(by=cast.coordinator, shift=shift, idempotency_key="k", now=AT_0803)
    assert refused.value.code == "no_person"


def test_a_check_in_is_written_to_the_audit_trail(cast: Cast, shift: Shift) -> None:
    result = check_in(by=cast.volunteer, shift=shift, idempotency_key="k", now=AT_0803)
    entry = LogEntry.objects.get(content_type__model="checkin", object_pk=str(result.checkin.pk))
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == cast.volunteer
    assert "张贝" not in str(entry.changes)
