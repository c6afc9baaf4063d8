"""Benchmark: screening at city scale on PostgreSQL.

    python -m bench.screening_city [--residents 1000000] [--seconds 15] [--clients 10]
        [--workers 3] [--write-doc] [--keep]

1. Creates the throw-away database ``sw_city_bench`` beside BENCH_PG_URL (default
   postgres://postgres@127.0.0.1:5432/postgres), migrates it, and loads a district with COPY
   (``bench/screening_city/generate.py``); the load is timed (goal ≤ 60 s at 1,000,000).
2. Times the product's own reads (``hub/screening/queries.py``) on it: ``coverage`` of one
   compound's round (goal ≤ 50 ms) and ``compound_summary`` for the organization's admin, the
   district dashboard (goal ≤ 1 s); median and worst of repeated calls on warm caches.
3. Starts ``gunicorn config.wsgi`` on 127.0.0.1 and drives, in the same run, the bare Django
   view ``/healthz`` (one ``SELECT 1``), then ``POST /api/v1/screening-rounds/<id>/scan/``
   (token auth, access check, code signature, the full ``record_scan``) for residents not yet
   sampled, then ``/healthz`` again; goal: scans ≥ 0.5 × the bare view's requests per second.
4. Prints a report (``--write-doc``: ``docs/benchmarks-screening-city.md``) and drops the
   database (``--keep`` leaves it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.checkin import load as http_load
from bench.checkin.bench_checkin import _machine, _pg_admin, _summary, gunicorn

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "benchmarks-screening-city.md"
DB_NAME = "sw_city_bench"
GOALS = {"import_s": 60.0, "coverage_ms": 50.0, "dashboard_ms": 1000.0, "scan_ratio": 0.5}


def _setup(url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SHOUWANG_VAR_DIR=str(var_dir),
        DATABASE_URL=url,
        DEBUG="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return env


def _ms(fn: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def time_queries(loaded: Any, admin: Any, *, samples: int = 25) -> dict[str, Any]:
    """The product's coverage reads, on warm caches (each timed call follows one untimed)."""
    from hub.screening.models import ScreeningRound
    from hub.screening.queries import compound_summary, coverage

    ids = loaded.round_ids
    step = max(1, len(ids) // samples)
    rounds = list(ScreeningRound.objects.filter(pk__in=ids[::step][:samples]))
    cover: list[float] = []
    checked = None
    for r in rounds:
        coverage(r)
        cover += _ms(lambda r=r: coverage(r), 1)
        checked = coverage(r).total()
    compound_summary(admin)
    page = _ms(lambda: compound_summary(admin), 5)
    compound_summary(admin, limit=None)
    dash = _ms(lambda: compound_summary(admin, limit=None), 5)
    rows = compound_summary(admin, limit=None)
    return {
        "coverage_ms": cover,
        "coverage_rounds": len(rounds),
        "coverage_example": {
            "residents": checked.residents,
            "sampled": checked.sampled,
            "exempt": checked.exempt,
            "missing": checked.missing,
        }
        if checked
        else {},
        "page_ms": page,
        "dashboard_ms": dash,
        "dashboard_rows": len(rows),
        "dashboard_register": sum(r["register"] for r in rows),
        "dashboard_sampled": sum(r["sampled"] for r in rows),
    }


def seed_scanner(loaded: Any, limit: int) -> tuple[str, list[tuple[int, str]]]:
    """An organization admin with an API token, and (round id, QR text) of residents not yet
    sampled nor exempt, compound by compound."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Exists, OuterRef
    from rest_framework.authtoken.models import Token

    from hub.accounts.models import Role, RoleGrant, User
    from hub.screening.actions.codes import qr_text
    from hub.screening.models import Exemption, Sample, ScreeningCode

    user = User.objects.create(username="city-bench-admin", password=make_password(None))
    RoleGrant.objects.create(user=user, role=Role.ORG_ADMIN, organization_id=loaded.organization_id)
    token = Token.objects.create(key=Token.generate_key(), user=user)
    round_of = dict(zip(loaded.compound_ids, loaded.round_ids, strict=True))
    # Anti-joins (NOT EXISTS): ``NOT IN (subquery)`` over a million samples is quadratic.
    sampled = Sample.objects.filter(person_id=OuterRef("person_id"))
    exempt = Exemption.objects.filter(person_id=OuterRef("person_id"))
    codes = (
        ScreeningCode.objects.filter(
            person__household__building__compound__organization_id=loaded.organization_id
        )
        .exclude(Exists(sampled))
        .exclude(Exists(exempt))
        .select_related("person__household__building")
        .order_by("person_id")[:limit]
    )
    work = [(round_of[c.person.household.building.compound_id], qr_text(c)) for c in codes]
    return token.key, work


def drive(port: int, token: str, work: list[tuple[int, str]], args: argparse.Namespace) -> dict:
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    clients = args.clients

    def bare(n: int) -> http_load.Request:
        return ("GET", "/healthz", None, {})

    def scan(n: int) -> http_load.Request:
        round_id, code = work[n]
        body = {
            "idempotency_key": str(uuid.uuid4()),
            "code": code,
            # Each client's scans fill its own tubes, ten at a time (one phone per tube).
            "tube": f"bench-{n % clients}-{n // clients // 10}",
        }
        return (
            "POST",
            f"/api/v1/screening-rounds/{round_id}/scan/",
            json.dumps(body).encode(),
            headers,
        )

    http_load.run(port, bare, clients=args.workers * 2, seconds=3, limit=60)
    http_load.run(port, scan, clients=1, seconds=3, limit=args.workers * 2)  # warm the API path
    rest = work[args.workers * 2 :]
    bare1 = http_load.run(port, bare, clients=clients, seconds=args.seconds)
    scans = http_load.run(
        port,
        lambda n: scan(n + args.workers * 2),
        clients=clients,
        seconds=args.seconds,
        limit=len(rest),
    )
    bare2 = http_load.run(port, bare, clients=clients, seconds=args.seconds)
    return {"bare_before": _summary(bare1), "scan": _summary(scans), "bare_after": _summary(bare2)}


def serve_and_drive(
    env: dict[str, str], tmp: Path, token: str, work: list, args: argparse.Namespace
) -> dict:
    log = tmp / "gunicorn.log"
    with gunicorn(env, log, ["-w", str(args.workers), "--timeout", "60"]) as port:
        result = drive(port, token, work, args)
    text = log.read_text(errors="replace")
    result["server_errors_logged"] = text.count("Traceback")
    return result


def report(result: dict[str, Any], args: argparse.Namespace) -> str:
    loaded, q, web = result["loaded"], result["queries"], result["web"]
    cov_med = statistics.median(q["coverage_ms"])
    cov_max = max(q["coverage_ms"])
    dash_med = statistics.median(q["dashboard_ms"])
    page_med = statistics.median(q["page_ms"])
    bare = (web["bare_before"]["rps"] + web["bare_after"]["rps"]) / 2
    ratio = web["scan"]["rps"] / bare if bare else 0.0
    import_s = result["import_s"]

    def verdict(ok: bool) -> str:
        return "yes" if ok else "**no**"

    counts = loaded["counts"]
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        f"## {args.residents:,} residents",
        "",
        f"- Date: {now}",
        f"- Machine: {_machine()}; PostgreSQL on the same machine, load generator too; "
        f"load average (1 min) at the start {result['load_before']}",
        f"- Python {platform.python_version()}, gunicorn {args.workers} sync workers, "
        f"{args.clients} clients, {args.seconds:g} s per phase",
        "- Rows: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items()),
        "",
        "| measure | goal | measured | met |",
        "|---|---|---|---|",
        f"| import (COPY, indexes and foreign keys rebuilt, ANALYZE) | ≤ {GOALS['import_s']:.0f} s "
        f"| {import_s:.1f} s | {verdict(import_s <= GOALS['import_s'])} |",
        f"| `coverage()` of one compound ({q['coverage_rounds']} compounds, warm) | "
        f"≤ {GOALS['coverage_ms']:.0f} ms | median {cov_med:.1f} ms, worst {cov_max:.1f} ms | "
        f"{verdict(cov_max <= GOALS['coverage_ms'])} |",
        f"| district dashboard: `compound_summary(limit=None)`, all {q['dashboard_rows']} "
        f"compounds' rounds | ≤ {GOALS['dashboard_ms']:.0f} ms | median {dash_med:.0f} ms of 5, "
        f"worst {max(q['dashboard_ms']):.0f} ms | {verdict(dash_med <= GOALS['dashboard_ms'])} |",
        f"| the rounds page's `compound_summary()` (newest 100 rounds) | — | "
        f"median {page_med:.0f} ms of 5 | — |",
        f"| scan endpoint ÷ bare view (`/healthz`), req/s | ≥ {GOALS['scan_ratio']} | "
        f"{web['scan']['rps']:.0f} ÷ {bare:.0f} = **{ratio:.2f}** | "
        f"{verdict(ratio >= GOALS['scan_ratio'])} |",
        "",
        "Import seconds per step: "
        + ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in loaded["seconds"].items())
        + f"; migrations (not counted) {result['migrate_s']:.1f} s.",
        "",
        f"One compound's coverage, as counted: {q['coverage_example']}. Dashboard rows: "
        f"register {q['dashboard_register']:,}, sampled {q['dashboard_sampled']:,}.",
        "",
        "| phase | req/s | p50 ms | p95 ms | p99 ms | requests | non-2xx |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, label in (
        ("bare_before", "bare view `/healthz` (before)"),
        ("scan", "scan `POST …/scan/`"),
        ("bare_after", "bare view `/healthz` (after)"),
    ):
        w = web[key]
        lines.append(
            f"| {label} | {w['rps']:.0f} | {w['p50']:.1f} | {w['p95']:.1f} | {w['p99']:.1f} | "
            f"{w['requests']} | {w['non_2xx']} |"
        )
    lines += [
        "",
        f"Scan answers: {web['scan']['statuses']}; client errors "
        f"{sum(web[k]['client_errors'] for k in ('bare_before', 'scan', 'bare_after'))}; "
        f"server tracebacks logged {web['server_errors_logged']}; samples written by the run "
        f"{result['scans_written']}.",
        "",
        "Reproduce:",
        "",
        "```",
        f"python -m bench.screening_city --residents {args.residents} --seconds {args.seconds:g} "
        f"--clients {args.clients} --workers {args.workers} --write-doc",
        "```",
        "",
    ]
    return "\n".join(lines)


def write_doc(section: str, title: str) -> None:
    head, notes, sections = "", "", {}
    if DOC.exists():
        text = DOC.read_text()
        parts = text.split("\n## ")
        head = parts[0]
        for part in parts[1:]:
            name = part.split("\n", 1)[0].strip()
            sections[name] = "## " + part.rstrip() + "\n"
    sections[title] = section.rstrip() + "\n"
    measured = sorted(
        (k for k in sections if k.endswith(" residents")),
        key=lambda k: int(k.split()[0].replace(",", "")),
    )
    others = [k for k in sections if k not in measured]
    DOC.write_text(
        head.rstrip() + "\n\n" + "\n".join(sections[k] for k in measured + others) + notes
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument("--keep", action="store_true", help="leave sw_city_bench in place")
    args = parser.parse_args()
    root, _, _name = args.database_url.rpartition("/")
    url = f"{root}/{DB_NAME}"
    _pg_admin(args.database_url, f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    _pg_admin(args.database_url, f'CREATE DATABASE "{DB_NAME}"')
    try:
        with tempfile.TemporaryDirectory(prefix="bench-city-") as tmp_name:
            tmp = Path(tmp_name)
            env = _setup(url, tmp)
            from django.core.management import call_command
            from django.db import connection
            from django.utils import timezone

            from bench.screening_city.generate import load
            from hub.screening.models import Sample

            began = time.perf_counter()
            call_command("migrate", verbosity=0)
            migrate_s = time.perf_counter() - began
            load_before = round(os.getloadavg()[0], 2)
            began = time.perf_counter()
            loaded = load(args.residents, now=timezone.now())
            import_s = time.perf_counter() - began
            print(f"import: {import_s:.1f} s {loaded.counts}", flush=True)
            token, work = seed_scanner(loaded, limit=20_000)
            from hub.accounts.models import User

            admin = User.objects.get(username="city-bench-admin")
            queries = time_queries(loaded, admin)
            print(f"queries: {json.dumps(queries)}", flush=True)
            before = Sample.objects.count()
            connection.close()
            web = serve_and_drive(env, tmp, token, work, args)
            scans_written = Sample.objects.count() - before
            connection.close()
            result = {
                "loaded": {"counts": loaded.counts, "seconds": loaded.seconds},
                "import_s": import_s,
                "migrate_s": migrate_s,
                "load_before": load_before,
                "queries": queries,
                "web": web,
                "scans_written": scans_written,
            }
            print(json.dumps(result["web"]), flush=True)
            section = report(result, args)
            print(section)
            if args.write_doc:
                write_doc(section, f"{args.residents:,} residents")
    finally:
        if not args.keep:
            _pg_admin(args.database_url, f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
