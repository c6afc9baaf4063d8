"""A real scale-out on loopback (docs/operations.md, "Scaling out"): two gunicorn servers and
two RQ workers on PostgreSQL and Redis.

A session made on one server works on the other; the sign-in limit holds across both; a job
runs once whichever worker takes it; and killing the worker in the middle of a job (its whole
process group, SIGKILL) loses nothing: the lease reclaimer re-queues it, the other worker
finishes it, and everyone in the drive's pool is told exactly once.

PostgreSQL and Redis only (skipped on SQLite; mandatory in CI's PostgreSQL phase, where
REQUIRE_REDIS=1 makes an unreachable Redis a failure).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from hub.accounts.models import Role, RoleGrant, User
from hub.jobs.actions import reclaim_expired_jobs
from hub.jobs.models import Job
from hub.notify.models import Message
from hub.people.models import Branch, Membership, Organization, Person
from hub.volunteering.actions.signups import create_drive
from hub.volunteering.models import TELL_POOL_JOB, Post, Shift

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    # Skipped before any database fixture runs (a transactional test on SQLite costs a flush).
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the scale-out runs on PostgreSQL (and Redis)",
    ),
]

ROOT = Path(__file__).resolve().parents[3]
POOL = 80  # people told per drive (above the inline 50), in chunks of CHUNK: 20 transactions
CHUNK = 4
PASSWORD = "scale-out-Pass-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _until(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


class Cluster:
    """Processes of the scale-out, each in its own process group; all stopped at the end."""

    def __init__(self, redis_url: str, log_dir: Path) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "TASKS_BACKEND": "rq",
            "REDIS_URL": redis_url,
            "CACHE_URL": redis_url,
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "JOB_LEASE_SECONDS": "3",
            "DRIVE_TELL_CHUNK": str(CHUNK),
            "PYTHONPATH": str(ROOT),
        }
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}
        self.rq_names: dict[str, str] = {}  # RQ's worker name → ours

    def _start(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn and manage.py
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def server(self, name: str) -> int:
        port = _free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self._start(
            name,
            [
                gunicorn,
                "config.wsgi",
                "-w",
                "1",
                "--threads",
                "4",
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ],
        )
        return port

    def worker(self, name: str) -> None:
        # Names are unique in Redis: a SIGKILLed worker's registration outlives it.
        rq_name = f"{name}-{os.getpid()}-{time.time_ns()}"
        self.rq_names[rq_name] = name
        # SimpleWorker runs the job in the worker's own process (a forking worker's work horse
        # leaves the process group), so killing the group kills the job: a machine dying.
        argv = [sys.executable, "manage.py", "rqworker", "--name", rq_name]
        argv += ["--worker-class", "rq.worker.SimpleWorker"]
        argv += ["--job-class", "django_tasks_rq.backend.Job", "default"]
        self._start(name, argv)

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}"
            for p in sorted(self.log_dir.glob("*.log"))
        )


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _api(port: int, path: str, body: dict | None = None, token: str = "") -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body or {}).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _world() -> dict[str, Any]:
    org = Organization.objects.create(name="扩容演练单位", kind="public_institution")
    branch = Branch.objects.create(organization=org, name="演练支部")
    admin = User.objects.create_user(username="scale-admin", password=PASSWORD)
    RoleGrant.objects.create(user=admin, role=Role.ORG_ADMIN, organization=org)
    guessed = User.objects.create_user(username="scale-guessed", password=PASSWORD)
    people = Person.objects.bulk_create(
        Person(name=f"演练{n:03d}", phone=f"1391{n:07d}") for n in range(POOL)
    )
    Membership.objects.bulk_create(Membership(person=p, branch=branch) for p in people)
    post = Post.objects.create(organization=org, name="演练岗位", site="东门")
    start = timezone.now() + dt.timedelta(days=3)
    drives = []
    for n in range(3):
        shift = Shift.objects.create(
            post=post,
            starts_at=start + dt.timedelta(days=n),
            ends_at=start + dt.timedelta(days=n, hours=4),
            capacity=5,
        )
        drives.append(
            create_drive(
                by=None, organization=org, title=f"演练招募{n}", shifts=[shift], branches=[branch]
            )
        )
    return {"admin": admin, "guessed": guessed, "drives": drives}


def _told(drive: Any) -> tuple[int, int]:
    rows = Message.objects.filter(dedupe_key__startswith=f"volunteering.drive:{drive.pk}:person:")
    return rows.count(), rows.values("recipient_id").distinct().count()


def _tell_job(drive: Any) -> Job | None:
    return Job.objects.filter(kind=TELL_POOL_JOB, params__drive=drive.pk).first()


@pytest.mark.django_db(transaction=True)
def test_two_servers_and_two_workers_share_sessions_limits_and_jobs(
    redis_url, settings, tmp_path
) -> None:
    import django_rq
    from rq import Worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # The servers check passwords with Django's default hasher, not the suite's fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    queue = django_rq.get_queue("default")
    queue.empty()
    world = _world()
    cluster = Cluster(redis_url, tmp_path)
    try:
        a, b = cluster.server("server-a"), cluster.server("server-b")
        cluster.worker("worker-1")
        cluster.worker("worker-2")
        _until(lambda: _ready(a) and _ready(b), 60, "both servers")

        # A session made on server A is good on server B (sessions live in the database).
        jar = http.cookiejar.CookieJar()  # cookies ignore ports: one jar for both servers
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = browser.open(f"http://127.0.0.1:{a}/accounts/login/", timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"username": "scale-admin", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
        signed_in = browser.open(
            urllib.request.Request(
                f"http://127.0.0.1:{a}/accounts/login/",
                data=urllib.parse.urlencode(form).encode(),
                headers={"Referer": f"http://127.0.0.1:{a}/accounts/login/"},
            ),
            timeout=30,
        )
        landed = signed_in.read().decode()
        assert "/accounts/login/" not in signed_in.geturl(), landed[-1500:]
        on_b = browser.open(f"http://127.0.0.1:{b}/volunteering/", timeout=30)
        assert "/accounts/login/" not in on_b.geturl(), "B did not know A's session"
        assert on_b.status == 200

        # The sign-in limit holds across servers: 5 wrong passwords in all, then 429 on both.
        wrong = {"username": "scale-guessed", "password": "wrong"}
        codes = [_api(port, "/api/v1/auth/token/", wrong)[0] for port in (a, b, a, b, a)]
        assert 429 not in codes, codes
        assert _api(b, "/api/v1/auth/token/", wrong)[0] == 429
        right = {"username": "scale-guessed", "password": PASSWORD}
        assert _api(a, "/api/v1/auth/token/", right)[0] == 429

        status, body = _api(
            b, "/api/v1/auth/token/", {"username": "scale-admin", "password": PASSWORD}
        )
        assert status == 200, body
        token = body["token"]

        # Kill the worker running a job mid-way: the other one finishes it, nobody told twice.
        first, *others = world["drives"]
        assert _api(a, f"/api/v1/drives/{first.pk}/publish/", token=token)[0] == 200
        job = _until(lambda: _tell_job(first), 10, "the tell job")
        _until(
            lambda: Job.objects.filter(pk=job.pk, progress_done__gte=2 * CHUNK).exists(),
            30,
            "the job to be part-way",
        )

        def holder() -> str | None:
            task_id = Job.objects.get(pk=job.pk).task_id
            for worker in Worker.all(connection=queue.connection):
                if worker.get_current_job_id() == task_id:
                    return cluster.rq_names.get(worker.name)
            return None

        victim = _until(holder, 10, "the worker holding the job")
        cluster.kill(victim)
        job.refresh_from_db()
        assert job.status == Job.Status.RUNNING and job.progress_done < POOL, "killed too late"
        _until(lambda: reclaim_expired_jobs(now=timezone.now())["requeued"], 15, "the reclaim")
        _until(lambda: Job.objects.get(pk=job.pk).is_finished, 30, "the re-run")
        job.refresh_from_db()
        assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2), job.error
        assert _told(first) == (POOL, POOL)

        # A replacement worker joins; each job runs once, whichever worker takes it.
        cluster.worker("worker-3")
        for port, drive in zip((a, b), others, strict=True):
            assert _api(port, f"/api/v1/drives/{drive.pk}/publish/", token=token)[0] == 200
        jobs = [_until(lambda d=d: _tell_job(d), 10, "the tell job") for d in others]
        _until(lambda: all(Job.objects.get(pk=j.pk).is_finished for j in jobs), 30, "both jobs")
        for drive, job in zip(others, jobs, strict=True):
            job.refresh_from_db()
            assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 1), job.error
            assert _told(drive) == (POOL, POOL)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{cluster.logs()}") from exc
    finally:
        cluster.stop()
        queue.empty()
