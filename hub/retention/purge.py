"""The shared retention purge: run every registered purger and log what each removed.

Invariants: each purger runs in its own transaction (a purger that fails is logged with its
error and does not stop the others, nor undo what they removed); one :class:`PurgeLog` row per
purger per run; purgers are idempotent, so running the purge twice at the same ``now`` removes
nothing the second time (its rows say 0). Service records (hours, certificates) are never
registered here. Scheduling: ``manage.py purge_retention`` from cron (daily is enough), or the
``privacy.purge`` job (:func:`schedule_purge`); see docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction

from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job
from hub.privacy.models import PurgeLog
from hub.privacy.retention import registered_purgers

log = logging.getLogger(__name__)
JOB_PURGE = "privacy.purge"


def purge_expired(*, now: dt.datetime, progress: Progress | None = None) -> dict[str, int]:
    """Run every registered purger at ``now``; returns removed counts by purger name (a purger
    that raised counts -1 and its error is in its log row)."""
    purgers = registered_purgers()
    removed: dict[str, int] = {}
    for done, (name, purger) in enumerate(purgers.items()):
        error = ""
        try:
            with transaction.atomic():
                count = int(purger(now))
        except Exception as exc:  # one broken purger must not keep the others' data
            log.exception("retention purger %s failed", name)
            count, error = -1, f"{type(exc).__name__}: {exc}"[:2000]
        PurgeLog.objects.create(run_at=now, purger=name, removed=max(count, 0), error=error)
        removed[name] = count
        log.info("retention purger %s removed %s", name, count)
        if progress:
            progress(done + 1, len(purgers), name)
    return removed


def schedule_purge(*, now: dt.datetime) -> Job:
    """Queue the purge as a background job (``privacy.purge``) to run at ``now``."""
    from hub.jobs.actions import create_job

    return create_job(kind=JOB_PURGE, params={"now": now.isoformat()})


@job_handler(JOB_PURGE)
def purge_job(job: Job, progress: Progress) -> dict[str, Any]:
    now = dt.datetime.fromisoformat(job.params["now"])
    return {"removed": purge_expired(now=now, progress=progress)}
