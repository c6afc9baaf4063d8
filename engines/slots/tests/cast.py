"""Tiny slot problems built in code."""

from __future__ import annotations

from engines.slots.problem import Building, Point, Problem, Slot, Unit


def building(
    bid: str, *units: int, walk: dict[str, int] | None = None, previous: str | None = None
) -> Building:
    walk = walk or {"P1": 100}
    return Building(
        id=bid,
        units=tuple(Unit(id=f"{bid}-U{i + 1}", residents=r) for i, r in enumerate(units)),
        walk=tuple(sorted(walk.items())),
        previous_slot=previous,
    )


def problem(
    buildings: list[Building], *, slots: int = 2, capacity: dict[str, int] | None = None
) -> Problem:
    capacity = capacity or {"P1": 10}
    return Problem(
        slots=tuple(Slot(id=f"S{i + 1}", start=i * 20, end=(i + 1) * 20) for i in range(slots)),
        points=tuple(Point(id=pid, capacity=c) for pid, c in sorted(capacity.items())),
        buildings=tuple(buildings),
    )
