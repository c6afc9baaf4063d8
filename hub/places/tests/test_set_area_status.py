import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hub.conftest import Cast
from hub.errors import DomainError
from hub.places.actions import set_area_status
from hub.places.models import AreaStatus
from hub.places.queries import status_at

pytestmark = pytest.mark.django_db
SH = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2022, 4, day, hour, tzinfo=SH)


def test_new_status_closes_the_open_period_and_keeps_history(cast: Cast) -> None:
    set_area_status(
        by=cast.coordinator, compound=cast.compound_own, status="controlled", effective_from=at(10)
    )
    rows = list(AreaStatus.objects.filter(compound=cast.compound_own).order_by("effective_from"))
    assert [r.status for r in rows] == ["sealed", "controlled"]
    assert rows[0].effective_to == at(10)
    assert rows[1].effective_to is None


def test_status_at_any_moment_comes_from_history(cast: Cast) -> None:
    set_area_status(by=None, compound=cast.compound_own, status="controlled", effective_from=at(10))
    set_area_status(by=None, compound=cast.compound_own, status="precaution", effective_from=at(20))
    assert status_at(cast.compound_own, at(5)).status == "sealed"
    assert status_at(cast.compound_own, at(15)).status == "controlled"
    assert status_at(cast.compound_own, at(25)).status == "precaution"
    assert status_at(cast.compound_own, dt.datetime(2022, 1, 1, tzinfo=SH)) is None


def test_a_buildings_own_status_wins_over_the_compounds(cast: Cast) -> None:
    set_area_status(by=None, compound=cast.compound_own, status="precaution", effective_from=at(10))
    set_area_status(
        by=None,
        compound=cast.compound_own,
        building=cast.building_own,
        status="sealed",
        effective_from=at(12),
    )
    assert status_at(cast.compound_own, at(13), building=cast.building_own).status == "sealed"
    assert status_at(cast.compound_own, at(13), building=cast.building_own2).status == "precaution"


def test_a_start_before_the_current_period_is_refused(cast: Cast) -> None:
    with pytest.raises(DomainError) as err:
        set_area_status(
            by=None,
            compound=cast.compound_own,
            status="controlled",
            effective_from=dt.datetime(2022, 3, 1, tzinfo=SH),
        )
    assert err.value.code == "before_current"
    assert AreaStatus.objects.filter(compound=cast.compound_own).count() == 1


def test_building_leader_may_not_change_the_status(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        set_area_status(
            by=cast.leader, compound=cast.compound_own, status="controlled", effective_from=at(10)
        )


def test_another_organizations_admin_cannot_find_the_compound(cast: Cast) -> None:
    with pytest.raises(Http404):
        set_area_status(by=cast.outsider, compound=cast.compound_own, status="controlled")


def test_a_status_without_a_start_begins_at_the_injected_now(cast: Cast) -> None:
    row = set_area_status(by=None, compound=cast.compound_own, status="controlled", now=at(11, 9))
    assert row.effective_from == at(11, 9)
    assert status_at(cast.compound_own, at(11, 8)).status == "sealed"
    assert status_at(cast.compound_own, at(11, 10)).status == "controlled"
