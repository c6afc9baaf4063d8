"""Pages of roster runs and duty statistics: thin doors onto queries and actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_changeable
from hub.access.decorators import roles_required
from hub.accounts.models import Role
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.privacy.actions import log_export
from hub.rosters import exports, queries
from hub.rosters.actions import (
    PublishRefused,
    create_run,
    propose_repair,
    publish_repair,
    publish_run,
    start_roster_run,
    toggle_cell,
)
from hub.rosters.explanations import explain, status_word
from hub.rosters.forms import BaseWishFormSet, RunForm, StatsForm, people_of, wish_rows
from hub.rosters.models import RosterRun
from hub.rosters.queries import Hole, may_manage, roster_holes

ORGANIZERS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR)


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _changeable_run(request: HttpRequest, run_id: int) -> RosterRun:
    return get_changeable(request.user, RosterRun.objects.all(), pk=run_id)


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Runs ----------------------------------------------------------------------------------------
@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    """The runs the user may see (constant query count) and, for organizers, a new-run link."""
    from hub.access import scope_for

    return render(
        request,
        "rosters/run_list.html",
        {
            "runs": list(queries.list_runs(request.user)),
            "can_create": scope_for(request.user).has_role(*ORGANIZERS),
        },
    )


@roles_required(*ORGANIZERS)
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest) -> HttpResponse:
    """Pick a period and kind (GET narrows the shift list), the shifts, people, rules, weights."""
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    start = _date(source.get("period_start"), today + dt.timedelta(days=1))
    end = _date(source.get("period_end"), start + dt.timedelta(days=6))
    kind = str(source.get("kind") or "")
    kind = kind if kind in RosterRun.Kind.values else RosterRun.Kind.DUTY
    initial = {"period_start": start, "period_end": end, "kind": kind}
    if request.method == "POST":
        form = RunForm(request.POST, user=request.user, start=start, end=end, kind=kind)
        wishes = _wish_rows(request, form, request.POST)
        if form.is_valid() and wishes.ok():
            data = form.cleaned_data
            people = people_of(request.user, list(data["branches"]), list(data["compounds"]))
            try:
                run = create_run(
                    by=acting_user(request),
                    title=data["title"],
                    kind=data["kind"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    shifts=list(data["shifts"]),
                    people=list(people),
                    rules=form.rules(),
                    weights=form.weights(),
                    wishes=wishes.wishes(),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Roster created. Solve it to see a proposal."))
                return redirect("rosters:run-detail", run_id=run.pk)
    else:
        form = RunForm(
            initial={**initial, "title": _("Roster %(start)s") % {"start": start}},
            user=request.user,
            start=start,
            end=end,
            kind=kind,
        )
        wishes = _wish_rows(request, form, None)
    return render(
        request,
        "rosters/run_form.html",
        {"form": form, "wishes": wishes, "initial": initial},
    )


def _wish_rows(request: HttpRequest, form: RunForm, data: Any) -> BaseWishFormSet:
    """The wish rows of the run form, over the form's shifts."""
    shifts = form.fields["shifts"].queryset  # type: ignore[attr-defined]
    return wish_rows(data, user=request.user, shifts=shifts)


def _holes(run: RosterRun) -> list[Hole]:
    return roster_holes(run) if run.is_published else []


def _grid(request: HttpRequest, run: RosterRun, found: list[Hole]) -> queries.Grid:
    pairs = {(h.cell.person_id, h.cell.shift_id): h.code for h in found}
    return queries.grid(request.user, run, holes=pairs)


def _detail_context(request: HttpRequest, run: RosterRun) -> dict[str, Any]:
    can_manage = may_manage(acting_user(request), run)
    editable = run.is_editable
    found = _holes(run)
    return {
        "run": run,
        "grid": _grid(request, run, found),
        "view": queries.grid_view(request.GET.get("view")),
        "can_manage": can_manage,
        "editable": editable,
        "editable_cells": editable and can_manage,
        # Holes name where people live (a sealed home): for who manages the run only.
        "holes": queries.hole_lines(request.user, found) if can_manage else [],
        "proposal": (
            queries.proposal_lines(run, request.user) if run.proposal and can_manage else None
        ),
        "failures": request.session.pop(f"roster-{run.pk}-failures", []),
        "engine_status": status_word((run.result or {}).get("status")),
        "explanations": explain(request.user, run.result, run.period_start),
        "proposal_explanations": (
            explain(request.user, run.proposal.get("result"), run.period_start)
            if run.proposal
            else None
        ),
    }


@login_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run: status, publishing, holes and their repair, the grid by people or by posts
    (``?view=posts``), and the explanations."""
    run = queries.get_run_for(request.user, run_id)
    return render(request, "rosters/run_detail.html", _detail_context(request, run))


@login_required
@require_GET
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The job's progress as a fragment; htmx polls it while the run is being solved."""
    run = queries.get_run_for(request.user, run_id)
    context = {
        "run": run,
        "job": run.job,
        "engine_status": status_word((run.result or {}).get("status")),
    }
    response = render(request, "rosters/_run_status.html", context)
    if not run.is_solving and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


def _refused(request: HttpRequest, run: RosterRun, exc: DomainError) -> None:
    """A refused action: 403 when forbidden, else its message (and a refused publish's list)."""
    raise_if_forbidden(exc)
    messages.error(request, exc.message)
    if isinstance(exc, PublishRefused):
        request.session[f"roster-{run.pk}-failures"] = [f["text"] for f in exc.failures]


@login_required
@require_POST
def run_solve(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _changeable_run(request, run_id)
    try:
        start_roster_run(by=acting_user(request), run=run)
    except DomainError as exc:
        _refused(request, run, exc)
    return redirect("rosters:run-detail", run_id=run.pk)


@login_required
@require_POST
def run_cell(request: HttpRequest, run_id: int, shift_id: int, person_id: int) -> HttpResponse:
    """Toggle one cell (a locked assignment by hand); htmx swaps in the cell."""
    run = _changeable_run(request, run_id)
    shift = get_object_or_404(run.shifts.all(), pk=shift_id)
    person = get_object_or_404(run.people.all(), pk=person_id)
    try:
        cell = toggle_cell(by=acting_user(request), run=run, shift=shift, person=person)
    except DomainError as exc:
        raise_if_forbidden(exc)
        if getattr(request, "htmx", False):
            return HttpResponse(exc.message, status=409)
        messages.error(request, exc.message)
        return redirect("rosters:run-detail", run_id=run.pk)
    if getattr(request, "htmx", False):
        return render(
            request,
            "rosters/_cell.html",
            {"run": run, "cell": cell, "shift": shift, "person": person, "editable": True},
        )
    return redirect("rosters:run-detail", run_id=run.pk)


@login_required
@require_POST
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _changeable_run(request, run_id)
    try:
        publish_run(by=acting_user(request), run=run)
    except DomainError as exc:
        _refused(request, run, exc)
    else:
        messages.success(request, _("Published: everyone on the roster was told."))
    return redirect("rosters:run-detail", run_id=run.pk)


@login_required
@require_POST
def run_repair(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _changeable_run(request, run_id)
    try:
        propose_repair(by=acting_user(request), run=run)
    except DomainError as exc:
        _refused(request, run, exc)
    return redirect("rosters:run-detail", run_id=run.pk)


@login_required
@require_POST
def run_repair_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _changeable_run(request, run_id)
    try:
        publish_repair(by=acting_user(request), run=run)
    except DomainError as exc:
        _refused(request, run, exc)
    else:
        messages.success(request, _("The repaired roster is published."))
    return redirect("rosters:run-detail", run_id=run.pk)


def _export(request: HttpRequest, run_id: int, fields: str) -> tuple[RosterRun, queries.Grid, str]:
    run = queries.get_run_for(request.user, run_id)
    grid = _grid(request, run, _holes(run))
    view = queries.grid_view(request.GET.get("view"))
    log_export(
        by=request.user,  # type: ignore[arg-type]
        organization_id=run.organization_id,
        subject_type="roster",
        fields=fields,
        rows=len(grid.rows),
    )
    return run, grid, view


@login_required
@require_GET
def run_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    """The roster as Excel, by people or by posts (``?view=posts``); the export is logged."""
    run, grid, view = _export(request, run_id, "name,shifts")
    content = exports.roster_xlsx(run, grid, view=view)
    suffix = "-posts" if view == "posts" else ""
    return _file(content, exports.XLSX, f"roster-{run.pk}{suffix}.xlsx")


@login_required
@require_GET
def run_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    """The roster as an A4 landscape PDF, by people or by posts; the export is logged."""
    run, grid, view = _export(request, run_id, "name,shifts,pdf")
    content = exports.roster_pdf(run, grid, view=view)
    response = HttpResponse(content, content_type="application/pdf")
    suffix = "-posts" if view == "posts" else ""
    response["Content-Disposition"] = f'inline; filename="roster-{run.pk}{suffix}.pdf"'
    return response


# Duty statistics -----------------------------------------------------------------------------
def _stats(request: HttpRequest) -> tuple[StatsForm, queries.DutyStats | None]:
    start, end = queries.default_stats_period(request.user, timezone.localdate())
    data = {
        "start": request.GET.get("start") or start.isoformat(),
        "end": request.GET.get("end") or end.isoformat(),
        "branch": request.GET.get("branch") or "",
    }
    form = StatsForm(data, user=request.user)
    if not form.is_valid():
        return form, None
    stats = queries.duty_stats(
        request.user,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        branch=form.cleaned_data["branch"],
    )
    return form, stats


@login_required
@require_GET
def duty_stats(request: HttpRequest) -> HttpResponse:
    """值班统计: shifts, hours, nights, weekends per person and branch, and fairness."""
    form, stats = _stats(request)
    return render(
        request,
        "rosters/duty_stats.html",
        {"form": form, "stats": stats, "query": request.GET.urlencode()},
    )


@login_required
@require_GET
def duty_stats_xlsx(request: HttpRequest) -> HttpResponse:
    form, stats = _stats(request)
    if stats is None:
        return render(request, "rosters/duty_stats.html", {"form": form, "stats": None}, status=400)
    content = exports.duty_stats_xlsx(stats)
    log_export(
        by=request.user,  # type: ignore[arg-type]
        organization_id=None,
        subject_type="duty_stats",
        fields="name,branch,shifts,hours,nights,weekends",
        rows=len(stats.lines),
    )
    return _file(content, exports.XLSX, f"duty-stats-{stats.start}-{stats.end}.xlsx")
