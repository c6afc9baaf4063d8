"""Rosters built and improved a few people at a time, without the model of the whole problem.

Every hard rule of the engine binds one person (availability, rest, limits, runs, weekends) or
one shift (staffing bounds, team lead); cover itself is soft. So a roster can be built person by
person: each person gets a tiny CP-SAT model of their own roster, with everybody placed before
them held as constants, and takes the roster that adds the most cover and keeps their wishes.
Then large neighbourhood search frees a few people at a time (chosen at random, or among the
candidates of a place still short) and re-solves only their rosters, everybody else fixed. The
whole problem's model is never built, so memory and build time grow with the freed part only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from engines.roster.check import PersonState, hard_violations
from engines.roster.explain import explain_unfilled
from engines.roster.greedy import solve_greedy
from engines.roster.model import build_model
from engines.roster.params import SolveParams
from engines.roster.pattern import best_patterns
from engines.roster.problem import Person, Problem, Shift, eligible_shifts
from engines.roster.result import Result, Status
from engines.roster.score import fair_targets, penalties_of

Pair = tuple[str, str]


@dataclass
class Progress:
    """The roster in hand, its objective, and when each improvement was found."""

    roster: set[Pair]
    objective: int
    trajectory: list[tuple[float, int]] = field(default_factory=list)
    rounds: int = 0
    improving_rounds: int = 0


def construction_order(problem: Problem, eligible: dict[str, list[Shift]]) -> list[Person]:
    """Team leads first (a shift that asks for a lead takes nobody else before one), then the
    people with the fewest eligible shifts (they have the fewest ways to help), then by id."""
    return sorted(problem.people, key=lambda p: (not p.is_lead, len(eligible[p.id]), p.id))


def _solver(
    time_limit: float, workers: int, seed: int, work: float | None, lp: bool
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if not lp:
        # One worker's default search (with the LP) can take seconds to find a first roster
        # of one person; without the LP it takes a fraction of a second (Instance20). With
        # the working days fixed it is the other way round (Instance24: 1.2 s with the LP,
        # nothing in 10 s without).
        solver.parameters.linearization_level = 0
    if work is not None:
        solver.parameters.max_deterministic_time = work
    return solver


def solve_subset(
    problem: Problem,
    free: frozenset[str],
    fixed: set[Pair] | frozenset[Pair],
    *,
    eligible: dict[str, list[Shift]],
    targets: dict[str, int],
    time_limit: float,
    workers: int,
    seed: int,
    deterministic_limit: float | None = None,
    hint: bool = True,
    soft_min_staff: bool = False,
    patterns: dict[str, list[bool]] | None = None,
    hint_roster: set[Pair] | frozenset[Pair] | None = None,
) -> tuple[set[Pair] | None, str]:
    """Re-solve the rosters of the `free` people with everybody else held to `fixed`.

    Returns the free people's new assignments (None when CP-SAT found no solution in time) and
    CP-SAT's status name. With `hint`, the free people's assignments in `hint_roster`
    (default `fixed`) are the
    hint.
    `patterns` may fix, per free person, on which days they work. Every returned assignment
    set, joined with the others' fixed ones, keeps every hard rule of the people and shifts
    involved (those rules are constraints of the sub-model).
    """
    m = build_model(
        problem,
        free=free,
        fixed=frozenset(fixed),
        eligible=eligible,
        targets=targets,
        soft_min_staff=soft_min_staff,
    )
    if hint:
        source = fixed if hint_roster is None else hint_roster
        m.complete_hint(frozenset(k for k in source if k[0] in free))
    for person_id, pattern in (patterns or {}).items():
        for lit, works in zip(m.work[person_id], pattern, strict=True):
            if isinstance(lit, bool):
                if lit != works:
                    return None, "INFEASIBLE"
            else:
                m.model.add(lit == int(works))
    solver = _solver(
        time_limit, workers, seed, deterministic_limit, lp=bool(patterns) or workers > 1
    )
    if patterns:
        # With the working days fixed, presolve costs more than the search (Instance24).
        solver.parameters.cp_model_presolve = False
    code = solver.solve(m.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, solver.status_name(code)
    chosen = {key for key, var in m.x.items() if solver.boolean_value(var)}
    return chosen, solver.status_name(code)


def day_values(
    problem: Problem, person: Person, mine: list[Shift], roster: set[Pair]
) -> tuple[list[float], list[bool]]:
    """What a working day of `person` is worth given `roster` (the best shift's cover gain and
    wishes that day), and whether they can work it at all."""
    staff: dict[str, int] = {}
    for _, shift_id in roster:
        staff[shift_id] = staff.get(shift_id, 0) + 1
    wish: dict[str, int] = {}
    for pref in problem.preferences:
        if pref.person == person.id and pref.shift is not None:
            wish[pref.shift] = wish.get(pref.shift, 0) + (
                pref.weight if pref.wanted else -pref.weight
            )
    weights = problem.weights
    value = [NEG_DAY] * problem.num_days
    for shift in mine:
        under = weights.understaffed if shift.under_weight is None else shift.under_weight
        over = weights.overstaffed if shift.over_weight is None else shift.over_weight
        gain = under if staff.get(shift.id, 0) < shift.demand else -over
        value[shift.day] = max(value[shift.day], gain + wish.get(shift.id, 0))
    can = [v > NEG_DAY for v in value]
    return [v if ok else 0.0 for v, ok in zip(value, can, strict=True)], can


NEG_DAY = -1e9


def _counts_to_try(person: Person, mine: list[Shift], found: dict[int, float]) -> list[int]:
    """Working-day counts whose minutes can meet the person's window, best pattern first.

    With `count` days the person's minutes lie between the `count` shortest and the `count`
    longest shifts they may take, each kind at most its per-kind limit (and its number of
    days); counts whose range misses [min_total_minutes, max_total_minutes] are left out.
    """
    per_kind: dict[str, list[int]] = {}
    for shift in mine:
        per_kind.setdefault(shift.kind, []).append(shift.duration_minutes)
    slots: list[int] = []
    for kind, lengths in per_kind.items():
        cap = person.max_shifts_by_kind.get(kind, len(lengths))
        slots += sorted(lengths)[: min(cap, len(lengths))]
    shortest = sorted(slots)
    longest = shortest[::-1]
    low = [0]
    high = [0]
    for a, b in zip(shortest, longest, strict=True):
        low.append(low[-1] + a)
        high.append(high[-1] + b)
    lo_total, hi_total = person.min_total_minutes, person.max_total_minutes
    possible = [
        c
        for c in found
        if c < len(low) and high[c] >= lo_total and (hi_total is None or low[c] <= hi_total)
    ]
    return sorted(possible, key=lambda c: (-found[c], c))


def place_person(
    problem: Problem,
    person: Person,
    roster: set[Pair],
    *,
    eligible: dict[str, list[Shift]],
    targets: dict[str, int],
    time_limit: float,
    seed: int,
    work: float | None,
    tries: int = 3,
) -> set[Pair] | None:
    """The best roster found for `person` alone, everybody in `roster` fixed.

    First the most valuable working-day patterns (`pattern.best_patterns`) for the counts of
    days their minutes allow, CP-SAT choosing the shifts of each; if none of `tries` patterns
    works out, CP-SAT on the person's whole roster. None when no roster is found in time.
    """
    mine = eligible[person.id]
    value, can = day_values(problem, person, mine, roster)
    found = best_patterns(problem, person, value, can)
    one = frozenset([person.id])
    common = dict(
        eligible=eligible, targets=targets, workers=1, seed=seed, hint=False, soft_min_staff=True
    )
    for count in _counts_to_try(person, mine, found.values)[:tries]:
        pattern = found.pattern(count)
        # Only the shifts of the pattern's working days get variables.
        narrowed = {**eligible, person.id: [s for s in mine if pattern[s.day]]}
        chosen, _ = solve_subset(
            problem,
            one,
            roster,
            time_limit=time_limit,
            deterministic_limit=work,
            patterns={person.id: pattern},
            **{**common, "eligible": narrowed},  # type: ignore[arg-type]
        )
        if chosen is not None:
            return chosen
    chosen, _ = solve_subset(
        problem,
        one,
        roster,
        time_limit=2 * time_limit,
        deterministic_limit=None if work is None else 4 * work,
        **common,  # type: ignore[arg-type]
    )
    return chosen


def construct(
    problem: Problem,
    *,
    eligible: dict[str, list[Shift]],
    targets: dict[str, int],
    deadline: float,
    seed: int = 0,
    per_person_work: float = 0.5,
    start: frozenset[Pair] = frozenset(),
) -> set[Pair]:
    """A roster built person by person, each on a one-person model.

    Each person, in `construction_order`, gets the roster that adds the most (cover first)
    given everybody placed before them (see `place_person`); `min_staff` is soft here because
    the later people are not placed yet. `start` holds assignments to begin from; each
    person's own are replaced. One worker and a deterministic limit of `per_person_work` per
    CP-SAT call make the result the same on every run as long as no call reaches its share of
    the wall-clock `deadline` (the time left is shared out over the people still to place).
    A person for whom no roster is found is left off (the caller checks hard rules).
    """
    roster: set[Pair] = set(start)
    people = construction_order(problem, eligible)
    for i, person in enumerate(people):
        left = deadline - time.perf_counter()
        share = max(0.1, left / (len(people) - i))
        others = {k for k in roster if k[0] != person.id}
        chosen = place_person(
            problem,
            person,
            others,
            eligible=eligible,
            targets=targets,
            # Feasibility first: a person left off breaks their minima, so each person gets
            # enough time even when the shares run out (one such call takes 0.3-0.8 s on
            # Instance24).
            time_limit=max(2.0, share / 2),
            seed=seed,
            work=per_person_work,
        )
        roster = others | (chosen or set())
    return roster


def people_breaking_rules(problem: Problem, roster: set[Pair]) -> list[str]:
    """The people whose own roster breaks a hard rule of theirs (limits or minima), by id."""
    mine: dict[str, list[Shift]] = {}
    for person_id, shift_id in roster:
        mine.setdefault(person_id, []).append(problem.shift(shift_id))
    out = []
    for person in problem.people:
        state = PersonState(problem, person)
        broken = False
        for shift in sorted(mine.get(person.id, []), key=lambda s: (s.start, s.id)):
            broken = broken or state.blocker(shift) is not None
            state.add(shift)
        if broken or state.minima_broken():
            out.append(person.id)
    return out


def mend(
    problem: Problem,
    roster: set[Pair],
    *,
    eligible: dict[str, list[Shift]],
    targets: dict[str, int],
    seed: int,
    workers: int,
    rounds: int = 3,
) -> set[Pair]:
    """Re-place the people whose roster breaks one of their rules, with more time and more
    patterns each round, then with CP-SAT on their whole roster (all workers)."""
    for attempt in range(rounds):
        broken = people_breaking_rules(problem, roster)
        if not broken:
            break
        for person_id in broken:
            person = problem.person(person_id)
            others = {k for k in roster if k[0] != person_id}
            chosen = place_person(
                problem,
                person,
                others,
                eligible=eligible,
                targets=targets,
                time_limit=5.0 * (attempt + 1),
                seed=seed + attempt,
                work=None,
                tries=4 + 4 * attempt,
            )
            if chosen is None:
                chosen, _ = solve_subset(
                    problem,
                    frozenset([person_id]),
                    others,
                    eligible=eligible,
                    targets=targets,
                    time_limit=10.0,
                    workers=max(2, workers),
                    seed=seed + attempt,
                    hint=False,
                    soft_min_staff=True,
                )
            roster = others | (chosen or set())
    return roster


def objective_of(problem: Problem, roster: set[Pair], targets: dict[str, int]) -> int:
    """The roster's objective, recomputed by `score.penalties_of`."""
    return sum(p.cost for p in penalties_of(problem, roster, targets))


def improve_people(
    problem: Problem,
    progress: Progress,
    *,
    eligible: dict[str, list[Shift]],
    targets: dict[str, int],
    deadline: float,
    started: float,
    workers: int,
    seed: int,
    is_valid: Callable[[set[Pair]], bool] | None = None,
) -> Progress:
    """Large neighbourhood search over people until `deadline` (a `time.perf_counter()` value).

    Each round frees a few people — at random, or people eligible for a place still short —
    and re-solves their rosters exactly, everybody else fixed; the result is kept when its
    objective (recomputed from the roster) is no worse. The neighbourhood grows after rounds
    proved optimal and shrinks after rounds that run out of time. `is_valid` may veto a
    roster. Never returns a worse roster. Not reproducible run to run (wall-clock limits).
    """
    rng = random.Random(seed)
    ids = [p.id for p in problem.people]
    candidates: dict[str, list[str]] = {}
    for person in problem.people:
        for shift in eligible[person.id]:
            candidates.setdefault(shift.id, []).append(person.id)
    size = 2
    sub_limit = 2.0
    while True:
        left = deadline - time.perf_counter()
        if left < 0.3 or progress.objective == 0:
            break
        free = _neighbourhood(problem, progress, rng, ids, candidates, size)
        chosen, status = solve_subset(
            problem,
            free,
            progress.roster,
            eligible=eligible,
            targets=targets,
            time_limit=min(sub_limit, left - 0.1),
            workers=workers,
            seed=rng.randrange(1 << 30),
        )
        progress.rounds += 1
        if chosen is not None:
            roster = {k for k in progress.roster if k[0] not in free} | chosen
            objective = objective_of(problem, roster, targets)
            if objective <= progress.objective and (is_valid is None or is_valid(roster)):
                if objective < progress.objective:
                    progress.improving_rounds += 1
                    now = round(time.perf_counter() - started, 3)
                    progress.trajectory.append((now, objective))
                progress.roster, progress.objective = roster, objective
        if status == "OPTIMAL":
            size = min(len(ids), size + 1)
        elif size > 1:
            size -= 1
    return progress


def _neighbourhood(
    problem: Problem,
    progress: Progress,
    rng: random.Random,
    ids: list[str],
    candidates: dict[str, list[str]],
    size: int,
) -> frozenset[str]:
    """`size` people to free: half the rounds around a short place, the others at random."""
    k = min(size, len(ids))
    if progress.rounds % 2 == 0:
        staff: dict[str, int] = {}
        for _, shift_id in progress.roster:
            staff[shift_id] = staff.get(shift_id, 0) + 1
        short = [
            s.id for s in problem.shifts if staff.get(s.id, 0) < s.demand and s.id in candidates
        ]
        if short:
            pool = candidates[rng.choice(short)]
            picked = rng.sample(pool, k=min(k, len(pool)))
            rest = [p for p in ids if p not in picked]
            picked += rng.sample(rest, k=k - len(picked))
            return frozenset(picked)
    return frozenset(rng.sample(ids, k=k))


def solve_large(problem: Problem, params: SolveParams, started: float) -> Result:
    """Roster a problem too large for one model: person-by-person construction, then LNS.

    The construction gets the whole limit if it needs it (a roster that keeps every hard rule
    comes first); the LNS rounds use what is left. Status `feasible` when the roster keeps
    every hard rule (no bound: none is proved), else the greedy roster if that one does, else
    `no_solution`. Peak memory grows with the freed part, not with the problem.
    """
    stop, strategy = params.stop, params.strategy
    deadline = started + stop.time_limit_s
    eligible = eligible_shifts(problem)
    targets = fair_targets(problem, eligible)
    # The greedy roster costs about a second even at 2,000 people; when it keeps every hard
    # rule it is the roster in hand and LNS starts from it (the construction is for problems
    # whose greedy roster breaks a minimum, like Curtois 21-24).
    greedy = solve_greedy(problem, explain=False)
    stats_broken = 0
    if greedy.status == Status.GREEDY_FALLBACK:
        roster = set(greedy.assignments)
        source = "greedy"
    else:
        source = "construction"
        roster = construct(
            problem,
            eligible=eligible,
            targets=targets,
            deadline=started + stop.time_limit_s * strategy.construction_share,
            seed=strategy.seed,
            start=frozenset(problem.locked),
        )
        stats_broken = len(people_breaking_rules(problem, roster))
        if stats_broken:
            roster = mend(
                problem,
                roster,
                eligible=eligible,
                targets=targets,
                seed=strategy.seed,
                workers=strategy.workers,
            )
    built = round(time.perf_counter() - started, 3)
    stats: dict[str, object] = {
        "construction_people_mended": stats_broken,
        "path": "large",
        "first_roster_source": source,
        "construction_s": built,
        "workers": strategy.workers,
        "seed": strategy.seed,
        "eligible_pairs": sum(len(v) for v in eligible.values()),
    }
    violations = hard_violations(problem, roster)
    stats["construction_hard_violations"] = len(violations)
    if not violations:
        objective = objective_of(problem, roster, targets)
        progress = Progress(roster, objective, [(built, objective)])
        stats["construction_objective"] = objective
        improve_people(
            problem,
            progress,
            eligible=eligible,
            targets=targets,
            deadline=deadline,
            started=started,
            workers=strategy.workers,
            seed=strategy.seed,
        )
        stats.update(
            first_solution_s=built,
            first_roster_s=built,
            trajectory=progress.trajectory,
            lns_rounds=progress.rounds,
            lns_improving_rounds=progress.improving_rounds,
            wall_time_s=round(time.perf_counter() - started, 3),
        )
        pairs = tuple(sorted(progress.roster))
        penalties = tuple(penalties_of(problem, pairs, targets))
        return Result(
            status=Status.FEASIBLE,
            assignments=pairs,
            unfilled=tuple(explain_unfilled(problem, pairs)) if strategy.explain else (),
            penalties=penalties,
            objective=sum(p.cost for p in penalties),
            bound=None,
            stats=stats,
        )
    stats["wall_time_s"] = round(time.perf_counter() - started, 3)
    if greedy.status == Status.GREEDY_FALLBACK:
        stats["fallback"] = "greedy"
        return Result(
            greedy.status,
            greedy.assignments,
            tuple(explain_unfilled(problem, greedy.assignments)) if strategy.explain else (),
            greedy.penalties,
            greedy.objective,
            None,
            stats,
        )
    return Result(Status.NO_SOLUTION, (), (), (), None, None, stats)
