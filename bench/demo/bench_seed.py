"""Time `manage.py seed_demo` (the whole demo world) on a fresh SQLite database.

    python -m bench.demo.bench_seed [--runs 3]

Each run migrates an empty SQLite file in a temporary directory, then times seed_demo alone.
Prints the median and each run; the goal (issue: foundation) is ≤ 30 s on SQLite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def one_run() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SHOUWANG_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        }
        manage = [sys.executable, "manage.py"]
        # Our own interpreter with fixed arguments.
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        start = time.perf_counter()
        subprocess.run(  # noqa: S603
            [*manage, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.runs)]
    print(f"seed_demo on SQLite (process start included): median {statistics.median(runs):.2f} s")
    print("runs: " + ", ".join(f"{r:.2f}" for r in runs))


if __name__ == "__main__":
    main()
