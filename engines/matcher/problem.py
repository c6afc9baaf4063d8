"""Immutable problem data for the matcher: buildings, volunteers, and the needs to pair them with.

A `Need` is one person in need and how they are to be looked after: by `visit` (someone goes to
the door) or by `call`. It asks for `slots` volunteers (a small team is several slots). A
volunteer has a `capacity`: how many more needs they may take on (their load limit minus the
pairings they already hold). Distances are in metres between building positions; buildings of
different compounds are never "near".

Hard rules, stated here in data so the solver and any checker read the same thing:
- a volunteer takes at most `capacity` needs, and at most one slot of any need;
- a need's `required_skills` must all be among the volunteer's skills;
- a `visit` to a building in `sealed_buildings` only comes from a volunteer who lives in that
  building (calls may come from anywhere);
- a `visit` never crosses compounds when either compound is sealed (its buildings all are).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["visit", "call"]
MODES: tuple[Mode, ...] = ("visit", "call")


class ProblemError(ValueError):
    """A problem that cannot be solved as given: the message says which field and why."""


@dataclass(frozen=True)
class Building:
    """A building of a compound, at a position (metres, any fixed origin per compound)."""

    id: str
    compound: str
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Volunteer:
    """Someone who can be paired: where they live, what they can do, how much more they may take."""

    id: str
    building: str | None = None  # None: lives outside every building of the problem
    skills: frozenset[str] = frozenset()
    capacity: int = 3

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", frozenset(self.skills))
        if self.capacity < 0:
            raise ProblemError(f"volunteer {self.id}: capacity must be ≥ 0, not {self.capacity}")


@dataclass(frozen=True)
class Need:
    """A person in need: where they live, how they are looked after, what it takes."""

    id: str
    building: str
    mode: Mode = "visit"
    slots: int = 1
    required_skills: frozenset[str] = frozenset()
    language: str | None = None  # a skill code such as "shanghainese"; a preference, not a rule
    priority: int = 1  # weight of leaving a slot unfilled (the seriously ill count more)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required_skills", frozenset(self.required_skills))
        if self.mode not in MODES:
            raise ProblemError(f"need {self.id}: mode must be visit or call, not {self.mode!r}")
        if self.slots < 1:
            raise ProblemError(f"need {self.id}: slots must be ≥ 1, not {self.slots}")
        if self.priority < 1:
            raise ProblemError(f"need {self.id}: priority must be ≥ 1, not {self.priority}")


@dataclass(frozen=True)
class Problem:
    """Everything a solve reads. `near_metres`: the distance under which buildings are near."""

    buildings: tuple[Building, ...]
    volunteers: tuple[Volunteer, ...]
    needs: tuple[Need, ...]
    sealed_buildings: frozenset[str] = frozenset()
    near_metres: float = 150.0
    by_id: dict[str, Building] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "buildings", tuple(self.buildings))
        object.__setattr__(self, "volunteers", tuple(self.volunteers))
        object.__setattr__(self, "needs", tuple(self.needs))
        object.__setattr__(self, "sealed_buildings", frozenset(self.sealed_buildings))
        by_id = {b.id: b for b in self.buildings}
        if len(by_id) != len(self.buildings):
            raise ProblemError("building ids must be unique")
        object.__setattr__(self, "by_id", by_id)
        for ids, what in (
            ([v.id for v in self.volunteers], "volunteer"),
            ([n.id for n in self.needs], "need"),
        ):
            if len(set(ids)) != len(ids):
                raise ProblemError(f"{what} ids must be unique")
        for v in self.volunteers:
            if v.building is not None and v.building not in by_id:
                raise ProblemError(f"volunteer {v.id}: unknown building {v.building!r}")
        for n in self.needs:
            if n.building not in by_id:
                raise ProblemError(f"need {n.id}: unknown building {n.building!r}")
        unknown = self.sealed_buildings - by_id.keys()
        if unknown:
            raise ProblemError(f"unknown sealed buildings: {sorted(unknown)}")
