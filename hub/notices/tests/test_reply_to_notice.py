"""接龙: a member's reply is a numbered line; replying acknowledges; edits keep the place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.notices.actions import acknowledge_notice, record_response, reply_to_notice
from hub.notices.models import NoticeRecipient
from hub.notices.queries import notice_tally
from hub.people.models import Membership
from hub.testing.builders import make_notice

T0 = dt.datetime(2022, 3, 28, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def notice(cast):
    return make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])


def test_replying_acknowledges(cast, notice) -> None:
    copy = reply_to_notice(by=cast.volunteer, notice=notice, reply="报名 周六全天", now=T0)

    assert copy.acknowledged_at == copy.replied_at == T0
    assert copy.reply == "报名 周六全天"


def test_editing_a_reply_keeps_the_first_acknowledgement_and_the_place_in_the_list(
    cast, notice
) -> None:
    acknowledge_notice(by=cast.volunteer, notice=notice, now=T0)
    reply_to_notice(by=cast.volunteer, notice=notice, reply="报名 周六上午", now=T0 + HOUR)
    record_response(
        by=cast.admin, notice=notice, person=cast.person_member, reply="报名", now=T0 + 2 * HOUR
    )

    copy = reply_to_notice(
        by=cast.volunteer, notice=notice, reply="报名 周六全天", now=T0 + 3 * HOUR
    )

    assert copy.acknowledged_at == T0
    assert copy.replied_at == T0 + HOUR
    lines = [(r.number, r.name, r.reply) for r in notice_tally(cast.admin, notice).replies]
    assert lines == [(1, "张贝", "报名 周六全天"), (2, "王建国", "报名")]


def test_an_empty_reply_is_refused_with_the_prompt_as_example(cast, notice) -> None:
    with pytest.raises(DomainError) as error:
        reply_to_notice(by=cast.volunteer, notice=notice, reply="  \n ")

    assert error.value.code == "empty_reply"
    assert error.value.message == "Write your reply, e.g. 报名 + 可服务时段."
    assert NoticeRecipient.objects.get(notice=notice, person=cast.volunteer.person).reply == ""


def test_a_notice_without_a_reply_list_takes_no_replies(cast) -> None:
    plain = make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first], reply_prompt=""
    )

    with pytest.raises(DomainError) as error:
        reply_to_notice(by=cast.volunteer, notice=plain, reply="报名")

    assert error.value.code == "no_reply_prompt"


def test_the_sender_sees_the_reply_list_as_a_wechat_jielong(cast, notice) -> None:
    reply_to_notice(by=cast.volunteer, notice=notice, reply="报名 周六全天", now=T0)
    client = Client()
    client.force_login(cast.admin)

    page = client.get(reverse("notices:notice-manage", kwargs={"notice_id": notice.pk}))

    assert "1. 张贝 报名 周六全天" in page.content.decode()


def test_names_are_masked_for_a_sender_who_may_not_change_the_person(cast) -> None:
    notice = make_notice(cast.secretary, organization=cast.org_health, audience=[cast.branch_first])
    reply_to_notice(by=cast.volunteer, notice=notice, reply="报名 周末全天", now=T0)
    # 张贝 has since moved to another branch: her former secretary no longer manages her record.
    Membership.objects.filter(person=cast.volunteer.person).update(branch=cast.branch_youth)

    tally = notice_tally(cast.secretary, notice)

    assert [(r.name, r.reply) for r in tally.replies] == [("张*", "报名 周末全天")]
    assert "张*" in tally.branches[0].acknowledged_names
    assert "王建国" in tally.branches[0].waiting_names


def test_the_reply_form_shows_the_reason_for_an_empty_reply(cast, notice) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.volunteer)

    response = client.post(
        reverse("notices:notice-reply", kwargs={"notice_id": notice.pk}),
        {"reply": ""},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Write your reply, e.g. 报名 + 可服务时段." in response.content.decode()
