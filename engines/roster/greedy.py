"""Greedy baseline: fill places one at a time with the cheapest person who still fits.

It is the reference in benchmarks and the solver's fallback when a time limit yields nothing.
"""

from __future__ import annotations

import time
from collections import defaultdict

from engines.roster.check import PersonState, hard_violations
from engines.roster.explain import explain_unfilled
from engines.roster.problem import Person, Problem, Shift, eligible_shifts
from engines.roster.result import Result, Status
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
    # Per shift and per day, the wish of each person who has one (negative: wanted).
    wish: dict[str, dict[str, int]] = defaultdict(dict)
    day_wish: dict[int, dict[str, int]] = defaultdict(dict)
    for pref in problem.preferences:
        sign = -1 if pref.wanted else 1
        table = wish[pref.shift] if pref.shift is not None else day_wish[pref.day or 0]
        table[pref.person] = table.get(pref.person, 0) + sign * pref.weight
    previous = problem.previous or frozenset()
    kept: dict[str, set[str]] = defaultdict(set)
    for person_id, shift_id in previous:
        kept[shift_id].add(person_id)
    change_w = problem.weights.change if problem.previous is not None else 0
    inverse = {pid: 1 / max(t, 1) for pid, t in targets.items()}
    staff: dict[str, int] = defaultdict(int)
    on_shift: dict[str, set[str]] = defaultdict(set)
    assignments: set[tuple[str, str]] = set()

    def place(person: Person, shift: Shift) -> None:
        states[person.id].add(shift)
        staff[shift.id] += 1
        on_shift[shift.id].add(person.id)
        assignments.add((person.id, shift.id))

    def cheapest(pool: list[Person], shift: Shift) -> Person | None:
        """The fitting person with the lowest wish + change + load-against-fair-share cost."""
        sw, dw, keep = wish.get(shift.id, {}), day_wish.get(shift.day, {}), kept[shift.id]
        taken, minutes = on_shift[shift.id], shift.duration_minutes
        scored = []
        for person in pool:
            pid = person.id
            if pid in taken:
                continue
            value = (states[pid].total + minutes) * inverse[pid]
            if sw or dw:
                value += sw.get(pid, 0) + dw.get(pid, 0)
            if change_w:
                value += -change_w if pid in keep else change_w
            scored.append((value, pid, person))
        scored.sort(key=lambda item: (item[0], item[1]))
        for _, pid, person in scored:
            if states[pid].blocker(shift) is None:
                return person
        return None

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
            pool = candidates[shift.id]
            if shift.lead_required and staff[shift.id] == 0:
                # The first person on a shift that asks for a lead must be one.
                pool = [p for p in pool if p.is_lead]
            best = cheapest(pool, shift)
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
        status=Status.NO_SOLUTION if violations else Status.GREEDY_FALLBACK,
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
