"""The large-instance path: models of a few free people, person-by-person rosters, patterns."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines.roster import (
    Person,
    Preference,
    Rules,
    Shift,
    SolveParams,
    StopParams,
    StrategyParams,
    solve,
)
from engines.roster.check import hard_violations
from engines.roster.greedy import solve_greedy
from engines.roster.large import construct, solve_subset
from engines.roster.pattern import best_patterns
from engines.roster.problem import eligible_shifts
from engines.roster.score import fair_targets
from engines.roster.tests.cast import MORNING, NIGHT, problem, shift

# `large_pairs=0` sends every problem down the large-instance path.
LARGE = SolveParams(
    StopParams(time_limit_s=0.5, deterministic_time_limit=0.5),
    StrategyParams(workers=1, explain=False, large_pairs=0),
)


def fortnight(**kw):
    """Two weeks, two posts, day and night, with run rules and a minimum of hours."""
    shifts = [
        shift(d, h, post=p, demand=2) for d in range(14) for h in (MORNING, NIGHT) for p in "ab"
    ]
    crew = [
        Person(
            f"P{i}",
            min_total_minutes=4 * 480,
            max_total_minutes=9 * 480,
            min_consecutive_days=2,
            max_consecutive_days=4,
            min_consecutive_days_off=2,
            max_weekends=1,
            days_off=frozenset({i % 14}),
        )
        for i in range(8)
    ]
    prefs = [Preference(f"P{i}", 3, False, day=(3 * i) % 14) for i in range(8)]
    return problem(crew, shifts, days=14, preferences=prefs, **kw)


def tools(p):
    eligible = eligible_shifts(p)
    return {"eligible": eligible, "targets": fair_targets(p, eligible)}


def test_person_by_person_construction_gives_the_same_roster_every_time():
    p = fortnight()
    far = time.perf_counter() + 600
    first = construct(p, deadline=far, seed=3, **tools(p))
    second = construct(p, deadline=far, seed=3, **tools(p))
    assert first == second
    assert hard_violations(p, first) == []


def test_large_path_returns_a_feasible_roster_without_a_bound():
    p = fortnight()
    result = solve(p, LARGE)
    assert result.status == "feasible"
    assert result.bound is None
    assert result.stats["path"] == "large"
    assert hard_violations(p, result.assignments) == []
    assert result.objective == sum(x.cost for x in result.penalties)


def test_the_large_path_starts_from_the_greedy_roster_when_it_keeps_every_rule():
    crew = [Person(f"P{i}") for i in range(6)]
    p = problem(crew, [shift(d, MORNING, demand=2) for d in range(7)], days=7)
    greedy = solve_greedy(p, explain=False)
    assert greedy.status == "greedy_fallback"  # no minimum to break: the greedy roster is valid

    result = solve(p, LARGE)

    assert result.stats["first_roster_source"] == "greedy"
    assert result.status == "feasible"
    assert result.objective is not None and result.objective <= greedy.objective


def test_the_large_path_builds_person_by_person_when_the_greedy_roster_breaks_a_minimum():
    p = fortnight()
    assert solve_greedy(p, explain=False).status != "greedy_fallback"

    assert solve(p, LARGE).stats["first_roster_source"] == "construction"


def test_a_free_person_fills_what_the_fixed_people_leave_short():
    morning, night = shift(0, demand=1), shift(0, NIGHT, post="b", demand=1)
    p = problem([Person("P0"), Person("P1")], [morning, night], days=1)
    fixed = {("P0", morning.id)}
    chosen, _ = solve_subset(
        p, frozenset({"P1"}), fixed, time_limit=5, workers=1, seed=0, **tools(p)
    )
    # P0 already holds the morning's only place: P1 takes the night.
    assert chosen == {("P1", night.id)}


def test_a_free_person_never_exceeds_a_maximum_the_fixed_people_already_reach():
    full = shift(0, demand=3, max_staff=1)
    p = problem([Person("P0"), Person("P1")], [full], days=1)
    chosen, _ = solve_subset(
        p, frozenset({"P1"}), {("P0", full.id)}, time_limit=5, workers=1, seed=0, **tools(p)
    )
    assert chosen == set()


def test_a_free_non_lead_joins_a_lead_shift_only_beside_a_fixed_lead():
    gate = shift(0, demand=2, lead_required=True)
    crew = [Person("L", is_lead=True), Person("P")]
    p = problem(crew, [gate], days=1)
    alone, _ = solve_subset(p, frozenset({"P"}), set(), time_limit=5, workers=1, seed=0, **tools(p))
    beside, _ = solve_subset(
        p, frozenset({"P"}), {("L", gate.id)}, time_limit=5, workers=1, seed=0, **tools(p)
    )
    assert alone == set()
    assert beside == {("P", gate.id)}


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 5),
    st.integers(1, 3),
    st.sampled_from([None, 0, 1, 2]),
    st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_every_pattern_keeps_the_run_and_weekend_rules(low, high, off, weekends, can):
    person = Person(
        "P",
        min_consecutive_days=low,
        max_consecutive_days=max(low, high),
        min_consecutive_days_off=off,
        max_weekends=weekends,
    )
    shifts = [shift(d) for d in range(10)]
    p = problem([person], shifts, days=10)
    found = best_patterns(p, person, [1.0] * 10, can)
    for count in found.values:
        pattern = found.pattern(count)
        assert sum(pattern) == count
        assert all(can[d] for d in range(10) if pattern[d])
        roster = [("P", shifts[d].id) for d in range(10) if pattern[d]]
        assert hard_violations(p, roster) == []


@st.composite
def small_problems(draw):
    days = draw(st.integers(3, 8))
    crew = [
        Person(
            f"P{i}",
            is_lead=draw(st.booleans()),
            min_total_minutes=draw(st.sampled_from([0, 480, 960])),
            max_consecutive_days=draw(st.sampled_from([None, 2, 3])),
            min_consecutive_days=draw(st.sampled_from([1, 2])),
            min_consecutive_days_off=draw(st.sampled_from([1, 2])),
            max_weekends=draw(st.sampled_from([None, 0, 1])),
            days_off=frozenset(draw(st.sets(st.integers(0, days - 1), max_size=2))),
        )
        for i in range(draw(st.integers(1, 5)))
    ]
    shifts = [
        Shift(
            id=f"S{d}-{k}",
            day=d,
            start_minute=start,
            duration_minutes=480,
            demand=draw(st.integers(0, 3)),
            kind=kind,
            max_staff=draw(st.sampled_from([None, 1, 2])),
            lead_required=draw(st.booleans()),
        )
        for d in range(days)
        for k, (kind, start) in enumerate((("D", MORNING), ("N", NIGHT)))
    ]
    forbidden = frozenset({("N", "D")}) if draw(st.booleans()) else frozenset()
    return problem(
        crew,
        shifts,
        days=days,
        rules=Rules(
            min_rest_minutes=draw(st.sampled_from([0, 660])), forbidden_successions=forbidden
        ),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_the_large_path_never_returns_a_roster_that_breaks_a_hard_rule(p):
    result = solve(p, LARGE)
    if result.has_roster:
        assert hard_violations(p, result.assignments) == []
        assert result.objective == sum(x.cost for x in result.penalties)
