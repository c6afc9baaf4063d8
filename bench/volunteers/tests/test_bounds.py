"""The bench's own lower bound, minimum-changes model and rules, checked against the engine."""

import random

import pytest
from ortools.sat.python import cp_model

from bench.volunteers import rules
from bench.volunteers.generate import generate
from bench.volunteers.lower_bound import achievable_loads, hull_lines, lower_bound
from bench.volunteers.min_changes import (
    components,
    filled_places,
    hard_model,
    max_filled,
    min_changes,
)
from engines.roster import SolveParams, StopParams, StrategyParams, solve, solve_greedy
from engines.roster.problem import eligible_shifts
from engines.roster.repair import repair_problem
from engines.roster.score import fair_targets, penalties_of

# Small instances the engine solves to proven optimality well within the limit.
SMALL = [(8, 2, 0), (12, 3, 2)]


@pytest.mark.parametrize(("size", "days", "seed"), SMALL)
def test_lower_bound_never_exceeds_the_proven_optimum(size, days, seed):
    problem = generate(size, days, seed)
    result = solve(
        problem,
        SolveParams(StopParams(time_limit_s=60), StrategyParams(workers=1, seed=0, explain=False)),
    )
    assert result.status == "optimal"
    bound = lower_bound(problem, cp_sat_limit_s=5)
    assert bound.value <= result.objective
    assert bound.under_cover + bound.fairness_floor <= result.objective


def test_lower_bound_parts_are_positive_on_a_short_handed_instance():
    bound = lower_bound(generate(50, 7), cp_sat_limit_s=2)
    assert bound.under_cover > 0
    assert bound.fairness_floor > 0
    assert bound.value >= bound.under_cover + bound.fairness_floor


def test_every_point_lies_on_or_above_every_hull_line():
    rng = random.Random(4)
    points = sorted({(x, rng.randint(0, 40)) for x in rng.sample(range(0, 2000, 60), 15)})
    for slope, intercept in hull_lines(points):
        assert all(y >= slope * x + intercept - 1e-9 for x, y in points)


def test_achievable_loads_stop_at_the_weekly_limit():
    problem = generate(50, 7)
    person = problem.people[0]
    eligible = rules.eligibility(problem)[person.id]
    loads = achievable_loads(person, eligible, problem.num_days)
    assert loads[0] == 0
    assert max(loads) <= person.max_minutes_per_week


def test_bench_eligibility_and_fair_targets_match_the_engine():
    problem = generate(200, 7)
    mine = rules.eligibility(problem)
    assert {k: [s.id for s in v] for k, v in mine.items()} == {
        k: [s.id for s in v] for k, v in eligible_shifts(problem).items()
    }
    assert rules.fair_targets(problem, mine) == fair_targets(problem)


def test_bench_score_agrees_with_the_engine_on_the_greedy_roster():
    problem = generate(200, 7)
    roster = solve_greedy(problem, explain=False).assignments
    score = rules.score(problem, roster)
    assert score.objective == sum(p.cost for p in penalties_of(problem, roster))
    assert score.violations == ()


def test_bench_score_names_a_double_booking():
    problem = generate(50, 7)
    person = problem.people[0]
    first, second = rules.eligibility(problem)[person.id][:2]
    assert rules.conflict(first, second, problem.rules.min_rest_minutes)
    score = rules.score(problem, [(person.id, first.id), (person.id, second.id)])
    assert any("overlap or break rest" in v for v in score.violations)


def test_min_changes_is_zero_when_nobody_dropped_out():
    problem = generate(50, 7)
    roster = solve_greedy(problem, explain=False).assignments
    fixed = repair_problem(problem, roster, dropped=[])
    found = min_changes(fixed, roster, filled_places(fixed, roster), time_limit_s=10)
    assert (found.value, found.bound, found.optimal) == (0, 0, True)


def test_min_changes_needs_one_addition_per_place_to_refill():
    problem = generate(12, 3, seed=2)
    roster = solve_greedy(problem, explain=False).assignments
    gone = roster[0][0]
    fixed = repair_problem(problem, roster, dropped=[gone])
    assert fixed.previous is not None
    lost = sum(1 for p, _ in roster if p == gone)
    best, most = max_filled(fixed, time_limit_s=5)
    assert best == most
    places = min(filled_places(problem, roster), best)
    found = min_changes(fixed, fixed.previous, places, time_limit_s=10)
    refill = places - filled_places(fixed, fixed.previous)
    assert lost > 0
    assert found.optimal
    assert found.value is not None and found.value >= refill


def test_max_filled_by_parts_equals_the_whole_model():
    problem = generate(40, 2, seed=5)
    assert len(components(problem)) > 1
    model, _, filled = hard_model(problem)
    model.maximize(sum(filled))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    assert max_filled(problem, time_limit_s=20) == (round(solver.objective_value),) * 2
