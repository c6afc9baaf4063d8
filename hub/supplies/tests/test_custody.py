"""Hand-overs after the gate: sorting, the cart, the door, failure and back to the queue."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.notify.models import Message
from hub.supplies.actions import (
    deliver_parcel,
    fail_parcel,
    plan_night,
    receive_parcel,
    requeue_parcel,
    sort_parcel,
    start_trip,
)
from hub.supplies.models import CustodyEvent, Parcel, Trip
from hub.supplies.queries import find_parcel
from hub.testing.builders import supply_night

FAST = None


@pytest.fixture
def night(cast):
    return supply_night(cast, crew=(cast.volunteer.person,))


def _on_cart(cast, night, **options):
    from engines.dispatch.problem import Params

    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="1-301", **options)
    sort_parcel(by=cast.volunteer, parcel=parcel)
    plan_night(by=cast.coordinator, night=night, params=Params(max_iterations=50))
    trip = Trip.objects.get(night=night, status="planned")
    start_trip(by=cast.volunteer, trip=trip)
    return Parcel.objects.get(pk=parcel.pk)


def test_a_scan_finds_a_parcel_by_barcode_or_pick_code(cast, night):
    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="1-301", barcode="YT9")
    assert find_parcel(night, "yt9") == parcel
    assert find_parcel(night, parcel.pick_code.lower()) == parcel
    with pytest.raises(DomainError) as caught:
        find_parcel(night, "nothing")
    assert caught.value.code == "unknown_code"


def test_the_chain_of_custody_says_who_had_it_last(cast, night):
    parcel = _on_cart(cast, night)
    deliver_parcel(by=cast.volunteer, parcel=parcel, scanned=parcel.pick_code)
    stages = list(CustodyEvent.objects.filter(parcel=parcel).values_list("stage", "by__username"))
    assert stages == [
        ("gate", "coordinator"),
        ("sorting", "volunteer"),
        ("cart", "volunteer"),
        ("door", "volunteer"),
    ]


def test_a_door_drop_with_no_route_configured_is_kept_as_unrouted(cast, night, settings):
    settings.NOTIFY_CONSOLE_FALLBACK = False
    parcel = _on_cart(cast, night)
    done = deliver_parcel(by=cast.volunteer, parcel=parcel)
    message = Message.objects.get(pk=done.drop_notice_id)
    assert message.status == "unrouted"
    assert message.recipient == cast.person_resident
    assert "放门口了" in message.body
    assert Trip.objects.get(pk=done.trip_id).status == Trip.Status.DONE


def test_a_door_drop_goes_by_sms_where_the_organization_routed_people_so(cast, night, settings):
    from hub.notify.actions import add_person_route

    settings.NOTIFY_SMS_TEMPLATE_CODES = {"supplies.dropped": "SMS_TEST_1"}
    add_person_route(
        by=cast.rc_admin, organization=cast.org_rc, medium="sms", compound=cast.compound_own
    )
    parcel = _on_cart(cast, night)
    done = deliver_parcel(by=cast.volunteer, parcel=parcel)
    message = Message.objects.get(pk=done.drop_notice_id)
    assert (message.channel, message.recipient) == ("sms", cast.person_resident)


def test_a_compound_that_chose_the_group_robot_gets_the_building_robot(cast, night):
    from hub.notify.actions import add_robot
    from hub.supplies.models import SupplySite

    SupplySite.objects.create(compound=cast.compound_own, notice_via="robot")
    add_robot(
        by=cast.rc_admin,
        organization=cast.org_rc,
        kind="wecom",
        url="https://robot.example.invalid/hook",
        building=cast.building_own,
    )
    parcel = _on_cart(cast, night)
    done = deliver_parcel(by=cast.volunteer, parcel=parcel)
    message = Message.objects.get(pk=done.drop_notice_id)
    assert message.channel == "wecom"
    assert message.status != "unrouted"


def test_a_neighbour_who_collects_is_recorded(cast, night):
    parcel = _on_cart(cast, night)
    done = deliver_parcel(
        by=cast.volunteer, parcel=parcel, proxy_name="李阿姨", proxy_relation="邻居"
    )
    assert (done.proxy_name, done.proxy_relation) == ("李阿姨", "邻居")
    assert "李阿姨" in CustodyEvent.objects.filter(parcel=parcel).last().note


def test_a_collector_without_relation_is_refused(cast, night):
    parcel = _on_cart(cast, night)
    with pytest.raises(DomainError) as caught:
        deliver_parcel(by=cast.volunteer, parcel=parcel, proxy_name="李阿姨")
    assert caught.value.code == "proxy_relation"
    assert Parcel.objects.get(pk=parcel.pk).status == Parcel.Status.LOADED


def test_a_failed_parcel_keeps_its_reason_and_goes_back_to_the_queue(cast, night):
    parcel = _on_cart(cast, night)
    failed = fail_parcel(by=cast.volunteer, parcel=parcel, reason="nobody_home")
    assert (failed.status, failed.failure) == ("failed", "nobody_home")
    again = requeue_parcel(by=cast.coordinator, parcel=failed)
    assert (again.status, again.trip) == ("sorted", None)


def test_an_unknown_reason_is_refused(cast, night):
    parcel = _on_cart(cast, night)
    with pytest.raises(DomainError) as caught:
        fail_parcel(by=cast.volunteer, parcel=parcel, reason="lost")
    assert caught.value.code == "bad_reason"


def test_a_delivered_parcel_cannot_be_delivered_again(cast, night):
    parcel = _on_cart(cast, night)
    deliver_parcel(by=cast.volunteer, parcel=parcel)
    with pytest.raises(DomainError) as caught:
        deliver_parcel(by=cast.volunteer, parcel=parcel)
    assert caught.value.code == "bad_transition"
    assert Message.objects.filter(template="supplies.dropped").count() == 1


def test_another_volunteers_trip_is_refused(cast, night):
    from hub.testing.builders import login_for, member

    parcel = _on_cart(cast, night)
    stranger = login_for(member(cast, 7))
    with pytest.raises(DomainError) as caught:
        deliver_parcel(by=stranger, parcel=parcel)
    assert caught.value.code == "not_your_trip"
