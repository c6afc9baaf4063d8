"""Residents: buildings and rooms are created as needed, in natural order, and found again."""

from __future__ import annotations

import pytest

from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, RESIDENT_HEADER, counts, id_number, xlsx
from hub.people.models import Person
from hub.places.models import Building, Household
from hub.places.ordering import natural_key

ROWS = [
    ["赵六", "13900000002", "12号楼", "1201", id_number(11)],
    ["钱七", "13900000003", "3号楼", "302室", ""],
    ["孙八", "", "3号楼", "302", ""],
    ["李九", "", "3", "1101", ""],
]


def upload(by, org, compound, rows):
    return upload_import(
        by=by,
        organization=org,
        kind="residents",
        filename="r.xlsx",
        content=xlsx(rows, header=RESIDENT_HEADER),
        compound=compound,
    )


@pytest.mark.django_db
def test_residents_create_buildings_and_households_with_sort_keys(org, compound, coordinator):
    batch = apply_import(now=NOW, by=coordinator, batch=upload(coordinator, org, compound, ROWS))

    assert batch.result == {"created": 4, "updated": 0, "unchanged": 0}
    assert list(Building.objects.values_list("name", flat=True)) == ["3号楼", "12号楼"]
    for building in Building.objects.all():
        assert building.sort_key == natural_key(building.name)
    assert Household.objects.count() == 3  # "302室" and "302" are one room
    for household in Household.objects.all():
        assert household.sort_key == natural_key(household.room)
    assert Person.objects.get(name="孙八").household == Person.objects.get(name="钱七").household
    assert Person.objects.get(name="李九").household.building.name == "3号楼"


@pytest.mark.django_db
def test_importing_residents_again_adds_nothing(org, compound, coordinator):
    apply_import(now=NOW, by=coordinator, batch=upload(coordinator, org, compound, ROWS))
    after_first = counts()

    again = apply_import(now=NOW, by=coordinator, batch=upload(coordinator, org, compound, ROWS))

    assert again.result == {"created": 0, "updated": 0, "unchanged": 4}
    assert counts() == after_first


@pytest.mark.django_db
def test_resident_who_moved_rooms_is_updated_not_duplicated(org, compound, coordinator):
    apply_import(now=NOW, by=coordinator, batch=upload(coordinator, org, compound, ROWS[:1]))
    moved = [["赵六", "13900000002", "12号楼", "1502", id_number(11)]]

    again = apply_import(now=NOW, by=coordinator, batch=upload(coordinator, org, compound, moved))

    assert again.result == {"created": 0, "updated": 1, "unchanged": 0}
    assert Person.objects.get().household.room == "1502"


@pytest.mark.django_db
def test_two_rows_for_one_resident_are_refused(org, compound, coordinator, nothing_written):
    batch = upload(coordinator, org, compound, [ROWS[1], ["钱七", "", "3栋", "302", ""]])

    assert batch.status == ImportBatch.Status.INVALID
    assert batch.errors[0]["code"] == "duplicate_person"
    assert (batch.errors[0]["row"], batch.errors[0]["column"]) == (3, "姓名")
