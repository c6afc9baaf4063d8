"""Shifts: one at a time or a daily series; capacity edits; cancellation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hub.conftest import Cast
from hub.errors import DomainError
from hub.notify.models import Message
from hub.testing.builders import at, make_drive, make_post, make_shift, member
from hub.volunteering.actions.posts import (
    cancel_shift,
    create_shift,
    create_shift_series,
    set_shift_capacity,
)
from hub.volunteering.actions.signups import sign_up
from hub.volunteering.models import SignUp
from hub.volunteering.tests.matrix_drives import NOW


def test_a_shift_must_end_after_it_starts(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_shift(
            by=cast.admin,
            post=make_post(cast, by=None),
            starts_at=at(3, 26, 8),
            ends_at=at(3, 26, 8),
            capacity=3,
        )
    assert (caught.value.code, caught.value.field) == ("ends_before_start", "ends_at")


def test_only_a_manager_of_the_post_adds_shifts(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        make_shift(make_post(cast, by=None), by=cast.volunteer)
    assert caught.value.code == "forbidden"


def test_a_series_repeats_the_shift_every_day_of_a_closure_round(cast: Cast) -> None:
    shifts = create_shift_series(
        by=cast.secretary,
        post=make_post(cast, by=None),
        first_starts_at=at(3, 16, 8),
        first_ends_at=at(3, 16, 12),
        days=3,
        capacity=10,
    )
    local = [timezone.localtime(s.starts_at) for s in shifts]
    assert [(t.day, t.hour) for t in local] == [(16, 8), (17, 8), (18, 8)]
    assert len({s.series for s in shifts}) == 1 and shifts[0].series is not None
    assert all(s.ends_at - s.starts_at == dt.timedelta(hours=4) for s in shifts)


def test_a_series_has_a_sensible_length(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_shift_series(
            by=cast.admin,
            post=make_post(cast, by=None),
            first_starts_at=at(3, 16, 8),
            first_ends_at=at(3, 16, 12),
            days=0,
            capacity=1,
        )
    assert caught.value.code == "series_days"


def test_capacity_cannot_go_below_the_places_taken(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None), capacity=5)
    drive = make_drive(cast, [shift])
    for n in range(3):
        sign_up(by=None, shift=shift, person=member(cast, n), drive=drive, now=NOW)
    with pytest.raises(DomainError) as caught:
        set_shift_capacity(by=cast.admin, shift=shift, capacity=2)
    assert (caught.value.code, caught.value.field) == ("below_taken", "capacity")
    assert caught.value.message == (
        "3 people already hold places on this shift: the capacity cannot go below 3."
    )
    assert set_shift_capacity(by=cast.admin, shift=shift, capacity=3).capacity == 3


def test_more_places_go_to_the_wait_list_first(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None), capacity=1, waitlist_size=2)
    drive = make_drive(cast, [shift])
    sign_up(by=None, shift=shift, person=member(cast, 1), drive=drive, now=NOW)
    waiting = sign_up(by=None, shift=shift, person=member(cast, 2), drive=drive, now=NOW)
    shift = set_shift_capacity(by=cast.admin, shift=shift, capacity=2, now=NOW)
    waiting.refresh_from_db()
    assert (shift.taken, waiting.status) == (2, "approved")


def test_cancelling_frees_every_place_and_tells_everyone(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None), capacity=1, waitlist_size=1)
    drive = make_drive(cast, [shift])
    people = [member(cast, 1), member(cast, 2)]
    for person in people:
        sign_up(by=None, shift=shift, person=person, drive=drive, now=NOW)
    shift = cancel_shift(by=cast.admin, shift=shift, reason="检测点撤销", now=NOW)
    assert (shift.status, shift.taken) == ("cancelled", 0)
    assert not SignUp.objects.filter(shift=shift, status__in=SignUp.ACTIVE).exists()
    told = Message.objects.filter(template="volunteering.shift_cancelled")
    assert sorted(m.recipient_id for m in told) == sorted(p.pk for p in people)
    assert "检测点撤销" in told[0].body


def test_cancelling_twice_changes_nothing(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None))
    cancel_shift(by=cast.admin, shift=shift, now=NOW)
    cancel_shift(by=cast.admin, shift=shift, now=NOW)
    assert Message.objects.filter(template="volunteering.shift_cancelled").count() == 0


def test_a_cancelled_shift_keeps_its_capacity(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None))
    cancel_shift(by=cast.admin, shift=shift, now=NOW)
    with pytest.raises(DomainError) as caught:
        set_shift_capacity(by=cast.admin, shift=shift, capacity=9)
    assert caught.value.code == "closed"


def test_the_shift_page_offers_a_change_of_places_only_while_the_action_takes_it(
    cast: Cast, client
) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    shift = make_shift(make_post(cast, by=None))
    client.force_login(cast.admin)
    page = reverse("volunteering:shift-detail", kwargs={"shift_id": shift.pk})
    capacity = reverse("volunteering:shift-capacity", kwargs={"shift_id": shift.pk})
    assert capacity in client.get(page).content.decode()
    shift = cancel_shift(by=cast.admin, shift=shift, now=NOW)
    assert shift.is_cancelled
    assert capacity not in client.get(page).content.decode()
