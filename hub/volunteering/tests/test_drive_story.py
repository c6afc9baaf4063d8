"""The seed's recruitment story replays through the actions for the demo."""

from __future__ import annotations

from hub.conftest import Cast
from hub.testing.builders import at, member
from hub.volunteering.models import SignUp
from hub.volunteering.stories import replay_testing_helper_drive


def test_the_youth_leagues_drive_is_filled_by_sign_ups(cast: Cast) -> None:
    young = [
        member(cast, n, branch=cast.branch_youth, political_status="party_member") for n in range(4)
    ]
    drive = replay_testing_helper_drive(
        organization=cast.org_health, branch=cast.branch_youth, people=young, now=at(3, 27, 21)
    )
    assert drive.status == "published"
    shifts = list(drive.shifts.order_by("starts_at"))
    assert len(shifts) == 3 and all(s.taken == s.capacity == 4 for s in shifts)
    signups = SignUp.objects.filter(drive=drive)
    assert signups.count() == 12
    assert set(signups.values_list("status", "note")) == {("approved", "我是党员，我先上")}


def test_people_the_rules_refuse_are_skipped(cast: Cast) -> None:
    # The volunteer lives in 青年公寓, sealed from 2022-03-28: not sent out to a testing lab.
    people = [cast.volunteer.person, member(cast, 9, branch=cast.branch_youth)]
    drive = replay_testing_helper_drive(
        organization=cast.org_health,
        branch=cast.branch_first.parent,
        people=people,
        now=at(3, 27, 21),
    )
    assert not SignUp.objects.filter(drive=drive, person=cast.volunteer.person).exists()
    assert SignUp.objects.filter(drive=drive).count() == 3
