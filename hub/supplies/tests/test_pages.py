"""The supplies pages from a phone: the gate, sorting, the trip's door drop, masks, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engines.dispatch.problem import Params
from hub.places.actions import add_household
from hub.supplies.actions import (
    issue_government_packs,
    plan_night,
    receive_parcel,
    sort_parcel,
    start_trip,
)
from hub.supplies.models import Parcel, Trip
from hub.testing.builders import supply_night


@pytest.fixture
def night(cast):
    return supply_night(cast, crew=(cast.volunteer.person,))


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_gate_shows_the_pick_code_after_one_submit(cast, night):
    response = _client(cast.volunteer).post(
        reverse("supplies:intake", kwargs={"night_id": night.pk}),
        {"room": "1-301", "kind": "courier", "barcode": "SF42"},
    )
    assert response.status_code == 200
    parcel = Parcel.objects.get()
    assert parcel.pick_code in response.content.decode()
    assert parcel.barcode == "SF42"


def test_the_gate_shows_a_duplicate_barcode_on_its_field(cast, night):
    receive_parcel(by=cast.coordinator, night=night, room_text="1-301", barcode="SF42")
    response = _client(cast.volunteer).post(
        reverse("supplies:intake", kwargs={"night_id": night.pk}),
        {"room": "2-1201", "kind": "courier", "barcode": "sf42"},
    )
    assert "1-0001" in response.content.decode()
    assert Parcel.objects.count() == 1


def test_the_gate_page_offers_camera_scanning(cast, night):
    page = _client(cast.volunteer).get(reverse("supplies:intake", kwargs={"night_id": night.pk}))
    html = page.content.decode()
    assert "data-scan" in html
    assert "web/scanner" in html and "zxing-browser.min" in html


def test_room_autocomplete_lists_matching_rooms(cast, night):
    response = _client(cast.volunteer).get(
        reverse("supplies:room-search", kwargs={"night_id": night.pk}), {"room": "2-12"}
    )
    assert '<option value="2-1201">' in response.content.decode()


def _loaded(cast, night, count):
    for n in range(count):
        add_household(by=None, building=cast.building_own, room=f"{n + 4}02")
    issue_government_packs(by=cast.coordinator, night=night)
    for parcel in Parcel.objects.filter(night=night):
        sort_parcel(by=cast.coordinator, parcel=parcel)
    plan_night(by=cast.coordinator, night=night, params=Params(max_iterations=30))
    trip = Trip.objects.filter(night=night, status="planned").order_by("pk").first()
    start_trip(by=cast.volunteer, trip=trip)
    return trip


def test_one_tap_drop_on_the_trip_page(cast, night):
    trip = _loaded(cast, night, 1)
    parcel = trip.parcels.order_by("pk").first()
    response = _client(cast.volunteer).post(
        reverse("supplies:parcel-drop", kwargs={"parcel_id": parcel.pk}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    parcel.refresh_from_db()
    assert parcel.status == "delivered"
    assert parcel.drop_notice is not None


def test_the_volunteer_sees_full_rooms_on_their_trip_and_masked_ones_on_pick_lists(cast, night):
    trip = _loaded(cast, night, 1)
    client = _client(cast.volunteer)
    trip_page = client.get(reverse("supplies:trip-detail", kwargs={"trip_id": trip.pk}))
    assert "1号楼 301" in trip_page.content.decode()
    receive_parcel(by=cast.coordinator, night=night, room_text="2-1201")
    picks = client.get(reverse("supplies:pick-list", kwargs={"night_id": night.pk})).content
    assert "2号楼 1201" not in picks.decode()
    coordinator_picks = _client(cast.coordinator).get(
        reverse("supplies:pick-list", kwargs={"night_id": night.pk})
    )
    assert "2号楼 1201" in coordinator_picks.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["supplies:pick-list", "supplies:exceptions", "supplies:plan"])
def test_night_lists_run_a_constant_number_of_queries(
    cast, night, route, django_assert_num_queries
):
    client = _client(cast.coordinator)
    url = reverse(route, kwargs={"night_id": night.pk})
    for room in ("1-301", "8-1"):
        receive_parcel(by=cast.coordinator, night=night, room_text=room)
    few = _count(client, url)
    for n in range(30):
        add_household(by=None, building=cast.building_own2, room=f"{n + 1}08")
        receive_parcel(by=cast.coordinator, night=night, room_text=f"2-{n + 1}08")
        receive_parcel(by=cast.coordinator, night=night, room_text=f"9-{n}")
    with django_assert_num_queries(few):
        client.get(url)


def test_the_trip_page_runs_a_constant_number_of_queries(cast, night, django_assert_num_queries):
    client = _client(cast.volunteer)
    small = _loaded(cast, night, 1)
    few = _count(client, reverse("supplies:trip-detail", kwargs={"trip_id": small.pk}))
    Trip.objects.all().delete()
    Parcel.objects.all().delete()
    big = _loaded(cast, night, 30)
    with django_assert_num_queries(few):
        client.get(reverse("supplies:trip-detail", kwargs={"trip_id": big.pk}))


def test_the_pick_list_prints_as_pdf(cast, night):
    receive_parcel(by=cast.coordinator, night=night, room_text="1-301")
    response = _client(cast.coordinator).get(
        reverse("supplies:pick-list-pdf", kwargs={"night_id": night.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pages_offer_what_the_actions_allow_for_the_parcels_and_trips_state(cast, night):
    from hub.supplies.actions import fail_parcel

    trip = _loaded(cast, night, 1)
    trip.refresh_from_db()
    client = _client(cast.coordinator)
    page = client.get(reverse("supplies:trip-detail", kwargs={"trip_id": trip.pk})).content
    assert trip.may_load and not trip.may_set_off  # on the road: load the rest, not set off
    assert "装上之后分拣好的包裹" in page.decode()
    failed = trip.parcels.order_by("pk").first()
    fail_parcel(by=cast.volunteer, parcel=failed, reason="refused")
    unmatched = receive_parcel(by=cast.coordinator, night=night, room_text="7-707")
    html = client.get(reverse("supplies:exceptions", kwargs={"night_id": night.pk})).content
    html = html.decode()
    assert reverse("supplies:parcel-requeue", kwargs={"parcel_id": failed.pk}) in html
    assert reverse("supplies:parcel-resolve", kwargs={"parcel_id": unmatched.pk}) in html
    assert reverse("supplies:parcel-requeue", kwargs={"parcel_id": unmatched.pk}) not in html
