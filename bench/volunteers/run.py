"""Volunteer realism benchmark: greedy baseline beside the engine, then repair after drop-outs.

Usage: `python -m bench.volunteers.run --sizes 50,200,500 --days 7,14 --time-limit 30`.
For each (volunteers, days): greedy time and objective; time to the first roster (the greedy
one inside `solve`, when it keeps every hard rule) and to CP-SAT's first; objective and proven
bound at the limit; the bench's own lower bound (`lower_bound`: unavoidable under-cover +
fairness floor, no engine code) and the gap to it; then 5 % of rostered volunteers drop out and
`repair` re-solves (2 s limit), reporting its wall time, its changes, the places it refilled
(each needs at least one added assignment), and the least number of changes that fills as many
places under the hard rules (`min_changes`, CP-SAT's proven bound; `*` marks a bound not proven
optimal). With `--peer`, Timefold solves the sizes up to `--peer-max` volunteers with the same
limit, scored with the engine's `score`/`check` (the bench rules agree: both are printed).
*hard viol.* counts the violations of the solved and the repaired roster found by the engine's
`check` plus those found by the bench's own `rules`. Progress goes to stderr, the table to
stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time

from bench.volunteers import rules
from bench.volunteers.generate import generate
from bench.volunteers.lower_bound import lower_bound
from bench.volunteers.min_changes import filled_places, min_changes
from engines.roster import SolveParams, StopParams, StrategyParams, repair, solve, solve_greedy
from engines.roster.check import hard_violations
from engines.roster.repair import repair_problem

COLUMNS = (
    "volunteers",
    "days",
    "shifts",
    "greedy obj",
    "greedy s",
    "first roster s",
    "CP-SAT first s",
    "obj at limit",
    "bound",
    "gap %",
    "LB",
    "gap to LB %",
    "repair s",
    "places lost",
    "refilled",
    "changes",
    "changes / refilled",
    "min changes",
    "changes / min",
    "hard viol.",
    "Timefold obj",
    "Timefold hard viol.",
    "peak MB",
)
HEADER = "| " + " | ".join(COLUMNS) + " |\n|" + "|".join("---:" for _ in COLUMNS) + "|"


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_one(
    n: int,
    days: int,
    limit: float,
    workers: int,
    seed: int,
    *,
    peer: bool = False,
    lb_limit: float = 30.0,
) -> str:
    """Solve, bound, drop out 5 %, repair, optionally run the peer; one markdown table row."""
    problem = generate(n, days, seed)
    _progress(f"{n} x {days}: lower bound")
    bound = lower_bound(problem, cp_sat_limit_s=lb_limit, workers=workers)
    _progress(f"{n} x {days}: greedy, then solve ({limit:g} s)")
    t = time.perf_counter()
    greedy = solve_greedy(problem, explain=False)
    greedy_s = time.perf_counter() - t
    result = solve(
        problem,
        SolveParams(
            StopParams(time_limit_s=limit),
            StrategyParams(workers=workers, seed=seed, explain=False),
        ),
    )
    _progress(f"{n} x {days}: repair")
    rostered = sorted({p for p, _ in result.assignments})
    dropped = random.Random(seed).sample(rostered, k=max(1, len(rostered) // 20))
    t = time.perf_counter()
    fixed = repair(
        problem,
        result.assignments,
        dropped=dropped,
        params=SolveParams(
            StopParams(time_limit_s=2.0), StrategyParams(workers=workers, seed=seed, explain=False)
        ),
    )
    repair_s = time.perf_counter() - t
    before = _short(problem, result.assignments, set(dropped))
    after = _short(problem, fixed.assignments, set())
    refilled = max(0, before - after)
    changes = fixed.stats.get("changes")
    ratio = "–" if not refilled or not isinstance(changes, int) else f"{changes / refilled:.2f}"
    repaired = repair_problem(problem, result.assignments, dropped=dropped)
    violations = len(hard_violations(problem, result.assignments)) + len(
        hard_violations(repaired, fixed.assignments)
    )
    violations += len(rules.score(problem, result.assignments).violations)
    violations += len(rules.score(repaired, fixed.assignments).violations)
    least, min_ratio = "–", "–"
    if fixed.has_roster and isinstance(changes, int):
        _progress(f"{n} x {days}: minimum changes")
        assert repaired.previous is not None
        found = min_changes(
            repaired,
            repaired.previous,
            filled_places(repaired, fixed.assignments),
            workers=workers,
            hint=fixed.assignments,
        )
        mark = "" if found.optimal else "*"
        least = f"{found.bound}{mark}"
        if found.bound:
            min_ratio = f"{changes / found.bound:.2f}{mark}"
    gap = "–"
    if result.objective and result.bound is not None:
        gap = f"{100 * (result.objective - result.bound) / result.objective:.1f}"
    lb_gap = "–"
    if result.objective:
        lb_gap = f"{100 * (result.objective - bound.value) / result.objective:.1f}"
    peer_obj, peer_viol = "–", "–"
    if peer:
        _progress(f"{n} x {days}: Timefold ({limit:g} s)")
        peer_obj, peer_viol = _run_peer(problem, limit, seed)
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
        bound.value,
        lb_gap,
        f"{repair_s:.2f}",
        fixed.stats["places_lost"],
        refilled,
        changes,
        ratio,
        least,
        min_ratio,
        violations,
        peer_obj,
        peer_viol,
        round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    ]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _run_peer(problem, limit: float, seed: int) -> tuple[str, str]:
    """Timefold's objective (engine score) and hard violations (engine check + bench rules)."""
    from bench.volunteers.timefold_peer import solve_peer
    from engines.roster.score import penalties_of

    peer = solve_peer(problem, limit, seed)
    objective = sum(p.cost for p in penalties_of(problem, peer.assignments))
    bench = rules.score(problem, peer.assignments)
    if bench.objective != objective or peer.objective != objective:
        _progress(
            f"  scores disagree: engine {objective}, bench {bench.objective}, "
            f"Timefold {peer.objective}"
        )
    hard = len(hard_violations(problem, peer.assignments)) + len(bench.violations)
    return f"{objective} ({peer.wall_s:.0f} s)", str(hard)


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
    parser.add_argument(
        "--peer", action="store_true", help="also run Timefold (needs the `peer` extra)"
    )
    parser.add_argument("--peer-max", type=int, default=200, help="largest size for the peer")
    parser.add_argument(
        "--lb-limit",
        type=float,
        default=30.0,
        help="CP-SAT seconds per part for the lower bound's under-cover (not the engine's budget)",
    )
    args = parser.parse_args(argv)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores; {args.workers} workers, "
        f"seed {args.seed}, limit {args.time_limit:g} s.\n"
    )
    print(HEADER, flush=True)
    for n in (int(x) for x in args.sizes.split(",")):
        for days in (int(x) for x in args.days.split(",")):
            peer = args.peer and n <= args.peer_max
            row = run_one(
                n, days, args.time_limit, args.workers, args.seed, peer=peer, lb_limit=args.lb_limit
            )
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
