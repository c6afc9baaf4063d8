"""Explain unfilled places: for each short shift, who could have worked it and what stopped them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from engines.roster.check import PersonState
from engines.roster.problem import Problem, Shift, ineligibility
from engines.roster.result import Reason, Unfilled

MAX_NAMED = 5
# A free candidate left out: the objective preferred someone or something else.
COSTS_MORE = Reason(
    "costs_more", "free, but adding them costs more elsewhere (minimum runs or wishes)"
)
NO_LEAD = Reason("no_lead", "free, but the shift needs a team lead beside them and has none")


def _lead_missing(problem: Problem, shift: Shift, on_shift: list[str]) -> bool:
    """True when `shift` asks for a team lead and nobody on it is one, so nobody else can join
    it before a lead does."""
    return shift.lead_required and not any(problem.person(p).is_lead for p in on_shift)


def explain_unfilled(problem: Problem, assignments: Iterable[tuple[str, str]]) -> list[Unfilled]:
    """One `Unfilled` per shift staffed below its demand, naming the rule that kept each candidate
    away (at most five named, then a count), or why nobody was eligible at all.

    Each reason is a `Reason`: per candidate its rule code (`rest`, `max_shifts_per_day`, ...,
    or `costs_more`), then `more_eligible` (params: count) and `ineligible` (params: the count
    per rule, e.g. `locality=2`). `staffed` counts who is already on the shift.
    """
    pairs = set(assignments)
    staff: dict[str, int] = defaultdict(int)
    on: dict[str, list[str]] = defaultdict(list)
    states = {p.id: PersonState(problem, p) for p in problem.people}
    for person_id, shift_id in sorted(pairs, key=lambda k: problem.shift(k[1]).start):
        staff[shift_id] += 1
        on[shift_id].append(person_id)
        states[person_id].add(problem.shift(shift_id))
    out = []
    for shift in problem.shifts:
        missing = shift.demand - staff[shift.id]
        if missing <= 0:
            continue
        named: list[Reason] = []
        others = 0
        ineligible: Counter[str] = Counter()
        for person in problem.people:
            if (person.id, shift.id) in pairs:
                continue
            never = ineligibility(problem, person, shift)
            if never is not None:
                ineligible[never.split(":")[0]] += 1
                continue
            if len(named) >= MAX_NAMED:
                others += 1
                continue
            free = (
                NO_LEAD
                if not person.is_lead and _lead_missing(problem, shift, on[shift.id])
                else COSTS_MORE
            )
            named.append(replace(states[person.id].reason(shift) or free, person=person.id))
        if others:
            named.append(
                Reason(
                    "more_eligible",
                    f"{others} more eligible people not listed",
                    (("count", others),),
                )
            )
        if ineligible:
            rules = sorted(ineligible.items())
            counts = ", ".join(f"{n} by {rule}" for rule, n in rules)
            named.append(
                Reason(
                    "ineligible",
                    f"ineligible: {counts}",
                    tuple((rule.replace(" ", "_"), n) for rule, n in rules),
                )
            )
        out.append(Unfilled(shift.id, missing, tuple(named), staffed=staff[shift.id]))
    return out
