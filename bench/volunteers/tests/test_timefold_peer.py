"""The Timefold peer's model, when the optional `peer` extra is installed.

Skipped only when the `timefold` package is absent; with it installed, a broken import or a
missing Java fails these tests instead of hiding behind a skip.
"""

import importlib.util

import pytest

if importlib.util.find_spec("timefold") is None:
    pytest.skip(
        "the optional `peer` extra (timefold) is not installed: `make bench-peer` installs it",
        allow_module_level=True,
    )

from timefold.solver import SolutionManager, SolverFactory

from bench.volunteers import timefold_peer
from bench.volunteers.generate import generate
from bench.volunteers.rules import conflict, eligibility
from engines.roster import solve_greedy
from engines.roster.score import penalties_of


def test_a_roster_survives_the_round_trip_through_the_timefold_model():
    problem = generate(12, 2, seed=1)
    roster = solve_greedy(problem, explain=False).assignments
    conversion = timefold_peer.to_timefold(problem, frozenset(roster))
    assert timefold_peer.assignments_of(conversion.roster) == tuple(sorted(roster))


def test_timefold_scores_the_engine_roster_as_the_engine_does():
    problem = generate(12, 2, seed=1)
    roster = solve_greedy(problem, explain=False).assignments
    conversion = timefold_peer.to_timefold(problem, frozenset(roster))
    factory = SolverFactory.create(timefold_peer.solver_config(1.0))
    score = SolutionManager.create(factory).update(conversion.roster)
    assert score.hard_score == 0
    expected = sum(p.cost for p in penalties_of(problem, roster))
    assert timefold_peer.objective(conversion, score) == expected


def test_timefold_counts_a_double_booking_as_hard():
    problem = generate(12, 2, seed=1)
    person = problem.people[0]
    first, second = eligibility(problem)[person.id][:2]
    assert conflict(first, second, problem.rules.min_rest_minutes)
    conversion = timefold_peer.to_timefold(
        problem, frozenset({(person.id, first.id), (person.id, second.id)})
    )
    factory = SolverFactory.create(timefold_peer.solver_config(1.0))
    score = SolutionManager.create(factory).update(conversion.roster)
    assert score.hard_score < 0
