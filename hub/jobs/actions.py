"""Creating, running and reporting on background jobs.

A job handler is a plain function ``handler(job, progress)`` registered under a kind. It must be
idempotent: a worker killed mid-job leaves the job ``running``, and running it again must have
its effect exactly once (handlers write in one transaction and check what is already done).
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

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


def _progress_writer(job_id: int) -> Progress:
    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(
            progress_done=min(done, total), progress_total=total, message=message[:300]
        )

    return progress


def run_job_now(job_id: int) -> Job:
    """Run one job here: queued or interrupted (``running``) jobs run; finished ones do not.

    Marks it running, calls its handler, and records the result or the error.
    """
    claimed = Job.objects.filter(
        pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).update(status=Job.Status.RUNNING, started_at=timezone.now())
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    Job.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    handler = _HANDLERS[job.kind]
    try:
        result = handler(job, _progress_writer(job_id))
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            error=f"{exc}\n\n{traceback.format_exc()}"[-4000:],
            message=str(exc)[:300],
            finished_at=timezone.now(),
        )
    else:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.SUCCEEDED, result=result or {}, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job
