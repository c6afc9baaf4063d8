"""The shell: home page per role, health check, language switch."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.access.decorators import public, roles_required
from hub.accounts.models import Role
from hub.web.queries import home_summary
from hub.web.today import today_for

LEADS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", home_summary(request.user))


@roles_required(*LEADS)
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    """The leads' page for the day: approvals, who is missing on shift, notices, drives."""
    context = today_for(request.user, now=timezone.now())
    return render(request, "web/today.html", {**context, "can_manage": True})


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
