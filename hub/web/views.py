"""The shell: home page per role, health check, language switch."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults
from django.views.decorators.http import require_GET

from hub.access.decorators import public, roles_required
from hub.accounts.models import Role
from hub.api.errors import api_error_view
from hub.web.queries import home_summary
from hub.web.today import today_for

LEADS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR)

log = logging.getLogger(__name__)


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
    """Liveness and database reachability for load balancers: 200, or 503 when the database
    does not answer (so a balancer takes this server out instead of sending it users)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        log.warning("healthz: the database does not answer", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


# Error pages: the product's own, and JSON under /api/ ------------------------------------------
def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_error_view(request, 400)
    return defaults.bad_request(request, exception or Exception(), template_name="400.html")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_error_view(request, 403)
    return defaults.permission_denied(request, exception or Exception())


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return api_error_view(request, 404)
    return defaults.page_not_found(request, exception or Exception())


def error_500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return api_error_view(request, 500)
    return defaults.server_error(request)
