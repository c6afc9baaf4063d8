"""The notification settings page: an org admin's robots and routes, tests, and failures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hub.access import acting_user, get_changeable, scope_for
from hub.access.decorators import roles_required
from hub.accounts.models import Role
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.notify import queries
from hub.notify.actions import add_person_route, add_robot, remove_route, send_test_message
from hub.notify.forms import PersonRouteForm, RobotForm
from hub.notify.models import ChannelRoute
from hub.people.models import Organization


def _organization(request: HttpRequest, value: Any) -> Organization:
    """The organization the page is about: one the user administers (else 404)."""
    scope = scope_for(request.user)
    admin = Organization.objects.all()
    if not scope.is_superuser:
        admin = admin.filter(pk__in=scope.admin_org_ids)
    if value:
        try:
            return admin.get(pk=int(value))
        except (ValueError, Organization.DoesNotExist):
            raise Http404(_("Not found.")) from None
    found = admin.order_by("pk").first()
    if found is None:
        raise Http404(_("Not found."))
    return found


def _page(
    request: HttpRequest,
    organization: Organization,
    *,
    robot_form: RobotForm | None = None,
    person_form: PersonRouteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = scope_for(request.user)
    others = Organization.objects.filter(pk__in=scope.admin_org_ids).exclude(pk=organization.pk)
    routes = queries.routes_for(request.user, organization)
    context = {
        "organization": organization,
        "other_organizations": list(others.order_by("name")),
        "group_routes": [r for r in routes if r.audience == ChannelRoute.Audience.GROUP],
        "person_routes": [r for r in routes if r.audience == ChannelRoute.Audience.PERSON],
        "problems": queries.problems_for(request.user, organization),
        "retrying": queries.retrying_for(request.user, organization),
        "robot_form": robot_form or RobotForm(organization=organization),
        "person_form": person_form or PersonRouteForm(organization=organization),
    }
    return render(request, "notify/settings.html", context, status=status)


def _back(organization: Organization) -> HttpResponse:
    return redirect(f"{reverse('notify:settings')}?organization={organization.pk}")


@roles_required(Role.ORG_ADMIN)
@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    return _page(request, _organization(request, request.GET.get("organization")))


@roles_required(Role.ORG_ADMIN)
@require_POST
def robot_add(request: HttpRequest) -> HttpResponse:
    organization = _organization(request, request.POST.get("organization"))
    form = RobotForm(request.POST, organization=organization)
    if form.is_valid():
        data = form.cleaned_data
        try:
            add_robot(
                by=acting_user(request),
                organization=organization,
                kind=data["kind"],
                url=data["url"],
                secret=data.get("secret") or "",
                audience=data["audience"],
                topics=data.get("topics") or [],
                **form.scope_kwargs(),
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Robot added. Send it a test message to check it."))
            return _back(organization)
    return _page(request, organization, robot_form=form, status=400)


@roles_required(Role.ORG_ADMIN)
@require_POST
def person_route_add(request: HttpRequest) -> HttpResponse:
    organization = _organization(request, request.POST.get("organization"))
    form = PersonRouteForm(request.POST, organization=organization)
    if form.is_valid():
        data = form.cleaned_data
        try:
            add_person_route(
                by=acting_user(request),
                organization=organization,
                medium=data["medium"],
                topics=data.get("topics") or [],
                **form.scope_kwargs(),
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Route added."))
            return _back(organization)
    return _page(request, organization, person_form=form, status=400)


@login_required
@require_POST
def route_test(request: HttpRequest, route_id: int) -> HttpResponse:
    route = get_changeable(request.user, ChannelRoute.objects.all(), pk=route_id)
    try:
        send_test_message(by=acting_user(request), route=route)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Test message queued. It is sent within seconds; failures are listed below."),
        )
    return _back(route.organization)


@login_required
@require_POST
def route_remove(request: HttpRequest, route_id: int) -> HttpResponse:
    route = get_changeable(request.user, ChannelRoute.objects.all(), pk=route_id)
    organization = route.organization
    try:
        remove_route(by=acting_user(request), route=route)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Route removed."))
    return _back(organization)
