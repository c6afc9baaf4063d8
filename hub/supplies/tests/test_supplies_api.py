"""The supplies API: a gate scanner posts parcels; masks; errors in JSON; constant queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from hub.supplies.actions import receive_parcel
from hub.testing.builders import supply_night


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_gate_scanner_posts_a_parcel_and_gets_its_pick_code(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    response = _api(cast.volunteer).post(
        "/api/v1/parcels/", {"night": night.pk, "room": "1号楼301", "barcode": "ZT1"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["pick_code"] == "1-0001"


def test_a_second_scan_of_a_barcode_is_refused_in_json(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    receive_parcel(by=cast.coordinator, night=night, room_text="1-301", barcode="ZT1")
    response = _api(cast.volunteer).post(
        "/api/v1/parcels/", {"night": night.pk, "room": "2-1201", "barcode": "ZT1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_barcode"
    assert "1-0001" in response.json()["detail"]


def test_rooms_and_phones_are_masked_for_the_crew_and_shown_to_the_coordinator(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="2-1201")
    parcel.contact_phone = "13800138000"
    parcel.save(update_fields=["contact_phone"])
    crew_view = _api(cast.volunteer).get(f"/api/v1/parcels/{parcel.pk}/").json()
    assert (crew_view["room"], crew_view["contact_phone"]) == ("2号楼 12**", "138****8000")
    coordinator_view = _api(cast.coordinator).get(f"/api/v1/parcels/{parcel.pk}/").json()
    assert (coordinator_view["room"], coordinator_view["contact_phone"]) == (
        "2号楼 1201",
        "13800138000",
    )


def test_the_parcel_list_runs_a_constant_number_of_queries(cast, django_assert_num_queries):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    client = _api(cast.coordinator)
    receive_parcel(by=cast.coordinator, night=night, room_text="1-301")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/parcels/?night={night.pk}")
    for n in range(25):
        receive_parcel(by=cast.coordinator, night=night, room_text="1-301" if n % 2 else f"7-{n}")
    with django_assert_num_queries(len(few)):
        assert client.get(f"/api/v1/parcels/?night={night.pk}").json()["count"] == 26
