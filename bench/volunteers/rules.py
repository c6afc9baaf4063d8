"""The roster rules restated for the bench, sharing no code with the engine.

The lower bound, the minimum-changes model and the Timefold peer all need to know who may work
what, each person's fair share and which hard rules a roster breaks. They read the engine's
`Problem` data (plain frozen dataclasses) but recompute all of this here from the rules as
`engines/roster/problem.py` and `score.py` state them, so a bug in the engine's eligibility or
scoring cannot hide in a benchmark figure. The tests compare both sides on generated instances.

Rules the volunteer generator never sets (forbidden successions, weekend limits, minimum run
lengths, per-kind limits, minimum total minutes) are not restated: `unsupported` names them, and
the checks refuse a problem that uses them rather than pass it silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from engines.roster.problem import Person, Problem, Shift


def unsupported(problem: Problem) -> list[str]:
    """Hard rules `problem` uses that these bench rules do not restate, in words."""
    out = []
    if problem.rules.forbidden_successions:
        out.append("forbidden successions")
    for p in problem.people:
        if p.max_weekends is not None:
            out.append(f"{p.id}: max weekends")
        if p.min_consecutive_days > 1 or p.min_consecutive_days_off > 1:
            out.append(f"{p.id}: minimum run lengths")
        if p.max_shifts_by_kind:
            out.append(f"{p.id}: per-kind limits")
        if p.min_total_minutes:
            out.append(f"{p.id}: minimum total minutes")
    return out


def may_work(problem: Problem, person: Person, shift: Shift) -> bool:
    """True when nothing about the pair alone forbids `person` on `shift`.

    Availability, days off, skills, locality (a resident of a sealed compound serves only inside
    it; nobody from outside enters a sealed compound), age bounds and physical fitness.
    """
    if shift.day in person.days_off:
        return False
    if person.available_shifts is not None and shift.id not in person.available_shifts:
        return False
    if not shift.required_skills <= person.skills:
        return False
    sealed = problem.sealed_compounds
    if person.compound in sealed and shift.compound != person.compound:
        return False
    if shift.compound in sealed and shift.compound != person.compound:
        return False
    if shift.min_age is not None and (person.age is None or person.age < shift.min_age):
        return False
    if shift.max_age is not None and (person.age is None or person.age > shift.max_age):
        return False
    return not (shift.physical and not person.fit_for_physical)


def eligibility(problem: Problem) -> dict[str, list[Shift]]:
    """For each person id, the shifts they may work, in problem order."""
    return {p.id: [s for s in problem.shifts if may_work(problem, p, s)] for p in problem.people}


def fair_targets(problem: Problem, eligible: dict[str, list[Shift]]) -> dict[str, int]:
    """Each person's fair load in minutes, as `score.py` defines it.

    Demanded minutes are shared in proportion to each person's available minutes (eligible
    shift minutes, capped by their total limit), rounded down, and never above what they can
    give.
    """
    demand = sum(s.demand * s.duration_minutes for s in problem.shifts)
    available = {}
    for p in problem.people:
        minutes = sum(s.duration_minutes for s in eligible[p.id])
        if p.max_total_minutes is not None:
            minutes = min(minutes, p.max_total_minutes)
        available[p.id] = minutes
    total = sum(available.values())
    if not total:
        return dict.fromkeys(available, 0)
    out = {}
    for p in problem.people:
        share = demand * available[p.id] // total
        if p.max_total_minutes is not None:
            share = min(share, p.max_total_minutes)
        out[p.id] = min(share, available[p.id])
    return out


def fair_hours(load: int, target: int) -> int:
    """The fair-load penalty units of one person: whole hours (rounded up) off their target."""
    return -(-abs(load - target) // 60)


def conflict(a: Shift, b: Shift, rest: int) -> bool:
    """True when one person may not work both: they overlap or leave less than `rest` between."""
    return a.start < b.end + rest and b.start < a.end + rest


@dataclass(frozen=True)
class Score:
    """A roster's objective recomputed term by term, and the hard rules it breaks."""

    understaffed: int
    overstaffed: int
    preferences: int
    fair_load: int
    continuity: int
    changes: int
    violations: tuple[str, ...]

    @property
    def objective(self) -> int:
        """The weighted sum the engine minimises."""
        return (
            self.understaffed
            + self.overstaffed
            + self.preferences
            + self.fair_load
            + self.continuity
            + self.changes
        )


def score(problem: Problem, assignments: Iterable[tuple[str, str]]) -> Score:
    """Score a roster from the rules alone: each weighted term and every hard violation.

    Raises ValueError when `problem` uses a hard rule listed by `unsupported`.
    """
    missing = unsupported(problem)
    if missing:
        raise ValueError("bench rules do not cover: " + "; ".join(missing[:5]))
    pairs = set(assignments)
    shifts = {s.id: s for s in problem.shifts}
    people = {p.id: p for p in problem.people}
    eligible = eligibility(problem)
    worked: dict[str, list[Shift]] = defaultdict(list)
    staff: dict[str, list[Person]] = defaultdict(list)
    for pid, sid in sorted(pairs):
        worked[pid].append(shifts[sid])
        staff[sid].append(people[pid])
    w = problem.weights
    under = over = 0
    violations = []
    for s in problem.shifts:
        n = len(staff[s.id])
        under += (w.understaffed if s.under_weight is None else s.under_weight) * max(
            0, s.demand - n
        )
        over += (w.overstaffed if s.over_weight is None else s.over_weight) * max(0, n - s.demand)
        violations += _shift_violations(s, staff[s.id])
    for key in sorted(problem.locked - pairs):
        violations.append(f"locked {key} missing")
    for p in problem.people:
        violations += person_violations(problem, p, worked[p.id], set(map(id, eligible[p.id])))
    targets = fair_targets(problem, eligible)
    fair = w.fair_load * sum(
        fair_hours(sum(s.duration_minutes for s in worked[p.id]), targets[p.id])
        for p in problem.people
    )
    continuity = 0
    if w.continuity:
        for p in problem.people:
            if p.wants_continuity:
                continuity += w.continuity * _post_switches(worked[p.id])
    changes = 0
    if problem.previous is not None:
        changes = w.change * len(problem.previous ^ pairs)
    return Score(
        understaffed=under,
        overstaffed=over,
        preferences=_preference_cost(problem, pairs, worked),
        fair_load=fair,
        continuity=continuity,
        changes=changes,
        violations=tuple(violations),
    )


def _shift_violations(shift: Shift, staff: list[Person]) -> list[str]:
    out = []
    if len(staff) < shift.min_staff:
        out.append(f"{shift.id}: below min staff")
    if shift.max_staff is not None and len(staff) > shift.max_staff:
        out.append(f"{shift.id}: above max staff")
    if shift.lead_required and staff and not any(p.is_lead for p in staff):
        out.append(f"{shift.id}: no team lead")
    return out


def person_violations(
    problem: Problem, person: Person, worked: list[Shift], eligible_ids: set[int]
) -> list[str]:
    """The hard rules one person's shifts break: eligibility, overlap and rest, limits, runs.

    `eligible_ids` holds `id()` of the shifts the person may work.
    """
    out = []
    rest = problem.rules.min_rest_minutes
    ordered = sorted(worked, key=lambda s: s.start)
    for i, a in enumerate(ordered):
        if id(a) not in eligible_ids:
            out.append(f"{person.id} may not work {a.id}")
        for b in ordered[i + 1 :]:
            if b.start >= a.end + rest:
                break
            out.append(f"{person.id}: {a.id} and {b.id} overlap or break rest")
    days: dict[int, list[Shift]] = defaultdict(list)
    weeks: dict[int, int] = defaultdict(int)
    for s in worked:
        days[s.day].append(s)
        weeks[s.day // 7] += s.duration_minutes
    for day, held in days.items():
        if len(held) > person.max_shifts_per_day:
            out.append(f"{person.id}: too many shifts on day {day}")
        cap = person.max_minutes_per_day
        if cap is not None and sum(s.duration_minutes for s in held) > cap:
            out.append(f"{person.id}: too many minutes on day {day}")
    cap = person.max_minutes_per_week
    out += [
        f"{person.id}: too many minutes in week {k}" for k, v in weeks.items() if cap and v > cap
    ]
    if person.max_total_minutes is not None and sum(weeks.values()) > person.max_total_minutes:
        out.append(f"{person.id}: too many minutes in total")
    run_cap = person.max_consecutive_days
    if run_cap is not None:
        run = 0
        for day in range(problem.num_days):
            run = run + 1 if day in days else 0
            if run == run_cap + 1:
                out.append(
                    f"{person.id}: more than {run_cap} days in a row from day {day - run_cap}"
                )
    return out


def _preference_cost(
    problem: Problem, pairs: set[tuple[str, str]], worked: dict[str, list[Shift]]
) -> int:
    cost = 0
    for f in problem.preferences:
        if f.shift is not None:
            on = (f.person, f.shift) in pairs
        else:
            on = any(s.day == f.day for s in worked[f.person])
        if on != f.wanted:
            cost += f.weight
    return cost


def _post_switches(worked: list[Shift]) -> int:
    posts: dict[int, set[str | None]] = defaultdict(set)
    for s in worked:
        posts[s.day].add(s.post)
    return sum(1 for d in posts if d + 1 in posts and posts[d] - posts[d + 1])
