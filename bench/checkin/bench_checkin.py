"""Benchmark: the check-in endpoint and the check-in lookup on the real stack.

    python -m bench.checkin.bench_checkin [--db sqlite|postgres] [--runs 3] [--clients 20]
        [--seconds 20] [--workers 3] [--write-doc]

Each run makes a throw-away database (a SQLite file tuned as in settings, or a PostgreSQL
database ``bench_checkin_<pid>`` created and dropped beside DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/postgres), migrates and seeds it (one post, 40 shifts in
progress, 500 volunteers with API tokens, an approved sign-up each), starts
``gunicorn config.wsgi -w 3`` on 127.0.0.1, and drives it from this machine:

- writes: ``POST /api/v1/checkins/`` with token auth, a fresh ``Idempotency-Key`` and a
  distinct volunteer × shift each, so every request is a real check-in (auth, permission
  check, insert, audit row);
- lookups: ``GET /api/v1/checkins/?limit=20`` by the same volunteers.

Reports req/s, p50/p95/p99 latency, non-2xx answers, client errors and "database is locked"
lines in the server log, as the median of the runs; ``--write-doc`` writes its section of
``docs/benchmarks-checkin.md``. Goals: docs/quality.md "Web and data at scale". Loopback only;
every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.checkin import load

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "benchmarks-checkin.md"
GOALS = {
    "postgresql": {"write_rps": 200, "write_p99": 250, "read_rps": 400, "read_p99": 150},
    "sqlite": {"write_rps": 300},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


class Database:
    """A throw-away database for one run."""

    def __init__(self, engine: str, tmp: Path, base_url: str) -> None:
        self.engine = engine
        if engine == "postgresql":
            self.admin_url = base_url
            root, _, _name = base_url.rpartition("/")
            self.name = f"bench_checkin_{os.getpid()}"
            self.url = f"{root}/{self.name}"
        else:
            self.url = f"sqlite:///{tmp / 'bench.sqlite3'}"

    def __enter__(self) -> Database:
        if self.engine == "postgresql":
            _pg_admin(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}"')
            _pg_admin(self.admin_url, f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc: object) -> None:
        if self.engine == "postgresql":
            _pg_admin(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _env(tmp: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SHOUWANG_VAR_DIR=str(tmp),
        DATABASE_URL=url,
        DEBUG="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _wait_ready(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path, options: list[str]) -> Iterator[int]:
    """Run ``gunicorn config.wsgi`` with ``options`` on a free loopback port (logging to
    ``log``) until the block ends; yields the port once ``/healthz`` answers."""
    port = _free_port()
    with log.open("w") as log_file:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(VENV_BIN / "gunicorn"), "config.wsgi", *options, "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(port)
            yield port
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _summary(outcome: load.Outcome) -> dict[str, Any]:
    return {
        "requests": outcome.completed,
        "seconds": round(outcome.elapsed, 2),
        "rps": round(outcome.per_second, 1),
        "p50": round(outcome.percentile(50), 1),
        "p95": round(outcome.percentile(95), 1),
        "p99": round(outcome.percentile(99), 1),
        "non_2xx": outcome.non_2xx,
        "statuses": {str(k): v for k, v in sorted(outcome.statuses.items())},
        "client_errors": len(outcome.errors),
    }


def one_run(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-checkin-") as tmp_name:
        tmp = Path(tmp_name)
        with Database(engine, tmp, args.database_url) as db:
            env = _env(tmp, db.url)
            _manage(env, "manage.py", "migrate", "-v0")
            seed_file = tmp / "seed.json"
            _manage(
                env,
                "-m",
                "bench.checkin.seed",
                "--volunteers",
                str(args.volunteers),
                "--shifts",
                str(args.shifts),
                "--out",
                str(seed_file),
            )
            seed = json.loads(seed_file.read_text())
            log = tmp / "gunicorn.log"
            with gunicorn(env, log, ["-w", str(args.workers), "--timeout", "60"]) as port:
                load_before = os.getloadavg()[0]
                result = _drive(port, seed, args)
                result["load_average_before"] = round(load_before, 2)
            text = log.read_text(errors="replace")
            result["database_is_locked"] = text.count("database is locked")
            result["server_errors_logged"] = text.count("Traceback")
            result["rows"] = json.loads(_manage(env, "-m", "bench.checkin.seed", "--count"))
            return result


def _drive(port: int, seed: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    tokens, shifts = seed["tokens"], seed["shifts"]
    pairs = [(t, s) for s in shifts for t in tokens]

    def write(n: int) -> load.Request:
        token, shift = pairs[n]
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        return ("POST", "/api/v1/checkins/", json.dumps({"shift": shift}).encode(), headers)

    def read(n: int) -> load.Request:
        token = tokens[n % len(tokens)]
        return ("GET", "/api/v1/checkins/?limit=20", None, {"Authorization": f"Token {token}"})

    # Warm every worker (imports, connections, content types) before measuring.
    load.run(port, read, clients=args.workers * 2, seconds=5, limit=60)
    writes = load.run(port, write, clients=args.clients, seconds=args.seconds, limit=len(pairs))
    reads = load.run(port, read, clients=args.clients, seconds=args.seconds)
    return {"write": _summary(writes), "read": _summary(reads)}


def _median(runs: list[dict[str, Any]], phase: str, key: str) -> float:
    return statistics.median(run[phase][key] for run in runs)


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc), {model}"


def _verdict(engine: str, med: dict[str, float], locked: int, non_2xx: int) -> list[str]:
    goal = GOALS[engine]
    lines = []
    if engine == "postgresql":
        ok = med["write_rps"] >= goal["write_rps"] and med["write_p99"] <= goal["write_p99"]
        ok = ok and non_2xx == 0
        lines.append(
            f"Writes: **{med['write_rps']:.0f} req/s**, p99 **{med['write_p99']:.0f} ms**, "
            f"{non_2xx} non-2xx (goal ≥ {goal['write_rps']} req/s, p99 ≤ {goal['write_p99']} ms, "
            f"0 non-2xx) — {'meets the goal' if ok else 'does NOT meet the goal'}."
        )
        ok = med["read_rps"] >= goal["read_rps"] and med["read_p99"] <= goal["read_p99"]
        lines.append(
            f"Lookups: **{med['read_rps']:.0f} req/s**, p99 **{med['read_p99']:.0f} ms** "
            f"(goal ≥ {goal['read_rps']} req/s, p99 ≤ {goal['read_p99']} ms) — "
            f"{'meets the goal' if ok else 'does NOT meet the goal'}."
        )
    else:
        ok = med["write_rps"] >= goal["write_rps"] and locked == 0
        lines.append(
            f'Writes: **{med["write_rps"]:.0f} req/s**, {locked} "database is locked", '
            f'{non_2xx} non-2xx (goal ≥ {goal["write_rps"]} req/s and 0 "database is locked") '
            f"— {'meets the goal' if ok else 'does NOT meet the goal'}."
        )
        lines.append(
            f"Lookups (no goal on SQLite): {med['read_rps']:.0f} req/s, "
            f"p99 {med['read_p99']:.0f} ms."
        )
    return lines


def report(engine: str, runs: list[dict[str, Any]], args: argparse.Namespace) -> str:
    med = {
        f"{phase}_{key}": _median(runs, phase, key)
        for phase in ("write", "read")
        for key in ("rps", "p50", "p95", "p99")
    }
    locked = sum(r["database_is_locked"] for r in runs)
    non_2xx = sum(r["write"]["non_2xx"] + r["read"]["non_2xx"] for r in runs)
    client_errors = sum(r["write"]["client_errors"] + r["read"]["client_errors"] for r in runs)
    title = "PostgreSQL" if engine == "postgresql" else "SQLite"
    db_flag = "postgres" if engine == "postgresql" else "sqlite"
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        f"## {title}",
        "",
        f"- Date: {now}",
        f"- Machine: {_machine()}; load generator on the same machine",
        f"- Python {platform.python_version()}, database: {engine}, "
        f"gunicorn {args.workers} sync workers",
        f"- Load: {args.clients} concurrent clients, {args.seconds} s per phase, token auth; "
        f"{args.volunteers} volunteers × {args.shifts} shifts seeded",
        f"- Runs: {len(runs)} (median reported), each on a new database",
        "- Load average (1 min) when each run started: "
        + ", ".join(str(r["load_average_before"]) for r in runs)
        + " — other work on the machine competes for the same 2 cores",
        "",
        "| phase | req/s | p50 ms | p95 ms | p99 ms | requests | non-2xx | runs (req/s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for phase, label in (("write", "check-in (POST)"), ("read", "lookup (GET list)")):
        lines.append(
            f"| {label} | {med[f'{phase}_rps']:.0f} | {med[f'{phase}_p50']:.1f} | "
            f"{med[f'{phase}_p95']:.1f} | {med[f'{phase}_p99']:.1f} | "
            f"{statistics.median(r[phase]['requests'] for r in runs):.0f} | "
            f"{sum(r[phase]['non_2xx'] for r in runs)} | "
            f"{', '.join(str(r[phase]['rps']) for r in runs)} |"
        )
    rows_ok = all(
        r["rows"]["checkins"] == r["write"]["statuses"].get("201", 0)
        and r["rows"]["audit_rows"] == r["rows"]["checkins"]
        for r in runs
    )
    lines += [
        "",
        *_verdict(engine, med, locked, non_2xx),
        f"Client errors (connection failures): {client_errors}. Server tracebacks logged: "
        f"{sum(r['server_errors_logged'] for r in runs)}. Check-in rows equal the 201 answers "
        f"and each has its audit row: {'yes' if rows_ok else 'NO'}.",
        "",
        "Reproduce:",
        "",
        "```",
        f"python -m bench.checkin.bench_checkin --db {db_flag} "
        f"--runs {len(runs)} --clients {args.clients} --seconds {args.seconds} --write-doc",
        "```",
        "",
    ]
    return "\n".join(lines)


def write_doc(engine: str, section: str) -> None:
    header = (
        "# Benchmark: check-in and check-in lookups\n\n"
        "Written by `bench/checkin/bench_checkin.py`, one section per database; do not edit "
        'those sections by hand (a "Notes" section is kept). Goals: docs/quality.md "Web and data '
        'at scale".\n\n'
    )
    sections: dict[str, str] = {}
    if DOC.exists():
        current, name = [], None
        for line in DOC.read_text().splitlines():
            if line.startswith("## "):
                if name:
                    sections[name] = "\n".join(current).rstrip() + "\n"
                name, current = line[3:].strip(), [line]
            elif name:
                current.append(line)
        if name:
            sections[name] = "\n".join(current).rstrip() + "\n"
    sections["PostgreSQL" if engine == "postgresql" else "SQLite"] = section.rstrip() + "\n"
    # Measured sections first; hand-written ones (e.g. "Notes") are kept after them.
    order: list[str] = [k for k in ("SQLite", "PostgreSQL") if k in sections]
    order += [k for k in sections if k not in order]
    DOC.write_text(header + "\n".join(sections[k] for k in order))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="PostgreSQL server to create the throw-away database on",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--volunteers", type=int, default=500)
    parser.add_argument("--shifts", type=int, default=40)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    engine = "postgresql" if args.db == "postgres" else "sqlite"
    runs = []
    for n in range(args.runs):
        result = one_run(engine, args)
        print(f"run {n + 1}: {json.dumps(result)}", flush=True)
        runs.append(result)
    section = report(engine, runs, args)
    print(section)
    if args.write_doc:
        write_doc(engine, section)


if __name__ == "__main__":
    main()
