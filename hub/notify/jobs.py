"""The background job that delivers the outbox: started on commit by ``notify``.

It empties what is due now (a bounded number of rounds) and, when messages wait for a retry,
queues one more run for the earliest of them if the task backend can defer. The
``dispatch_notifications --loop`` command is the safety net that retries regardless.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict
from typing import Any

from django.utils import timezone

from hub.jobs.actions import Progress, create_job, job_handler
from hub.jobs.models import Job
from hub.notify.actions import DISPATCH_JOB, DispatchReport, dispatch_due, next_due_at

log = logging.getLogger(__name__)

MAX_ROUNDS = 20


@job_handler(DISPATCH_JOB)
def dispatch_notifications_job(job: Job, progress: Progress) -> dict[str, Any]:
    total = DispatchReport()
    for round_number in range(MAX_ROUNDS):
        report = dispatch_due()
        total += report
        progress(round_number + 1, MAX_ROUNDS, f"sent {total.sent}")
        if report.claimed == 0:
            break
    later = schedule_retry_run(exclude_job_id=job.pk)
    return {**asdict(total), "next_run_at": later.isoformat() if later else None}


def schedule_retry_run(
    *, exclude_job_id: int | None = None, now: dt.datetime | None = None
) -> dt.datetime | None:
    """Queue a deferred dispatch for the earliest waiting message; returns its time, if queued.

    Skipped when the task backend cannot defer, when nothing waits, or when another queued
    dispatch run will come at or before that time anyway (each run schedules its successor).
    """
    from hub.jobs.tasks import run_job

    when = next_due_at()
    if when is None or not getattr(run_job.get_backend(), "supports_defer", False):
        return None
    when = max(when, now or timezone.now())
    queued = Job.objects.filter(kind=DISPATCH_JOB, status=Job.Status.QUEUED)
    if exclude_job_id is not None:
        queued = queued.exclude(pk=exclude_job_id)
    for other in queued:
        run_after = other.params.get("run_after")
        if not run_after or dt.datetime.fromisoformat(run_after) <= when:
            return None
    params = {"run_after": when.isoformat()}
    try:
        # Outside a transaction (a job handler runs in none) the task is enqueued right here.
        create_job(kind=DISPATCH_JOB, params=params, run_after=when)
    except Exception:
        # The loop command still retries; a backend hiccup must not fail this run, and a
        # queued row with no task would hold back every later deferred run.
        log.exception("could not queue the next notification run")
        queued.filter(params__run_after=params["run_after"], task_id="").delete()
        return None
    return when
