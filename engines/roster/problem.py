"""Immutable problem data for the roster engine: people, shifts, rules, weights, preferences.

Time is counted in whole minutes. Day `d` of the horizon is `start_date + d`; a shift belongs to the
day it starts on and may run past midnight. Every hard rule the solver enforces is stated here in
data, so the same `Problem` can be solved, checked, explained and repaired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

MINUTES_PER_DAY = 24 * 60


class ProblemError(ValueError):
    """A problem that cannot be solved as given: the message says which field and why."""


def _frozen_mapping(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class Person:
    """Someone who can be rostered, with the personal hard limits that bind them.

    `compound` is the person's home compound (小区); it only restricts them while that compound is
    in `Problem.sealed_compounds`. `available_shifts=None` means every shift, subject to
    `days_off`. Consecutive-run minima apply only to runs lying strictly inside the horizon.
    """

    id: str
    skills: frozenset[str] = frozenset()
    is_lead: bool = False
    compound: str | None = None
    age: int | None = None
    fit_for_physical: bool = True
    available_shifts: frozenset[str] | None = None
    days_off: frozenset[int] = frozenset()
    max_shifts_per_day: int = 1
    max_minutes_per_day: int | None = None
    max_minutes_per_week: int | None = None
    min_total_minutes: int = 0
    max_total_minutes: int | None = None
    max_shifts_by_kind: Mapping[str, int] = field(default_factory=dict)
    min_consecutive_days: int = 1
    max_consecutive_days: int | None = None
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None
    wants_continuity: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", frozenset(self.skills))
        object.__setattr__(self, "days_off", frozenset(self.days_off))
        if self.available_shifts is not None:
            object.__setattr__(self, "available_shifts", frozenset(self.available_shifts))
        object.__setattr__(self, "max_shifts_by_kind", _frozen_mapping(self.max_shifts_by_kind))


@dataclass(frozen=True)
class Shift:
    """One place of duty (值班) at a post: a day, a time, a kind, and how many people it wants.

    `demand` is the target staffing (soft: under- and over-staffing are penalties);
    `min_staff`/`max_staff` are hard bounds. `compound` is the compound the post lies in, if any.
    `required_skills` must all be held by everybody assigned; `lead_required` asks for at least one
    team lead whenever the shift is staffed.
    """

    id: str
    day: int
    start_minute: int
    duration_minutes: int
    demand: int
    kind: str = ""
    post: str | None = None
    compound: str | None = None
    min_staff: int = 0
    max_staff: int | None = None
    under_weight: int | None = None
    over_weight: int | None = None
    required_skills: frozenset[str] = frozenset()
    lead_required: bool = False
    min_age: int | None = None
    max_age: int | None = None
    physical: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "required_skills", frozenset(self.required_skills))

    @property
    def start(self) -> int:
        """Start in minutes from the start of the horizon."""
        return self.day * MINUTES_PER_DAY + self.start_minute

    @property
    def end(self) -> int:
        """End in minutes from the start of the horizon."""
        return self.start + self.duration_minutes


@dataclass(frozen=True)
class Preference:
    """A wish of one person, weighted: wanted or unwanted, for one shift or for a whole day."""

    person: str
    weight: int
    wanted: bool
    shift: str | None = None
    day: int | None = None


@dataclass(frozen=True)
class Rules:
    """Rules that bind everybody.

    `forbidden_successions` holds pairs of shift kinds (a, b): nobody works a shift of kind b on
    the day after a shift of kind a. `min_rest_minutes` is the least gap between two shifts of
    one person.
    """

    min_rest_minutes: int = 0
    forbidden_successions: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "forbidden_successions", frozenset(self.forbidden_successions))


@dataclass(frozen=True)
class Weights:
    """Default weight of each soft rule; all are non-negative integers.

    `understaffed`/`overstaffed` are per missing/extra person, used where a shift sets none;
    `fair_load` is per hour that a person's load strays from their fair share; `continuity` per
    change of post between consecutive working days; `change` per assignment added or removed
    against the previous roster (repair mode only).
    """

    understaffed: int = 100
    overstaffed: int = 1
    fair_load: int = 0
    continuity: int = 0
    change: int = 10


@dataclass(frozen=True)
class Problem:
    """A complete, validated rostering problem.

    Invariants (checked on construction, `ProblemError` otherwise): ids are unique; every shift
    day lies in the horizon; every preference, lock and previous assignment names a known person
    and shift; locked assignments are eligible; weights and limits are non-negative.
    `previous` is the published roster as (person, shift) pairs; when set, every change against
    it is a penalty (repair mode).
    """

    start_date: dt.date
    num_days: int
    people: tuple[Person, ...]
    shifts: tuple[Shift, ...]
    preferences: tuple[Preference, ...] = ()
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    sealed_compounds: frozenset[str] = frozenset()
    locked: frozenset[tuple[str, str]] = frozenset()
    previous: frozenset[tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "shifts", tuple(self.shifts))
        object.__setattr__(self, "preferences", tuple(self.preferences))
        object.__setattr__(self, "sealed_compounds", frozenset(self.sealed_compounds))
        object.__setattr__(self, "locked", frozenset(self.locked))
        if self.previous is not None:
            object.__setattr__(self, "previous", frozenset(self.previous))
        _validate(self)

    def person(self, person_id: str) -> Person:
        """The person with this id; raises KeyError if unknown."""
        return self._people_by_id()[person_id]

    def shift(self, shift_id: str) -> Shift:
        """The shift with this id; raises KeyError if unknown."""
        return self._shifts_by_id()[shift_id]

    def _people_by_id(self) -> dict[str, Person]:
        cache = self.__dict__.get("_people_cache")
        if cache is None:
            cache = {p.id: p for p in self.people}
            object.__setattr__(self, "_people_cache", cache)
        return cache

    def _shifts_by_id(self) -> dict[str, Shift]:
        cache = self.__dict__.get("_shifts_cache")
        if cache is None:
            cache = {s.id: s for s in self.shifts}
            object.__setattr__(self, "_shifts_cache", cache)
        return cache

    def date_of(self, day: int) -> dt.date:
        """The calendar date of horizon day `day`."""
        return self.start_date + dt.timedelta(days=day)

    def is_weekend(self, day: int) -> bool:
        """True when horizon day `day` is a Saturday or a Sunday."""
        return self.date_of(day).weekday() >= 5

    def weekends(self) -> list[list[int]]:
        """The horizon's weekends, each as the list of its Saturday/Sunday day indexes."""
        cache = self.__dict__.get("_weekends_cache")
        if cache is None:
            cache = self._weekends()
            object.__setattr__(self, "_weekends_cache", cache)
        return cache

    def weekend_of(self, day: int) -> tuple[int, ...] | None:
        """The weekend (as a tuple of day indexes) holding `day`, or None on a weekday."""
        cache = self.__dict__.get("_weekend_of_cache")
        if cache is None:
            cache = {d: tuple(w) for w in self.weekends() for d in w}
            object.__setattr__(self, "_weekend_of_cache", cache)
        return cache.get(day)

    def _weekends(self) -> list[list[int]]:
        groups: dict[int, list[int]] = {}
        for day in range(self.num_days):
            weekday = self.date_of(day).weekday()
            if weekday >= 5:
                # Keyed by the (possibly off-horizon) Saturday, so a Sunday joins its Saturday.
                groups.setdefault(day - (weekday - 5), []).append(day)
        return [groups[key] for key in sorted(groups)]

    def week_of(self, day: int) -> int:
        """The index of the horizon week (blocks of 7 days from the start) holding `day`."""
        return day // 7


def ineligibility(problem: Problem, person: Person, shift: Shift) -> str | None:
    """Why `person` may never work `shift` (a rule name and reason in words), or None if they may.

    Covers the rules that depend on the pair alone: availability, days off, skills, locality,
    age and health suitability, and a zero limit on the shift's kind. Rules between shifts
    (overlap, rest, limits) are not covered.
    """
    if shift.day in person.days_off:
        return f"day off: {person.id} is off on day {shift.day}"
    if person.available_shifts is not None and shift.id not in person.available_shifts:
        return f"availability: {person.id} is not available for {shift.id}"
    missing = shift.required_skills - person.skills
    if missing:
        return f"skills: {person.id} lacks {', '.join(sorted(missing))}"
    sealed = problem.sealed_compounds
    if person.compound in sealed and shift.compound != person.compound:
        return f"locality: {person.id} is confined to sealed compound {person.compound}"
    if shift.compound in sealed and person.compound != shift.compound:
        return f"locality: {shift.id} lies in sealed compound {shift.compound}"
    if shift.min_age is not None and (person.age is None or person.age < shift.min_age):
        return f"age: {shift.id} needs age at least {shift.min_age}"
    if shift.max_age is not None and (person.age is None or person.age > shift.max_age):
        return f"age: {shift.id} needs age at most {shift.max_age}"
    if shift.physical and not person.fit_for_physical:
        return f"health: {person.id} is not fit for physical duty on {shift.id}"
    if person.max_shifts_by_kind.get(shift.kind, 1) == 0:
        return f"kind: {person.id} may work no {shift.kind} shifts"
    return None


def eligible_shifts(problem: Problem) -> dict[str, list[Shift]]:
    """For each person id, the shifts they may work by `ineligibility`, in problem order."""
    return {
        person.id: [s for s in problem.shifts if ineligibility(problem, person, s) is None]
        for person in problem.people
    }


def _validate(problem: Problem) -> None:
    if problem.num_days <= 0:
        raise ProblemError(f"num_days must be positive, got {problem.num_days}")
    people = {}
    for person in problem.people:
        if person.id in people:
            raise ProblemError(f"duplicate person id {person.id!r}")
        people[person.id] = person
        _check_person(person)
    shifts = {}
    for shift in problem.shifts:
        if shift.id in shifts:
            raise ProblemError(f"duplicate shift id {shift.id!r}")
        shifts[shift.id] = shift
        _check_shift(problem, shift)
    for pref in problem.preferences:
        if pref.person not in people:
            raise ProblemError(f"preference names unknown person {pref.person!r}")
        if (pref.shift is None) == (pref.day is None):
            raise ProblemError(f"preference of {pref.person!r} must name exactly one shift or day")
        if pref.shift is not None and pref.shift not in shifts:
            raise ProblemError(f"preference of {pref.person!r} names unknown shift {pref.shift!r}")
        if pref.day is not None and not 0 <= pref.day < problem.num_days:
            raise ProblemError(f"preference of {pref.person!r} names day {pref.day} off horizon")
        if pref.weight < 0:
            raise ProblemError(f"preference of {pref.person!r} has negative weight")
    for name, pairs in (("locked", problem.locked), ("previous", problem.previous or ())):
        for person_id, shift_id in pairs:
            if person_id not in people or shift_id not in shifts:
                raise ProblemError(f"{name} assignment ({person_id}, {shift_id}) is unknown")
    for person_id, shift_id in problem.locked:
        reason = ineligibility(problem, people[person_id], shifts[shift_id])
        if reason is not None:
            raise ProblemError(f"locked assignment ({person_id}, {shift_id}) breaks {reason}")
    for name, value in vars(problem.weights).items():
        if value < 0:
            raise ProblemError(f"weight {name} must be non-negative, got {value}")
    if problem.rules.min_rest_minutes < 0:
        raise ProblemError("min_rest_minutes must be non-negative")


def _check_person(person: Person) -> None:
    if person.max_shifts_per_day < 1:
        raise ProblemError(f"person {person.id!r}: max_shifts_per_day must be at least 1")
    if person.max_total_minutes is not None and person.min_total_minutes > person.max_total_minutes:
        raise ProblemError(f"person {person.id!r}: min_total_minutes exceeds max_total_minutes")
    if person.min_consecutive_days < 1 or person.min_consecutive_days_off < 1:
        raise ProblemError(f"person {person.id!r}: consecutive minima must be at least 1")
    if person.max_consecutive_days is not None and person.max_consecutive_days < 1:
        raise ProblemError(f"person {person.id!r}: max_consecutive_days must be at least 1")
    if any(v < 0 for v in person.max_shifts_by_kind.values()):
        raise ProblemError(f"person {person.id!r}: max_shifts_by_kind must be non-negative")


def _check_shift(problem: Problem, shift: Shift) -> None:
    if not 0 <= shift.day < problem.num_days:
        raise ProblemError(f"shift {shift.id!r}: day {shift.day} lies outside the horizon")
    if shift.duration_minutes <= 0:
        raise ProblemError(f"shift {shift.id!r}: duration must be positive")
    if shift.demand < 0 or shift.min_staff < 0:
        raise ProblemError(f"shift {shift.id!r}: demand and min_staff must be non-negative")
    if shift.max_staff is not None and shift.max_staff < shift.min_staff:
        raise ProblemError(f"shift {shift.id!r}: max_staff is below min_staff")
    for weight in (shift.under_weight, shift.over_weight):
        if weight is not None and weight < 0:
            raise ProblemError(f"shift {shift.id!r}: weights must be non-negative")
