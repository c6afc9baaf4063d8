"""The seed's notice story, replayed through the real actions for the demo (seed_demo)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from hub.accounts.models import User
from hub.notices.actions import create_notice, publish_notice, record_response
from hub.notices.models import Notice, NoticeRecipient
from hub.people.models import Branch, Organization

MOBILIZATION_TITLE = "关于在疫情防控工作中进一步发挥基层党组织战斗堡垒作用和党员先锋模范作用的通知"
MOBILIZATION_BODY = """各党支部、全体党员：

当前，上海疫情防控正处于最吃劲的关键阶段。为深入学习贯彻习近平总书记系列重要讲话精神，\
紧扣抗疫大局，中心党委号召广大党员干部立足先锋岗位，积极参与所在社区的疫情排查、群众服务等工作，\
坚决扛起特殊责任、拿出特殊担当。

一、各党支部要发挥战斗堡垒作用，做好本支部疫情防控值班统计和安排，关心关爱在职、退休职工，\
特别是派遣在市疫情防控指挥部的同志。
二、全体党员要发挥先锋模范作用，主动向居住地社区报到（双报到），服从社区统一安排，\
参加核酸检测秩序维护、物资分拣配送、帮助老年人等志愿服务。
三、做好个人防护，服务中如遇困难请及时向支部报告。

请各位党员收到后点击“收到”，愿意参加志愿服务的请在接龙中填写“报名 + 可服务时段”。

中心党委"""
REPLY_PROMPT = "报名 + 可服务时段"
# The lines members wrote in the group; the first is the seed's own "我是党员，我先上".
REPLIES = [
    "我是党员，我先上 / 周末全天",
    "报名 / 工作日晚上 18:00 后",
    "报名 / 周六上午",
    "报名 / 居家办公，白天可机动",
    "我是党员，我先上 / 周日全天",
    "报名 / 每天 19:00–21:00",
]


@transaction.atomic
def replay_mobilization_notice(
    *, organization: Organization, committee_branch: Branch, by: User, now: dt.datetime
) -> Notice:
    """The party committee's mobilization notice to every branch, as the seed tells it.

    Published at ``now`` to the committee's whole tree with the reply list "报名 + 可服务时段".
    About seven in ten members acknowledge within the next hours and one in three of those
    signs up on the list; the sender (``by``, an org admin) records these answers, which came
    through the WeChat groups. Members with a login are left for the demo: they acknowledge
    with the big button themselves. Replaying returns the notice already there.
    """
    existing = Notice.objects.filter(
        organization=organization, title=MOBILIZATION_TITLE, status=Notice.Status.PUBLISHED
    ).first()
    if existing is not None:
        return existing
    notice = create_notice(
        by=by,
        organization=organization,
        title=MOBILIZATION_TITLE,
        body=MOBILIZATION_BODY,
        audience=[committee_branch],
        sender_branch=committee_branch,
        reply_prompt=REPLY_PROMPT,
    )
    notice = publish_notice(by=by, notice=notice, now=now)
    copies = (
        NoticeRecipient.objects.filter(notice=notice, person__user__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    replies = 0
    for index, copy in enumerate(copies):
        if index % 10 >= 7:
            continue
        at = now + dt.timedelta(minutes=3 + 7 * index)
        reply = ""
        if index % 3 == 0:
            reply = REPLIES[replies % len(REPLIES)]
            replies += 1
        record_response(by=by, notice=notice, person=copy.person, reply=reply, now=at)
    return notice
