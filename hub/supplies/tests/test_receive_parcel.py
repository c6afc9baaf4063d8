"""Intake at the gate: rooms as typed, pick codes, duplicate barcodes, the exceptions list."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from hub.errors import DomainError
from hub.places.actions import add_building, add_household
from hub.supplies.actions import receive_parcel, resolve_room
from hub.supplies.models import CustodyEvent, Parcel
from hub.testing.builders import supply_night


@pytest.fixture
def night(cast):
    building = add_building(by=None, compound=cast.compound_own, name="3号楼")
    add_household(by=None, building=building, room="1202")
    return supply_night(cast, crew=(cast.volunteer.person,))


@pytest.mark.parametrize(
    "typed", ["3-1202", "3号楼1202", "3栋1202室", "3#1202", "３－１２０２", "3 1202"]
)
def test_a_room_typed_at_the_gate_finds_its_household(cast, night, typed):
    parcel = receive_parcel(by=cast.coordinator, night=night, room_text=typed, barcode="SF123")
    assert parcel.status == Parcel.Status.RECEIVED
    assert (parcel.household.building.name, parcel.household.room) == ("3号楼", "1202")
    assert parcel.pick_code == "3-0001"


def test_pick_codes_run_through_the_night(cast, night):
    first = receive_parcel(by=cast.coordinator, night=night, household=cast.household_own)
    second = receive_parcel(by=cast.volunteer, night=night, room_text="3-1202")
    assert (first.pick_code, second.pick_code) == ("1-0001", "3-0002")


def test_each_parcel_starts_with_a_gate_event_and_an_audit_row(cast, night):
    parcel = receive_parcel(by=cast.volunteer, night=night, room_text="1-301", barcode="jd 778")
    event = CustodyEvent.objects.get(parcel=parcel)
    assert (event.stage, event.by, event.scanned) == ("gate", cast.volunteer, "JD778")
    assert LogEntry.objects.get_for_object(parcel).count() == 1


def test_the_same_barcode_twice_is_refused_naming_the_earlier_parcel(cast, night):
    receive_parcel(by=cast.coordinator, night=night, room_text="3-1202", barcode="SF0001")
    with pytest.raises(DomainError) as caught:
        receive_parcel(by=cast.volunteer, night=night, room_text="1-301", barcode=" sf0001 ")
    assert caught.value.code == "duplicate_barcode"
    assert "3-0001" in caught.value.message
    assert "3号楼" in caught.value.message
    assert Parcel.objects.count() == 1


def test_the_database_refuses_a_duplicate_barcode_too(cast, night):
    from django.db import IntegrityError, transaction

    parcel = receive_parcel(by=cast.coordinator, night=night, room_text="3-1202", barcode="X1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Parcel.objects.create(
            night=night,
            compound=cast.compound_own,
            household=parcel.household,
            kind="courier",
            status="received",
            pick_code="dup",
            barcode="X1",
            received_at=parcel.received_at,
        )


def test_an_unknown_room_goes_to_the_exceptions_list_with_its_text(cast, night):
    parcel = receive_parcel(by=cast.volunteer, night=night, room_text="7号楼 0808")
    assert parcel.status == Parcel.Status.UNMATCHED
    assert parcel.household is None
    assert parcel.raw_room == "7号楼 0808"
    assert parcel.pick_code == "?-0001"


def test_an_unmatched_parcel_joins_the_queue_once_its_room_is_found(cast, night):
    parcel = receive_parcel(by=cast.volunteer, night=night, room_text="3 号 1202x")
    resolved = resolve_room(by=cast.coordinator, parcel=parcel, room_text="3-1202")
    assert resolved.status == Parcel.Status.RECEIVED
    assert resolved.household.room == "1202"


def test_resolving_with_another_unknown_room_changes_nothing(cast, night):
    parcel = receive_parcel(by=cast.volunteer, night=night, room_text="99-1")
    with pytest.raises(DomainError) as caught:
        resolve_room(by=cast.coordinator, parcel=parcel, room_text="98-1")
    assert caught.value.code == "room_not_found"
    assert Parcel.objects.get().status == Parcel.Status.UNMATCHED


def test_no_room_at_all_is_refused(cast, night):
    with pytest.raises(DomainError) as caught:
        receive_parcel(by=cast.volunteer, night=night, room_text="  ")
    assert caught.value.code == "room_required"


def test_a_room_of_another_compound_is_refused(cast, night):
    other = cast.person_other_compound.household
    with pytest.raises(DomainError) as caught:
        receive_parcel(by=cast.coordinator, night=night, household=other)
    assert caught.value.code == "wrong_compound"


@pytest.mark.parametrize("role", ["leader", "desk", "outsider", "secretary"])
def test_only_the_coordinator_and_the_crew_receive_parcels(cast, night, role):
    with pytest.raises(DomainError) as caught:
        receive_parcel(by=getattr(cast, role), night=night, room_text="3-1202")
    assert caught.value.code == "forbidden"
    assert not Parcel.objects.exists()


def test_a_weight_out_of_range_is_refused(cast, night):
    with pytest.raises(DomainError) as caught:
        receive_parcel(by=cast.coordinator, night=night, room_text="3-1202", weight_g=0)
    assert caught.value.code == "bad_weight"
