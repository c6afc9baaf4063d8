"""A seeded sealed compound: buildings with walking distances, households, parcels, carts.

20-60 buildings on a campus about 400 m across (walking is the straight line times 1.3 for
paths around lawns), ~2,000 residents in ~800 households, 0-5 parcels a household (group buys,
takeaway and government packs of 0.3-8 kg), 1 in 20 for door delivery first, carts of 40
parcels / 80 kg, several volunteers.
"""

from __future__ import annotations

import math
import random

from bench.dispatch.vrplib_io import Instance
from engines.dispatch.problem import Building, Cart, Parcel, Problem

DETOUR = 1.3


def compound(
    *,
    seed: int,
    buildings: int = 40,
    residents: int = 2000,
    carts: int = 4,
    volunteers: int = 6,
    cart_count: int = 40,
    cart_kg: int = 80,
) -> Problem:
    """The seeded compound's night as the engine's problem (gate at 0, 0)."""
    rng = random.Random(seed)
    side = math.ceil(math.sqrt(buildings))
    spots = [(40.0 + 60.0 * (i % side), 30.0 + 55.0 * (i // side)) for i in range(buildings)]
    rng.shuffle(spots)
    blocks = tuple(
        Building(id=i + 1, name=f"{i + 1}号楼", x=x + rng.uniform(-8, 8), y=y + rng.uniform(-8, 8))
        for i, (x, y) in enumerate(spots)
    )
    households = [(rng.randrange(buildings) + 1, floor) for floor in range(residents * 2 // 5)]
    parcels: list[Parcel] = []
    for household, (building, n) in enumerate(households):
        floor = 1 + n % 18
        for _ in range(min(5, int(rng.expovariate(1 / 3.5)))):
            parcels.append(
                Parcel(
                    id=len(parcels) + 1,
                    building_id=building,
                    weight=rng.choice((300, 600, 1200, 2500, 5000, 8000)),
                    priority=rng.random() < 0.05,
                    order_key=f"{floor:04d}|{household:05d}",
                )
            )
    points = [(0.0, 0.0), *((b.x, b.y) for b in blocks)]
    table = tuple(tuple(round(DETOUR * math.dist(a, b)) for b in points) for a in points)
    return Problem(
        buildings=blocks,
        parcels=tuple(parcels),
        carts=tuple(
            Cart(id=c + 1, capacity_count=cart_count, capacity_weight=cart_kg * 1000)
            for c in range(carts)
        ),
        volunteer_ids=tuple(range(101, 101 + volunteers)),
        distances=table,
    )


def to_instance(problem: Problem, name: str) -> Instance:
    """The compound in CVRP terms: parcels counted against the cart's parcel limit.

    CVRP has one capacity and cannot split a client, so this view drops weight and cuts a
    building with more parcels than a cart into full-cart pieces plus the rest, each piece a
    node at the building (0 m apart).
    """
    cap = max(c.capacity_count for c in problem.carts)
    counts = {b.id: 0 for b in problem.buildings}
    for parcel in problem.parcels:
        counts[parcel.building_id] += 1
    assert problem.distances is not None
    nodes = [0]  # location index of each node; the gate first
    demands = [0]
    coords = [(0.0, 0.0)]
    for index, building in enumerate(problem.buildings, start=1):
        left = counts[building.id]
        while left > 0:
            nodes.append(index)
            demands.append(min(cap, left))
            coords.append((building.x, building.y))
            left -= cap
    matrix = tuple(tuple(problem.distances[a][b] for b in nodes) for a in nodes)
    return Instance(
        name=name, capacity=cap, coords=tuple(coords), demands=tuple(demands), matrix=matrix
    )
