"""The least number of changes a repair needs, from a CP-SAT model written for the bench alone.

After drop-outs, the published roster minus the dropped people's places is the starting point.
A repair adds and removes assignments among the remaining people; the repair goal compares its
count of changes with the least count that reaches as many filled places under the hard rules.
This model states exactly that: one Boolean per (remaining person, shift they may work) by
`bench.volunteers.rules`, the hard rules of the lower bound's relaxation taken whole (overlap
and rest, per-day, per-week and total limits, runs of working days, minimum and maximum staff,
team lead, locks), at least `places` filled places (a shift's people, counted up to its
demand), and the objective: assignments added plus assignments removed.

`hard_model` is that model without the objective; `max_filled` maximises the filled places on
it, which gives the lower bound's integer under-cover part. CP-SAT's proven bound is reported
beside its best value, so a ratio computed against the bound is never flattering: when the
model is not solved to optimality within its limit, the ratio against the bound is an upper
estimate of the true ratio.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from bench.volunteers.rules import eligibility
from engines.roster.problem import Person, Problem, Shift


@dataclass(frozen=True)
class MinChanges:
    """The least changes found (`value`), CP-SAT's proven bound on it, and whether it is exact."""

    value: int | None
    bound: int
    optimal: bool


def filled_places(problem: Problem, assignments: Iterable[tuple[str, str]]) -> int:
    """Places filled by a roster: per shift, people on it up to its demand."""
    staff: dict[str, int] = defaultdict(int)
    for _, sid in assignments:
        staff[sid] += 1
    return sum(min(s.demand, staff[s.id]) for s in problem.shifts)


def min_changes(
    problem: Problem,
    start: Iterable[tuple[str, str]],
    places: int,
    *,
    time_limit_s: float = 10.0,
    workers: int = 1,
    hint: Iterable[tuple[str, str]] | None = None,
) -> MinChanges:
    """The least number of assignments to add or remove from `start` so that the roster keeps
    every hard rule of `problem` and fills at least `places` places.

    `problem` holds the remaining people only (e.g. `repair_problem(...)`); `start` is the
    published roster without the dropped people. `value` is None when no roster was found
    within the limit (then `bound` is still proven). `hint` (default `start`) is a roster to
    start the search from, e.g. the repair's own: CP-SAT then only has to improve on it.
    """
    start = frozenset(start)
    model, x, filled = hard_model(problem)
    model.add(sum(filled) >= places)
    impossible = len(start - x.keys())  # starting assignments the rules forbid must go
    changes = [(1 - var) if key in start else var for key, var in x.items()]
    # Each place filled beyond the start's needs an assignment added on its shift: a valid cut
    # that gives CP-SAT its bound at once.
    least = max(0, places - filled_places(problem, start))
    model.add(sum(var for key, var in x.items() if key not in start) >= least)
    model.minimize(sum(changes) + impossible)
    guess = start if hint is None else frozenset(hint)
    for key, var in x.items():
        model.add_hint(var, key in guess)
    staff: dict[str, int] = defaultdict(int)
    for _, sid in guess:
        staff[sid] += 1
    for shift, var in zip(problem.shifts, filled, strict=True):
        model.add_hint(var, min(shift.demand, staff[shift.id]))
    solver = _solver(time_limit_s, workers)
    code = solver.solve(model)
    if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        raise ValueError(f"no roster keeps the hard rules and fills {places} places")
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return MinChanges(
        value=round(solver.objective_value) if found else None,
        bound=max(least, math.ceil(solver.best_objective_bound - 1e-6)),
        optimal=code == cp_model.OPTIMAL,
    )


def max_filled(
    problem: Problem, *, time_limit_s: float = 10.0, workers: int = 1
) -> tuple[int | None, int]:
    """The most places any roster keeping the hard rules can fill: (best found, proven bound).

    The bound is what the lower bound's under-cover part needs: no roster fills more. People
    and shifts split into groups that share no eligible pair (a sealed compound and its
    residents, say); no rule links two groups, so each is solved on its own, with
    `time_limit_s` each, and the results add up. Smaller models get proven far sooner.
    """
    best: int | None = 0
    bound = 0
    for part in components(problem):
        model, _, filled = hard_model(part)
        model.maximize(sum(filled))
        solver = _solver(time_limit_s, workers)
        code = solver.solve(model)
        if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            raise ValueError("no roster keeps the hard rules")
        found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        best = best + round(solver.objective_value) if found and best is not None else None
        bound += math.floor(solver.best_objective_bound + 1e-6)
    return best, bound


def components(problem: Problem) -> list[Problem]:
    """`problem` split into groups of people and shifts linked by eligible pairs.

    Shifts nobody may work are left out (they fill no place). Each part keeps the rules, the
    sealed compounds and the locks of its people; wishes and the previous roster are dropped.
    """
    eligible = eligibility(problem)
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for person in problem.people:
        for shift in eligible[person.id]:
            parent[root("p" + person.id)] = root("s" + shift.id)
    people: dict[str, list[Person]] = defaultdict(list)
    shifts: dict[str, list[Shift]] = defaultdict(list)
    for person in problem.people:
        if eligible[person.id]:
            people[root("p" + person.id)].append(person)
    for shift in problem.shifts:
        if ("s" + shift.id) in parent:
            shifts[root("s" + shift.id)].append(shift)
    parts = []
    for key in sorted(people):
        ids = {p.id for p in people[key]}
        parts.append(
            dataclasses.replace(
                problem,
                people=tuple(people[key]),
                shifts=tuple(shifts[key]),
                preferences=(),
                locked=frozenset(k for k in problem.locked if k[0] in ids),
                previous=None,
            )
        )
    return parts


def hard_model(
    problem: Problem,
) -> tuple[cp_model.CpModel, dict[tuple[str, str], cp_model.IntVar], list[cp_model.IntVar]]:
    """A CP-SAT model of the hard rules: its decision Booleans by (person, shift), and each
    shift's filled places (at most its demand and its staff)."""
    model = cp_model.CpModel()
    eligible = eligibility(problem)
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    on_shift: dict[str, list[tuple[Person, cp_model.IntVar]]] = defaultdict(list)
    for person in problem.people:
        for s in eligible[person.id]:
            var = model.new_bool_var("")
            x[person.id, s.id] = var
            on_shift[s.id].append((person, var))
        _person_rules(model, problem, person, eligible[person.id], x)
    filled = [_cover(model, shift, on_shift[shift.id]) for shift in problem.shifts]
    for key in problem.locked:
        model.add(x[key] == 1)  # `Problem` refuses a lock the pair rules forbid
    return model, x, filled


def _solver(time_limit_s: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    return solver


def _person_rules(
    model: cp_model.CpModel,
    problem: Problem,
    person: Person,
    shifts: list[Shift],
    x: dict[tuple[str, str], cp_model.IntVar],
) -> None:
    rest = problem.rules.min_rest_minutes
    xs = {s.id: x[person.id, s.id] for s in shifts}
    # Shifts running or resting at one instant pairwise conflict; the instants worth checking
    # are the starts, and together these sets cover every conflicting pair.
    cliques = {
        tuple(sorted(s.id for s in shifts if s.start <= t < s.end + rest))
        for t in {s.start for s in shifts}
    }
    for clique in sorted(cliques):
        if len(clique) > 1:
            model.add_at_most_one(xs[sid] for sid in clique)
    by_day: dict[int, list[Shift]] = defaultdict(list)
    by_week: dict[int, list[Shift]] = defaultdict(list)
    for s in shifts:
        by_day[s.day].append(s)
        by_week[s.day // 7].append(s)
    work = {}
    for day, held in by_day.items():
        model.add(sum(xs[s.id] for s in held) <= person.max_shifts_per_day)
        if person.max_minutes_per_day is not None:
            model.add(
                sum(s.duration_minutes * xs[s.id] for s in held) <= person.max_minutes_per_day
            )
        work[day] = model.new_bool_var("")
        model.add_max_equality(work[day], [xs[s.id] for s in held])
    if person.max_minutes_per_week is not None:
        for held in by_week.values():
            model.add(
                sum(s.duration_minutes * xs[s.id] for s in held) <= person.max_minutes_per_week
            )
    if person.max_total_minutes is not None:
        model.add(sum(s.duration_minutes * xs[s.id] for s in shifts) <= person.max_total_minutes)
    k = person.max_consecutive_days
    if k is not None:
        for first in range(problem.num_days - k):
            window = [work[d] for d in range(first, first + k + 1) if d in work]
            if len(window) > k:
                model.add(sum(window) <= k)


def _cover(
    model: cp_model.CpModel, shift: Shift, people: list[tuple[Person, cp_model.IntVar]]
) -> cp_model.IntVar:
    """Staffing bounds and the team-lead rule; returns the shift's filled places."""
    staff = sum(var for _, var in people)
    if shift.min_staff:
        model.add(staff >= shift.min_staff)
    if shift.max_staff is not None:
        model.add(staff <= shift.max_staff)
    if shift.lead_required:
        leads = [var for p, var in people if p.is_lead]
        for p, var in people:
            if not p.is_lead:
                model.add_bool_or([~var, *leads])
    filled = model.new_int_var(0, shift.demand, "")
    model.add(filled <= staff)
    return filled
