"""The dispatch problem: parcels at buildings, carts, volunteers, the gate, walking distances.

Frozen dataclasses only; nothing here knows about Django. Locations are numbered: 0 is the gate
(the depot), 1..n are the buildings in the order of ``Problem.buildings``. Distances are metres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Building:
    id: int
    name: str
    x: float = 0.0  # metres from the gate, used when no distance table is given
    y: float = 0.0


@dataclass(frozen=True)
class Parcel:
    id: int
    building_id: int
    weight: int = 1000  # grams
    priority: bool = False  # door delivery first (elderly, immobile)
    order_key: str = ""  # unit/floor/room, the order inside a building


@dataclass(frozen=True)
class Cart:
    id: int
    capacity_count: int
    capacity_weight: int  # grams


@dataclass(frozen=True)
class FixedTrip:
    """A trip already on the road: kept as it is; its volunteer and cart are busy for round 1."""

    volunteer_id: int
    cart_id: int
    stops: tuple[tuple[int, tuple[int, ...]], ...]  # (building id, parcel ids) in walking order

    @property
    def parcel_ids(self) -> tuple[int, ...]:
        return tuple(p for _b, ids in self.stops for p in ids)


@dataclass(frozen=True)
class Problem:
    buildings: tuple[Building, ...]
    parcels: tuple[Parcel, ...]  # the parcels to plan (not those on the road)
    carts: tuple[Cart, ...]
    volunteer_ids: tuple[int, ...]
    # Optional full table over locations (gate first, then buildings); else Euclidean walking.
    distances: tuple[tuple[int, ...], ...] | None = None
    fixed_trips: tuple[FixedTrip, ...] = field(default_factory=tuple)

    def location_of(self) -> dict[int, int]:
        """Building id → location index (1..n)."""
        return {b.id: i + 1 for i, b in enumerate(self.buildings)}

    def distance_matrix(self) -> list[list[int]]:
        """Walking metres between locations; a given table wins over coordinates."""
        if self.distances is not None:
            return [list(row) for row in self.distances]
        points = [(0.0, 0.0), *((b.x, b.y) for b in self.buildings)]
        return [[round(math.dist(a, b)) for b in points] for a in points]


@dataclass(frozen=True)
class Params:
    time_limit: float = 1.0  # seconds of PyVRP search
    seed: int = 1
    max_trips_per_cart: int = 0  # 0: as many as the parcels need
    max_iterations: int = 0  # >0: stop after this many iterations (deterministic under a seed)
    # Cost of one trip in metres; None: more than any trip could save, so fewer trips come
    # first. 0 for plain CVRP (walking only), as the VRPLIB benchmark scores it.
    trip_cost: int | None = None
    # After the search, repack parcels (not pieces) to dissolve trips, while the walking stays
    # within ``repack_slack`` of the search's (0.01: 1 %). False: the search's plan as it is.
    repack: bool = True
    repack_slack: float = 0.01
