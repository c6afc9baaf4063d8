"""A seeded compound for the slot benchmark: buildings with units, points, slots, last round.

2,000 residents in 40 buildings (2–4 units each; more where a building outgrows a queue),
2–4 sampling points on a 400 m × 300 m plan,
slots of 15–30 minutes over a morning; capacity per queue from a point's sampling rate, so the
round is tight (about 1.25 × the residents). Last round's slots come from a plan of a slightly
different compound (residents moved, a point closed), so some buildings must change.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from engines.slots.problem import Building, Point, Problem, Slot, Unit


def compound(
    *,
    seed: int,
    residents: int = 2000,
    buildings: int = 40,
    points: int = 3,
    slot_minutes: int = 20,
    window_minutes: int = 240,
    headroom: float = 1.25,
) -> Problem:
    rng = random.Random(seed)
    weights = [rng.uniform(0.5, 1.6) for _ in range(buildings)]
    scale = residents / sum(weights)
    sizes = [max(4, round(w * scale)) for w in weights]
    sizes[-1] += residents - sum(sizes)
    sites = [(rng.uniform(0, 400), rng.uniform(0, 300)) for _ in range(points)]
    n_slots = window_minutes // slot_minutes
    slots = tuple(
        Slot(id=f"S{i + 1:02d}", start=i * slot_minutes, end=(i + 1) * slot_minutes)
        for i in range(n_slots)
    )
    capacity = math.ceil(residents * headroom / (n_slots * points))
    pts = tuple(Point(id=f"P{j + 1}", capacity=capacity) for j in range(points))
    out = []
    for i, size in enumerate(sizes):
        # Units of roughly even size (±20 %), never more than 80 % of a queue.
        n_units = max(rng.randint(2, 4), math.ceil(size / (0.8 * capacity)))
        step = size / n_units
        cuts = sorted({round(step * k + rng.uniform(-0.2, 0.2) * step) for k in range(1, n_units)})
        bounds = [0, *cuts, size]
        units = tuple(
            Unit(id=f"B{i + 1:02d}-U{k + 1}", residents=bounds[k + 1] - bounds[k])
            for k in range(len(bounds) - 1)
        )
        x, y = rng.uniform(0, 400), rng.uniform(0, 300)
        walk = tuple(
            (p.id, round(math.hypot(x - sx, y - sy)))
            for p, (sx, sy) in zip(pts, sites, strict=True)
        )
        out.append(Building(id=f"B{i + 1:02d}", units=units, walk=walk))
    return Problem(slots=slots, points=pts, buildings=tuple(out))


def with_last_round(problem: Problem, previous: dict[str, str]) -> Problem:
    """The same compound with each building's slot of last round."""
    return replace(
        problem,
        buildings=tuple(replace(b, previous_slot=previous.get(b.id)) for b in problem.buildings),
    )


def perturbed(problem: Problem, *, seed: int, moved_share: float = 0.08) -> Problem:
    """This round's compound: some residents moved between units since last round."""
    rng = random.Random(seed + 1000)
    buildings = []
    for b in problem.buildings:
        units = []
        for u in b.units:
            delta = round(u.residents * rng.uniform(-moved_share, moved_share))
            units.append(replace(u, residents=max(1, u.residents + delta)))
        buildings.append(replace(b, units=tuple(units)))
    return replace(problem, buildings=tuple(buildings))
