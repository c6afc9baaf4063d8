"""The seed's mobilization notice replays through the actions."""

from __future__ import annotations

import datetime as dt

from hub.notices.models import Notice, NoticeRecipient
from hub.notices.queries import notice_tally
from hub.notices.stories import MOBILIZATION_TITLE, replay_mobilization_notice
from hub.people.actions import create_person

T0 = dt.datetime(2022, 3, 27, 10, 0, tzinfo=dt.UTC)


def test_the_committee_notice_reaches_every_branch_and_collects_replies(cast) -> None:
    for i in range(10):
        create_person(by=cast.admin, values={"name": f"党员{i}"}, branch=cast.branch_youth)
    committee = cast.branch_first.parent

    notice = replay_mobilization_notice(
        organization=cast.org_health, committee_branch=committee, by=cast.admin, now=T0
    )

    assert notice.title == MOBILIZATION_TITLE
    assert notice.reply_prompt == "报名 + 可服务时段"
    tally = notice_tally(cast.admin, notice)
    assert tally.total == 12
    assert 0 < tally.acknowledged < tally.total
    assert tally.replies[0].reply == "我是党员，我先上 / 周末全天"
    # The volunteer with a login is left to press the button in the demo.
    volunteer = NoticeRecipient.objects.get(notice=notice, person=cast.volunteer.person)
    assert volunteer.acknowledged_at is None


def test_replaying_the_story_again_returns_the_same_notice(cast) -> None:
    committee = cast.branch_first.parent
    first = replay_mobilization_notice(
        organization=cast.org_health, committee_branch=committee, by=cast.admin, now=T0
    )

    again = replay_mobilization_notice(
        organization=cast.org_health, committee_branch=committee, by=cast.admin, now=T0
    )

    assert again == first
    assert Notice.objects.count() == 1
