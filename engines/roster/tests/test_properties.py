"""Invariants over random tiny problems: whatever the data, the roster keeps the hard rules."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines.roster import Person, Rules, Shift, SolveParams, StopParams, StrategyParams, solve
from engines.roster.tests.cast import problem

FAST = SolveParams(
    StopParams(time_limit_s=5, deterministic_time_limit=0.5),
    StrategyParams(workers=1, explain=False),
)
COMPOUNDS = [None, "North", "South"]


@st.composite
def tiny_problems(draw):
    n_people = draw(st.integers(1, 5))
    crew = [
        Person(
            f"P{i}",
            compound=draw(st.sampled_from(COMPOUNDS)),
            max_minutes_per_week=draw(st.sampled_from([None, 960, 1920])),
        )
        for i in range(n_people)
    ]
    shifts = []
    for i in range(draw(st.integers(1, 8))):
        demand = draw(st.integers(0, 3))
        shifts.append(
            Shift(
                id=f"S{i}",
                day=draw(st.integers(0, 2)),
                start_minute=draw(st.sampled_from([0, 360, 480, 960, 1200])),
                duration_minutes=draw(st.sampled_from([240, 480, 600])),
                demand=demand,
                post=f"post{i % 3}",
                compound=draw(st.sampled_from(COMPOUNDS)),
                max_staff=draw(st.sampled_from([None, 1, 2])),
            )
        )
    return problem(
        crew,
        shifts,
        days=3,
        rules=Rules(min_rest_minutes=draw(st.sampled_from([0, 660]))),
        sealed_compounds=draw(st.sets(st.sampled_from(["North", "South"]))),
    )


def rostered(p, result):
    people = {x.id: x for x in p.people}
    shifts = {s.id: s for s in p.shifts}
    return [(people[a], shifts[b]) for a, b in result.assignments]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_nobody_is_double_booked_or_short_of_rest(p):
    result = solve(p, FAST)
    rest = p.rules.min_rest_minutes
    by_person = {}
    for person, shift in rostered(p, result):
        by_person.setdefault(person.id, []).append(shift)
    for shifts in by_person.values():
        shifts.sort(key=lambda s: s.start)
        for before, after in itertools.pairwise(shifts):
            assert after.start >= before.end + rest


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_sealed_compounds_are_never_crossed(p):
    result = solve(p, FAST)
    for person, shift in rostered(p, result):
        if person.compound in p.sealed_compounds:
            assert shift.compound == person.compound
        if shift.compound in p.sealed_compounds:
            assert person.compound == shift.compound


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_capacity_maxima_and_weekly_hours_hold_and_objective_adds_up(p):
    result = solve(p, FAST)
    assert result.has_roster
    staff = {}
    minutes = {}
    for person, shift in rostered(p, result):
        staff[shift.id] = staff.get(shift.id, 0) + 1
        minutes[person.id] = minutes.get(person.id, 0) + shift.duration_minutes
    for shift in p.shifts:
        if shift.max_staff is not None:
            assert staff.get(shift.id, 0) <= shift.max_staff
    for person in p.people:
        if person.max_minutes_per_week is not None:
            assert minutes.get(person.id, 0) <= person.max_minutes_per_week
    assert result.objective == sum(x.cost for x in result.penalties)
    assert result.bound <= result.objective
