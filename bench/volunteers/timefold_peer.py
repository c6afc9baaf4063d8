# mypy: disable-error-code="attr-defined,misc,arg-type"
# (Timefold's joiner and collector generics cannot type the lambdas, which compile to Java.)
"""Timefold Solver as a peer: the same volunteer problem, modelled in Timefold's Python API.

Usage: `python -m bench.volunteers.timefold_peer --size 50 --days 7 --time-limit 30`
(needs the `peer` extra, `make bench-peer`, and Java 17).

Model. Each shift has `max_staff` places (entities); each place takes one eligible person or
stays empty (`allows_unassigned`), its value range being the people who may work the shift by
`bench.volunteers.rules` — so eligibility, skills, locality, age, health and the hard maximum
staff hold by construction. Hard constraints: no person twice in overlapping or rest-breaking
shifts (an `overlapping` joiner on [start, end + rest)), shifts and minutes per day, minutes per
week, at most `k` working days in any `k + 1`, a team lead on every staffed shift that asks for
one. Soft, with the problem's weights: understaffing, overstaffing, wishes, fair load
(`ceil(|load - target| / 60)` per person, the target computed as `score.py` does) and
continuity.

Where it differs from the engine's model: the score leaves out constants (a wanted shift is a
reward instead of a penalty when missed; a person with no shift is not charged their whole
target) — `objective()` adds them back, and the bench scores every Timefold roster with
`engines.roster.score` and `check` and with `bench.volunteers.rules` anyway. Unwanted days and
continuity are counted per shift rather than per day, exact while one shift a day is the limit
(the generator's). A shift with no `max_staff` gets `demand + 2` places. Rules the generator
does not use (`rules.unsupported`) are refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Annotated, Any

from timefold.solver import SolverFactory
from timefold.solver.config import (
    Duration,
    ScoreDirectorFactoryConfig,
    SolverConfig,
    TerminationConfig,
)
from timefold.solver.domain import (
    PlanningEntityCollectionProperty,
    PlanningId,
    PlanningScore,
    PlanningVariable,
    ProblemFactCollectionProperty,
    ValueRangeProvider,
    planning_entity,
    planning_solution,
)
from timefold.solver.score import (
    ConstraintCollectors,
    ConstraintFactory,
    HardSoftScore,
    Joiners,
    constraint_provider,
)

from bench.volunteers.rules import eligibility, fair_hours, fair_targets, unsupported
from engines.roster.problem import Problem

NO_LIMIT = 10**9


@dataclass
class Volunteer:
    """A person as Timefold sees them: limits, fair-load target, and their charge when idle."""

    id: Annotated[str, PlanningId]
    is_lead: bool
    wants_continuity: bool
    max_per_day: int
    max_day_minutes: int
    max_week_minutes: int
    max_run: int
    target: int
    fair_weight: int
    continuity_weight: int

    def __hash__(self) -> int:
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Volunteer) and other.id == self.id


@dataclass
class Duty:
    """A shift as a problem fact; `rest_end` is its end plus the minimum rest."""

    id: Annotated[str, PlanningId]
    day: int
    week: int
    start: int
    rest_end: int
    minutes: int
    demand: int
    post: str
    lead_required: bool
    under_weight: int
    over_weight: int


@dataclass
class Wish:
    """A wish as a problem fact: `cost` when the person works the shift (negative: a reward)."""

    id: Annotated[str, PlanningId]
    person: str
    shift: str
    day: int
    cost: int


@dataclass
class Window:
    """Days `first`..`last` inclusive: `length` days in which a run limit of length - 1 binds."""

    id: Annotated[str, PlanningId]
    first: int
    last: int
    length: int


@planning_entity
@dataclass
class Place:
    """One place of a shift, held by a volunteer or empty."""

    id: Annotated[str, PlanningId]
    duty: Duty
    candidates: Annotated[list[Volunteer], ValueRangeProvider(id="candidates")] = field(
        default_factory=list
    )
    person: Annotated[
        Volunteer | None,
        PlanningVariable(value_range_provider_refs=["candidates"], allows_unassigned=True),
    ] = None


@planning_solution
@dataclass
class Roster:
    """The planning solution: facts, places and the score."""

    volunteers: Annotated[list[Volunteer], ProblemFactCollectionProperty]
    duties: Annotated[list[Duty], ProblemFactCollectionProperty]
    shift_wishes: Annotated[list[Wish], ProblemFactCollectionProperty]
    day_wishes: Annotated[list[Wish], ProblemFactCollectionProperty]
    windows: Annotated[list[Window], ProblemFactCollectionProperty]
    places: Annotated[list[Place], PlanningEntityCollectionProperty]
    score: Annotated[HardSoftScore | None, PlanningScore] = None


@constraint_provider
def roster_constraints(factory: ConstraintFactory) -> list[Any]:
    """Every hard and soft rule of the peer model (see module doc)."""
    return [
        _overlap_or_rest(factory),
        _shifts_per_day(factory),
        _day_minutes(factory),
        _week_minutes(factory),
        _run_length(factory),
        _team_lead(factory),
        _understaffed(factory),
        _overstaffed(factory),
        _shift_wishes(factory),
        _day_wishes(factory),
        _fair_load(factory),
        _continuity(factory),
    ]


# The helpers take `factory: Any`: Timefold's stream generics do not follow attribute access
# inside the lambdas, which are compiled to Java rather than run as Python.


def _overlap_or_rest(factory: Any) -> Any:
    return (
        factory.for_each_unique_pair(
            Place,
            Joiners.equal(lambda p: p.person.id),
            Joiners.overlapping(lambda p: p.duty.start, lambda p: p.duty.rest_end),
        )
        .penalize(HardSoftScore.ONE_HARD)
        .as_constraint("overlap or rest")
    )


def _shifts_per_day(factory: Any) -> Any:
    return (
        factory.for_each(Place)
        .group_by(lambda p: p.person, lambda p: p.duty.day, ConstraintCollectors.count())
        .filter(lambda v, day, n: n > v.max_per_day)
        .penalize(HardSoftScore.ONE_HARD, lambda v, day, n: n - v.max_per_day)
        .as_constraint("shifts per day")
    )


def _day_minutes(factory: Any) -> Any:
    return (
        factory.for_each(Place)
        .group_by(
            lambda p: p.person,
            lambda p: p.duty.day,
            ConstraintCollectors.sum(lambda p: p.duty.minutes),
        )
        .filter(lambda v, day, m: m > v.max_day_minutes)
        .penalize(HardSoftScore.ONE_HARD, lambda v, day, m: (m - v.max_day_minutes) // 60 + 1)
        .as_constraint("minutes per day")
    )


def _week_minutes(factory: Any) -> Any:
    return (
        factory.for_each(Place)
        .group_by(
            lambda p: p.person,
            lambda p: p.duty.week,
            ConstraintCollectors.sum(lambda p: p.duty.minutes),
        )
        .filter(lambda v, week, m: m > v.max_week_minutes)
        .penalize(HardSoftScore.ONE_HARD, lambda v, week, m: (m - v.max_week_minutes) // 60 + 1)
        .as_constraint("minutes per week")
    )


def _run_length(factory: Any) -> Any:
    return (
        factory.for_each(Window)
        .join(
            Place,
            Joiners.less_than_or_equal(lambda w: w.first, lambda p: p.duty.day),
            Joiners.greater_than_or_equal(lambda w: w.last, lambda p: p.duty.day),
        )
        .filter(lambda w, p: w.length == p.person.max_run + 1)
        .group_by(
            lambda w, p: w,
            lambda w, p: p.person,
            ConstraintCollectors.count_distinct(lambda w, p: p.duty.day),
        )
        .filter(lambda w, v, n: n == w.length)
        .penalize(HardSoftScore.ONE_HARD)
        .as_constraint("consecutive days")
    )


def _team_lead(factory: Any) -> Any:
    return (
        factory.for_each(Place)
        .filter(lambda p: p.duty.lead_required)
        .group_by(
            lambda p: p.duty,
            ConstraintCollectors.sum(lambda p: 1 if p.person.is_lead else 0),
        )
        .filter(lambda d, leads: leads == 0)
        .penalize(HardSoftScore.ONE_HARD)
        .as_constraint("team lead")
    )


def _understaffed(factory: Any) -> Any:
    return (
        factory.for_each_including_unassigned(Place)
        .group_by(
            lambda p: p.duty,
            ConstraintCollectors.sum(lambda p: 0 if p.person is None else 1),
        )
        .filter(lambda d, n: n < d.demand)
        .penalize(HardSoftScore.ONE_SOFT, lambda d, n: d.under_weight * (d.demand - n))
        .as_constraint("understaffed")
    )


def _overstaffed(factory: Any) -> Any:
    return (
        factory.for_each(Place)
        .group_by(lambda p: p.duty, ConstraintCollectors.count())
        .filter(lambda d, n: n > d.demand)
        .penalize(HardSoftScore.ONE_SOFT, lambda d, n: d.over_weight * (n - d.demand))
        .as_constraint("overstaffed")
    )


def _shift_wishes(factory: Any) -> Any:
    return (
        factory.for_each(Place)
        .join(
            Wish,
            Joiners.equal(lambda p: p.person.id, lambda w: w.person),
            Joiners.equal(lambda p: p.duty.id, lambda w: w.shift),
        )
        .impact(HardSoftScore.ONE_SOFT, lambda p, w: -w.cost)
        .as_constraint("shift wishes")
    )


def _day_wishes(factory: Any) -> Any:
    return (
        factory.for_each(Wish)
        .filter(lambda w: w.shift == "")
        .join(
            Place,
            Joiners.equal(lambda w: w.person, lambda p: p.person.id),
            Joiners.equal(lambda w: w.day, lambda p: p.duty.day),
        )
        .impact(HardSoftScore.ONE_SOFT, lambda w, p: -w.cost)
        .as_constraint("day wishes")
    )


def _fair_load(factory: Any) -> Any:
    # Relative to the charge of an idle person (ceil(target / 60)), which `objective` adds back.
    return (
        factory.for_each(Place)
        .group_by(lambda p: p.person, ConstraintCollectors.sum(lambda p: p.duty.minutes))
        .impact(
            HardSoftScore.ONE_SOFT,
            lambda v, load: (
                v.fair_weight * ((v.target + 59) // 60 - (abs(load - v.target) + 59) // 60)
            ),
        )
        .as_constraint("fair load")
    )


def _continuity(factory: Any) -> Any:
    return (
        factory.for_each(Place)
        .filter(lambda p: p.person.wants_continuity)
        .join(
            Place,
            Joiners.equal(lambda p: p.person.id),
            Joiners.equal(lambda p: p.duty.day + 1, lambda p: p.duty.day),
        )
        .filter(lambda a, b: a.duty.post != b.duty.post)
        .penalize(HardSoftScore.ONE_SOFT, lambda a, b: a.person.continuity_weight)
        .as_constraint("continuity")
    )


@dataclass(frozen=True)
class Conversion:
    """A problem as a Timefold `Roster`, and the constant the Timefold score leaves out."""

    roster: Roster
    offset: int


def to_timefold(
    problem: Problem, assignments: frozenset[tuple[str, str]] = frozenset()
) -> Conversion:
    """The Timefold model of `problem`, with `assignments` (if any) set on the places.

    Raises ValueError for rules the bench does not restate, or a roster with more people on a
    shift than it has places.
    """
    missing = unsupported(problem)
    if missing:
        raise ValueError("the peer model does not cover: " + "; ".join(missing[:5]))
    if problem.previous is not None:
        raise ValueError("the peer model does not cover repair (previous roster)")
    eligible = eligibility(problem)
    targets = fair_targets(problem, eligible)
    w = problem.weights
    rest = problem.rules.min_rest_minutes
    volunteers = {
        p.id: Volunteer(
            id=p.id,
            is_lead=p.is_lead,
            wants_continuity=p.wants_continuity and w.continuity > 0,
            max_per_day=p.max_shifts_per_day,
            max_day_minutes=NO_LIMIT if p.max_minutes_per_day is None else p.max_minutes_per_day,
            max_week_minutes=(
                NO_LIMIT if p.max_minutes_per_week is None else p.max_minutes_per_week
            ),
            max_run=NO_LIMIT if p.max_consecutive_days is None else p.max_consecutive_days,
            target=targets[p.id],
            fair_weight=w.fair_load,
            continuity_weight=w.continuity,
        )
        for p in problem.people
    }
    candidates: dict[str, list[Volunteer]] = defaultdict(list)
    for p in problem.people:
        for s in eligible[p.id]:
            candidates[s.id].append(volunteers[p.id])
    held: dict[str, list[str]] = defaultdict(list)
    for pid, sid in sorted(assignments):
        held[sid].append(pid)
    duties, places = [], []
    offset = 0
    for s in problem.shifts:
        duty = Duty(
            id=s.id,
            day=s.day,
            week=s.day // 7,
            start=s.start,
            rest_end=s.end + rest,
            minutes=s.duration_minutes,
            demand=s.demand,
            post=s.post or "",
            lead_required=s.lead_required,
            under_weight=w.understaffed if s.under_weight is None else s.under_weight,
            over_weight=w.overstaffed if s.over_weight is None else s.over_weight,
        )
        duties.append(duty)
        size = s.max_staff if s.max_staff is not None else s.demand + 2
        if size == 0:
            offset += duty.under_weight * s.demand
        if len(held[s.id]) > size:
            raise ValueError(f"{s.id} holds more people than its {size} places")
        for i in range(size):
            person = volunteers[held[s.id][i]] if i < len(held[s.id]) else None
            places.append(Place(f"{s.id}#{i}", duty, candidates[s.id], person))
    shift_wishes, day_wishes = [], []
    for i, f in enumerate(problem.preferences):
        cost = -f.weight if f.wanted else f.weight
        offset += f.weight if f.wanted else 0
        if f.shift is not None:
            shift_wishes.append(Wish(f"w{i}", f.person, f.shift, -1, cost))
        else:
            day_wishes.append(Wish(f"w{i}", f.person, "", f.day if f.day is not None else -1, cost))
    offset += w.fair_load * sum(fair_hours(0, t) for t in targets.values())
    lengths = {v.max_run + 1 for v in volunteers.values() if v.max_run < problem.num_days}
    windows = [
        Window(f"{n}@{d}", d, d + n - 1, n)
        for n in sorted(lengths)
        for d in range(problem.num_days - n + 1)
    ]
    roster = Roster(list(volunteers.values()), duties, shift_wishes, day_wishes, windows, places)
    return Conversion(roster, offset)


def assignments_of(roster: Roster) -> tuple[tuple[str, str], ...]:
    """The (person, shift) pairs of a Timefold roster, sorted."""
    return tuple(sorted((p.person.id, p.duty.id) for p in roster.places if p.person is not None))


def objective(conversion: Conversion, score: HardSoftScore) -> int:
    """The engine-comparable objective of a soft score: minus the score, plus the offset."""
    return conversion.offset - score.soft_score


@dataclass(frozen=True)
class PeerResult:
    """What a Timefold run gave: the roster, its Timefold score, and the wall time."""

    assignments: tuple[tuple[str, str], ...]
    hard_score: int
    objective: int
    wall_s: float


def solver_config(time_limit_s: float, seed: int = 0) -> SolverConfig:
    """Timefold's configuration: the peer model, a spent limit and a fixed random seed."""
    return SolverConfig(
        solution_class=Roster,
        entity_class_list=[Place],
        random_seed=seed,
        score_director_factory_config=ScoreDirectorFactoryConfig(
            constraint_provider_function=roster_constraints
        ),
        termination_config=TerminationConfig(
            spent_limit=Duration(milliseconds=int(time_limit_s * 1000))
        ),
    )


def solve_peer(problem: Problem, time_limit_s: float, seed: int = 0) -> PeerResult:
    """Solve `problem` with Timefold for `time_limit_s` seconds (wall time includes the build)."""
    started = time.perf_counter()
    conversion = to_timefold(problem)
    solver = SolverFactory.create(solver_config(time_limit_s, seed)).build_solver()
    best = solver.solve(conversion.roster)
    return PeerResult(
        assignments=assignments_of(best),
        hard_score=best.score.hard_score,
        objective=objective(conversion, best.score),
        wall_s=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    """Solve one generated instance with Timefold and score it three ways."""
    from bench.volunteers import rules
    from bench.volunteers.generate import generate
    from engines.roster.check import hard_violations
    from engines.roster.score import penalties_of

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    problem = generate(args.size, args.days, args.seed)
    peer = solve_peer(problem, args.time_limit, args.seed)
    bench_score = rules.score(problem, peer.assignments)
    engine_obj = sum(p.cost for p in penalties_of(problem, peer.assignments))
    print(
        f"timefold: hard {peer.hard_score}, objective {peer.objective} ({peer.wall_s:.1f} s); "
        f"engine score {engine_obj}, engine check {len(hard_violations(problem, peer.assignments))}"
        f" violations; bench score {bench_score.objective}, "
        f"{len(bench_score.violations)} violations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
