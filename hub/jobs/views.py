"""A job's progress page; htmx polls its status fragment until the job finishes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.access import get_visible
from hub.jobs.models import Job


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_visible(request.user, Job.objects.all(), pk=job_id)
    template = (
        "jobs/_job_status.html" if getattr(request, "htmx", False) else "jobs/job_detail.html"
    )
    return render(request, template, {"job": job})
