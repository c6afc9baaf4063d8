from __future__ import annotations

import datetime as dt

import pytest

from hub.access import visible
from hub.errors import DomainError
from hub.privacy.retention import registered_purgers
from hub.screening.actions.antigen import hand_out_kits, report_antigen
from hub.screening.models import AntigenReport, KitHandout
from hub.screening.queries import not_reported
from hub.testing.builders import at

DAY = dt.date(2022, 4, 10)
NOW = at(4, 10, 9)
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 100


def test_kits_are_handed_out_per_household(cast):
    handout = hand_out_kits(by=cast.users["leader"], household=cast.household_own, kits=3, now=NOW)
    assert (handout.household, handout.kits) == (cast.household_own, 3)
    with pytest.raises(DomainError) as refused:
        hand_out_kits(by=cast.users["leader"], household=cast.household_own, kits=0, now=NOW)
    assert refused.value.code == "kits"
    assert KitHandout.objects.count() == 1


def test_a_helper_reports_for_a_resident_once_per_day_with_a_photo(cast):
    coordinator = cast.users["coordinator"]
    report_antigen(by=coordinator, person=cast.person_resident, day=DAY, result="positive", now=NOW)
    fixed = report_antigen(
        by=coordinator, person=cast.person_resident, day=DAY, result="negative", now=NOW, photo=JPEG
    )
    assert AntigenReport.objects.count() == 1
    assert (fixed.result, fixed.photo_type) == ("negative", "image/jpeg")


def test_a_photo_that_is_not_a_picture_or_too_large_is_refused(cast):
    coordinator = cast.users["coordinator"]
    for photo, code in (
        (b"%PDF-1.4", "photo_type"),
        (JPEG + b"0" * 5 * 1024 * 1024, "photo_too_large"),
    ):
        with pytest.raises(DomainError) as refused:
            report_antigen(
                by=coordinator,
                person=cast.person_resident,
                day=DAY,
                result="negative",
                now=NOW,
                photo=photo,
            )
        assert refused.value.code == code
    assert not AntigenReport.objects.exists()


def test_a_building_leader_sees_who_has_not_reported(cast):
    report_antigen(
        by=cast.users["coordinator"],
        person=cast.person_resident,
        day=DAY,
        result="negative",
        now=NOW,
    )
    assert list(not_reported(cast.users["leader"], day=DAY)) == []
    assert cast.person_resident in list(
        not_reported(cast.users["leader"], day=DAY + dt.timedelta(days=1))
    )
    # The leader sees who has not reported, never anybody's result.
    assert not visible(cast.users["leader"], AntigenReport.objects.all()).exists()
    assert visible(cast.users["coordinator"], AntigenReport.objects.all()).count() == 1


def test_antigen_reports_are_purged_after_retention(cast):
    report_antigen(
        by=cast.users["coordinator"],
        person=cast.person_resident,
        day=DAY,
        result="negative",
        now=NOW,
    )
    purge = registered_purgers()["screening.results"]
    assert purge(NOW + dt.timedelta(days=29)) == 0
    assert purge(NOW + dt.timedelta(days=31)) == 1
    assert purge(NOW + dt.timedelta(days=31)) == 0
