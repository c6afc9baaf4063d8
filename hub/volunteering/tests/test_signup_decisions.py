"""Sign-up, approval, decline, wait list and withdrawal keep places and tell the person."""

from __future__ import annotations

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.notify.models import Message
from hub.testing.builders import at, make_drive, make_post, make_shift, member
from hub.volunteering.actions.signups import (
    approve_signup,
    decline_signup,
    sign_up,
    waitlist_signup,
    withdraw_signup,
)
from hub.volunteering.models import Shift, SignUp
from hub.volunteering.tests.matrix_drives import NOW


def setup(cast: Cast, *, capacity: int = 2, waitlist: int = 0, approval: bool = True):
    shift = make_shift(make_post(cast, by=None), capacity=capacity, waitlist_size=waitlist)
    return shift, make_drive(cast, [shift], requires_approval=approval)


def taken(shift: Shift) -> int:
    shift.refresh_from_db()
    held = SignUp.objects.filter(shift=shift, status__in=SignUp.HOLDS_PLACE).count()
    assert shift.taken == held
    return shift.taken


def templates_for(person) -> list[str]:
    return list(
        Message.objects.filter(recipient=person)
        .exclude(template="volunteering.drive_published")
        .order_by("pk")
        .values_list("template", flat=True)
    )


def test_without_approval_a_sign_up_is_approved_at_once(cast: Cast) -> None:
    shift, drive = setup(cast, approval=False)
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    assert signup.status == "approved"
    assert taken(shift) == 1
    assert templates_for(cast.volunteer.person) == ["volunteering.signup_approved"]


def test_with_approval_a_pending_sign_up_holds_a_place(cast: Cast) -> None:
    shift, drive = setup(cast)
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive, note="我是党员，我先上", now=NOW)
    assert (signup.status, signup.note) == ("pending", "我是党员，我先上")
    assert taken(shift) == 1
    assert templates_for(cast.volunteer.person) == ["volunteering.signup_received"]


def test_a_full_shift_refuses_with_the_number_of_places(cast: Cast) -> None:
    shift, drive = setup(cast, capacity=1)
    sign_up(by=None, shift=shift, person=cast.person_member, drive=drive, now=NOW)
    with pytest.raises(DomainError) as caught:
        sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    assert caught.value.code == "full"
    assert caught.value.message == "This shift is full: its 1 place is taken."
    assert taken(shift) == 1


def test_the_full_message_counts_every_place(cast: Cast) -> None:
    shift, drive = setup(cast, capacity=2)
    for n in range(2):
        sign_up(by=None, shift=shift, person=member(cast, n), drive=drive, now=NOW)
    with pytest.raises(DomainError, match=r"^This shift is full: all 2 places are taken\.$"):
        sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)


def test_a_full_shift_with_wait_list_places_wait_lists(cast: Cast) -> None:
    shift, drive = setup(cast, capacity=1, waitlist=1)
    sign_up(by=None, shift=shift, person=cast.person_member, drive=drive, now=NOW)
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    assert signup.status == "waitlisted"
    assert taken(shift) == 1
    assert templates_for(cast.volunteer.person) == ["volunteering.signup_waitlisted"]
    with pytest.raises(DomainError, match="the wait list is full too") as caught:
        sign_up(by=None, shift=shift, person=member(cast, 1), drive=drive, now=NOW)
    assert caught.value.code == "full"


def test_approving_tells_the_person(cast: Cast) -> None:
    shift, drive = setup(cast)
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    signup = approve_signup(by=cast.secretary, signup=signup, now=NOW)
    assert (signup.status, signup.decided_by) == ("approved", cast.secretary)
    assert templates_for(cast.volunteer.person)[-1] == "volunteering.signup_approved"
    assert taken(shift) == 1


def test_only_a_pending_sign_up_can_be_approved(cast: Cast) -> None:
    shift, drive = setup(cast, approval=False)
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    with pytest.raises(DomainError) as caught:
        approve_signup(by=cast.secretary, signup=signup, now=NOW)
    assert caught.value.code == "invalid_transition"
    assert caught.value.message == "This sign-up is Approved, so it cannot be approved."


def test_a_volunteer_may_not_decide_on_sign_ups(cast: Cast) -> None:
    shift, drive = setup(cast)
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    with pytest.raises(DomainError) as caught:
        approve_signup(by=cast.volunteer, signup=signup, now=NOW)
    assert caught.value.code == "forbidden"


def test_declining_needs_a_reason(cast: Cast) -> None:
    shift, drive = setup(cast)
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    with pytest.raises(DomainError) as caught:
        decline_signup(by=cast.secretary, signup=signup, reason="  ", now=NOW)
    assert caught.value.code == "reason_required"


def test_declining_frees_the_place_and_promotes_the_wait_list(cast: Cast) -> None:
    shift, drive = setup(cast, capacity=1, waitlist=2)
    first = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    waiting = sign_up(by=None, shift=shift, person=cast.person_member, drive=drive, now=NOW)
    decline_signup(by=cast.secretary, signup=first, reason="年龄不符合", now=NOW)
    waiting.refresh_from_db()
    assert waiting.status == "pending"  # holds the place; the drive needs approval
    assert taken(shift) == 1
    message = Message.objects.filter(recipient=cast.volunteer.person).order_by("pk").last()
    assert message.template == "volunteering.signup_declined"
    assert "年龄不符合" in message.body
    assert templates_for(cast.person_member)[-1] == "volunteering.signup_promoted_pending"


def test_withdrawing_frees_the_place_for_the_first_person_waiting(cast: Cast) -> None:
    shift, drive = setup(cast, capacity=1, waitlist=2, approval=False)
    mine = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    first = sign_up(by=None, shift=shift, person=member(cast, 1), drive=drive, now=at(3, 25, 9))
    second = sign_up(by=None, shift=shift, person=member(cast, 2), drive=drive, now=at(3, 25, 10))
    withdraw_signup(by=cast.volunteer, signup=mine, now=NOW)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "waitlisted")
    assert templates_for(first.person)[-1] == "volunteering.signup_promoted"
    assert taken(shift) == 1


def test_wait_listing_a_pending_sign_up_gives_its_place_to_someone_else(cast: Cast) -> None:
    shift, drive = setup(cast, capacity=1, waitlist=2)
    mine = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    other = sign_up(by=None, shift=shift, person=cast.person_member, drive=drive, now=NOW)
    mine = waitlist_signup(by=cast.secretary, signup=mine, now=NOW)
    other.refresh_from_db()
    assert (mine.status, other.status) == ("waitlisted", "pending")
    assert taken(shift) == 1


def test_wait_listing_alone_leaves_the_place_free(cast: Cast) -> None:
    shift, drive = setup(cast, capacity=1)
    mine = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    assert waitlist_signup(by=cast.secretary, signup=mine, now=NOW).status == "waitlisted"
    assert taken(shift) == 0


def test_a_person_cannot_withdraw_once_the_shift_has_started(cast: Cast) -> None:
    shift, drive = setup(cast)
    mine = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    with pytest.raises(DomainError) as caught:
        withdraw_signup(by=cast.volunteer, signup=mine, now=at(3, 26, 9))
    assert caught.value.code == "closed"
    assert withdraw_signup(by=cast.secretary, signup=mine, now=at(3, 26, 9)).status == "withdrawn"
    assert templates_for(cast.volunteer.person)[-1] == "volunteering.signup_withdrawn"


def test_someone_else_cannot_withdraw_my_sign_up(cast: Cast) -> None:
    shift, drive = setup(cast)
    mine = sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW)
    with pytest.raises(DomainError) as caught:
        withdraw_signup(by=cast.office, signup=mine, now=NOW)
    assert caught.value.code == "forbidden"


def test_a_coordinator_signs_up_someone_in_their_scope(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None, compound=cast.compound_own))
    signup = sign_up(by=cast.coordinator, shift=shift, person=cast.person_resident, now=NOW)
    assert (signup.status, signup.created_by, signup.drive) == ("approved", cast.coordinator, None)


def test_a_volunteer_cannot_sign_up_someone_else(cast: Cast) -> None:
    shift, drive = setup(cast)
    with pytest.raises(DomainError) as caught:
        sign_up(by=cast.volunteer, shift=shift, person=cast.person_member, drive=drive, now=NOW)
    assert caught.value.code == "forbidden"


def test_an_account_without_a_person_cannot_sign_up(cast: Cast) -> None:
    shift, drive = setup(cast)
    with pytest.raises(DomainError) as caught:
        sign_up(by=cast.office, shift=shift, drive=drive, now=NOW)
    assert caught.value.code == "no_person"
