"""Hypothesis: whatever the compound, a plan never overfills a queue and places every unit once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engines.slots.bound import lower_bound
from engines.slots.problem import Building, Point, Problem, Slot, Unit
from engines.slots.solver import solve


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n_points = draw(st.integers(1, 3))
    n_slots = draw(st.integers(1, 4))
    points = tuple(Point(id=f"P{i}", capacity=draw(st.integers(1, 30))) for i in range(n_points))
    slots = tuple(Slot(id=f"S{i}", start=i * 15, end=(i + 1) * 15) for i in range(n_slots))
    buildings = []
    for b in range(draw(st.integers(0, 8))):
        units = tuple(
            Unit(id=f"B{b}U{k}", residents=draw(st.integers(0, 12)))
            for k in range(draw(st.integers(1, 3)))
        )
        walk = tuple((p.id, draw(st.integers(0, 500))) for p in points)
        previous = draw(st.sampled_from([None, *[s.id for s in slots]]))
        buildings.append(Building(id=f"B{b}", units=units, walk=walk, previous_slot=previous))
    return Problem(slots=slots, points=points, buildings=tuple(buildings))


@settings(max_examples=150, deadline=None)
@given(problems())
def test_plan_never_exceeds_capacity_and_places_every_unit_once(prob: Problem) -> None:
    result = solve(prob)
    if not result.ok:
        return
    assert all(load.residents <= load.capacity for load in result.loads)
    placed = [p.unit_id for p in result.placements]
    assert sorted(placed) == sorted(u.id for b in prob.buildings for u in b.units)
    assert sum(load.residents for load in result.loads) == prob.residents


@settings(max_examples=150, deadline=None)
@given(problems())
def test_lower_bound_never_exceeds_the_plan(prob: Problem) -> None:
    result = solve(prob)
    if not result.ok:
        return
    bound = lower_bound(prob)
    assert result.cost is not None
    assert bound.changes <= result.cost.changes
    assert bound.splits <= result.cost.splits
    assert bound.walk <= result.cost.walk


@settings(max_examples=60, deadline=None)
@given(problems())
def test_refusal_only_when_capacity_or_a_unit_rules_it_out_or_packing_fails(prob: Problem) -> None:
    result = solve(prob)
    if result.ok:
        return
    assert result.reason in {"no_capacity", "unit_too_large", "no_fit", "no_points", "no_slots"}
