"""Benchmark: a 10,000-row members file validated, applied, then imported again.

    python -m bench.imports.bench_import [--rows 10000] [--runs 3]

Uses a temporary SQLite database, or PostgreSQL when DATABASE_URL is set (a throw-away
``bench_imports_<pid>`` database is created beside it and dropped afterwards). Prints the
median of the runs for validate and apply and the rows a re-import adds, and writes
``docs/benchmarks-imports.md``. Goal (docs/quality.md, reliability 6): ≤ 30 s for 10,000 rows;
importing it again adds 0 rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOAL_SECONDS = 30.0


def _setup_django(tmp: Path) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["SHOUWANG_VAR_DIR"] = str(tmp)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _, _name = url.rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/bench_imports_{os.getpid()}"
        engine = "postgresql"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        engine = "sqlite"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return engine


def _create_database(engine: str) -> None:
    if engine != "postgresql":
        return
    from django.db import connection

    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def _drop_database(engine: str) -> None:
    if engine != "postgresql":
        return
    from django.db import connection

    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _members_file(rows: int) -> bytes:
    from hub.imports.tests.files import member_rows, xlsx

    return xlsx(member_rows(rows), titles=["上海市某卫生中心 2022年党员名册"])


def _fresh_world() -> Any:
    from hub.people.models import Branch, Membership, Organization, Person

    Membership.objects.all().delete()
    Person.objects.all().delete()
    Branch.objects.all().delete()
    Organization.objects.all().delete()
    org = Organization.objects.create(name="基准单位", kind=Organization.Kind.PUBLIC_INSTITUTION)
    Branch.objects.create(organization=org, name="第一党支部", kind=Branch.Kind.PARTY_BRANCH)
    return org


def _run_once(content: bytes) -> dict[str, Any]:
    from hub.imports.actions import apply_import, upload_import
    from hub.people.models import Person

    org = _fresh_world()
    start = time.perf_counter()
    batch = upload_import(
        by=None,
        system=True,
        organization=org,
        kind="members",
        filename="bench.xlsx",
        content=content,
        inline=True,
    )
    validate = time.perf_counter() - start
    assert batch.status == "valid", batch.errors[:5]
    start = time.perf_counter()
    batch = apply_import(by=None, system=True, batch=batch, inline=True)
    apply = time.perf_counter() - start
    assert batch.status == "applied", batch.errors[:5]
    people = Person.objects.count()
    start = time.perf_counter()
    again = upload_import(
        by=None,
        system=True,
        organization=org,
        kind="members",
        filename="bench.xlsx",
        content=content,
        inline=True,
    )
    again = apply_import(by=None, system=True, batch=again, inline=True)
    reimport = time.perf_counter() - start
    return {
        "validate": validate,
        "apply": apply,
        "reimport": reimport,
        "created": batch.result["created"],
        "reimport_added": Person.objects.count() - people,
        "reimport_result": again.result,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-imports.md"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-imports-") as tmp:
        engine = _setup_django(Path(tmp))
        _create_database(engine)
        try:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            content = _members_file(args.rows)
            runs = []
            for number in range(1, args.runs + 1):
                result = _run_once(content)
                runs.append(result)
                print(
                    f"run {number}: validate {result['validate']:.2f} s, "
                    f"apply {result['apply']:.2f} s, re-import {result['reimport']:.2f} s, "
                    f"re-import added {result['reimport_added']} "
                    f"({result['reimport_result']})",
                    flush=True,
                )
        finally:
            from django.db import connection

            connection.close()
            _drop_database(engine)
    summary = {
        key: statistics.median(r[key] for r in runs) for key in ("validate", "apply", "reimport")
    }
    added = max(r["reimport_added"] for r in runs)
    total = summary["validate"] + summary["apply"]
    print(
        f"median of {args.runs}: validate {summary['validate']:.2f} s, "
        f"apply {summary['apply']:.2f} s, total {total:.2f} s (goal ≤ {GOAL_SECONDS:.0f} s); "
        f"re-import {summary['reimport']:.2f} s, added {added} rows"
    )
    _write_report(Path(args.out), args, engine, len(content), runs, summary, added)


def _write_report(
    path: Path,
    args: argparse.Namespace,
    engine: str,
    size: int,
    runs: list[dict[str, Any]],
    summary: dict[str, float],
    added: int,
) -> None:
    total = summary["validate"] + summary["apply"]
    verdict = "meets" if total <= GOAL_SECONDS and added == 0 else "MISSES"
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[engine]
    lines = [
        f"## {title}",
        "",
        f"- Date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- Machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {_cpu_model()}",
        f"- Python {platform.python_version()}, database: {engine}",
        f"- File: {args.rows:,} member rows in one .xlsx ({size / 1024:.0f} KiB), "
        "a merged title row above the header",
        f"- Runs: {args.runs} (median reported), each on an empty database",
        "",
        "| step | median (s) | runs (s) |",
        "|---|---|---|",
    ]
    for key, label in (
        ("validate", "upload + validate (read, check every row, match against the database)"),
        ("apply", "apply (validate again + write all rows in one transaction)"),
        ("reimport", "re-import the same file (upload + validate + apply)"),
    ):
        values = ", ".join(f"{r[key]:.2f}" for r in runs)
        lines.append(f"| {label} | {summary[key]:.2f} | {values} |")
    lines += [
        "",
        f"Validate + apply: **{total:.2f} s** for {args.rows:,} rows "
        f"(goal ≤ {GOAL_SECONDS:.0f} s) — {verdict} the goal.",
        f"Re-import added **{added}** rows (goal 0); it reported {runs[-1]['reimport_result']}.",
        "",
        "Reproduce:",
        "",
        "```",
        f"python -m bench.imports.bench_import --rows {args.rows} --runs {args.runs}",
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres "
        f"python -m bench.imports.bench_import --rows {args.rows} --runs {args.runs}",
        "```",
        "",
    ]
    sections = _sections(path)
    sections[title] = "\n".join(lines)
    head = [
        "# Benchmark: importing members",
        "",
        "Written by `bench/imports/bench_import.py`, one section per database; "
        "do not edit by hand.",
        "",
    ]
    body = [sections[name] for name in ("SQLite", "PostgreSQL") if name in sections]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(head) + "\n" + "\n".join(body), encoding="utf-8")
    print(f"wrote {path}")


def _sections(path: Path) -> dict[str, str]:
    """The per-database sections already in the report, so one run keeps the other's figures."""
    if not path.exists():
        return {}
    found: dict[str, str] = {}
    for chunk in path.read_text(encoding="utf-8").split("\n## ")[1:]:
        name = chunk.split("\n", 1)[0].strip()
        found[name] = "## " + chunk.rstrip("\n") + "\n"
    return found


if __name__ == "__main__":
    main()
