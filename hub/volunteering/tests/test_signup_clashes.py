"""A person's shifts may not overlap and need 11 hours of rest between them (duty included)."""

from __future__ import annotations

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.testing.builders import at, make_drive, make_post, make_shift
from hub.volunteering.actions.signups import sign_up, withdraw_signup
from hub.volunteering.eligibility import MIN_REST_HOURS
from hub.volunteering.tests.matrix_drives import NOW


def two_shifts(cast: Cast, first_start, second_start, *, second_kind: str = "volunteer"):
    first = make_shift(make_post(cast, by=None, name="分拣"), starts_at=first_start, hours=4)
    second = make_shift(
        make_post(cast, by=None, name="值班", kind=second_kind), starts_at=second_start, hours=4
    )
    drive = make_drive(cast, [first, second])
    sign_up(by=cast.volunteer, shift=first, drive=drive, now=NOW)
    return second, drive


def refused(cast: Cast, shift, drive) -> DomainError:
    with pytest.raises(DomainError) as caught:
        sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    return caught.value


def test_signing_up_twice_for_one_shift_is_refused(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None))
    drive = make_drive(cast, [shift])
    sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    error = refused(cast, shift, drive)
    assert error.code == "already_signed_up"
    assert error.message == "Already signed up for this shift (Approved)."


def test_after_withdrawing_one_may_sign_up_again(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None))
    drive = make_drive(cast, [shift])
    first = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    withdraw_signup(by=cast.volunteer, signup=first, now=NOW)
    again = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    assert again.pk != first.pk and again.status == "approved"


def test_overlapping_shifts_are_refused_with_the_other_shift_named(cast: Cast) -> None:
    second, drive = two_shifts(cast, at(3, 26, 8), at(3, 26, 10))
    error = refused(cast, second, drive)
    assert error.code == "overlap"
    assert error.message == (
        "This shift overlaps another shift already signed up for: 分拣, 03-26 08:00–12:00."
    )


def test_less_than_eleven_hours_of_rest_is_refused(cast: Cast) -> None:
    second, drive = two_shifts(cast, at(3, 26, 8), at(3, 26, 20))  # 8 h after the first ends
    error = refused(cast, second, drive)
    assert error.code == "rest"
    assert f"At least {MIN_REST_HOURS} hours of rest" in error.message


def test_duty_shifts_count_for_rest_too(cast: Cast) -> None:
    second, drive = two_shifts(cast, at(3, 26, 8), at(3, 26, 18), second_kind="duty")
    assert refused(cast, second, drive).code == "rest"


def test_eleven_hours_of_rest_is_enough(cast: Cast) -> None:
    second, drive = two_shifts(cast, at(3, 26, 8), at(3, 26, 23))  # exactly 11 h after 12:00
    assert sign_up(by=cast.volunteer, shift=second, drive=drive, now=NOW).status == "approved"


def test_a_wait_listed_sign_up_also_blocks_an_overlapping_one(cast: Cast) -> None:
    full = make_shift(
        make_post(cast, by=None, name="分拣"), starts_at=at(3, 26, 8), capacity=1, waitlist_size=3
    )
    other = make_shift(make_post(cast, by=None, name="送货"), starts_at=at(3, 26, 9))
    drive = make_drive(cast, [full, other])
    sign_up(by=None, shift=full, person=cast.person_member, drive=drive, now=NOW)
    assert sign_up(by=cast.volunteer, shift=full, drive=drive, now=NOW).status == "waitlisted"
    assert refused(cast, other, drive).code == "overlap"
