"""The notification settings page: add a robot, test it, see failures and "nothing configured"."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from hub.notify.actions import add_robot, dispatch_due
from hub.notify.models import ChannelRoute, Message
from hub.notify.routing import notify_building

pytestmark = pytest.mark.django_db
URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-TOKEN"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_with_nothing_configured_the_page_says_so_plainly(cast):
    page = client_for(cast.rc_admin).get(reverse("notify:settings"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "未设置任何通知渠道" in text
    assert cast.org_rc.name in text


def test_an_admin_adds_a_robot_for_a_building_and_its_token_is_never_shown(cast):
    client = client_for(cast.rc_admin)
    response = client.post(
        reverse("notify:robot-add"),
        {
            "organization": cast.org_rc.pk,
            "kind": "wecom",
            "url": URL,
            "scope": f"building:{cast.building_own.pk}",
            "audience": "group",
            "topics": ["notices", "drives"],
        },
    )
    assert response.status_code == 302
    route = ChannelRoute.objects.get()
    assert (route.building, route.topics) == (cast.building_own, ["drives", "notices"])
    page = client.get(response["Location"]).content.decode()
    assert "青年公寓 1号楼" in page and "qyapi.weixin.qq.com" in page
    assert "SECRET-TOKEN" not in page
    assert "未设置任何通知渠道" not in page


def test_a_robot_address_that_is_not_http_is_refused_in_chinese_and_changes_nothing(cast):
    response = client_for(cast.rc_admin).post(
        reverse("notify:robot-add"),
        {"organization": cast.org_rc.pk, "kind": "wecom", "url": "ftp://x", "audience": "group"},
    )
    assert response.status_code == 400
    assert "请输入机器人的 http:// 或 https:// 地址。" in response.content.decode()
    assert not ChannelRoute.objects.exists()


def test_another_organizations_settings_are_not_found(cast):
    client = client_for(cast.rc_admin)
    page = client.get(reverse("notify:settings"), {"organization": cast.org_health.pk})
    assert page.status_code == 404


def test_a_test_message_that_fails_is_listed_with_its_error(cast):
    route = add_robot(
        by=cast.rc_admin,
        organization=cast.org_rc,
        kind="wecom",
        url="http://127.0.0.1:9/robot",  # discard port: nothing listens
    )
    client = client_for(cast.rc_admin)
    assert client.post(reverse("notify:route-test", args=[route.pk])).status_code == 302
    message = Message.objects.get(route=route)
    dispatch_due(now=message.next_attempt_at)
    page = client.get(reverse("notify:settings")).content.decode()
    assert "守望测试消息" in page and "unreachable" in page


def test_messages_with_nowhere_to_go_are_listed(cast, settings):
    settings.NOTIFY_CONSOLE_FALLBACK = False
    with transaction.atomic():
        notify_building(building=cast.building_own, template="generic.text", params={"text": "x"})
    page = client_for(cast.rc_admin).get(reverse("notify:settings")).content.decode()
    assert "未设置通知渠道" in page and "青年公寓 1号楼" in page
