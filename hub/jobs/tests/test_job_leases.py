"""A running job holds a lease; a job whose worker died is reclaimed, up to a retry limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hub.jobs.actions import create_job, job_handler, on_abandon, reclaim_expired_jobs, run_job_now
from hub.jobs.models import Job

pytestmark = pytest.mark.django_db
SEEN: list[tuple[int, dt.datetime | None]] = []
ABANDONED: list[int] = []


@job_handler("tests.lease")
def _lease(job: Job, progress) -> dict:  # type: ignore[no-untyped-def]
    progress(1, 2, "half")
    SEEN.append((job.pk, Job.objects.get(pk=job.pk).lease_until))
    return {}


@on_abandon("tests.lease")
def _abandoned(job: Job) -> None:
    ABANDONED.append(job.pk)


def _died_mid_job(job: Job, *, ago: int = 3600) -> None:
    """What a SIGKILLed worker leaves behind: running, with a lease that ran out."""
    past = timezone.now() - dt.timedelta(seconds=ago)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        attempts=Job.objects.get(pk=job.pk).attempts + 1,
        lease_until=past,
    )


def test_claiming_sets_a_lease_and_progress_renews_it(settings) -> None:
    SEEN.clear()
    job = create_job(kind="tests.lease")
    before = timezone.now()

    job = run_job_now(job.pk)

    ((_pk, lease),) = SEEN
    assert lease is not None
    assert lease >= before + dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    assert (job.status, job.attempts, job.lease_until) == ("succeeded", 1, None)


def test_a_job_another_worker_holds_is_not_run_again() -> None:
    SEEN.clear()
    job = create_job(kind="tests.lease")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=1, lease_until=timezone.now() + dt.timedelta(hours=1)
    )

    assert run_job_now(job.pk).status == "running"
    assert SEEN == []


def test_an_expired_running_job_is_requeued_and_then_runs_once(
    django_capture_on_commit_callbacks,
) -> None:
    SEEN.clear()
    job = create_job(kind="tests.lease")
    _died_mid_job(job)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = reclaim_expired_jobs(now=timezone.now())

    assert counts == {"requeued": 1, "failed": 0}
    assert len(callbacks) == 1  # the task is enqueued again
    job.refresh_from_db()
    assert (job.status, job.lease_until) == ("queued", None)
    assert run_job_now(job.pk).status == "succeeded"
    assert run_job_now(job.pk).status == "succeeded"
    assert [pk for pk, _lease in SEEN] == [job.pk]


def test_reclaiming_twice_requeues_once() -> None:
    job = create_job(kind="tests.lease")
    _died_mid_job(job)
    now = timezone.now()

    assert reclaim_expired_jobs(now=now) == {"requeued": 1, "failed": 0}
    assert reclaim_expired_jobs(now=now) == {"requeued": 0, "failed": 0}


def test_a_live_lease_is_not_reclaimed() -> None:
    job = create_job(kind="tests.lease")
    run_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=1, lease_until=run_at + dt.timedelta(seconds=60)
    )

    assert reclaim_expired_jobs(now=run_at) == {"requeued": 0, "failed": 0}


def test_after_the_retry_limit_the_job_fails_with_a_message_and_is_abandoned(settings) -> None:
    ABANDONED.clear()
    job = create_job(kind="tests.lease")
    for _ in range(settings.JOB_MAX_ATTEMPTS):
        _died_mid_job(job)
        reclaim_expired_jobs(now=timezone.now())

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.attempts == settings.JOB_MAX_ATTEMPTS
    assert "stopped 3 times" in job.message
    assert ABANDONED == [job.pk]


def test_a_worker_presumed_dead_cannot_overwrite_the_next_attempt() -> None:
    job = create_job(kind="tests.lease")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=2)
    from hub.jobs.actions import _progress_writer

    stale = _progress_writer(job.pk, attempt=1)
    stale(5, 10, "old worker")

    job.refresh_from_db()
    assert (job.progress_done, job.message) == (0, "")


def test_a_held_job_is_claimed_again_only_once_its_lease_ends_at_the_injected_now() -> None:
    SEEN.clear()
    job = create_job(kind="tests.lease")
    t0 = dt.datetime(2022, 4, 10, 8, 0, tzinfo=dt.UTC)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=1, lease_until=t0 + dt.timedelta(hours=1)
    )

    assert run_job_now(job.pk, now=t0 + dt.timedelta(minutes=59)).status == "running"
    later = t0 + dt.timedelta(hours=2)
    job = run_job_now(job.pk, now=later)

    assert (job.status, job.attempts) == ("succeeded", 2)
    assert (job.started_at, job.finished_at) == (later, later)
    assert [pk for pk, _lease in SEEN] == [job.pk]
