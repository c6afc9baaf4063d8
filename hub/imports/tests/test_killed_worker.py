"""A real worker process killed mid-import: after a restart the import is written exactly once.

The worker is ``manage.py db_worker`` in a subprocess on a database file (SQLite: a copy of the
test database; PostgreSQL: the test database itself), SIGKILLed once it has claimed the apply
job. The lease reclaimer (``manage.py reclaim_jobs``) puts the job back in the queue and a fresh
worker finishes it.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, member_rows, xlsx

ROOT = Path(__file__).resolve().parents[3]
ROWS = 4_000


def _database_url(tmp_path: Path) -> tuple[str, Any]:
    """A URL the subprocesses can reach, and a function running one SQL query on it."""
    db = django_settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])

        def query(sql: str) -> Any:
            with sqlite3.connect(path) as raw:
                return raw.execute(sql).fetchone()[0]

        return f"sqlite:///{path}", query

    def query_pg(sql: str) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}", query_pg


def _manage(url: str, *args: str, **kwargs: Any) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "TASKS_BACKEND": "database", "LOG_LEVEL": "INFO"}
    return subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _worker(url: str, *extra: str) -> subprocess.Popen:
    return _manage(
        url, "db_worker", "--queue-name", "*", "--no-reload", "--no-startup-delay", *extra
    )


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_mid_import_loses_nothing_and_writes_once(
    org, branch, admin, settings, tmp_path
):
    settings.IMPORT_INLINE_ROWS = 100
    batch = upload_import(
        by=admin,
        organization=org,
        kind="members",
        filename="big.xlsx",
        content=xlsx(member_rows(ROWS)),
        inline=True,
    )
    assert batch.status == ImportBatch.Status.VALID
    batch = apply_import(now=NOW, by=admin, batch=batch)  # a job, enqueued on commit
    assert batch.status == ImportBatch.Status.APPLYING
    job_id = batch.job_id
    url, query = _database_url(tmp_path)

    worker = _worker(url)
    try:
        assert worker.stderr is not None
        for line in worker.stderr:  # blocks until the worker says it holds the job
            if f"job {job_id} (imports.apply) claimed" in line:
                break
        else:
            pytest.fail("the worker exited without claiming the job")
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(timeout=60)

    # Killed mid-job: the job is stuck running, the batch applying, nothing written.
    assert query(f"SELECT status FROM jobs_job WHERE id = {job_id}") == "running"
    assert query(f"SELECT status FROM imports_importbatch WHERE id = {batch.pk}") == "applying"
    assert query("SELECT COUNT(*) FROM people_person") == 0

    later = timezone.now() + dt.timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    reclaim = _manage(url, "reclaim_jobs", "--as-of", later.isoformat())
    assert reclaim.wait(timeout=120) == 0
    restarted = _worker(url, "--batch")
    _out, errors = restarted.communicate(timeout=300)
    assert restarted.returncode == 0, errors[-2000:]

    assert query(f"SELECT status FROM jobs_job WHERE id = {job_id}") == "succeeded"
    assert query(f"SELECT attempts FROM jobs_job WHERE id = {job_id}") == 2
    assert query(f"SELECT status FROM imports_importbatch WHERE id = {batch.pk}") == "applied"
    assert query("SELECT COUNT(*) FROM people_person") == ROWS
    assert query("SELECT COUNT(*) FROM people_membership") == ROWS
