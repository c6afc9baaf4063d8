"""Run the roster engine over a range of Curtois & Qu instances and write a markdown table.

Usage: `python -m bench.curtois.suite --instances 1-12 --time-limit 60 [--out FILE.md]`.
Each instance runs in its own process (so peak memory is per instance), then the independent
evaluator scores the roster file; the table compares with `best_known.csv`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.curtois.evaluate import evaluate

DATA = Path(__file__).resolve().parents[1] / "data"
SHIFT_SCHEDULING = DATA / "shift-scheduling"


def parse_range(text: str) -> list[int]:
    """'1-3,7' → [1, 2, 3, 7]."""
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += range(int(lo), int(hi or lo) + 1)
    return out


def best_known(root: Path) -> dict[str, int]:
    """Best known upper bound per instance name."""
    with (root / "best_known.csv").open() as f:
        return {row["instance"]: int(row["best_upper_bound"]) for row in csv.DictReader(f)}


def first_within(trajectory: list, target: float) -> float | None:
    """Seconds to the first solution at or below `target`, or None."""
    return next((t for t, obj in trajectory if obj <= target), None)


def run_one(
    root: Path, number: int, limit: float, workers: int, seed: int, keep: Path, lns: str = "auto"
) -> dict:
    """Solve Instance`number` in a child process and evaluate its roster independently."""
    instance = root / "instances" / f"Instance{number}.txt"
    roster = keep / f"Instance{number}.roster.txt"
    stats = keep / f"Instance{number}.json"
    cmd = [sys.executable, "-m", "bench.curtois", str(instance), "--time-limit", str(limit)]
    cmd += ["--workers", str(workers), "--seed", str(seed), "--out", str(roster)]
    cmd += ["--json", str(stats), "--lns", lns]
    # The command is built from our own arguments, never from outside input.
    subprocess.run(cmd, check=False, capture_output=True)  # noqa: S603
    figures = json.loads(stats.read_text()) if stats.exists() else {"status": "crashed"}
    if roster.exists():
        figures["evaluation"] = evaluate(instance, roster)
    return figures


def row(name: str, fig: dict, bks: int) -> str:
    """One markdown table row."""
    ev = fig.get("evaluation", {})
    obj = ev.get("objective")
    engine_obj = fig.get("objective")
    traj = fig.get("trajectory") or []

    def cell(v) -> str:
        return "–" if v is None else f"{v:g}" if isinstance(v, float) else str(v)

    gap = None if obj is None else round(100 * (obj - bks) / bks, 2)
    t5, t1 = first_within(traj, bks * 1.05), first_within(traj, bks * 1.01)
    agree = "" if engine_obj == obj else f" (engine says {engine_obj})"
    cells = [
        name + (" (LNS)" if fig.get("lns") else ""),
        cell(fig.get("time_limit_s")),
        cell(obj) + agree,
        cell(fig.get("bound")),
        str(bks),
        cell(gap),
        cell(fig.get("first_solution_s")),
        cell(t5),
        cell(t1),
        cell(ev.get("hard_violations")),
        cell(fig.get("peak_rss_mb")),
        fig.get("status", "?"),
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| instance | limit s | objective | bound | best known | gap % | first feasible s "
    "| to 5 % s | to 1 % s | hard viol. | peak MB | status |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def main(argv: list[str] | None = None) -> int:
    """Run the suite, print the table, and write it (with the machine) to `--out` if given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="1-12")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lns", choices=("auto", "on", "off"), default="auto")
    parser.add_argument("--data", type=Path, default=SHIFT_SCHEDULING)
    parser.add_argument("--keep", type=Path, help="directory for rosters and JSON figures")
    parser.add_argument("--out", type=Path, help="markdown file to write")
    args = parser.parse_args(argv)
    keep = args.keep or Path(tempfile.mkdtemp(prefix="curtois-"))
    keep.mkdir(parents=True, exist_ok=True)
    bks = best_known(args.data)
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {args.workers} workers, seed {args.seed}, "
        f"LNS {args.lns}.",
        "",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    for n in parse_range(args.instances):
        name = f"Instance{n}"
        print(f"{name}: solving ({args.time_limit:g} s)…", file=sys.stderr, flush=True)
        line = row(
            name,
            run_one(args.data, n, args.time_limit, args.workers, args.seed, keep, args.lns),
            bks[name],
        )
        print(line, flush=True)
        lines.append(line)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
