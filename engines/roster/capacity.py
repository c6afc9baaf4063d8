"""Pre-solve capacity check: demand against the people and hours that could meet it, in words."""

from __future__ import annotations

from collections import defaultdict

from engines.roster.problem import Problem, eligible_shifts
from engines.roster.result import Shortfall


def check_capacity(problem: Problem) -> list[str]:
    """Plain-English shortfalls that make some demand impossible to meet, before any solving.

    Checks each shift (eligible people against demand and hard minimum, a team lead where one
    is asked), each skill and each day (demanded minutes against the minutes the eligible
    people can give under their daily, weekly and total limits). An empty list does not prove
    the roster can be filled; a message always names a real shortfall. Raises nothing.
    """
    return [s.text for s in capacity_shortfalls(problem)]


def capacity_shortfalls(problem: Problem) -> list[Shortfall]:
    """The shortfalls of `check_capacity` as `Shortfall` codes with parameters (and the same
    English text), so that a caller can say them in its own language and names."""
    eligible = eligible_shifts(problem)
    people_on: dict[str, list[str]] = defaultdict(list)
    for person in problem.people:
        for shift in eligible[person.id]:
            people_on[shift.id].append(person.id)
    out = []
    for shift in problem.shifts:
        n = len(people_on[shift.id])
        need = max(shift.demand, shift.min_staff)
        date = problem.date_of(shift.day).isoformat()
        if n < need:
            skills = sorted(shift.required_skills)
            skill = f" with skill {', '.join(repr(s) for s in skills)}" if skills else ""
            hard = " (a hard minimum)" if n < shift.min_staff else ""
            verb = "is" if n == 1 else "are"
            out.append(
                Shortfall(
                    "shift_short",
                    f"Shift {shift.id} on {date} needs {need} "
                    f"{'person' if need == 1 else 'people'}{skill}{hard} but only {n} {verb} "
                    f"available",
                    (
                        ("shift", shift.id),
                        ("day", shift.day),
                        ("needed", need),
                        ("available", n),
                        ("skills", ",".join(skills)),
                        ("hard", int(n < shift.min_staff)),
                    ),
                )
            )
        if (
            shift.lead_required
            and need
            and not any(problem.person(p).is_lead for p in people_on[shift.id])
        ):
            out.append(
                Shortfall(
                    "no_lead",
                    f"Shift {shift.id} on {date} needs a team lead but no team lead is available",
                    (("shift", shift.id), ("day", shift.day)),
                )
            )
    out += _minutes_shortfalls(problem, eligible)
    return out


def _minutes_shortfalls(problem: Problem, eligible) -> list[Shortfall]:
    """Demanded minutes per skill (and overall) against what eligible people can give."""
    groups: dict[str, list] = defaultdict(list)
    for shift in problem.shifts:
        for skill in shift.required_skills or {""}:
            groups[skill].append(shift)
    out = []
    for skill, shifts in sorted(groups.items()):
        ids = {s.id for s in shifts}
        demand = sum(s.demand * s.duration_minutes for s in shifts)
        supply = 0
        for person in problem.people:
            mine = [s for s in eligible[person.id] if s.id in ids]
            per_day: dict[int, int] = defaultdict(int)
            for s in mine:
                per_day[s.day] += s.duration_minutes
            cap_day = person.max_minutes_per_day
            days = {d: min(m, cap_day) if cap_day is not None else m for d, m in per_day.items()}
            # A person gives at most one shift's worth per day when limited to one shift a day.
            if person.max_shifts_per_day == 1:
                longest: dict[int, int] = defaultdict(int)
                for s in mine:
                    longest[s.day] = max(longest[s.day], s.duration_minutes)
                days = {d: min(m, longest[d]) for d, m in days.items()}
            weeks: dict[int, int] = defaultdict(int)
            for d, m in days.items():
                weeks[problem.week_of(d)] += m
            if person.max_minutes_per_week is not None:
                weeks = {w: min(m, person.max_minutes_per_week) for w, m in weeks.items()}
            give = sum(weeks.values())
            if person.max_total_minutes is not None:
                give = min(give, person.max_total_minutes)
            supply += give
        if supply < demand:
            what = f"people with skill {skill!r}" if skill else "people"
            out.append(
                Shortfall(
                    "hours_short",
                    f"Shifts needing {what} ask for {demand / 60:g} hours in total but the "
                    f"{what} available can give at most {supply / 60:g} hours",
                    (
                        ("skill", skill),
                        ("demand_minutes", demand),
                        ("supply_minutes", supply),
                    ),
                )
            )
    return out
