"""Explain unfilled places: for each short shift, who could have worked it and what stopped them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from engines.roster.check import PersonState
from engines.roster.problem import Problem, ineligibility
from engines.roster.result import Unfilled

MAX_NAMED = 5


def explain_unfilled(problem: Problem, assignments: Iterable[tuple[str, str]]) -> list[Unfilled]:
    """One `Unfilled` per shift staffed below its demand, naming the rule that kept each candidate
    away (at most five named, then a count), or why nobody was eligible at all.
    """
    pairs = set(assignments)
    staff: dict[str, int] = defaultdict(int)
    states = {p.id: PersonState(problem, p) for p in problem.people}
    for person_id, shift_id in sorted(pairs, key=lambda k: problem.shift(k[1]).start):
        staff[shift_id] += 1
        states[person_id].add(problem.shift(shift_id))
    out = []
    for shift in problem.shifts:
        missing = shift.demand - staff[shift.id]
        if missing <= 0:
            continue
        named: list[str] = []
        others = 0
        ineligible: Counter[str] = Counter()
        for person in problem.people:
            if (person.id, shift.id) in pairs:
                continue
            reason = ineligibility(problem, person, shift)
            if reason is not None:
                ineligible[reason.split(":")[0]] += 1
                continue
            if len(named) >= MAX_NAMED:
                others += 1
                continue
            blocker = states[person.id].blocker(shift)
            if blocker is None:
                blocker = "free, but adding them costs more elsewhere (minimum runs or wishes)"
            named.append(f"{person.id}: {blocker}")
        if others:
            named.append(f"{others} more eligible people not listed")
        if ineligible:
            counts = ", ".join(f"{n} by {rule}" for rule, n in sorted(ineligible.items()))
            named.append(f"ineligible: {counts}")
        out.append(Unfilled(shift.id, missing, tuple(named)))
    return out
