"""Check a roster against every hard rule of a problem, rule by rule, in plain words.

The greedy baseline uses `PersonState.blocker` to grow a roster one assignment at a time, and
`hard_violations` to decide whether its roster may stand in for the solver's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from engines.roster.problem import Person, Problem, Shift, ineligibility
from engines.roster.result import Param, Reason


def ineligible_reason(problem: Problem, person: Person, shift: Shift) -> Reason | None:
    """Why `person` may never work `shift`, as a `Reason` (the words of `ineligibility`), or None.

    The code names the rule: day_off, availability, skills, confined (the person's compound is
    sealed), sealed_post (the shift's compound is sealed), min_age, max_age, health or kind.
    """
    text = ineligibility(problem, person, shift)
    if text is None:
        return None
    rule = text.split(":")[0]
    code, params = _INELIGIBLE.get(rule, _other)(problem, person, shift)
    return Reason(code, text, params)


Params = tuple[tuple[str, Param], ...]


def _other(problem: Problem, person: Person, shift: Shift) -> tuple[str, Params]:
    return "ineligible", (("shift", shift.id),)


def _locality(problem: Problem, person: Person, shift: Shift) -> tuple[str, Params]:
    confined = person.compound in problem.sealed_compounds and shift.compound != person.compound
    if confined and person.compound is not None:
        return "confined", (("compound", person.compound),)
    return "sealed_post", (("compound", shift.compound or ""), ("shift", shift.id))


def _age(problem: Problem, person: Person, shift: Shift) -> tuple[str, Params]:
    if shift.min_age is not None and (person.age is None or person.age < shift.min_age):
        return "min_age", (("limit", shift.min_age), ("shift", shift.id))
    return "max_age", (("limit", shift.max_age or 0), ("shift", shift.id))


def _skills(problem: Problem, person: Person, shift: Shift) -> tuple[str, Params]:
    return "skills", (("skills", ", ".join(sorted(shift.required_skills - person.skills))),)


_INELIGIBLE = {
    "day off": lambda pr, pe, sh: ("day_off", (("day", sh.day),)),
    "availability": lambda pr, pe, sh: ("availability", (("shift", sh.id),)),
    "skills": _skills,
    "locality": _locality,
    "age": _age,
    "health": lambda pr, pe, sh: ("health", (("shift", sh.id),)),
    "kind": lambda pr, pe, sh: ("kind", (("kind", sh.kind),)),
}


class PersonState:
    """The shifts one person holds so far, with the running totals the limits need."""

    def __init__(self, problem: Problem, person: Person) -> None:
        self.problem = problem
        self.person = person
        self.shifts: list[Shift] = []
        self.days: dict[int, list[Shift]] = defaultdict(list)
        self.week_minutes: dict[int, int] = defaultdict(int)
        self.total = 0
        self.kinds: dict[str, int] = defaultdict(int)

    def add(self, shift: Shift) -> None:
        """Record `shift` as held; the caller has checked `blocker` first."""
        self.shifts.append(shift)
        self.days[shift.day].append(shift)
        self.week_minutes[self.problem.week_of(shift.day)] += shift.duration_minutes
        self.total += shift.duration_minutes
        self.kinds[shift.kind] += 1

    def remove(self, shift: Shift) -> None:
        """Forget `shift`; the inverse of `add`."""
        self.shifts.remove(shift)
        self.days[shift.day].remove(shift)
        if not self.days[shift.day]:
            del self.days[shift.day]
        self.week_minutes[self.problem.week_of(shift.day)] -= shift.duration_minutes
        self.total -= shift.duration_minutes
        self.kinds[shift.kind] -= 1

    def run_through(self, day: int) -> int:
        """Length of the working run that would contain `day` if `day` were worked."""
        left = day - 1
        while left >= 0 and left in self.days:
            left -= 1
        right = day + 1
        while right < self.problem.num_days and right in self.days:
            right += 1
        return right - left - 1

    def blocker(self, shift: Shift) -> str | None:
        """The upper-limit rule adding `shift` would break, in words, or None if it fits.

        Minima (total minutes, run lengths) are not checked: adding a shift cannot be what
        breaks them for good.
        """
        text = ineligibility(self.problem, self.person, shift)
        if text is not None:
            return text
        reason = self._limit(shift)
        return reason.text if reason is not None else None

    def reason(self, shift: Shift) -> Reason | None:
        """As `blocker`, but the rule as a `Reason`: its code and parameters beside the words."""
        return ineligible_reason(self.problem, self.person, shift) or self._limit(shift)

    def _limit(self, shift: Shift) -> Reason | None:
        """The rule between shifts or the upper limit that `shift` would break, or None."""
        p, rules = self.person, self.problem.rules
        rest = rules.min_rest_minutes
        for held in self.shifts:
            if held.id == shift.id:
                return Reason("already_on", f"already on {shift.id}", (("shift", shift.id),))
            if shift.start < held.end + rest and held.start < shift.end + rest:
                return Reason(
                    "rest", f"overlap or rest: {p.id} works {held.id}", (("held", held.id),)
                )
        same_day = self.days.get(shift.day, [])
        if len(same_day) + 1 > p.max_shifts_per_day:
            return Reason(
                "max_shifts_per_day",
                f"max shifts per day: {p.id} already works day {shift.day}",
                (("day", shift.day), ("limit", p.max_shifts_per_day)),
            )
        minutes = shift.duration_minutes
        day_minutes = sum(s.duration_minutes for s in same_day) + minutes
        if p.max_minutes_per_day is not None and day_minutes > p.max_minutes_per_day:
            return Reason(
                "max_hours_per_day",
                f"max hours per day: {p.id} is full on day {shift.day}",
                (("day", shift.day), ("minutes", p.max_minutes_per_day)),
            )
        week = self.problem.week_of(shift.day)
        week_minutes = self.week_minutes[week] + minutes
        if p.max_minutes_per_week is not None and week_minutes > p.max_minutes_per_week:
            return Reason(
                "max_hours_per_week",
                f"max hours per week: {p.id} is full in week {week + 1}",
                (("week", week + 1), ("minutes", p.max_minutes_per_week)),
            )
        if p.max_total_minutes is not None and self.total + minutes > p.max_total_minutes:
            return Reason(
                "max_total_hours",
                f"max total hours: {p.id} is full",
                (("minutes", p.max_total_minutes),),
            )
        limit = p.max_shifts_by_kind.get(shift.kind)
        if limit is not None and self.kinds[shift.kind] + 1 > limit:
            return Reason(
                "max_shifts_of_kind",
                f"max shifts of kind {shift.kind}: {p.id} has {limit}",
                (("kind", shift.kind), ("limit", limit)),
            )
        for a, b in rules.forbidden_successions:
            if shift.kind == b and any(s.kind == a for s in self.days.get(shift.day - 1, [])):
                return Reason(
                    "succession_before",
                    f"forbidden succession: {p.id} works {a} the day before",
                    (("kind", a),),
                )
            if shift.kind == a and any(s.kind == b for s in self.days.get(shift.day + 1, [])):
                return Reason(
                    "succession_after",
                    f"forbidden succession: {p.id} works {b} the day after",
                    (("kind", b),),
                )
        if shift.day not in self.days:
            run_limit = p.max_consecutive_days
            if run_limit is not None and self.run_through(shift.day) > run_limit:
                return Reason(
                    "max_consecutive_days",
                    f"max consecutive days: {p.id} would exceed {run_limit}",
                    (("limit", run_limit),),
                )
            this = self.problem.weekend_of(shift.day)
            if p.max_weekends is not None and this is not None:
                worked = self.weekends_worked()
                if this not in worked and len(worked) + 1 > p.max_weekends:
                    return Reason(
                        "max_weekends",
                        f"max weekends: {p.id} already works {p.max_weekends}",
                        (("limit", p.max_weekends),),
                    )
        return None

    def weekends_worked(self) -> set[tuple[int, ...]]:
        """The weekends (as day tuples) on which this person works at least one day."""
        weekend_of = self.problem.weekend_of
        return {w for w in map(weekend_of, self.days) if w is not None}

    def minima_broken(self) -> list[str]:
        """The lower-limit rules this person's shifts break, in words."""
        p, n = self.person, self.problem.num_days
        out = []
        if self.total < p.min_total_minutes:
            out.append(f"min total minutes: {p.id} works {self.total} < {p.min_total_minutes}")
        worked = [d in self.days for d in range(n)]
        for value, minimum, word in (
            (True, p.min_consecutive_days, "working days"),
            (False, p.min_consecutive_days_off, "days off"),
        ):
            d = 0
            while d < n:
                if worked[d] != value:
                    d += 1
                    continue
                end = d
                while end < n and worked[end] == value:
                    end += 1
                # Minima bind only runs strictly inside the horizon.
                if d > 0 and end < n and end - d < minimum:
                    out.append(f"min consecutive {word}: {p.id} has {end - d} from day {d}")
                d = end
        return out


def hard_violations(problem: Problem, assignments: Iterable[tuple[str, str]]) -> list[str]:
    """Every hard rule the roster breaks, one sentence each; empty when the roster is valid."""
    states = {p.id: PersonState(problem, p) for p in problem.people}
    staff: dict[str, list[Person]] = defaultdict(list)
    out = []
    pairs = sorted(set(assignments), key=lambda k: (problem.shift(k[1]).start, k))
    for person_id, shift_id in pairs:
        state, shift = states[person_id], problem.shift(shift_id)
        reason = state.blocker(shift)
        if reason:
            out.append(f"{person_id} on {shift_id}: {reason}")
        state.add(shift)
        staff[shift_id].append(state.person)
    for state in states.values():
        out += state.minima_broken()
    for shift in problem.shifts:
        people = staff[shift.id]
        if len(people) < shift.min_staff:
            out.append(f"min staff: {shift.id} has {len(people)} < {shift.min_staff}")
        if shift.max_staff is not None and len(people) > shift.max_staff:
            out.append(f"max staff: {shift.id} has {len(people)} > {shift.max_staff}")
        if shift.lead_required and people and not any(p.is_lead for p in people):
            out.append(f"team lead: {shift.id} has no team lead")
    for key in sorted(problem.locked - set(pairs)):
        out.append(f"locked: {key[0]} on {key[1]} is missing")
    return out
