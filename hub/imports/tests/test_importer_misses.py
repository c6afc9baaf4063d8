"""Headers as real registers write them, and every error of a row reported at once."""

from __future__ import annotations

import pytest

from hub.imports.actions import upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import xlsx


def _residents(coordinator, org, compound, rows, header):
    return upload_import(
        by=coordinator,
        organization=org,
        kind="residents",
        filename="r.xlsx",
        content=xlsx(rows, header=header),
        compound=compound,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("building", ["栋", "楼栋", "栋号", "幢", "楼号", "楼幢", "号楼"])
@pytest.mark.parametrize("room", ["门牌", "房号", "室号", "室", "房间", "门牌号", "户号"])
def test_building_and_room_headers_of_real_registers_are_understood(
    org, compound, coordinator, building, room
):
    batch = _residents(
        coordinator, org, compound, [["赵六", "3", "1201"]], ["姓名", building, room]
    )

    assert batch.status == ImportBatch.Status.VALID, batch.errors


@pytest.mark.django_db
def test_a_bad_building_and_an_empty_room_are_both_reported(org, compound, coordinator):
    batch = _residents(coordinator, org, compound, [["赵六", "=A1", ""]], ["姓名", "楼号", "室号"])

    assert {(e["column"], e["code"]) for e in batch.errors} == {
        ("楼号", "formula"),
        ("室号", "required"),
    }


@pytest.mark.django_db
def test_a_too_long_building_and_an_empty_room_are_both_reported(org, compound, coordinator):
    batch = _residents(
        coordinator, org, compound, [["赵六", "楼" * 61, ""]], ["姓名", "楼号", "室号"]
    )

    assert {(e["column"], e["code"]) for e in batch.errors} == {
        ("楼号", "too_long"),
        ("室号", "required"),
    }
