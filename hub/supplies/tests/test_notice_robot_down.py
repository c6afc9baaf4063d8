"""放门口了 told through a building's group robot that is down: nothing lost, retried, visible."""

from __future__ import annotations

import datetime as dt
import random
import socket

import pytest
from django.test import Client
from django.urls import reverse

from engines.dispatch.problem import Params
from hub.notify.actions import add_robot, dispatch_due
from hub.notify.models import Channel, Message
from hub.notify.tests.test_channels import Robot
from hub.supplies.actions import deliver_parcel, plan_night, receive_parcel, sort_parcel, start_trip
from hub.supplies.models import SupplySite, Trip
from hub.testing.builders import supply_night

AT = dt.datetime(2022, 4, 20, 12, 0, tzinfo=dt.UTC)
DOOR_WORDS = "您的外卖放门口了，请及时查收"


@pytest.fixture
def robot():
    server = Robot()
    yield server
    server.close()


def _closed_port_url() -> str:
    """An address nobody listens on: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/robot/send?access_token=TOKEN"


def _dropped(cast, url):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    SupplySite.objects.create(compound=cast.compound_own, notice_via=SupplySite.NoticeVia.ROBOT)
    add_robot(
        by=cast.rc_admin,
        organization=cast.compound_own.organization,
        kind="wecom",
        url=url,
        building=cast.building_own,
    )
    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="1-301", now=AT)
    sort_parcel(by=cast.coordinator, parcel=parcel, now=AT)
    plan_night(by=cast.coordinator, night=night, params=Params(max_iterations=30))
    start_trip(by=cast.volunteer, trip=Trip.objects.get(night=night), now=AT)
    return night, deliver_parcel(by=cast.volunteer, parcel=parcel, now=AT)


def test_a_robot_that_refuses_then_answers_503_loses_nothing_and_gets_it_once(cast, robot):
    night, parcel = _dropped(cast, _closed_port_url())
    notice = Message.objects.get(pk=parcel.drop_notice_id)
    assert notice.status == "pending" and notice.body == DOOR_WORDS  # the household's language
    rng = random.Random(3)
    due = notice.next_attempt_at  # the outbox's own clock, not the night's

    dispatch_due(now=due + dt.timedelta(minutes=1), rng=rng)  # the connection is refused
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("pending", 1)
    assert "unreachable" in notice.last_error and "TOKEN" not in notice.last_error

    # The robot comes back but is failing: it answers 503.
    Channel.objects.filter(pk=notice.route.channel_id).update(url=robot.url)
    robot.reply = (503, {})
    dispatch_due(now=due + dt.timedelta(hours=1), rng=rng)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("pending", 2)
    assert "HTTP 503" in notice.last_error

    # The coordinator sees it is being retried, and why.
    coordinator = Client()
    coordinator.force_login(cast.coordinator)
    plan = coordinator.get(reverse("supplies:plan", kwargs={"night_id": night.pk}))
    assert "being retried" in plan.content.decode() or "正在重试" in plan.content.decode()
    detail = coordinator.get(reverse("supplies:parcel-detail", kwargs={"parcel_id": parcel.pk}))
    assert "HTTP 503" in detail.content.decode()

    robot.reply = (200, {"errcode": 0, "errmsg": "ok"})
    dispatch_due(now=due + dt.timedelta(hours=5), rng=rng)
    dispatch_due(now=due + dt.timedelta(hours=6), rng=rng)  # nothing is sent twice
    notice.refresh_from_db()
    assert (notice.status, notice.last_error) == ("sent", "")
    assert len(robot.requests) == 2  # the 503 and the one that got through
    assert DOOR_WORDS in robot.last_json["text"]["content"]
    assert "1号楼 301" in robot.last_json["text"]["content"]
