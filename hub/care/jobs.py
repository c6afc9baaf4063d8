"""Job handlers of the care app: the periodic escalation sweep (``care.escalate``)."""

from __future__ import annotations

from typing import Any

from django.utils.dateparse import parse_datetime

from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job

ESCALATE_JOB = "care.escalate"


@job_handler(ESCALATE_JOB)
def run_escalation(job: Job, progress: Progress) -> dict[str, Any]:
    """Alert overdue contacts and escalate overdue requests as of ``params["now"]`` (or now).

    Idempotent: every alert is stamped on its row, so a rerun sends nothing twice.
    """
    from hub.care.actions import escalate_overdue

    now = parse_datetime(job.params["now"]) if job.params.get("now") else None
    counts = escalate_overdue(now=now)
    progress(1, 1, "")
    return counts
