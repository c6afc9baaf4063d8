"""Time a plan alone: ``python -m bench.dispatch.plan_time [--residents 2300]``.

The report (``python -m bench.dispatch report``) times each plan beside everything else it runs;
this prints only the wall and CPU time of ``solve()`` at the report's search budget, for seeded
compounds of 20, 40 and 60 buildings (seeds 1-3), so the "plan ≤ 1 s" goal can be checked on a
quiet machine in a few seconds. 2,300 residents give about 2,000 parcels.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.dispatch.generator import compound
from bench.dispatch.report import PLAN_LIMIT
from engines.dispatch.problem import Params
from engines.dispatch.solver import solve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=2300)
    args = parser.parse_args(argv)
    print("| buildings | parcels | plan wall (seeds 1/2/3) | median | CPU median |")
    print("|---|---|---|---|---|")
    for buildings in (20, 40, 60):
        problem = compound(seed=1, buildings=buildings, residents=args.residents)
        walls, cpus = [], []
        for seed in (1, 2, 3):
            started, cpu = time.perf_counter(), time.process_time()
            solve(problem, Params(time_limit=PLAN_LIMIT, seed=seed))
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        shown = " / ".join(f"{w:.3f}" for w in walls)
        print(
            f"| {buildings} | {len(problem.parcels)} | {shown} s | "
            f"{statistics.median(walls):.3f} s | {statistics.median(cpus):.3f} s |"
        )


if __name__ == "__main__":
    main()
