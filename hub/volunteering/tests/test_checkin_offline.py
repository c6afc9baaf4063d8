"""A coordinator device's offline queue: every row once, refusals reported row by row."""

import datetime as dt

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.hours.models import HourEntry
from hub.testing.builders import approve, at, make_post, make_shift
from hub.volunteering.actions.checkins import OfflineCheckIn, Outcome, record_offline_batch
from hub.volunteering.models import CheckIn, Shift
from hub.volunteering.tests.matrix_checkin import T0

pytestmark = pytest.mark.django_db
AT_0805 = T0 + dt.timedelta(minutes=5)
LATER = T0 + dt.timedelta(days=1)


@pytest.fixture
def shift(cast: Cast) -> Shift:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=at(4, 10),
        capacity=10,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person)
    approve(shift, cast.person_resident)
    return shift


def row(shift: Shift, person_id: int, key: str, **extra: object) -> OfflineCheckIn:
    return OfflineCheckIn(
        idempotency_key=key,
        shift_id=shift.pk,
        person_id=person_id,
        checked_in_at=AT_0805,
        **extra,  # type: ignore[arg-type]
    )


def test_offline_rows_are_recorded_with_their_own_times(cast: Cast, shift: Shift) -> None:
    items = [row(shift, cast.volunteer.person.pk, "a"), row(shift, cast.person_resident.pk, "b")]
    outcomes = record_offline_batch(by=cast.coordinator, items=items, now=LATER)
    assert [o.result.outcome for o in outcomes if o.result] == [Outcome.CHECKED_IN] * 2
    rows = CheckIn.objects.all()
    assert {r.method for r in rows} == {CheckIn.Method.OFFLINE}
    assert {r.checked_in_at for r in rows} == {AT_0805}
    assert {r.recorded_by_id for r in rows} == {cast.coordinator.pk}


def test_replaying_the_queue_writes_nothing_and_answers_the_same(cast: Cast, shift: Shift) -> None:
    items = [row(shift, cast.volunteer.person.pk, "a"), row(shift, cast.person_resident.pk, "b")]
    first = record_offline_batch(by=cast.coordinator, items=items, now=LATER)
    again = record_offline_batch(by=cast.coordinator, items=items, now=LATER)
    assert CheckIn.objects.count() == 2
    assert all(o.result and o.result.replayed for o in again)
    assert [(o.result.checkin.pk, o.result.message) for o in first if o.result] == [
        (o.result.checkin.pk, o.result.message) for o in again if o.result
    ]


def test_a_row_with_a_check_out_closes_it_once(cast: Cast, shift: Shift) -> None:
    out = T0 + dt.timedelta(hours=3)
    items = [row(shift, cast.volunteer.person.pk, "a", checked_out_at=out)]
    first = record_offline_batch(by=cast.coordinator, items=items, now=LATER)
    again = record_offline_batch(by=cast.coordinator, items=items, now=LATER)
    assert first[0].result and first[0].result.outcome == Outcome.CHECKED_OUT
    assert again[0].result and again[0].result.message == first[0].result.message
    checkin = CheckIn.objects.get()
    assert (checkin.checked_out_at, checkin.checkout_key) == (out, "a:out")
    assert HourEntry.objects.filter(checkin=checkin).count() == 1


def test_bad_rows_are_refused_one_by_one_and_the_rest_recorded(cast: Cast, shift: Shift) -> None:
    items = [
        row(shift, cast.person_member.pk, "not-signed-up"),
        row(shift, cast.volunteer.person.pk, "ok"),
        OfflineCheckIn("early", shift.pk, cast.person_resident.pk, T0 - dt.timedelta(hours=2)),
        OfflineCheckIn("future", shift.pk, cast.person_resident.pk, LATER + dt.timedelta(hours=1)),
        row(shift, cast.person_resident.pk, "backwards", checked_out_at=T0),
        OfflineCheckIn("gone", 987654, cast.person_resident.pk, AT_0805),
    ]
    outcomes = record_offline_batch(by=cast.coordinator, items=items, now=LATER)
    assert [o.code for o in outcomes] == [
        "not_signed_up",
        "",
        "outside_shift",
        "in_future",
        "out_before_in",
        "forbidden",
    ]
    assert outcomes[0].message == "There is no approved sign-up for this shift."
    assert CheckIn.objects.get().idempotency_key == "ok"


def test_shifts_the_user_may_not_change_are_refused(cast: Cast, shift: Shift) -> None:
    items = [row(shift, cast.volunteer.person.pk, "a")]
    outcomes = record_offline_batch(by=cast.volunteer, items=items, now=LATER)
    assert outcomes[0].code == "forbidden"
    assert not CheckIn.objects.exists()


def test_an_oversized_queue_is_refused_whole(cast: Cast, shift: Shift) -> None:
    items = [row(shift, cast.volunteer.person.pk, f"k{n}") for n in range(1001)]
    with pytest.raises(DomainError) as refused:
        record_offline_batch(by=cast.coordinator, items=items, now=LATER)
    assert refused.value.code == "too_many"
    assert not CheckIn.objects.exists()
