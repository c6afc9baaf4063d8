"""The background job that solves a roster run (idempotent: see ``actions.solve_run``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job


@job_handler("rosters.solve")
def solve_roster_job(job: Job, progress: Progress) -> dict[str, Any]:
    from hub.rosters.actions import solve_run

    limit = job.params.get("time_limit_s")
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        run = solve_run(job.params["run_id"], progress=progress, time_limit_s=limit)
    return {
        "run_id": run.pk,
        "status": run.status,
        "cells": run.cells.count(),
        "next_url": reverse("rosters:run-detail", kwargs={"run_id": run.pk}),
    }
