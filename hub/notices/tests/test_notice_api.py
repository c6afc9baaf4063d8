"""The notice API: create, publish, acknowledge, reply, remind and the per-branch tally."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hub.notices.models import Notice, NoticeRecipient
from hub.testing.builders import make_notice


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, name: str, pk: int | None = None, data=None):
    url = reverse(name, kwargs={"pk": pk}) if pk else reverse(name)
    return client.post(url, data=data or {}, content_type="application/json")


def test_a_secretary_creates_and_publishes_a_notice(cast) -> None:
    secretary = api(cast.secretary)
    created = post(
        secretary,
        "api:notice-list",
        data={
            "organization": cast.org_health.pk,
            "title": "关于做好值班的通知",
            "body": "请回复",
            "audience": [cast.branch_first.pk],
            "reply_prompt": "报名 + 可服务时段",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["sender_branch"] == cast.branch_first.pk

    published = post(secretary, "api:notice-publish", created.json()["id"])

    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert NoticeRecipient.objects.filter(notice_id=created.json()["id"]).count() == 2


def test_a_secretary_addressing_another_branch_gets_the_stable_code(cast) -> None:
    response = post(
        api(cast.secretary),
        "api:notice-list",
        data={
            "organization": cast.org_health.pk,
            "title": "通知",
            "body": "正文",
            "audience": [cast.branch_youth.pk],
        },
    )

    assert response.status_code == 400
    assert response.json()["code"] == "audience_out_of_scope"
    assert not Notice.objects.exists()


def test_a_member_acknowledges_and_replies_through_the_api(cast) -> None:
    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])
    member = api(cast.volunteer)

    acked = post(member, "api:notice-acknowledge", notice.pk)
    empty = post(member, "api:notice-reply", notice.pk, {"reply": " "})
    replied = post(member, "api:notice-reply", notice.pk, {"reply": "报名 周六全天"})

    assert acked.status_code == 200 and acked.json()["acknowledged_at"]
    assert empty.status_code == 400 and empty.json()["code"] == "empty_reply"
    assert replied.json()["acknowledged_at"] == acked.json()["acknowledged_at"]
    assert replied.json()["reply"] == "报名 周六全天"


def test_the_sender_reminds_and_reads_the_tally(cast) -> None:
    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])
    post(api(cast.volunteer), "api:notice-reply", notice.pk, {"reply": "报名 周六全天"})
    admin = api(cast.admin)

    first = post(admin, "api:notice-remind", notice.pk)
    second = post(admin, "api:notice-remind", notice.pk, {"branch": cast.branch_first.pk})
    tally = admin.get(reverse("api:notice-recipients", kwargs={"pk": notice.pk})).json()

    assert first.json() == {"reminded": 1}
    assert second.status_code == 400 and second.json()["code"] == "reminded_recently"
    assert (tally["total"], tally["acknowledged"], tally["waiting"]) == (2, 1, 1)
    assert tally["branches"][0]["waiting_names"] == ["王建国"]
    assert tally["replies"][0]["number"] == 1
    assert tally["replies"][0]["name"] == "张贝"


def test_creating_for_an_organization_one_does_not_serve_is_refused_without_a_hint(
    cast,
) -> None:
    data = {"title": "通知", "body": "正文", "audience": [cast.branch_first.pk]}

    elsewhere = post(
        api(cast.outsider), "api:notice-list", data={**data, "organization": cast.org_health.pk}
    )
    missing = post(api(cast.outsider), "api:notice-list", data={**data, "organization": 987654})

    assert elsewhere.status_code == missing.status_code == 403
    assert elsewhere.json() == missing.json()
