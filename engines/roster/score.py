"""Recompute every named penalty of a roster from the problem alone, without the solver.

The solver's objective must equal the sum of these costs; the greedy baseline and repair are scored
with the same function, so every roster the engine returns is explained the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from engines.roster.problem import Person, Problem, Shift, eligible_shifts
from engines.roster.result import Penalty


def fair_targets(
    problem: Problem, eligible: dict[str, list[Shift]] | None = None
) -> dict[str, int]:
    """Each person's fair load in minutes: total demand shared in proportion to availability.

    Availability is the minutes of shifts the person is eligible for, capped by their
    `max_total_minutes`; the target never exceeds that cap. `eligible` may pass a precomputed
    `eligible_shifts(problem)`.
    """
    eligible = eligible_shifts(problem) if eligible is None else eligible
    demand = sum(s.demand * s.duration_minutes for s in problem.shifts)
    available: dict[str, int] = {}
    for person in problem.people:
        minutes = sum(s.duration_minutes for s in eligible[person.id])
        if person.max_total_minutes is not None:
            minutes = min(minutes, person.max_total_minutes)
        available[person.id] = minutes
    total = sum(available.values())
    if total == 0:
        return dict.fromkeys(available, 0)
    targets = {}
    for person in problem.people:
        target = demand * available[person.id] // total
        if person.max_total_minutes is not None:
            target = min(target, person.max_total_minutes)
        targets[person.id] = min(target, available[person.id])
    return targets


def penalties_of(
    problem: Problem,
    assignments: Iterable[tuple[str, str]],
    targets: dict[str, int] | None = None,
) -> list[Penalty]:
    """Every soft rule the roster violates, as named penalties with a non-zero amount.

    Invariant: the solver's objective on the same roster equals the sum of the costs returned.
    `targets` may pass precomputed `fair_targets(problem)` to save time.
    """
    pairs = set(assignments)
    shifts = {s.id: s for s in problem.shifts}
    staff: dict[str, int] = defaultdict(int)
    by_person: dict[str, list[Shift]] = defaultdict(list)
    for person_id, shift_id in pairs:
        staff[shift_id] += 1
        by_person[person_id].append(shifts[shift_id])
    weights = problem.weights
    out: list[Penalty] = []
    for shift in problem.shifts:
        under_w = weights.understaffed if shift.under_weight is None else shift.under_weight
        over_w = weights.overstaffed if shift.over_weight is None else shift.over_weight
        n = staff[shift.id]
        if n < shift.demand and under_w:
            out.append(Penalty("understaffed", (("shift", shift.id),), under_w, shift.demand - n))
        if n > shift.demand and over_w:
            out.append(Penalty("overstaffed", (("shift", shift.id),), over_w, n - shift.demand))
    days_worked = {pid: {s.day for s in worked} for pid, worked in by_person.items()}
    for pref in problem.preferences:
        if pref.weight == 0:
            continue
        if pref.shift is not None:
            on = (pref.person, pref.shift) in pairs
            rule, subject = ("wanted_shift", on) if pref.wanted else ("unwanted_shift", not on)
            subjects = (("person", pref.person), ("shift", pref.shift))
        else:
            on = pref.day in days_worked.get(pref.person, set())
            rule, subject = ("wanted_day", on) if pref.wanted else ("unwanted_day", not on)
            subjects = (("person", pref.person), ("day", str(pref.day)))
        if not subject:
            out.append(Penalty(rule, subjects, pref.weight, 1))
    if weights.fair_load:
        targets = fair_targets(problem) if targets is None else targets
        for person in problem.people:
            load = sum(s.duration_minutes for s in by_person.get(person.id, ()))
            hours = -(-abs(load - targets[person.id]) // 60)
            if hours:
                out.append(Penalty("fair_load", (("person", person.id),), weights.fair_load, hours))
    if weights.continuity:
        for person in problem.people:
            if person.wants_continuity:
                out += _continuity(person, by_person.get(person.id, []), weights.continuity)
    if problem.previous is not None and weights.change:
        for person_id, shift_id in sorted(problem.previous ^ pairs):
            subjects = (("person", person_id), ("shift", shift_id))
            out.append(Penalty("changed", subjects, weights.change, 1))
    return out


def _continuity(person: Person, worked: list[Shift], weight: int) -> list[Penalty]:
    posts: dict[int, set[str | None]] = defaultdict(set)
    for shift in worked:
        posts[shift.day].add(shift.post)
    out = []
    for day in sorted(posts):
        if day + 1 in posts and posts[day] - posts[day + 1]:
            subjects = (("person", person.id), ("day", str(day)))
            out.append(Penalty("continuity", subjects, weight, 1))
    return out
