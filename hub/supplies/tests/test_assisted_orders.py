"""代下单: a volunteer records an order for a resident without a phone and links its parcel."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.supplies.actions import (
    cancel_assisted_order,
    link_assisted_parcel,
    receive_parcel,
    record_assisted_order,
)
from hub.supplies.models import AssistedOrder, CustodyEvent, Parcel
from hub.testing.builders import supply_night


@pytest.fixture
def night(cast):
    return supply_night(cast, crew=(cast.volunteer.person,))


def _order(cast, night, **kw):
    values = {"room_text": "1-301", "resident_name": "王阿姨", "items": "大米 5kg"} | kw
    return record_assisted_order(by=cast.volunteer, night=night, **values)


def test_an_order_for_an_unknown_room_is_refused_and_nothing_is_written(cast, night):
    with pytest.raises(DomainError) as refused:
        _order(cast, night, room_text="7-707")
    assert refused.value.code == "room_not_found"
    assert "7-707" in refused.value.message
    assert not AssistedOrder.objects.exists()


def test_an_order_without_items_or_name_is_refused(cast, night):
    with pytest.raises(DomainError) as no_items:
        _order(cast, night, items="  ")
    with pytest.raises(DomainError) as no_name:
        _order(cast, night, resident_name="")
    assert (no_items.value.code, no_name.value.code) == ("items_required", "name_required")


def test_the_arrived_parcel_is_linked_and_goes_to_the_door_first(cast, night):
    order = _order(cast, night)
    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="1-301", barcode="JD7")
    order = link_assisted_parcel(by=cast.volunteer, order=order, code="jd7")
    parcel.refresh_from_db()
    assert order.status == AssistedOrder.Status.ARRIVED and order.parcel == parcel
    assert parcel.priority and parcel.assisted_by == cast.volunteer.person
    assert CustodyEvent.objects.filter(parcel=parcel, note__contains=f"#{order.pk}").exists()


def test_a_parcel_for_another_room_is_not_linked(cast, night):
    order = _order(cast, night)
    other = receive_parcel(by=cast.coordinator, night=night, room_text="2-1201")
    with pytest.raises(DomainError) as refused:
        link_assisted_parcel(by=cast.volunteer, order=order, code=other.pick_code)
    assert refused.value.code == "wrong_room"
    order.refresh_from_db()
    assert order.parcel is None and not Parcel.objects.get(pk=other.pk).priority


def test_a_cancelled_order_takes_no_parcel_and_another_volunteer_may_not_cancel(cast, night):
    order = _order(cast, night, room_text="1-301")
    with pytest.raises(DomainError) as foreign:
        cancel_assisted_order(by=cast.leader, order=order)
    assert foreign.value.code == "forbidden"
    cancel_assisted_order(by=cast.coordinator, order=order)
    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="1-301")
    with pytest.raises(DomainError) as closed:
        link_assisted_parcel(by=cast.volunteer, order=order, parcel=parcel)
    assert closed.value.code == "order_closed"


def test_the_recorder_and_the_coordinator_see_the_resident_in_full(cast, night):
    _order(cast, night, resident_name="王秀英")
    url = reverse("supplies:assisted-orders", kwargs={"night_id": night.pk})
    for user in (cast.volunteer, cast.coordinator):
        client = Client()
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "王秀英" in page and "1号楼 301" in page


def test_a_crew_member_who_did_not_record_it_sees_name_and_room_masked(cast, night):
    from hub.supplies.queries import assisted_orders

    record_assisted_order(
        by=cast.coordinator, night=night, room_text="1-301", resident_name="王秀英", items="药"
    )
    (row,) = assisted_orders(cast.volunteer, night)
    assert row.resident == "王**" and row.room == "1号楼 3**"
    assert not row.mine


def test_the_page_records_an_order_and_says_a_missing_room_in_the_form(cast, night):
    client = Client()
    client.force_login(cast.volunteer)
    url = reverse("supplies:assisted-orders", kwargs={"night_id": night.pk})
    bad = client.post(url, {"room": "7-707", "resident_name": "李伯伯", "items": "牛奶"})
    assert bad.status_code == 200 and "7-707" in bad.content.decode()
    good = client.post(url, {"room": "1-301", "resident_name": "李伯伯", "items": "牛奶"})
    assert good.status_code == 302
    assert AssistedOrder.objects.get().recorded_by == cast.volunteer


def test_the_api_records_an_order_and_links_its_parcel(cast, night):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.volunteer)
    made = api.post(
        "/api/v1/assisted-orders/",
        {"night": night.pk, "room": "1-301", "resident_name": "王阿姨", "items": "鸡蛋"},
        format="json",
    )
    assert made.status_code == 201, made.content
    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="1-301")
    linked = api.post(
        f"/api/v1/assisted-orders/{made.json()['id']}/arrived/",
        {"code": parcel.pick_code},
        format="json",
    )
    assert linked.status_code == 200 and linked.json()["parcel"] == parcel.pk
