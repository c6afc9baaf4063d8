"""What a solve returns: the roster, what is left unfilled, each named penalty, and statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """How a solve ended, in the order a coordinator would want to read them. The values are
    stable codes (stored with a run, said in the reader's language by the caller)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    GREEDY_FALLBACK = "greedy_fallback"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no_solution"


@dataclass(frozen=True)
class Penalty:
    """One violated soft rule: `amount` units at `weight` each, about the named subjects.

    `name` reads `rule:key=value,...`, e.g. `understaffed:shift=S12` or
    `unwanted_shift:person=P3,shift=S7`; `cost` is `weight * amount`.
    """

    rule: str
    subjects: tuple[tuple[str, str], ...]
    weight: int
    amount: int

    @property
    def name(self) -> str:
        """The penalty's stable name: rule, then its subjects as key=value."""
        return self.rule + ":" + ",".join(f"{k}={v}" for k, v in self.subjects)

    @property
    def cost(self) -> int:
        """Weight times amount: this penalty's share of the objective."""
        return self.weight * self.amount

    def describe(self) -> str:
        """The penalty in plain English words for a coordinator."""
        s = dict(self.subjects)
        templates = {
            "understaffed": "shift {shift} is short of {amount} person(s)",
            "overstaffed": "shift {shift} has {amount} person(s) more than it needs",
            "wanted_shift": "{person} asked to work {shift} but was not rostered on it",
            "unwanted_shift": "{person} asked not to work {shift} but is rostered on it",
            "wanted_day": "{person} asked to work on day {day} but is off",
            "unwanted_day": "{person} asked to be off on day {day} but works",
            "fair_load": "{person} works {amount} hour(s) away from their fair share",
            "continuity": "{person} changes post between day {day} and the next day",
            "changed": "{person} on {shift} changed against the published roster",
        }
        template = templates.get(self.rule, self.name + " ({amount})")
        return template.format(amount=self.amount, **s) + f" (cost {self.cost})"


Param = str | int


@dataclass(frozen=True)
class Reason:
    """Why a candidate was not rostered on a shift (or, with no `person`, a summary of the
    others): a stable rule `code`, its `params`, and the same in English `text`.

    Params hold engine ids (`shift`, `held`, `compound`), day and week numbers, limits and
    counts, so that a caller can say the reason in its own language and names; `describe`
    is the English sentence the bench and the command line print.
    """

    code: str
    text: str
    params: tuple[tuple[str, Param], ...] = ()
    person: str | None = None

    def param(self, key: str) -> Param | None:
        """The parameter named `key`, or None."""
        return next((v for k, v in self.params if k == key), None)

    def describe(self) -> str:
        """The reason in plain English, led by the candidate's id when there is one."""
        return f"{self.person}: {self.text}" if self.person else self.text

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class Shortfall:
    """A capacity shortfall found before solving: a stable `code`, its `params`, and the same
    in English `text` (what `check_capacity` returns).

    Codes: `shift_short` (params `shift`, `day`, `needed`, `available`, `skills` as a
    comma-separated string or "", `hard` 1 when below the hard minimum), `no_lead` (`shift`,
    `day`) and `hours_short` (`skill`, "" for all shifts, `demand_minutes`, `supply_minutes`).
    Params hold engine ids and day numbers so that a caller can say it in its own words.
    """

    code: str
    text: str
    params: tuple[tuple[str, Param], ...] = ()

    def param(self, key: str) -> Param | None:
        """The parameter named `key`, or None."""
        return next((v for k, v in self.params if k == key), None)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Unfilled:
    """Places of a shift left empty, with the candidates and why each was not rostered.

    `staffed` counts the people rostered on the shift (all eligible): with no candidate among
    the reasons it tells "everybody eligible is already on it" from "nobody is eligible".
    """

    shift: str
    missing: int
    reasons: tuple[Reason, ...] = ()
    staffed: int = 0

    def describe(self) -> str:
        """The unfilled places in plain words, naming the rule and the people involved."""
        text = f"understaffed: shift {self.shift} is short of {self.missing} person(s)"
        if not self.reasons:
            if self.staffed:
                return text + "; everybody eligible is already on it"
            return text + "; nobody eligible could be found"
        return text + "; " + "; ".join(r.describe() for r in self.reasons)


@dataclass(frozen=True)
class Result:
    """A roster and everything needed to explain it.

    `assignments` holds (person, shift) pairs, sorted. `objective` equals the sum of the
    penalties' costs; `bound` is a proven lower bound on any roster's objective (None when no
    proof ran, e.g. the greedy baseline). `shortfalls` are the capacity shortfalls in English,
    `shortfall_reasons` the same as `Shortfall` codes when the solver filled them in. `stats`
    holds `wall_time_s`, `first_solution_s`, `trajectory` [(seconds, objective), ...] and
    solver counters.
    """

    status: Status
    assignments: tuple[tuple[str, str], ...]
    unfilled: tuple[Unfilled, ...]
    penalties: tuple[Penalty, ...]
    objective: int | None
    bound: int | None
    stats: dict[str, object] = field(default_factory=dict)
    shortfalls: tuple[str, ...] = ()
    shortfall_reasons: tuple[Shortfall, ...] = ()

    @property
    def has_roster(self) -> bool:
        """True when the result holds a roster that keeps every hard rule."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE, Status.GREEDY_FALLBACK)

    def shifts_of(self, person_id: str) -> list[str]:
        """The shifts `person_id` is rostered on, sorted by id."""
        return sorted(s for p, s in self.assignments if p == person_id)

    def people_on(self, shift_id: str) -> list[str]:
        """The people rostered on `shift_id`, sorted by id."""
        return sorted(p for p, s in self.assignments if s == shift_id)

    def penalty(self, name: str) -> Penalty | None:
        """The penalty with this exact name, or None if that rule was kept."""
        return next((p for p in self.penalties if p.name == name), None)

    def explain(self) -> list[str]:
        """Every shortfall, unfilled place and violated preference, one plain sentence each."""
        lines = list(self.shortfalls)
        lines += [u.describe() for u in self.unfilled]
        lines += [p.describe() for p in self.penalties if p.rule != "understaffed"]
        return lines
