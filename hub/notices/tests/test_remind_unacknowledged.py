"""Reminding the rest: only those who have not acknowledged, and nobody twice within 6 hours."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.errors import DomainError
from hub.notices.actions import acknowledge_notice, record_response, remind_unacknowledged
from hub.notices.models import NoticeRecipient
from hub.notify.models import Message
from hub.people.actions import create_person
from hub.testing.builders import make_notice

T0 = dt.datetime(2022, 3, 28, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def notice(cast):
    return make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])


def reminded(notice) -> list[str]:
    return sorted(
        Message.objects.filter(
            template="notices.reminder", dedupe_key__startswith=f"notice:{notice.pk}:"
        ).values_list("recipient__name", flat=True)
    )


def test_only_members_who_have_not_acknowledged_are_reminded(cast, notice) -> None:
    acknowledge_notice(by=cast.volunteer, notice=notice)

    count = remind_unacknowledged(by=cast.admin, notice=notice, now=T0)

    assert count == 1
    assert reminded(notice) == ["王建国"]
    copy = NoticeRecipient.objects.get(notice=notice, person=cast.person_member)
    assert (copy.reminded_at, copy.reminders) == (T0, 1)


def test_nobody_is_reminded_twice_within_six_hours(cast, notice) -> None:
    remind_unacknowledged(by=cast.admin, notice=notice, now=T0)

    with pytest.raises(DomainError) as error:
        remind_unacknowledged(by=cast.admin, notice=notice, now=T0 + 5 * HOUR)

    assert error.value.code == "reminded_recently"
    assert "less than 6 hours ago" in error.value.message
    assert len(reminded(notice)) == 2


def test_after_six_hours_the_rest_are_reminded_again(cast, notice) -> None:
    remind_unacknowledged(by=cast.admin, notice=notice, now=T0)
    acknowledge_notice(by=cast.volunteer, notice=notice)

    count = remind_unacknowledged(by=cast.admin, notice=notice, now=T0 + 6 * HOUR)

    assert count == 1
    assert reminded(notice) == ["张贝", "王建国", "王建国"]
    copy = NoticeRecipient.objects.get(notice=notice, person=cast.person_member)
    assert copy.reminders == 2


def test_the_six_hours_count_per_person(cast, notice) -> None:
    remind_unacknowledged(by=cast.admin, notice=notice, branch=None, now=T0)
    late = create_person(by=cast.admin, values={"name": "季雯雨"}, branch=cast.branch_youth)
    NoticeRecipient.objects.create(notice=notice, person=late, branch=cast.branch_youth)

    assert remind_unacknowledged(by=cast.admin, notice=notice, now=T0 + HOUR) == 1
    assert reminded(notice) == ["季雯雨", "张贝", "王建国"]


def test_reminding_one_branch_leaves_the_others_alone(cast) -> None:
    create_person(by=cast.admin, values={"name": "龚杰"}, branch=cast.branch_youth)
    notice = make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first.parent]
    )

    count = remind_unacknowledged(by=cast.admin, notice=notice, branch=cast.branch_youth, now=T0)

    assert count == 1
    assert reminded(notice) == ["龚杰"]


def test_when_everyone_acknowledged_there_is_nobody_to_remind(cast, notice) -> None:
    acknowledge_notice(by=cast.volunteer, notice=notice)
    record_response(by=cast.admin, notice=notice, person=cast.person_member)

    with pytest.raises(DomainError) as error:
        remind_unacknowledged(by=cast.admin, notice=notice, now=T0)

    assert error.value.code == "everyone_acknowledged"


def test_a_member_may_not_remind_the_others(cast, notice) -> None:
    with pytest.raises(DomainError) as error:
        remind_unacknowledged(by=cast.volunteer, notice=notice, now=T0)

    assert error.value.code == "forbidden"
    assert reminded(notice) == []
