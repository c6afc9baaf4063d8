"""A throw-away database, seeded, behind gunicorn on loopback, for the web benches.

Reuses the check-in bench's database, seed and readiness helpers (bench/checkin), so the web
benches measure the same stack with the same rows.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.checkin.bench_checkin import (
    Database,
    _env,
    _manage,
    gunicorn,
)


@dataclass
class Served:
    port: int
    seed: dict[str, Any]
    log: Path
    env: dict[str, str]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def gunicorn_args(workers: int, threads: int) -> list[str]:
    args = ["-w", str(workers), "--timeout", "60", "--graceful-timeout", "20"]
    if threads > 1:
        args += ["-k", "gthread", "--threads", str(threads)]
    return args


@contextlib.contextmanager
def served(
    engine: str,
    database_url: str,
    *,
    workers: int,
    threads: int,
    extra_env: dict[str, str] | None = None,
    volunteers: int = 500,
    shifts: int = 40,
) -> Iterator[Served]:
    """Yield a running gunicorn (``workers`` × ``threads``) on a new, seeded database."""
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp_name:
        tmp = Path(tmp_name)
        with Database(engine, tmp, database_url) as db:
            env = _env(tmp, db.url)
            env.update(extra_env or {})
            _manage(env, "manage.py", "migrate", "-v0")
            seed_file = tmp / "seed.json"
            _manage(
                env,
                "-m",
                "bench.checkin.seed",
                "--volunteers",
                str(volunteers),
                "--shifts",
                str(shifts),
                "--out",
                str(seed_file),
            )
            seed = json.loads(seed_file.read_text())
            log = tmp / "gunicorn.log"
            with gunicorn(env, log, gunicorn_args(workers, threads)) as port:
                yield Served(port=port, seed=seed, log=log, env=env)


def worker_crashes(text: str, workers: int) -> int:
    """Workers gunicorn had to replace (booted beyond the first ``workers``) or kill for hanging."""
    rebooted = max(0, text.count("Booting worker") - workers)
    return rebooted + text.count("WORKER TIMEOUT")


def machine_load() -> float:
    return round(os.getloadavg()[0], 2)
