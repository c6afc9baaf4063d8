"""Background jobs of office operations, each idempotent (re-running writes nothing twice):

- ``office.attendance_check``: contractor roles still short after their time (every 15 min);
- ``office.cleaning_check``: areas overdue for disinfection (every 15 min);
- ``office.purge_entries``: entry records past their site's retention (daily), the same purger
  the shared retention purge runs from hub.privacy.retention.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job
from hub.office.actions.cleaning import check_cleaning
from hub.office.actions.contractors import check_attendance
from hub.office.purge import purge_expired_entries

ATTENDANCE_JOB = "office.attendance_check"
CLEANING_JOB = "office.cleaning_check"
PURGE_JOB = "office.purge_entries"


def _now(job: Job) -> dt.datetime:
    value = job.params.get("now")
    return dt.datetime.fromisoformat(value) if value else timezone.now()


@job_handler(ATTENDANCE_JOB)
def attendance_job(job: Job, progress: Progress) -> dict[str, Any]:
    alerts = check_attendance(now=_now(job))
    progress(1, 1, "")
    return {"alerts": alerts}


@job_handler(CLEANING_JOB)
def cleaning_job(job: Job, progress: Progress) -> dict[str, Any]:
    alerts = check_cleaning(now=_now(job))
    progress(1, 1, "")
    return {"alerts": alerts}


@job_handler(PURGE_JOB)
def purge_job(job: Job, progress: Progress) -> dict[str, Any]:
    removed = purge_expired_entries(_now(job))
    progress(1, 1, "")
    return {"removed": removed}
