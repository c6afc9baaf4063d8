"""Benchmark: a spike from 20 to 200 connections, with and without load shedding.

    python -m bench.web.spike [--db postgres|sqlite] [--write-doc]

For each server configuration (by default today's 3 sync workers without shedding, then
``scripts/serve``'s 3 gthread workers × 16 threads with ``SHED_MAX_IN_FLIGHT=4``), on a new
seeded database (bench/checkin/seed.py): 20 clients for ``--base`` s, 200 for ``--spike`` s,
20 again for ``--recover`` s. Half the requests are check-ins (``POST /api/v1/checkins/``,
each a new volunteer × shift), half lookups (``GET /api/v1/checkins/?limit=20``).

Reports: client errors (refused, reset, timed out), server errors (5xx other than 503,
tracebacks), workers replaced, the share of spike answers that were 429/503 with
``Retry-After``, p99 of the base phase, of the spike's successes, and the time after the spike
until the p99 of every later 2-second window is back within 2 × the base p99. ``--write-doc``
writes ``docs/benchmarks-web.md``'s "Spike" section. Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.checkin import load
from bench.checkin.bench_checkin import _machine
from bench.web import doc
from bench.web.server import machine_load, served, worker_crashes


@dataclass
class Hit:
    ended: float  # seconds since the run began
    latency: float  # seconds
    status: int  # 0: client error
    retry_after: bool


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank] * 1000


STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


def drive(
    port: int, seed: dict[str, Any], args: argparse.Namespace
) -> tuple[list[Hit], dict[str, int], int]:
    tokens, shifts = seed["tokens"], seed["shifts"]
    pairs = [(t, s) for s in shifts for t in tokens]
    counter = itertools.count()
    lock = threading.Lock()
    hits: list[Hit] = []
    kinds: dict[str, int] = {}
    reconnects = [0]
    began = time.perf_counter()
    spike_at, calm_at = args.base, args.base + args.spike
    end_at = calm_at + args.recover

    def request(n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        token, shift = pairs[(n // 2) % len(pairs)]
        headers = {"Authorization": f"Token {token}"}
        if n % 2:
            return ("GET", "/api/v1/checkins/?limit=20", None, headers)
        headers |= {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
        return ("POST", "/api/v1/checkins/", json.dumps({"shift": shift}).encode(), headers)

    def client(start: float, stop: float) -> None:
        time.sleep(max(0.0, start - (time.perf_counter() - began)))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[Hit] = []
        while time.perf_counter() - began < stop:
            with lock:
                n = next(counter)
            method, path, body, headers = request(n)
            sent = time.perf_counter()
            status, retry = 0, False
            for attempt in (1, 2):
                reused = conn.sock is not None
                try:
                    conn.request(method, path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status, retry = response.status, response.getheader("Retry-After") is not None
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                    break
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    # The server closed an idle keep-alive connection as we reused it: like any
                    # HTTP client, send again on a new one (check-ins carry an idempotency key).
                    if attempt == 1 and reused and isinstance(exc, STALE):
                        with lock:
                            reconnects[0] += 1
                        continue
                    with lock:
                        kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
            now = time.perf_counter()
            mine.append(Hit(now - began, now - sent, status, retry))
            if status in (429, 503):
                time.sleep(0.2)  # a well-behaved client backs off a little
        conn.close()
        with lock:
            hits.extend(mine)

    threads = [threading.Thread(target=client, args=(0.0, end_at)) for _ in range(args.clients)]
    threads += [
        threading.Thread(target=client, args=(spike_at, calm_at))
        for _ in range(args.peak - args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return hits, kinds, reconnects[0]


def warm_up(port: int, seed: dict[str, Any]) -> None:
    """Every worker thread imports, connects and reads once before anything is measured."""
    tokens = seed["tokens"]

    def read(n: int) -> load.Request:
        headers = {"Authorization": f"Token {tokens[n % len(tokens)]}"}
        return ("GET", "/api/v1/checkins/?limit=20", None, headers)

    load.run(port, read, clients=12, seconds=8, limit=240)


def analyse(hits: list[Hit], args: argparse.Namespace) -> dict[str, Any]:
    spike_at, calm_at = args.base, args.base + args.spike
    ok = [h for h in hits if 200 <= h.status < 300]
    base = [h.latency for h in ok if h.ended < spike_at]
    spike = [h for h in hits if spike_at <= h.ended < calm_at]
    shed = [h for h in spike if h.status in (429, 503)]
    base_p99 = _percentile(base, 99)
    # Recovery: the first 2-second window after the spike from which every window's p99 of
    # successful answers stays within 2 × the base p99.
    windows = []
    t = calm_at
    while t + 2 <= calm_at + args.recover + 1e-9:
        lat = [h.latency for h in ok if t <= h.ended < t + 2]
        windows.append((t - calm_at, _percentile(lat, 99)))
        t += 2
    first_back = next((o for o, p in windows if 0 < p <= 2 * base_p99), None)
    recovered_after = None
    for i, (offset, _p99) in enumerate(windows):
        if all(0 < p <= 2 * base_p99 for _o, p in windows[i:]):
            recovered_after = offset
            break
    return {
        "requests": len(hits),
        "client_errors": sum(1 for h in hits if h.status == 0),
        "server_errors": sum(1 for h in hits if h.status >= 500 and h.status != 503),
        "spike_requests": len(spike),
        "spike_shed": len(shed),
        "spike_shed_share": round(len(shed) / len(spike), 3) if spike else 0.0,
        "shed_without_retry_after": sum(
            1 for h in hits if h.status in (429, 503) and not h.retry_after
        ),
        "base_p99_ms": round(base_p99, 1),
        "spike_ok_p99_ms": round(
            _percentile([h.latency for h in spike if 200 <= h.status < 300], 99), 1
        ),
        "spike_ok_per_s": round(sum(1 for h in spike if 200 <= h.status < 300) / args.spike, 1),
        "base_ok_per_s": round(len(base) / spike_at, 1),
        "recovered_after_s": recovered_after,
        "first_back_after_s": first_back,
        "windows": [(round(o, 1), round(p, 1)) for o, p in windows],
    }


CONFIGS = {
    "sync": {"workers": 3, "threads": 1, "shed": 0, "label": "3 sync workers, no shedding"},
    "shed": {
        "workers": 3,
        "threads": 16,
        "shed": 4,
        "label": "3 gthread workers × 16 threads, SHED_MAX_IN_FLIGHT=4 (scripts/serve)",
    },
}


def one(engine: str, name: str, args: argparse.Namespace) -> dict[str, Any]:
    config = CONFIGS[name]
    extra = {"SHED_MAX_IN_FLIGHT": str(config["shed"]), "SHED_WAIT_MS": "100"}
    with served(
        engine,
        args.database_url,
        workers=config["workers"],
        threads=config["threads"],
        extra_env=extra,
    ) as server:
        warm_up(server.port, server.seed)
        load_before = machine_load()
        hits, kinds, reconnects = drive(server.port, server.seed, args)
        result = analyse(hits, args)
        result["client_error_kinds"] = kinds
        result["reconnects"] = reconnects
        text = server.log_text()
    result["workers_replaced"] = worker_crashes(text, config["workers"])
    result["tracebacks"] = text.count("Traceback")
    result["load_average_before"] = load_before
    result["config"] = name
    return result


def report(engine: str, results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        "## Spike",
        "",
        f"- Date: {now}; machine: {_machine()}; load generator (Python threads) on the same cores",
        f"- Database: {engine}; 500 volunteers × 40 shifts; half check-ins, half lookups; a client "
        "answered 429/503 waits 0.2 s before its next request",
        f"- Phases: {args.clients} clients for {args.base} s, {args.peak} for {args.spike} s, "
        f"{args.clients} for {args.recover} s",
        "- Load average (1 min) before each configuration: "
        + ", ".join(f"{r['config']} {r['load_average_before']}" for r in results),
        "",
        "| server | requests | client errors (kinds) | resent on a new connection "
        "| 5xx (not 503) | workers replaced "
        "| spike shed (429/503) | shed without Retry-After | base p99 ms | spike p99 ms (2xx) "
        "| 2xx/s base → spike | p99 first back within 2 × base | and stays there after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        first = (
            f"{r['first_back_after_s']:.0f} s"
            if r["first_back_after_s"] is not None
            else f"not within {args.recover} s"
        )
        recovered = (
            f"{r['recovered_after_s']:.0f} s"
            if r["recovered_after_s"] is not None
            else f"not within {args.recover} s"
        )
        lines.append(
            f"| {CONFIGS[r['config']]['label']} | {r['requests']} | {r['client_errors']} "
            f"{json.dumps(r['client_error_kinds']) if r['client_error_kinds'] else ''} | "
            f"{r['reconnects']} | "
            f"{r['server_errors']} | {r['workers_replaced']} | "
            f"{r['spike_shed']} of {r['spike_requests']} ({100 * r['spike_shed_share']:.0f} %) | "
            f"{r['shed_without_retry_after']} | {r['base_p99_ms']:.0f} | "
            f"{r['spike_ok_p99_ms']:.0f} | "
            f"{r['base_ok_per_s']:.0f} → {r['spike_ok_per_s']:.0f} | {first} | {recovered} |"
        )
    lines += [
        "",
        "p99 (ms) of each 2-second window after the spike: "
        + "; ".join(
            f"{r['config']}: " + ", ".join(f"{p:.0f}" for _o, p in r["windows"]) for r in results
        ),
        "",
        "Goal (issue #15): no worker crashes, excess answered 429/503 with `Retry-After`, p99 "
        "recovers within 30 s.",
        "",
        "Reproduce:",
        "",
        "```",
        f"python -m bench.web.spike --db {'postgres' if engine == 'postgresql' else 'sqlite'} "
        f"--configs {','.join(r['config'] for r in results)} --write-doc",
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
    parser.add_argument("--configs", default="sync,shed")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--peak", type=int, default=200)
    parser.add_argument("--base", type=float, default=10)
    parser.add_argument("--spike", type=float, default=20)
    parser.add_argument("--recover", type=float, default=30)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    engine = "postgresql" if args.db == "postgres" else "sqlite"
    results = []
    for name in args.configs.split(","):
        result = one(engine, name, args)
        print(json.dumps(result), flush=True)
        results.append(result)
    section = report(engine, results, args)
    print(section)
    if args.write_doc:
        doc.write_section(Path(doc.DOC), "Spike", section)


if __name__ == "__main__":
    main()
