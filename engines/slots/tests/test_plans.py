from __future__ import annotations

from dataclasses import replace

import pytest

from engines.slots.problem import Params
from engines.slots.result import Status
from engines.slots.solver import solve
from engines.slots.tests.cast import building, problem

METHODS = ["heuristic", "cpsat", "naive"]


@pytest.mark.parametrize("method", METHODS)
def test_two_buildings_that_fit_go_whole_to_separate_slots(method: str) -> None:
    result = solve(problem([building("A", 4, 4), building("B", 6, 3)]), Params(method=method))
    assert result.ok
    assert result.cost is not None and result.cost.splits == 0
    slots = {p.building_id: p.slot_id for p in result.placements}
    assert slots["A"] != slots["B"]


def test_building_larger_than_a_queue_is_cut_along_its_units() -> None:
    result = solve(problem([building("A", 6, 6)]))
    assert result.ok
    assert result.split_buildings == ("A",)
    assert result.bound is not None and result.bound.splits == 1
    assert result.status == Status.OPTIMAL  # the plan meets the bound


def test_building_keeps_last_rounds_slot() -> None:
    result = solve(problem([building("A", 5, previous="S2"), building("B", 5, previous="S1")]))
    assert dict((p.building_id, p.slot_id) for p in result.placements) == {"A": "S2", "B": "S1"}
    assert result.changed_buildings == ()


def test_building_moves_only_when_its_old_slot_is_full() -> None:
    result = solve(problem([building("A", 8, previous="S1"), building("B", 7, previous="S1")]))
    assert result.ok
    assert len(result.changed_buildings) == 1
    assert result.bound is not None and result.bound.changes == 1


def test_nearest_point_is_chosen_when_both_have_room() -> None:
    prob = problem(
        [building("A", 3, walk={"P1": 400, "P2": 50})], slots=1, capacity={"P1": 10, "P2": 10}
    )
    result = solve(prob)
    assert {p.point_id for p in result.placements} == {"P2"}
    assert result.cost is not None and result.cost.walk == 150


def test_more_residents_than_capacity_is_refused_with_the_figures() -> None:
    result = solve(problem([building("A", 9, 9), building("B", 5)], slots=2))
    assert result.status == Status.INFEASIBLE
    assert result.reason == "no_capacity"
    assert dict(result.reason_params) == {"residents": 23, "capacity": 20}
    assert result.placements == ()


def test_a_unit_larger_than_every_queue_is_refused() -> None:
    result = solve(problem([building("A", 11)], slots=3))
    assert result.status == Status.INFEASIBLE
    assert result.reason == "unit_too_large"


def test_no_points_is_invalid_input() -> None:
    prob = replace(problem([building("A", 3, walk={})]), points=())
    result = solve(prob)
    assert result.status == Status.INVALID
    assert result.reason == "no_points"


def test_same_problem_gives_the_same_plan() -> None:
    from bench.slots.generate import compound

    prob = compound(seed=7, residents=400, buildings=10, points=2, slot_minutes=30)
    assert solve(prob).placements == solve(prob).placements
