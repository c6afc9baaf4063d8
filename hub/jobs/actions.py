"""Creating, running and reporting on background jobs.

A job handler is a plain function ``handler(job, progress)`` registered under a kind. It must be
idempotent: a worker killed mid-job leaves the job ``running``, and running it again must have
its effect exactly once (handlers write in one transaction and check what is already done).

Leases: a worker claims a job by setting it ``running`` with ``lease_until`` =
now + ``settings.JOB_LEASE_SECONDS`` and ``attempts`` + 1 in one conditional UPDATE; every
progress report renews the lease. Only the holder of the current attempt renews it or records
the outcome, so a worker that was presumed dead cannot overwrite a later attempt.
:func:`reclaim_expired_jobs` (run by ``manage.py reclaim_jobs``, see docs/operations.md) puts
a running job whose lease has passed back in the queue, or marks it failed once it has used
``settings.JOB_MAX_ATTEMPTS`` attempts, and then calls the kind's abandon hook
(:func:`on_abandon`) so the rows it was working on (an import batch left "applying") recover.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.jobs.models import Job

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` as the code that runs jobs of ``kind``."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def create_job(
    *,
    kind: str,
    by: Any = None,
    organization_id: int | None = None,
    params: dict | None = None,
    run_after: dt.datetime | None = None,
) -> Job:
    """Create a queued job and enqueue its task when the surrounding transaction commits.

    The task is never enqueued for a transaction that rolls back, so a worker cannot pick up
    a job whose inputs were never written. ``run_after`` defers it (backends that can defer).
    """
    if kind not in _HANDLERS:
        raise LookupError(f"no handler registered for job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        created_by=by if getattr(by, "pk", None) else None,
        organization_id=organization_id,
        params=params or {},
    )
    enqueue_job(job, run_after=run_after)
    return job


def enqueue_job(job: Job, *, run_after: dt.datetime | None = None) -> None:
    """Enqueue the task that runs ``job`` once the current transaction commits."""
    from hub.jobs.tasks import run_job

    def _send() -> None:
        task = run_job.using(run_after=run_after) if run_after is not None else run_job
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])

    transaction.on_commit(_send)


def _progress_writer(job_id: int, attempt: int | None = None) -> Progress:
    def progress(done: int, total: int, message: str = "") -> None:
        mine = Job.objects.filter(pk=job_id)
        if attempt is not None:
            mine = mine.filter(attempts=attempt, status=Job.Status.RUNNING)
        mine.update(
            progress_done=min(done, total),
            progress_total=total,
            message=message[:300],
            lease_until=_lease_end(),
        )

    return progress


def run_job_now(job_id: int, *, now: dt.datetime | None = None) -> Job:
    """Run one job here: a queued job, or a running one whose lease has expired; a job another
    worker holds, or a finished one, is left alone.

    Claims it (running, a fresh lease, one more attempt), calls its handler, and records the
    result or the error. ``now`` is the time of the claim (default: the clock at the call); the
    finish is stamped with the clock when the handler returns, or with ``now`` when it was given
    (so a test that moves time sees one consistent time).
    """
    given = now
    now = now or timezone.now()
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise Job.DoesNotExist(job_id)
    attempt = job.attempts + 1
    claimable = Q(status=Job.Status.QUEUED) | Q(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now), status=Job.Status.RUNNING
    )
    claimed = Job.objects.filter(claimable, pk=job_id, attempts=job.attempts).update(
        status=Job.Status.RUNNING,
        started_at=now,
        attempts=attempt,
        lease_until=_lease_end(now),
    )
    if not claimed:
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    log.info("job %s (%s) claimed, attempt %s", job_id, job.kind, attempt)
    handler = _HANDLERS[job.kind]
    mine = Job.objects.filter(pk=job_id, attempts=attempt, status=Job.Status.RUNNING)
    try:
        result = handler(job, _progress_writer(job_id, attempt))
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, job.kind)
        mine.update(
            status=Job.Status.FAILED,
            error=f"{exc}\n\n{traceback.format_exc()}"[-4000:],
            message=str(exc)[:300],
            finished_at=given or timezone.now(),
            lease_until=None,
        )
    else:
        mine.update(
            status=Job.Status.SUCCEEDED,
            result=result or {},
            finished_at=given or timezone.now(),
            lease_until=None,
        )
    job.refresh_from_db()
    return job


# Leases and reclaiming ------------------------------------------------------------------------
_ABANDON: dict[str, Callable[[Job], None]] = {}


def on_abandon(kind: str) -> Callable[[Callable[[Job], None]], Callable[[Job], None]]:
    """Register what to undo when a job of ``kind`` is given up (its worker died too often)."""

    def register(hook: Callable[[Job], None]) -> Callable[[Job], None]:
        _ABANDON[kind] = hook
        return hook

    return register


def _lease_end(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def reclaim_expired_jobs(*, now: dt.datetime) -> dict[str, int]:
    """Re-queue running jobs whose lease ended before ``now``; give up on those that used every
    attempt (failed, with a message, and the kind's abandon hook run). Idempotent.

    Returns ``{"requeued": n, "failed": n}``.
    """
    requeued = failed = 0
    expired = Job.objects.filter(status=Job.Status.RUNNING, lease_until__lt=now).order_by("pk")
    for job_id in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            job = (
                Job.objects.select_for_update()
                .filter(pk=job_id, status=Job.Status.RUNNING, lease_until__lt=now)
                .first()
            )
            if job is None:
                continue
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                job.status = Job.Status.FAILED
                job.message = _(
                    "The worker running this job stopped %(count)d times; it was given up."
                ) % {"count": job.attempts}
                job.error = job.message
                job.finished_at = now
                job.lease_until = None
                job.save(update_fields=["status", "message", "error", "finished_at", "lease_until"])
                hook = _ABANDON.get(job.kind)
                if hook is not None:
                    hook(job)
                failed += 1
                log.warning(
                    "job %s (%s) given up after %s attempts", job.pk, job.kind, job.attempts
                )
            else:
                job.status = Job.Status.QUEUED
                job.lease_until = None
                job.task_id = ""
                job.message = _("Queued again: the worker running it stopped.")
                job.save(update_fields=["status", "lease_until", "task_id", "message"])
                enqueue_job(job)
                requeued += 1
                log.warning("job %s (%s) re-queued after its lease expired", job.pk, job.kind)
    return {"requeued": requeued, "failed": failed}
