"""Background job: shift reminders (kind ``me.reminders``), e.g. scheduled every 15 minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job
from hub.me.actions import DEFAULT_LEAD, send_shift_reminders

REMINDERS_JOB = "me.reminders"


@job_handler(REMINDERS_JOB)
def reminders_job(job: Job, progress: Progress) -> dict[str, Any]:
    # Idempotent by the outbox's dedupe keys: a re-run writes no second reminder.
    now = dt.datetime.fromisoformat(job.params["now"]) if job.params.get("now") else timezone.now()
    hours = float(job.params.get("lead_hours", DEFAULT_LEAD.total_seconds() / 3600))
    written = send_shift_reminders(now=now, lead=dt.timedelta(hours=hours))
    progress(1, 1, "")
    return {"reminders": written}
