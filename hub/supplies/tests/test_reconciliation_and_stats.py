"""The end of a night: per building, received = delivered + failed + still queued."""

from __future__ import annotations

import datetime as dt

from engines.dispatch.problem import Params
from hub.supplies import queries
from hub.supplies.actions import (
    deliver_parcel,
    fail_parcel,
    plan_night,
    receive_parcel,
    sort_parcel,
    start_trip,
)
from hub.supplies.models import Trip
from hub.testing.builders import supply_night

EVENING = dt.datetime(2022, 4, 20, 12, 0, tzinfo=dt.UTC)  # 20:00 in Shanghai


def _night_with_outcomes(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    parcels = [
        receive_parcel(by=cast.coordinator, night=night, room_text=room, now=EVENING)
        for room in ("1-301", "1-301", "2-1201", "2-1201")
    ]
    receive_parcel(by=cast.coordinator, night=night, room_text="8-808", now=EVENING)
    for parcel in parcels[:3]:
        sort_parcel(by=cast.volunteer, parcel=parcel, now=EVENING)
    plan_night(by=cast.coordinator, night=night, params=Params(max_iterations=50))
    start_trip(by=cast.volunteer, trip=Trip.objects.get(night=night), now=EVENING)
    deliver_parcel(by=cast.volunteer, parcel=parcels[0], now=EVENING + dt.timedelta(minutes=30))
    deliver_parcel(by=cast.volunteer, parcel=parcels[1], now=EVENING + dt.timedelta(minutes=90))
    fail_parcel(by=cast.volunteer, parcel=parcels[2], reason="refused", now=EVENING)
    return night


def test_every_building_balances_and_unmatched_are_counted_apart(cast):
    night = _night_with_outcomes(cast)
    tallies, unmatched = queries.reconciliation(night)
    summary = {t.building: (t.received, t.delivered, t.failed, t.queued) for t in tallies}
    assert summary == {"1号楼": (2, 2, 0, 0), "2号楼": (2, 0, 1, 1)}
    assert all(t.balanced for t in tallies)
    assert unmatched == 1


def test_statistics_of_the_night(cast):
    night = _night_with_outcomes(cast)
    stats = queries.night_stats(night)
    assert stats.received_per_hour == [("20:00", 5)]
    assert stats.delivered_per_hour == [("20:00", 1), ("21:00", 1)]
    assert stats.gate_to_door_median == dt.timedelta(hours=1)
    assert stats.gate_to_door_worst == dt.timedelta(minutes=90)
    assert stats.failures == [("Refused", 1)]
    assert stats.per_volunteer == [("张*", 2)]
