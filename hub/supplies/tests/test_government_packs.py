"""Government supply packs: one per household, for the compound or chosen buildings."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.supplies.actions import issue_government_packs
from hub.supplies.models import CustodyEvent, Parcel
from hub.testing.builders import supply_night


def test_one_pack_per_household_of_the_compound(cast):
    night = supply_night(cast)
    added = issue_government_packs(by=cast.coordinator, night=night)
    assert added == 2  # 1号楼 301 and 2号楼 1201
    assert CustodyEvent.objects.filter(stage="gate").count() == 2


def test_issuing_again_adds_nothing(cast):
    night = supply_night(cast)
    issue_government_packs(by=cast.coordinator, night=night)
    assert issue_government_packs(by=cast.coordinator, night=night) == 0
    assert Parcel.objects.count() == 2


def test_chosen_buildings_only(cast):
    night = supply_night(cast)
    assert (
        issue_government_packs(by=cast.coordinator, night=night, buildings=[cast.building_own2])
        == 1
    )
    assert Parcel.objects.get().household.building == cast.building_own2
    assert issue_government_packs(by=cast.coordinator, night=night) == 1


def test_a_building_of_another_compound_is_refused(cast):
    night = supply_night(cast)
    with pytest.raises(DomainError) as caught:
        issue_government_packs(by=cast.coordinator, night=night, buildings=[cast.building_other])
    assert caught.value.code == "wrong_compound"
    assert not Parcel.objects.exists()


def test_the_crew_does_not_issue_packs(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    with pytest.raises(DomainError) as caught:
        issue_government_packs(by=cast.volunteer, night=night)
    assert caught.value.code == "forbidden"
