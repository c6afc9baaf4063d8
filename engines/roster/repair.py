"""Repair mode: re-solve a published roster after people drop out, changing as little as
possible."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from engines.roster.problem import Problem
from engines.roster.result import Result
from engines.roster.solver import SolveParams, solve


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

    Starts from the published roster: it is the search hint, and each assignment added or
    removed among the remaining people costs `weights.change`, so places are refilled with as
    few moves as the other penalties allow. The default limit is 2 s, for a coordinator who
    waits; CP-SAT presolve is off unless `params.sat_parameters` says otherwise.
    `stats["changes"]` counts the moves among remaining people and `stats["places_lost"]` the
    published places that dropped people held. Raises `ProblemError` as `repair_problem` does.
    """
    published = frozenset(published)
    fixed = repair_problem(problem, published, dropped=dropped, sealed=sealed)
    params = params or SolveParams(time_limit_s=2.0)
    assert fixed.previous is not None
    # Presolve costs more than the whole 2 s budget on large rosters; the published roster is a
    # complete hint, so search starts from it at once.
    extra = params.sat_parameters or (("cp_model_presolve", False),)
    params = dataclasses.replace(
        params, hint=fixed.previous, greedy_hint=False, sat_parameters=extra
    )
    result = solve(fixed, params)
    if result.has_roster:
        result.stats["changes"] = len(fixed.previous ^ set(result.assignments))
    result.stats["places_lost"] = len(published - fixed.previous)
    return result
