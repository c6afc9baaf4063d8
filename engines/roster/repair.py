"""Repair mode: re-solve a published roster after people drop out, changing as little as
possible.

Only the people who can make a difference are re-planned: those eligible to fill a lost place
(with room for it in their own roster), and those whose kept roster or shift no longer keeps a
hard rule. Everybody else keeps their published roster as constants of the model
(`solver.build_model(free=...)`), so the model stays small and the repair fast whatever the
size of the roster.
"""

from __future__ import annotations

import dataclasses
import time
from collections import defaultdict
from collections.abc import Iterable

from engines.roster.check import PersonState, hard_violations
from engines.roster.explain import explain_unfilled
from engines.roster.large import solve_subset
from engines.roster.params import SolveParams, StopParams
from engines.roster.problem import Problem, Shift, eligible_shifts
from engines.roster.result import Result, Status
from engines.roster.score import fair_targets, penalties_of
from engines.roster.solver import solve

Pair = tuple[str, str]
# Candidates kept per lost place: those who can take it directly, least loaded first.
DIRECT_PER_PLACE = 8
# Candidates per lost place that nobody can take directly (their moves may open a chain).
BLOCKED_PER_PLACE = 4


def repair_problem(
    problem: Problem,
    published: Iterable[tuple[str, str]],
    *,
    dropped: Iterable[str] = (),
    sealed: Iterable[str] = (),
) -> Problem:
    """The problem to re-solve: `dropped` people removed, `sealed` compounds added, and the
    published roster (minus the dropped people's places) set as `previous`, so every other
    change is a `changed` penalty. Raises `ProblemError` if a dropped person holds a lock.
    """
    gone = set(dropped)
    kept = frozenset((p, s) for p, s in published if p not in gone)
    return dataclasses.replace(
        problem,
        people=tuple(p for p in problem.people if p.id not in gone),
        preferences=tuple(f for f in problem.preferences if f.person not in gone),
        sealed_compounds=problem.sealed_compounds | frozenset(sealed),
        previous=kept,
    )


def repair(
    problem: Problem,
    published: Iterable[tuple[str, str]],
    *,
    dropped: Iterable[str] = (),
    sealed: Iterable[str] = (),
    params: SolveParams | None = None,
) -> Result:
    """Re-roster after `dropped` people leave (illness) or `sealed` compounds close.

    Starts from the published roster; each assignment added or removed among the remaining
    people costs `weights.change`, so places are refilled with as few moves as the other
    penalties allow. Only the people who could help (`people_to_free`) are re-solved,
    everybody else fixed; if that finds nothing in time, the kept roster stands when it keeps
    every hard rule, and otherwise the whole problem is re-solved. The default limit is 2 s, for
    a coordinator who waits. Locked assignments are always kept. `stats["changes"]` counts the
    moves among remaining people and `stats["places_lost"]` the published places that dropped
    people held. Raises `ProblemError` as `repair_problem` does.
    """
    started = time.perf_counter()
    published = frozenset(published)
    fixed = repair_problem(problem, published, dropped=dropped, sealed=sealed)
    params = params or SolveParams(StopParams(time_limit_s=2.0))
    assert fixed.previous is not None
    kept = fixed.previous
    holes = {shift_id for _, shift_id in published - kept}
    if not holes:
        # The caller took the lost places out of `published` itself: every shift short of
        # its demand is a hole.
        staff: dict[str, int] = defaultdict(int)
        for _, shift_id in kept:
            staff[shift_id] += 1
        holes = {s.id for s in fixed.shifts if staff[s.id] < max(s.demand, s.min_staff)}
    result = _repair_subset(fixed, kept, holes, params, started)
    if result is None:
        extra = params.strategy.sat_parameters or (("cp_model_presolve", False),)
        left = max(0.1, params.stop.time_limit_s - (time.perf_counter() - started))
        whole = SolveParams(
            dataclasses.replace(params.stop, time_limit_s=left),
            dataclasses.replace(
                params.strategy, hint=kept, greedy_hint=False, sat_parameters=extra
            ),
        )
        result = solve(fixed, whole)
        result.stats["repair"] = "whole"
    if result.has_roster:
        result.stats["changes"] = len(kept ^ set(result.assignments))
    result.stats["places_lost"] = len(published - kept)
    result.stats["wall_time_s"] = round(time.perf_counter() - started, 3)
    return result


def people_to_free(
    problem: Problem,
    kept: frozenset[Pair],
    eligible: dict[str, list[Shift]],
    holes: set[str] | None = None,
) -> set[str]:
    """The people whose rosters the repair may change.

    Everybody whose kept roster breaks a hard rule (e.g. a post now in a sealed compound);
    everybody on a shift that breaks a staffing rule (e.g. its team lead dropped out); and for
    each place short against demand (on the shifts in `holes` and those of the people freed so
    far; on every shift when `holes` is None), up to `DIRECT_PER_PLACE` people who could take
    it without giving anything up (least loaded against their fair share first) or, when
    nobody can, up to `BLOCKED_PER_PLACE` eligible people whose other duties might move.
    Deterministic.
    """
    states = {p.id: PersonState(problem, p) for p in problem.people}
    free: set[str] = set()
    staff: dict[str, list[str]] = defaultdict(list)
    for person_id, shift_id in sorted(kept, key=lambda k: (problem.shift(k[1]).start, k)):
        shift = problem.shift(shift_id)
        if states[person_id].blocker(shift) is not None:
            free.add(person_id)
        states[person_id].add(shift)
        staff[shift_id].append(person_id)
    free |= {pid for pid, state in states.items() if state.minima_broken()}
    for shift in problem.shifts:
        on = staff[shift.id]
        leads = [pid for pid in on if problem.person(pid).is_lead]
        if (
            len(on) < shift.min_staff
            or (shift.max_staff is not None and len(on) > shift.max_staff)
            or (shift.lead_required and on and not leads)
        ):
            free.update(on)
    targets = fair_targets(problem, eligible)
    candidates: dict[str, list[str]] = defaultdict(list)
    for person in problem.people:
        for shift in eligible[person.id]:
            candidates[shift.id].append(person.id)
    if holes is not None:
        holes = holes | {s for p, s in kept if p in free}
    for shift in problem.shifts:
        short = max(shift.demand, shift.min_staff) - len(staff[shift.id])
        if short <= 0 or (holes is not None and shift.id not in holes):
            continue
        pool = sorted(
            candidates[shift.id],
            key=lambda pid: (states[pid].total - targets[pid], pid),
        )
        direct = [pid for pid in pool if states[pid].blocker(shift) is None]
        if shift.lead_required and not any(problem.person(pid).is_lead for pid in staff[shift.id]):
            leads = [pid for pid in direct if problem.person(pid).is_lead]
            direct = leads[:DIRECT_PER_PLACE] + direct
        if direct:
            free.update(direct[: DIRECT_PER_PLACE + short])
        else:
            free.update(pool[:BLOCKED_PER_PLACE])
    return free


def _repair_subset(
    problem: Problem, kept: frozenset[Pair], holes: set[str], params: SolveParams, started: float
) -> Result | None:
    """Re-solve only `people_to_free`, everybody else fixed; None if that yields no roster."""
    eligible = eligible_shifts(problem)
    free = frozenset(people_to_free(problem, kept, eligible, holes))
    # Duties that cannot stay (their holder or their shift breaks a rule) need new hands too.
    start = valid_part(problem, kept)
    holes = holes | {s for _, s in kept - start}
    if not free:
        roster = set(kept)
        status = "OPTIMAL"
    else:
        # The freed people may keep or give up their own duties and take the places short;
        # nothing else, so nobody is reshuffled for a small gain in fairness or wishes.
        narrowed = dict(eligible)
        for pid in free:
            narrowed[pid] = [s for s in eligible[pid] if s.id in holes or (pid, s.id) in kept]
        # Freed people whose kept duties are all valid keep them (they only add places short):
        # without swaps, each change refills a place.
        broken = {p for p, _ in kept - start}
        keep = frozenset(k for k in kept if k[0] in free and k[0] not in broken)
        sub = dataclasses.replace(_churn_averse(problem), locked=problem.locked | keep)
        left = params.stop.time_limit_s - (time.perf_counter() - started)
        chosen, status = solve_subset(
            sub,
            free,
            kept,
            eligible=narrowed,
            targets=fair_targets(problem, eligible),
            # Leave time for checking and scoring the roster after the solve.
            time_limit=max(0.05, 0.7 * left - 0.3),
            workers=params.strategy.workers,
            seed=params.strategy.seed,
            deterministic_limit=params.stop.deterministic_time_limit,
            hint_roster=start,
        )
        if chosen is None:
            if hard_violations(problem, kept):
                return None
            roster, status = set(kept), "kept"
        else:
            roster = {k for k in kept if k[0] not in free} | chosen
    pairs = tuple(sorted(roster))
    if hard_violations(problem, pairs):
        return None
    penalties = tuple(penalties_of(problem, pairs))
    return Result(
        status=Status.FEASIBLE,
        assignments=pairs,
        unfilled=tuple(explain_unfilled(problem, pairs)) if params.strategy.explain else (),
        penalties=penalties,
        objective=sum(p.cost for p in penalties),
        bound=None,
        stats={
            "repair": "subset",
            "freed_people": len(free),
            "holes": len(holes),
            "solver_status": status,
            "workers": params.strategy.workers,
            "seed": params.strategy.seed,
        },
    )


def _churn_averse(problem: Problem) -> Problem:
    """`problem` with the change weight raised above what one move can gain elsewhere.

    One added or removed assignment can gain at most a shift's hours of fair load, one wish,
    two continuity switches and one extra person; a change weighing more than that is never
    made for those alone, but still for a place short (as long as it stays below the weight of
    understaffing). The repaired roster is scored with the problem's own weights.
    """
    w = problem.weights
    hours = max((-(-s.duration_minutes // 60) for s in problem.shifts), default=0)
    wish = max((f.weight for f in problem.preferences), default=0)
    over = max([w.overstaffed, *(s.over_weight or 0 for s in problem.shifts)])
    gain = w.fair_load * hours + wish + 2 * w.continuity + over
    change = max(w.change, min(gain + 1, w.understaffed - 1))
    if change == w.change:
        return problem
    return dataclasses.replace(problem, weights=dataclasses.replace(w, change=change))


def valid_part(problem: Problem, roster: Iterable[Pair]) -> set[Pair]:
    """`roster` without the assignments that break a hard rule on their own or leave a shift
    breaking a staffing rule: a hint the solver can start from at once. Minima are not
    mended. Deterministic."""
    states = {p.id: PersonState(problem, p) for p in problem.people}
    out: set[Pair] = set()
    on: dict[str, list[str]] = defaultdict(list)
    for person_id, shift_id in sorted(roster, key=lambda k: (problem.shift(k[1]).start, k)):
        shift = problem.shift(shift_id)
        if states[person_id].blocker(shift) is None:
            states[person_id].add(shift)
            out.add((person_id, shift_id))
            on[shift_id].append(person_id)
    for shift in problem.shifts:
        people = on[shift.id]
        if shift.lead_required and people and not any(problem.person(p).is_lead for p in people):
            out -= {(p, shift.id) for p in people}
        elif shift.max_staff is not None and len(people) > shift.max_staff:
            out -= {(p, shift.id) for p in sorted(people)[shift.max_staff :]}
    return out
