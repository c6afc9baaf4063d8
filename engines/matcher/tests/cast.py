"""Tiny instances built in code: one compound of three buildings in a row, and a neighbour."""

from __future__ import annotations

from engines.matcher import Building, Need, Problem, Volunteer

BUILDINGS = (
    Building("A1", "A", 0, 0),
    Building("A2", "A", 100, 0),
    Building("A3", "A", 400, 0),
    Building("B1", "B", 0, 0),
)


def problem(
    volunteers: list[Volunteer], needs: list[Need], sealed: set[str] = frozenset()
) -> Problem:  # type: ignore[assignment]
    return Problem(BUILDINGS, tuple(volunteers), tuple(needs), sealed_buildings=frozenset(sealed))
