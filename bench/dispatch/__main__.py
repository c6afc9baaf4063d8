"""python -m bench.dispatch FILE --time-limit S --out FILE.sol

Solve a CVRP file in VRPLIB format with the dispatch engine and write the VRPLIB solution.
``python -m bench.dispatch report`` runs the whole benchmark and writes
docs/benchmarks-dispatch.md (see bench/dispatch/report.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.dispatch.vrplib_io import (
    check_routes,
    cvrp_params,
    read_instance,
    route_cost,
    routes_of,
    to_problem,
    write_solution,
)
from engines.dispatch.solver import solve


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["report"]:
        from bench.dispatch.report import main as report

        return report(args[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.dispatch")
    parser.add_argument("file", type=Path)
    parser.add_argument("--time-limit", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args(args)
    instance = read_instance(options.file)
    result = solve(to_problem(instance), cvrp_params(options.time_limit, options.seed))
    routes = routes_of(result)
    check_routes(instance, routes)
    cost = route_cost(instance, routes)
    out = options.out or options.file.with_suffix(".sol")
    write_solution(out, routes, cost)
    print(f"{instance.name}: {len(routes)} routes, cost {cost}, written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
