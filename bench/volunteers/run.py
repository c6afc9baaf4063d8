"""Volunteer realism benchmark: greedy baseline beside the engine, then repair after drop-outs.

Usage: `python -m bench.volunteers.run --sizes 50,200,500 --days 7,14 --time-limit 30`.
For each (volunteers, days): greedy time and objective; time to the first roster (the greedy
one inside `solve`, when it keeps every hard rule) and to CP-SAT's first; objective and proven
bound at the limit; then 5 % of rostered volunteers drop out and `repair` re-solves
(2 s limit), reporting its wall time and changes against the places it refilled (each refilled
place needs at least one added assignment, so that count is the minimum number of changes).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time

from bench.volunteers.generate import generate
from engines.roster import SolveParams, repair, solve, solve_greedy
from engines.roster.check import hard_violations
from engines.roster.repair import repair_problem

HEADER = (
    "| volunteers | days | shifts | greedy obj | greedy s | first roster s | CP-SAT first s "
    "| obj at limit "
    "| bound | gap % | repair s | places lost | refilled | changes | changes / min "
    "| hard viol. | peak MB |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def run_one(n: int, days: int, limit: float, workers: int, seed: int) -> str:
    """Solve, drop out 5 %, repair; return one markdown table row."""
    problem = generate(n, days, seed)
    t = time.perf_counter()
    greedy = solve_greedy(problem, explain=False)
    greedy_s = time.perf_counter() - t
    result = solve(
        problem, SolveParams(time_limit_s=limit, workers=workers, seed=seed, explain=False)
    )
    rostered = sorted({p for p, _ in result.assignments})
    dropped = random.Random(seed).sample(rostered, k=max(1, len(rostered) // 20))
    t = time.perf_counter()
    fixed = repair(
        problem,
        result.assignments,
        dropped=dropped,
        params=SolveParams(time_limit_s=2.0, workers=workers, seed=seed, explain=False),
    )
    repair_s = time.perf_counter() - t
    before = _short(problem, result.assignments, set(dropped))
    after = _short(problem, fixed.assignments, set())
    refilled = max(0, before - after)
    changes = fixed.stats.get("changes")
    ratio = "–" if not refilled or not isinstance(changes, int) else f"{changes / refilled:.2f}"
    violations = len(hard_violations(problem, result.assignments)) + len(
        hard_violations(
            repair_problem(problem, result.assignments, dropped=dropped), fixed.assignments
        )
    )
    gap = "–"
    if result.objective and result.bound is not None:
        gap = f"{100 * (result.objective - result.bound) / result.objective:.1f}"
    cells = [
        n,
        days,
        len(problem.shifts),
        greedy.objective,
        f"{greedy_s:.2f}",
        result.stats.get("first_roster_s"),
        result.stats.get("first_solution_s"),
        result.objective,
        result.bound,
        gap,
        f"{repair_s:.2f}",
        fixed.stats["places_lost"],
        refilled,
        changes,
        ratio,
        violations,
        round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    ]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _short(problem, assignments, gone: set[str]) -> int:
    """Unfilled places once the people in `gone` are taken out of the roster."""
    staff: dict[str, int] = {}
    for person, shift in assignments:
        if person not in gone:
            staff[shift] = staff.get(shift, 0) + 1
    return sum(max(0, s.demand - staff.get(s.id, 0)) for s in problem.shifts)


def main(argv: list[str] | None = None) -> int:
    """Run the grid of sizes and print a markdown table (one process for all, so peak MB is
    cumulative: run one size per call for per-size memory)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,500")
    parser.add_argument("--days", default="7,14")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores; {args.workers} workers, "
        f"seed {args.seed}, limit {args.time_limit:g} s.\n"
    )
    print(HEADER, flush=True)
    for n in (int(x) for x in args.sizes.split(",")):
        for days in (int(x) for x in args.days.split(",")):
            print(run_one(n, days, args.time_limit, args.workers, args.seed), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
