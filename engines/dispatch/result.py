"""What the dispatch engine answers: trips in order, the bound it aimed at, a typed status."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    PLANNED = "planned"  # every parcel is on a trip, no cart over capacity
    INFEASIBLE = "infeasible"  # the search found no plan within the limits (should not happen)


@dataclass(frozen=True)
class Stop:
    building_id: int
    parcel_ids: tuple[int, ...]  # in door order (priority first, then unit/floor/room)


@dataclass(frozen=True)
class Trip:
    volunteer_id: int
    cart_id: int
    round: int  # 1 = first trip of that volunteer this evening
    stops: tuple[Stop, ...]  # buildings in walking order
    distance: int  # metres, gate → stops → gate
    fixed: bool = False  # already on the road, kept from the previous plan

    @property
    def parcel_ids(self) -> tuple[int, ...]:
        return tuple(p for stop in self.stops for p in stop.parcel_ids)


@dataclass(frozen=True)
class Result:
    status: Status
    trips: tuple[Trip, ...]
    distance: int
    lower_bound_trips: int  # bin-packing bound on cart trips (count and weight), new trips only
    runtime: float

    @property
    def new_trips(self) -> tuple[Trip, ...]:
        return tuple(t for t in self.trips if not t.fixed)
