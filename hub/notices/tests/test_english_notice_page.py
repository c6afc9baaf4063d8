"""A notice's page in English: the acknowledgement's moment and the button speak English."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.notices.actions import acknowledge_notice
from hub.testing.builders import make_notice


def test_an_acknowledged_notice_reads_in_english_without_chinese_dates(cast):
    notice = make_notice(cast.secretary, organization=cast.org_health, audience=[cast.branch_first])
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.volunteer)
    url = reverse("notices:notice-detail", kwargs={"notice_id": notice.pk})
    unread = client.get(url).content.decode()
    assert ">Got it</button>" in unread and "收到 /" not in unread

    acknowledge_notice(by=cast.volunteer, notice=notice)
    page = client.get(url).content.decode()

    moment = timezone.localtime()
    assert f"Acknowledged at {moment:%b} {moment.day}," in page
    assert "月" not in page.split("<main", 1)[1].replace(notice.title, "")
