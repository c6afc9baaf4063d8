"""Greedy baseline: fill places one at a time with the cheapest person who still fits.

It is the reference in benchmarks and the solver's fallback when a time limit yields nothing.
"""

from __future__ import annotations

import time
from collections import defaultdict

from engines.roster import result as status_words
from engines.roster.check import PersonState, hard_violations
from engines.roster.explain import explain_unfilled
from engines.roster.problem import Person, Problem, Shift, eligible_shifts
from engines.roster.result import Result
from engines.roster.score import fair_targets, penalties_of


def solve_greedy(problem: Problem, *, explain: bool = True) -> Result:
    """Build a roster greedily: locks first, then places in order of scarcity, then minima.

    Each place goes to the eligible person who keeps every upper limit and has the lowest cost:
    wishes first, then the least load against their fair share. People still below their
    minimum total minutes then take extra shifts where they fit. Status is `greedy_fallback`
    when the roster keeps every hard rule, else `no_solution` with the roster and
    `stats["hard_violations"]` kept for inspection. Deterministic; raises nothing.
    """
    started = time.perf_counter()
    eligible = eligible_shifts(problem)
    targets = fair_targets(problem, eligible)
    states = {p.id: PersonState(problem, p) for p in problem.people}
    candidates: dict[str, list[Person]] = defaultdict(list)
    for person in problem.people:
        for shift in eligible[person.id]:
            candidates[shift.id].append(person)
    wish: dict[tuple[str, str], int] = defaultdict(int)
    day_wish: dict[tuple[str, int], int] = defaultdict(int)
    for pref in problem.preferences:
        sign = -1 if pref.wanted else 1
        if pref.shift is not None:
            wish[pref.person, pref.shift] += sign * pref.weight
        elif pref.day is not None:
            day_wish[pref.person, pref.day] += sign * pref.weight
    previous = problem.previous or frozenset()
    change_w = problem.weights.change if problem.previous is not None else 0
    staff: dict[str, int] = defaultdict(int)
    assignments: set[tuple[str, str]] = set()

    def place(person: Person, shift: Shift) -> None:
        states[person.id].add(shift)
        staff[shift.id] += 1
        assignments.add((person.id, shift.id))

    def cost(person: Person, shift: Shift) -> float:
        state = states[person.id]
        load = (state.total + shift.duration_minutes) / max(targets[person.id], 1)
        keep = -change_w if (person.id, shift.id) in previous else change_w
        return wish[person.id, shift.id] + day_wish[person.id, shift.day] + keep + load

    for person_id, shift_id in sorted(problem.locked):
        place(problem.person(person_id), problem.shift(shift_id))
    for person_id, shift_id in sorted(previous - problem.locked):
        shift = problem.shift(shift_id)
        person = problem.person(person_id)
        if staff[shift_id] < shift.demand and states[person_id].blocker(shift) is None:
            place(person, shift)
    order = sorted(problem.shifts, key=lambda s: (len(candidates[s.id]) - s.demand, s.start, s.id))
    target = {s.id: max(s.demand, s.min_staff) for s in problem.shifts}
    for _ in range(max(target.values(), default=0)):
        for shift in order:
            if staff[shift.id] >= target[shift.id]:
                continue
            if shift.max_staff is not None and staff[shift.id] >= shift.max_staff:
                continue
            best = _cheapest(states, candidates[shift.id], shift, cost, assignments)
            if best is not None:
                place(best, shift)
    for person in problem.people:
        state = states[person.id]
        for shift in sorted(eligible[person.id], key=lambda s: (staff[s.id] - s.demand, s.start)):
            if state.total >= person.min_total_minutes:
                break
            full = shift.max_staff is not None and staff[shift.id] >= shift.max_staff
            if not full and state.blocker(shift) is None:
                place(person, shift)
    pairs = tuple(sorted(assignments))
    violations = hard_violations(problem, pairs)
    penalties = tuple(penalties_of(problem, pairs, targets))
    return Result(
        status=status_words.NO_SOLUTION if violations else status_words.GREEDY_FALLBACK,
        assignments=pairs,
        unfilled=tuple(explain_unfilled(problem, pairs)) if explain else (),
        penalties=penalties,
        objective=sum(p.cost for p in penalties),
        bound=None,
        stats={
            "wall_time_s": round(time.perf_counter() - started, 3),
            "hard_violations": violations,
        },
    )


def _cheapest(states, people, shift, cost, assignments) -> Person | None:
    best, best_cost = None, 0.0
    for person in people:
        if (person.id, shift.id) in assignments:
            continue
        value = cost(person, shift)
        if best is not None and value >= best_cost:
            continue
        if states[person.id].blocker(shift) is None:
            best, best_cost = person, value
    return best
