"""Routing: the nearest configured channel of a building, compound, branch or person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from hub.errors import DomainError
from hub.notify.actions import add_person_route, add_robot, dispatch_due, send_test_message
from hub.notify.models import Message, Topic
from hub.notify.queries import delivery_state, delivery_summary, problems_for
from hub.notify.routing import (
    notify_branch,
    notify_building,
    notify_compound,
    notify_people,
    notify_person,
)
from hub.notify.tests.test_channels import Robot
from hub.people.actions import add_membership
from hub.people.models import Person

pytestmark = pytest.mark.django_db
TEXT = {"text": "明天 8:00 全员核酸"}
LATER = dt.timedelta(minutes=1)


@pytest.fixture
def robot() -> Iterator[Robot]:
    server = Robot()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _production_routing(settings):
    # What production does: nothing configured is recorded, never silently logged.
    settings.NOTIFY_CONSOLE_FALLBACK = False


def robot_for(cast, robot_url="https://qyapi.weixin.qq.com/x", **scope):
    organization = scope.pop("organization", cast.org_rc)
    admin = cast.rc_admin if organization == cast.org_rc else cast.admin
    return add_robot(by=admin, organization=organization, kind="wecom", url=robot_url, **scope)


def send_building(cast, building, **kwargs):
    with transaction.atomic():
        return notify_building(building=building, template="generic.text", params=TEXT, **kwargs)


def test_building_robot_wins_over_compound_and_organization(cast):
    robot_for(cast)
    robot_for(cast, compound=cast.compound_own)
    nearest = robot_for(cast, building=cast.building_own)
    [message] = send_building(cast, cast.building_own)
    assert message.route == nearest
    assert message.channel == "wecom" and message.address == nearest.channel.name
    assert message.status == "pending" and message.topic == "general"


def test_a_building_without_a_robot_uses_its_compound_then_its_organization(cast):
    org_robot = robot_for(cast)
    compound_robot = robot_for(cast, compound=cast.compound_own)
    robot_for(cast, building=cast.building_own)
    [message] = send_building(cast, cast.building_own2)
    assert message.route == compound_robot
    [message] = send_building(cast, cast.building_other)
    assert message.route == org_robot
    with transaction.atomic():
        [message] = notify_compound(
            compound=cast.compound_other, template="generic.text", params=TEXT
        )
    assert message.route == org_robot


def test_every_robot_of_the_nearest_scope_gets_the_message_once(cast):
    first = robot_for(cast, building=cast.building_own)
    second = add_robot(
        by=cast.rc_admin,
        organization=cast.org_rc,
        kind="dingtalk",
        url="https://oapi.dingtalk.com/robot/send?access_token=T",
        building=cast.building_own,
    )
    messages = send_building(cast, cast.building_own, dedupe_key="drill:1")
    assert [m.route for m in messages] == [first, second]
    assert [m.dedupe_key for m in messages] == ["drill:1", f"drill:1@route{second.pk}"]
    again = send_building(cast, cast.building_own, dedupe_key="drill:1")
    assert [m.pk for m in again] == [m.pk for m in messages]
    assert Message.objects.count() == 2


def test_a_route_limited_to_notices_does_not_carry_drive_calls(cast):
    robot_for(cast, building=cast.building_own, topics=["notices"])
    org_robot = robot_for(cast)
    [drive_call] = send_building(cast, cast.building_own, topic=Topic.DRIVES)
    [notice] = send_building(cast, cast.building_own, topic=Topic.NOTICES)
    assert drive_call.route == org_robot
    assert notice.route.building == cast.building_own


def test_branch_message_climbs_to_the_parent_branch_then_the_organization(cast):
    committee = cast.branch_first.parent
    parent_robot = robot_for(cast, organization=cast.org_health, branch=committee)
    with transaction.atomic():
        [message] = notify_branch(branch=cast.branch_first, template="generic.text", params=TEXT)
    assert message.route == parent_robot
    assert message.organization == cast.org_health


def test_nothing_configured_is_recorded_and_never_dispatched(cast):
    [message] = send_building(cast, cast.building_own)
    assert message.status == "unrouted" and message.channel == "none"
    assert message.address == "青年公寓 1号楼"
    report = dispatch_due(now=message.next_attempt_at + LATER)
    assert report.claimed == 0
    assert delivery_state(message).status_label == "No channel configured"
    assert problems_for(cast.rc_admin, cast.org_rc) == [message]
    assert problems_for(cast.admin, cast.org_rc) == []


def test_a_message_routed_at_an_injected_now_is_due_from_that_moment(cast):
    robot_for(cast, building=cast.building_own)
    t0 = dt.datetime(2022, 4, 10, 8, 0, tzinfo=dt.UTC)
    [message] = send_building(cast, cast.building_own, now=t0)
    sent: list[Message] = []
    assert message.next_attempt_at == t0
    assert dispatch_due(now=t0 - LATER, send=sent.append).claimed == 0
    assert dispatch_due(now=t0, send=sent.append).sent == 1
    assert [m.pk for m in sent] == [message.pk]
    with transaction.atomic():
        nowhere = notify_person(
            person=cast.person_member,
            template="generic.text",
            params=TEXT,
            organization=cast.org_rc,
            now=t0 + LATER,
        )
    assert (nowhere.status, nowhere.next_attempt_at) == ("unrouted", t0 + LATER)


def test_in_development_nothing_configured_goes_to_the_console(cast, settings):
    settings.NOTIFY_CONSOLE_FALLBACK = True
    [message] = send_building(cast, cast.building_own)
    assert message.channel == "console" and message.status == "pending"


def person_sms(cast, **scope):
    return add_person_route(by=cast.admin, organization=cast.org_health, medium="sms", **scope)


def test_a_person_is_reached_by_sms_when_the_template_has_a_vendor_code(cast, settings):
    settings.NOTIFY_SMS_TEMPLATE_CODES = {"generic.text": "SMS_0001"}
    route = person_sms(cast)
    with transaction.atomic():
        message = notify_person(
            person=cast.person_member,
            template="generic.text",
            params=TEXT,
            organization=cast.org_health,
            dedupe_key="p:1",
        )
    assert (message.channel, message.route, message.recipient) == ("sms", route, cast.person_member)


def test_without_a_vendor_code_the_person_goes_to_their_branch_robot(cast):
    person_sms(cast)
    branch_robot = robot_for(
        cast, organization=cast.org_health, branch=cast.branch_first, audience="person"
    )
    with transaction.atomic():
        message = notify_person(
            person=cast.person_member,
            template="generic.text",
            params=TEXT,
            organization=cast.org_health,
        )
    assert message.route == branch_robot and message.channel == "wecom"
    assert message.recipient == cast.person_member


def test_a_person_with_an_email_and_an_email_route_gets_an_email(cast):
    add_person_route(by=cast.admin, organization=cast.org_health, medium="email")
    cast.volunteer.email = "zhang.bei@example.org"
    cast.volunteer.save(update_fields=["email"])
    volunteer = Person.objects.get(pk=cast.volunteer.person_id)
    member = cast.person_member  # no account, so no email address
    with transaction.atomic():
        count = notify_people(
            people=Person.objects.filter(pk__in=[volunteer.pk, member.pk]),
            template="generic.text",
            params=TEXT,
            organization=cast.org_health,
            dedupe_key="drill",
        )
    assert count == 2
    sent = Message.objects.get(dedupe_key=f"drill:{volunteer.pk}")
    assert (sent.channel, sent.address) == ("email", "zhang.bei@example.org")
    assert Message.objects.get(dedupe_key=f"drill:{member.pk}").status == "unrouted"


def test_telling_many_people_costs_a_constant_number_of_queries(cast, django_assert_num_queries):
    person_sms(cast)
    add_membership(by=cast.admin, person=cast.person_resident, branch=cast.branch_youth)
    people = Person.objects.filter(
        pk__in=[cast.person_member.pk, cast.person_resident.pk, cast.volunteer.person_id]
    )
    with transaction.atomic(), django_assert_num_queries(5 + 3 * 3):
        # routes, people, memberships, their branches and parents; per person: the insert in
        # its savepoint (no dedupe key, so no look-up)
        notify_people(
            people=people, template="generic.text", params=TEXT, organization=cast.org_health
        )


def test_only_an_admin_of_the_organization_configures_its_robots(cast):
    with pytest.raises(DomainError) as refused:
        add_robot(by=cast.coordinator, organization=cast.org_rc, kind="wecom", url="https://x.cn/")
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as foreign:
        robot_for(cast, organization=cast.org_health, compound=cast.compound_own)
    assert foreign.value.code == "route_foreign_scope"
    with pytest.raises(DomainError) as bad_url:
        robot_for(cast, robot_url="ftp://robot")
    assert bad_url.value.code == "invalid_url"
    assert bad_url.value.field == "url"


@pytest.mark.parametrize(
    ("kind", "reply", "read"),
    [
        ("wecom", {"errcode": 0, "errmsg": "ok"}, lambda j: j["text"]["content"]),
        ("dingtalk", {"errcode": 0, "errmsg": "ok"}, lambda j: j["text"]["content"]),
        ("feishu", {"code": 0, "msg": "success"}, lambda j: j["content"]["text"]),
    ],
)
def test_a_routed_message_reaches_a_real_robot_endpoint_on_loopback(cast, robot, kind, reply, read):
    robot.reply = (200, reply)
    route = add_robot(
        by=cast.rc_admin,
        organization=cast.org_rc,
        kind=kind,
        url=robot.url,
        secret="SEC" if kind != "wecom" else "",
        building=cast.building_own,
    )
    [message] = send_building(cast, cast.building_own)
    report = dispatch_due(now=message.next_attempt_at + LATER)
    assert (report.sent, report.failed, report.retrying) == (1, 0, 0)
    assert "明天 8:00 全员核酸" in read(robot.last_json)
    message.refresh_from_db()
    state = delivery_state(message)
    assert (state.status, state.attempts, state.last_error) == ("sent", 1, "")
    assert message.route == route


def test_a_refusing_robot_leaves_the_error_where_the_coordinator_can_read_it(cast, robot):
    robot.reply = (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    robot_for(cast, robot_url=robot.url)
    [message] = send_building(cast, cast.building_own)
    dispatch_due(now=message.next_attempt_at + LATER)
    message.refresh_from_db()
    state = delivery_state(message)
    assert state.status == "pending" and state.attempts == 1
    assert "93000" in state.last_error
    assert delivery_summary(Message.objects.all()) == {
        "pending": 1,
        "sent": 0,
        "failed": 0,
        "unrouted": 0,
    }


def test_the_test_message_goes_through_the_route_it_tests(cast, robot):
    route = robot_for(cast, robot_url=robot.url, compound=cast.compound_own)
    message = send_test_message(by=cast.rc_admin, route=route)
    assert message.route == route and message.template == "notify.test"
    dispatch_due(now=message.next_attempt_at + LATER)
    assert "青年公寓" in robot.last_json["text"]["content"]
    with pytest.raises(DomainError) as refused:
        send_test_message(by=cast.coordinator, route=route)
    assert refused.value.code == "forbidden"
