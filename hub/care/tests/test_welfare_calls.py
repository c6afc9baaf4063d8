import datetime as dt

import pytest

from hub.care.actions import (
    complete_follow_up,
    record_welfare_call,
    schedule_seconded_staff,
    schedule_welfare_calls,
)
from hub.errors import DomainError
from hub.people.models import Membership
from hub.testing.builders import CARE_NOW, member


def test_every_seconded_member_gets_a_schedule_once(cast):
    people = [member(cast, n) for n in range(4)]
    Membership.objects.filter(person__in=people).update(seconded_to="市疫情防控指挥部")
    made = schedule_seconded_staff(by=cast.admin, organization=cast.org_health, now=CARE_NOW)
    assert sorted(s.person_id for s in made) == sorted(p.pk for p in people)
    assert {s.reason for s in made} == {"seconded"}
    assert schedule_seconded_staff(by=cast.admin, organization=cast.org_health, now=CARE_NOW) == []


def test_the_branch_secretary_logs_a_call_and_the_next_is_due_later(cast):
    schedule = schedule_welfare_calls(
        by=cast.secretary,
        organization=cast.org_health,
        person=cast.person_member,
        reason="sealed",
        every_days=2,
        now=CARE_NOW,
    )
    call = record_welfare_call(
        by=cast.secretary,
        schedule=schedule,
        wellbeing="身体还好",
        needs="缺退烧药",
        follow_up="送一盒布洛芬",
        at=CARE_NOW,
        now=CARE_NOW,
    )
    schedule.refresh_from_db()
    assert schedule.next_due_at == CARE_NOW + dt.timedelta(days=2)
    done = complete_follow_up(by=cast.secretary, call=call, now=CARE_NOW)
    assert done.follow_up_done_at == CARE_NOW


def test_outsiders_and_non_members_are_refused(cast):
    with pytest.raises(DomainError) as err:
        schedule_welfare_calls(
            by=cast.outsider,
            organization=cast.org_health,
            person=cast.person_member,
            reason="retiree",
        )
    assert err.value.code == "forbidden"
    with pytest.raises(DomainError) as err:
        schedule_welfare_calls(
            by=cast.admin,
            organization=cast.org_health,
            person=cast.person_resident,
            reason="retiree",
        )
    assert err.value.code == "not_a_member"
