"""Area status history as in March–April 2022 (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from hub.demo.world import DONGYUAN_COMPOUND, YOUTH_COMPOUND
from hub.places.models import AreaStatus

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def history(compound: str) -> list[AreaStatus]:
    return list(AreaStatus.objects.filter(compound__name=compound).order_by("effective_from"))


def test_dongyuan_has_three_48_hour_closure_rounds_between_16_and_22_march(small_world):
    start, end = (
        dt.datetime(2022, 3, 16, tzinfo=SHANGHAI),
        dt.datetime(2022, 3, 23, tzinfo=SHANGHAI),
    )
    rounds = [
        s
        for s in history(DONGYUAN_COMPOUND)
        if s.status == "sealed" and start <= s.effective_from < end
    ]
    assert len(rounds) == 3
    assert all(s.effective_to - s.effective_from == dt.timedelta(hours=48) for s in rounds)
    assert all(s.effective_to <= end for s in rounds)


def test_dongyuan_alternates_sealed_and_precaution_and_a_fourth_closure_reseals_it_on_8_april(
    small_world,
):
    periods = history(DONGYUAN_COMPOUND)
    statuses = [s.status for s in periods]
    # Three 48-hour closures with precaution between, sealed from 1 April, and the screening
    # demo's fourth closure round restarting the sealed period on 8 April.
    assert statuses == ["precaution", "sealed"] * 4 + ["sealed"]
    assert all(a.effective_to == b.effective_from for a, b in itertools.pairwise(periods))
    assert periods[-2].effective_from.astimezone(SHANGHAI).date() == dt.date(2022, 4, 1)
    current = periods[-1]
    assert current.effective_to is None
    assert current.effective_from.astimezone(SHANGHAI).date() == dt.date(2022, 4, 8)


def test_youth_apartment_is_sealed_from_28_march(small_world):
    periods = history(YOUTH_COMPOUND)
    assert [s.status for s in periods] == ["precaution", "sealed"]
    assert periods[-1].effective_from == dt.datetime(2022, 3, 28, tzinfo=SHANGHAI)
    assert periods[-1].effective_to is None
