"""The one task every job goes through; the backend (database or RQ) is a setting."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from hub.jobs.actions import run_job_now

    return run_job_now(job_id).status
