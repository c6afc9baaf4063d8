"""Benchmark: check-ins and lookups as a ratio to bare DRF views on the same stack, same run.

    python -m bench.web.ratio [--db postgres|sqlite] [--rounds 2] [--seconds 15] [--write-doc]

One gunicorn (by default as ``scripts/serve`` runs it) serves the product's URLs plus two bare
reference views (bench/web/bare.py: one authenticated insert; one authenticated read of 20
rows) under ``bench.web.settings``. With ``--clients`` (20) clients, phases alternate
``--rounds`` times: bare insert, ``POST /api/v1/checkins/``, bare read,
``GET /api/v1/checkins/?limit=20``; every write is a new volunteer × shift. Reports 2xx per
second and p99 of each, summed over rounds, and the ratios product / bare (goal: throughput
≥ 0.5 ×, p99 ≤ 2 ×). ``--profile`` also counts the SQL queries of one check-in and one lookup
in-process. ``--write-doc`` writes ``docs/benchmarks-web.md``'s "Throughput as a ratio".
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from bench.checkin import load
from bench.checkin.bench_checkin import ROOT, _machine
from bench.web import doc
from bench.web.server import machine_load, served

PHASES = (
    ("bare_write", "bare insert (reference)"),
    ("checkin", "check-in `POST /api/v1/checkins/`"),
    ("bare_read", "bare read (reference)"),
    ("lookup", "lookup `GET /api/v1/checkins/?limit=20`"),
)


def _requests(seed: dict[str, Any]) -> dict[str, Any]:
    tokens, shifts = seed["tokens"], seed["shifts"]
    pairs = [(t, s) for s in shifts for t in tokens]
    used = itertools.count()  # every write, of either kind, takes a new volunteer × shift

    def writer(path: str):
        def make(_n: int) -> load.Request:
            token, shift = pairs[next(used) % len(pairs)]
            headers = {
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            }
            return ("POST", path, json.dumps({"shift": shift}).encode(), headers)

        return make

    def reader(path: str):
        def make(n: int) -> load.Request:
            return ("GET", path, None, {"Authorization": f"Token {tokens[n % len(tokens)]}"})

        return make

    return {
        "bare_write": writer("/bench/bare/insert/"),
        "checkin": writer("/api/v1/checkins/"),
        "bare_read": reader("/bench/bare/read/"),
        "lookup": reader("/api/v1/checkins/?limit=20"),
    }


def measure(port: int, seed: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    makers = _requests(seed)
    load.run(port, makers["bare_read"], clients=12, seconds=8, limit=240)  # warm every thread
    totals: dict[str, dict[str, Any]] = {
        k: {"ok": 0, "seconds": 0.0, "lat": [], "non_2xx": 0, "errors": 0} for k, _ in PHASES
    }
    for _round in range(args.rounds):
        for key, _label in PHASES:
            out = load.run(port, makers[key], clients=args.clients, seconds=args.seconds)
            ok = sum(n for status, n in out.statuses.items() if 200 <= status < 300)
            t = totals[key]
            t["ok"] += ok
            t["seconds"] += out.elapsed
            t["lat"] += out.latencies
            t["non_2xx"] += out.non_2xx
            t["errors"] += len(out.errors)
    result = {}
    for key, t in totals.items():
        probe = load.Outcome(elapsed=t["seconds"], latencies=t["lat"])
        result[key] = {
            "rps": round(t["ok"] / t["seconds"], 1) if t["seconds"] else 0.0,
            "p50": round(probe.percentile(50), 1),
            "p99": round(probe.percentile(99), 1),
            "requests": len(t["lat"]),
            "non_2xx": t["non_2xx"],
            "client_errors": t["errors"],
        }
    return result


def profile(env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.web.profile_checkin"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(engine: str, result: dict[str, Any], args: argparse.Namespace) -> str:
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    served_as = (
        f"{args.workers} workers"
        + (f" × {args.threads} threads (gthread)" if args.threads > 1 else " (sync)")
        + f", SHED_MAX_IN_FLIGHT={args.shed}"
    )
    lines = [
        "## Throughput as a ratio",
        "",
        f"- Date: {now}; machine: {_machine()}; load generator (Python threads) on the same cores",
        f"- Database: {engine}; gunicorn {served_as}; {args.clients} clients; "
        f"{args.rounds} rounds of {args.seconds} s per phase, phases alternating",
        f"- Load average (1 min) before the run: {result['load_average_before']}",
        "",
        "| phase | 2xx/s | p50 ms | p99 ms | requests | non-2xx | client errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, label in PHASES:
        r = result[key]
        lines.append(
            f"| {label} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['requests']} | "
            f"{r['non_2xx']} | {r['client_errors']} |"
        )
    verdicts = []
    for product, bare, what in (
        ("checkin", "bare_write", "Check-in"),
        ("lookup", "bare_read", "Lookup"),
    ):
        p, b = result[product], result[bare]
        rps = p["rps"] / b["rps"] if b["rps"] else 0.0
        p99 = p["p99"] / b["p99"] if b["p99"] else float("inf")
        met = rps >= 0.5 and p99 <= 2.0
        verdicts.append(
            f"{what}: **{rps:.2f} ×** the bare view's throughput, p99 **{p99:.2f} ×** its p99 "
            f"(goal ≥ 0.5 ×, ≤ 2 ×) — {'meets the goal' if met else 'does NOT meet the goal'}."
        )
    lines += ["", *verdicts]
    if "profile" in result:
        prof = result["profile"]
        lines += [
            "",
            f"In-process profile (Django test client, {prof['repeat']} requests each, no HTTP): "
            f"a check-in makes {prof['checkin_queries']} SQL statements "
            f"({prof['checkin_ms']:.1f} ms), the bare insert {prof['bare_write_queries']} "
            f"({prof['bare_write_ms']:.1f} ms); a lookup {prof['lookup_queries']} "
            f"({prof['lookup_ms']:.1f} ms), the bare read {prof['bare_read_queries']} "
            f"({prof['bare_read_ms']:.1f} ms); `GET /healthz` (the whole "
            f"middleware stack and one `SELECT 1`) {prof['middleware_ms']:.2f} ms.",
            "",
            "Where a check-in's time goes (cumulative, per request, in-process):",
            "",
            *[f"- {row}" for row in prof["checkin_cumulative_hub"][:8]],
            "",
            "Where a lookup's time goes:",
            "",
            *[f"- {row}" for row in prof.get("lookup_cumulative_hub", [])[:8]],
        ]
    lines += [
        "",
        "Reproduce:",
        "",
        "```",
        f"python -m bench.web.ratio --db {'postgres' if engine == 'postgresql' else 'sqlite'} "
        f"--workers {args.workers} --threads {args.threads} --shed {args.shed} "
        f"--rounds {args.rounds} --seconds {args.seconds} --profile --write-doc",
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--shed", type=int, default=0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    engine = "postgresql" if args.db == "postgres" else "sqlite"
    extra = {"DJANGO_SETTINGS_MODULE": "bench.web.settings", "SHED_MAX_IN_FLIGHT": str(args.shed)}
    with served(
        engine, args.database_url, workers=args.workers, threads=args.threads, extra_env=extra
    ) as server:
        load_before = machine_load()
        result = measure(server.port, server.seed, args)
        result["load_average_before"] = load_before
        if args.profile:
            result["profile"] = profile(server.env)
    print(json.dumps(result), flush=True)
    section = report(engine, result, args)
    print(section)
    if args.write_doc:
        doc.write_section(Path(doc.DOC), "Throughput as a ratio", section)


if __name__ == "__main__":
    main()
