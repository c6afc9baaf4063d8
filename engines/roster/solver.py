"""Solve a `Problem` with CP-SAT: the greedy roster as a hint, the whole model (`model.py`) or,
past `StrategyParams.large_pairs`, the person-by-person path (`large.py`); then explain.
"""

from __future__ import annotations

import dataclasses
import math
import time

from ortools.sat.python import cp_model

from engines.roster.capacity import check_capacity
from engines.roster.check import hard_violations
from engines.roster.explain import explain_unfilled
from engines.roster.greedy import solve_greedy
from engines.roster.large import construct, mend, people_breaking_rules, solve_large
from engines.roster.lns import Incumbent, improve
from engines.roster.model import build_model
from engines.roster.params import SolveParams
from engines.roster.problem import Problem, Shift, eligible_shifts
from engines.roster.result import Result, Status
from engines.roster.score import fair_targets, penalties_of


def _constructed(
    problem: Problem, params: SolveParams, started: float, eligible: dict[str, list[Shift]]
) -> Result | None:
    """The person-by-person roster (`large.construct`) as a greedy-like result, or None if it
    breaks a hard rule. Its time counts as the greedy time in the statistics."""
    stop, strategy = params.stop, params.strategy
    targets = fair_targets(problem, eligible)
    roster = construct(
        problem,
        eligible=eligible,
        targets=targets,
        deadline=started + stop.time_limit_s * strategy.construction_share / 2,
        seed=strategy.seed,
        start=frozenset(problem.locked),
    )
    if people_breaking_rules(problem, roster):
        roster = mend(
            problem,
            roster,
            eligible=eligible,
            targets=targets,
            seed=strategy.seed,
            workers=strategy.workers,
        )
    if hard_violations(problem, roster):
        return None
    pairs = tuple(sorted(roster))
    penalties = tuple(penalties_of(problem, pairs, targets))
    return Result(
        status=Status.GREEDY_FALLBACK,
        assignments=pairs,
        unfilled=(),
        penalties=penalties,
        objective=sum(p.cost for p in penalties),
        bound=None,
        stats={"wall_time_s": round(time.perf_counter() - started, 3), "constructed": True},
    )


class _Recorder(cp_model.CpSolverSolutionCallback):
    """Records (seconds since solve start, objective) at every improving solution."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.trajectory: list[tuple[float, int]] = []

    def on_solution_callback(self) -> None:
        self.trajectory.append(
            (round(time.perf_counter() - self.started, 3), round(self.objective_value))
        )


def solve(problem: Problem, params: SolveParams | None = None) -> Result:
    """Roster `problem` with CP-SAT and explain the outcome.

    Invariants: every returned assignment keeps every hard rule; `objective` equals the sum of
    the named penalties' costs; the same problem and params (single worker or deterministic
    limit) give the same assignments. When the time limit passes with no roster, the greedy
    baseline is returned with status `greedy_fallback` if it keeps every hard rule. A proven
    infeasible problem gets status `infeasible` and the capacity shortfalls in words.
    Raises nothing for a valid `Problem`.
    """
    params = params or SolveParams()
    stop, strategy = params.stop, params.strategy
    started = time.perf_counter()
    shortfalls = tuple(check_capacity(problem)) if strategy.check_capacity else ()
    eligible = eligible_shifts(problem)
    if sum(len(v) for v in eligible.values()) > strategy.large_pairs:
        large = solve_large(problem, params, started)
        return dataclasses.replace(large, shortfalls=shortfalls)
    hint = strategy.hint
    greedy = None
    if hint is None and strategy.greedy_hint:
        greedy = solve_greedy(problem, explain=False)
        if greedy.status != Status.GREEDY_FALLBACK and strategy.construct:
            # The greedy roster breaks a hard rule (typically a minimum): build one person
            # by person instead, each on a tiny exact model.
            greedy = _constructed(problem, params, started, eligible) or greedy
        hint = frozenset(greedy.assignments)
    m = build_model(problem, eligible=eligible)
    if hint is not None:
        m.complete_hint(hint)
    built = time.perf_counter() - started
    solver = cp_model.CpSolver()
    deadline = started + stop.time_limit_s
    first_phase = stop.time_limit_s * (strategy.lns_first_phase if strategy.lns else 1.0)
    solver.parameters.max_time_in_seconds = max(0.01, first_phase - built)
    solver.parameters.num_workers = strategy.workers
    solver.parameters.random_seed = strategy.seed
    if stop.deterministic_time_limit is not None:
        solver.parameters.max_deterministic_time = stop.deterministic_time_limit
    solver.parameters.log_search_progress = strategy.log
    for name, value in strategy.sat_parameters:
        setattr(solver.parameters, name, value)
    recorder = _Recorder(started)
    code = solver.solve(m.model, recorder)
    stats: dict[str, object] = {
        "build_s": round(built, 3),
        "wall_time_s": round(time.perf_counter() - started, 3),
        "first_solution_s": recorder.trajectory[0][0] if recorder.trajectory else None,
        "trajectory": recorder.trajectory,
        "solver_status": solver.status_name(code),
        "conflicts": solver.num_conflicts,
        "branches": solver.num_branches,
        "workers": strategy.workers,
        "seed": strategy.seed,
        "variables": len(m.x),
    }
    # The greedy roster, when it keeps every hard rule, is a roster in hand: it is the first
    # roster, and CP-SAT's answer replaces it only when better.
    valid_greedy = greedy if greedy and greedy.status == Status.GREEDY_FALLBACK else None
    if valid_greedy is not None:
        stats["greedy_s"] = valid_greedy.stats["wall_time_s"]
        stats["greedy_objective"] = valid_greedy.objective
    firsts = [stats["first_solution_s"], stats.get("greedy_s")]
    stats["first_roster_s"] = min((t for t in firsts if isinstance(t, float)), default=None)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = math.ceil(solver.best_objective_bound - 1e-6)
        values = list(solver.response_proto.solution)
        solver_objective = round(solver.objective_value)
        if strategy.lns and code == cp_model.FEASIBLE:
            incumbent = improve(
                m.model,
                m.x,
                {s.id: s.day for s in problem.shifts},
                Incumbent(values, solver_objective, list(recorder.trajectory)),
                deadline=deadline,
                started=started,
                workers=strategy.workers,
                seed=strategy.seed,
                lower_bound=bound,
            )
            values, solver_objective = incumbent.values, incumbent.objective
            stats["trajectory"] = incumbent.trajectory
            stats["lns_rounds"] = incumbent.rounds
            stats["lns_improving_rounds"] = incumbent.improving_rounds
            if solver_objective <= bound:
                code = cp_model.OPTIMAL
            stats["wall_time_s"] = round(time.perf_counter() - started, 3)
        assignments = tuple(sorted(k for k, v in m.x.items() if values[v.index]))
        stats["solver_objective"] = solver_objective
        greedy_objective = valid_greedy.objective if valid_greedy is not None else None
        if valid_greedy and greedy_objective is not None and greedy_objective < solver_objective:
            assignments = valid_greedy.assignments
            stats["source"] = "greedy"
        penalties = tuple(penalties_of(problem, assignments))
        objective = sum(p.cost for p in penalties)
        word = Status.OPTIMAL if code == cp_model.OPTIMAL else Status.FEASIBLE
        return Result(
            status=word,
            assignments=assignments,
            unfilled=tuple(explain_unfilled(problem, assignments)) if strategy.explain else (),
            penalties=penalties,
            objective=objective,
            bound=min(bound, objective),
            stats=stats,
            shortfalls=shortfalls,
        )
    if code == cp_model.INFEASIBLE:
        return Result(Status.INFEASIBLE, (), (), (), None, None, stats, shortfalls)
    if strategy.fallback_to_greedy:
        greedy = greedy or solve_greedy(problem, explain=strategy.explain)
        if greedy.status == Status.GREEDY_FALLBACK:
            stats["fallback"] = "greedy"
            return Result(
                greedy.status,
                greedy.assignments,
                greedy.unfilled,
                greedy.penalties,
                greedy.objective,
                None,
                stats,
                shortfalls,
            )
    return Result(Status.NO_SOLUTION, (), (), (), None, None, stats, shortfalls)
