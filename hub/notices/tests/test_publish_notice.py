"""Publishing expands the audience to sub-branches and gives each member exactly one copy."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.errors import DomainError
from hub.notices.actions import publish_notice
from hub.notices.models import Notice, NoticeRecipient
from hub.people.actions import add_membership, create_branch, create_person
from hub.testing.builders import make_notice

T0 = dt.datetime(2022, 3, 28, 9, 0, tzinfo=dt.UTC)


def copies(notice: Notice) -> dict[str, str]:
    return dict(
        NoticeRecipient.objects.filter(notice=notice).values_list("person__name", "branch__name")
    )


def test_publishing_to_the_committee_reaches_members_of_every_branch_below_it(cast) -> None:
    team = create_branch(
        by=cast.admin,
        organization=cast.org_health,
        name="青年突击队",
        kind="team",
        parent=cast.branch_youth,
    )
    create_person(by=cast.admin, values={"name": "龚杰"}, branch=team)
    committee = cast.branch_first.parent

    notice = make_notice(cast.admin, organization=cast.org_health, audience=[committee], now=T0)

    assert copies(notice) == {"王建国": "第一党支部", "张贝": "第一党支部", "龚杰": "青年突击队"}
    assert notice.status == Notice.Status.PUBLISHED
    assert notice.published_at == T0


def test_a_person_in_two_audience_branches_gets_one_copy(cast) -> None:
    add_membership(by=cast.admin, person=cast.volunteer.person, branch=cast.branch_youth)

    notice = make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first, cast.branch_youth]
    )

    assert NoticeRecipient.objects.filter(notice=notice, person=cast.volunteer.person).count() == 1
    assert NoticeRecipient.objects.filter(notice=notice).count() == 2


def test_members_of_branches_outside_the_audience_get_nothing(cast) -> None:
    create_person(by=cast.admin, values={"name": "何江江"}, branch=cast.branch_youth)

    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_youth])

    assert copies(notice) == {"何江江": "团支部"}


def test_a_notice_is_published_once(cast) -> None:
    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])

    with pytest.raises(DomainError) as error:
        publish_notice(by=cast.admin, notice=notice)

    assert error.value.code == "already_published"
    assert NoticeRecipient.objects.filter(notice=notice).count() == 2


def test_a_notice_to_branches_without_members_is_refused_and_stays_a_draft(cast) -> None:
    draft = make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_youth], publish=False
    )

    with pytest.raises(DomainError) as error:
        publish_notice(by=cast.admin, notice=draft)

    assert error.value.code == "no_recipients"
    assert "Nobody is a member" in error.value.message
    draft.refresh_from_db()
    assert draft.status == Notice.Status.DRAFT


def test_only_the_sender_may_publish(cast) -> None:
    draft = make_notice(
        cast.secretary, organization=cast.org_health, audience=[cast.branch_first], publish=False
    )

    with pytest.raises(DomainError) as error:
        publish_notice(by=cast.volunteer, notice=draft)

    assert error.value.code == "forbidden"
