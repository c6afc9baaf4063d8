"""Office pages: sites and posters, the public scan form, the entry desk, contractors, cleaning
areas and their daily sheets, and the daily summary. Thin doors: one view calls one action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_changeable, get_visible, scope_for
from hub.access.decorators import public, roles_required
from hub.accounts.models import Role
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.office import exports, queries
from hub.office.access import may_manage, may_manage_any
from hub.office.actions.cleaning import create_area, record_cleaning
from hub.office.actions.contractors import add_worker, create_company, set_requirement
from hub.office.actions.entries import create_site, record_entry, update_site
from hub.office.forms import (
    AreaForm,
    CleaningForm,
    CompanyForm,
    DayForm,
    DeskContractorForm,
    ManualEntryForm,
    RequirementForm,
    SiteForm,
    StaffCheckInForm,
    VisitorForm,
    WorkerForm,
)
from hub.office.models import CleaningArea, ContractorCompany, Entry, Site
from hub.office.reasons import describe_reasons
from hub.privacy.actions import log_export
from hub.ratelimit.buckets import take
from hub.ratelimit.client import client_address

MANAGERS = (Role.ORG_ADMIN, Role.OFFICE_STAFF)
DESK = (Role.ORG_ADMIN, Role.OFFICE_STAFF, Role.ENTRY_DESK)
SUMMARY = (Role.ORG_ADMIN, Role.OFFICE_STAFF, Role.BRANCH_SECRETARY)
SCAN_LIMIT = (30, 600)  # submissions per address per 10 minutes


def _refused(form: Any, exc: DomainError) -> None:
    raise_if_forbidden(exc)
    add_domain_error(form, exc)


def _day(request: HttpRequest) -> dt.date:
    form = DayForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("date"):
        return form.cleaned_data["date"]
    return timezone.localdate()


def _create_for_organization(
    request: HttpRequest, form: Any, create: Callable[..., Any], *, refusal: str
) -> Any | None:
    """The POST of a create form (a site, a contractor company, a cleaning area): ``create``
    for the organization chosen among those the user runs the office of.

    403 with ``refusal`` for a user who runs no office; None (the form carries the errors) when
    the input is refused.
    """
    if not may_manage_any(scope_for(request.user)):
        raise PermissionDenied(refusal)
    if not form.is_valid():
        return None
    organization = queries.managed_organization(request.user, request.POST.get("organization"))
    if organization is None:
        form.add_error(None, _("Choose an organization you run the office of."))
        return None
    try:
        return create(by=acting_user(request), organization=organization, **form.cleaned_data)
    except DomainError as exc:
        _refused(form, exc)
        return None


# Home --------------------------------------------------------------------------------------
@roles_required(*DESK, Role.BRANCH_SECRETARY)
@require_GET
def office_home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(
        request,
        "office/home.html",
        {
            "sites": queries.list_sites(request.user),
            "may_manage": scope.has_role(*MANAGERS),
            "may_desk": scope.has_role(*DESK),
            "may_summary": bool(queries.summary_organizations(request.user)),
        },
    )


# Sites -------------------------------------------------------------------------------------
@roles_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def site_create(request: HttpRequest) -> HttpResponse:
    form = SiteForm(request.POST or None)
    if request.method == "POST":
        refusal = _("Only the office or an organization admin may set up entry sites.")
        site = _create_for_organization(request, form, create_site, refusal=refusal)
        if site is not None:
            messages.success(request, _("Site “%(name)s” created.") % {"name": site.name})
            return redirect("office:site-edit", site_id=site.pk)
    orgs = queries.managed_organizations(request.user)
    return render(request, "office/site_form.html", {"form": form, "organizations": orgs})


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_changeable(request.user, Site.objects.select_related("organization"), pk=site_id)
    initial = {
        "name": site.name,
        "kind": site.kind,
        "require_green": site.require_green,
        "test_valid_hours": site.test_valid_hours,
        "retention_days": site.retention_days,
    }
    form = SiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_site(by=acting_user(request), site=site, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Entry rule saved."))
            return redirect("office:site-edit", site_id=site.pk)
    return render(
        request,
        "office/site_edit.html",
        {
            "site": site,
            "form": form,
            "requirement_form": RequirementForm(),
            "requirements": site.requirements.order_by("role"),
        },
    )


@login_required
@require_POST
def site_requirement(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_changeable(request.user, Site.objects.select_related("organization"), pk=site_id)
    form = RequirementForm(request.POST)
    if form.is_valid():
        try:
            set_requirement(by=acting_user(request), site=site, **form.cleaned_data)
        except DomainError as exc:
            raise_if_forbidden(exc)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Expected attendance saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect("office:site-edit", site_id=site.pk)


@login_required
@require_GET
def site_poster(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_visible(request.user, Site.objects.select_related("organization"), pk=site_id)
    path = reverse("office:scan", kwargs={"code": queries.poster_code(site)})
    pdf = exports.render_poster(site, scan_url=request.build_absolute_uri(path))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="entry-poster-{site.pk}.pdf"'
    return response


# The scan (public) -------------------------------------------------------------------------
@public
@require_http_methods(["GET", "POST"])
def scan(request: HttpRequest, code: str) -> HttpResponse:
    site = queries.site_for_code(code)
    as_staff = queries.is_staff_of(request.user, site) and request.GET.get("as") != "visitor"
    form_class = StaffCheckInForm if as_staff else VisitorForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        verdict = take(
            f"office.scan:{client_address(request)}",
            capacity=SCAN_LIMIT[0],
            per_seconds=SCAN_LIMIT[1],
        )
        if not verdict.allowed:
            response = render(
                request,
                "office/scan.html",
                {
                    "site": site,
                    "form": form,
                    "as_staff": as_staff,
                    "throttled": _(
                        "Too many check-ins from this device. Please wait %(seconds)d seconds."
                    )
                    % {"seconds": verdict.retry_after},
                },
                status=429,
            )
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if form.is_valid():
            values = dict(form.cleaned_data)
            try:
                entry = record_entry(
                    by=acting_user(request) if request.user.is_authenticated else None,
                    site=site,
                    method=Entry.Method.QR,
                    kind=Entry.Kind.STAFF if as_staff else values.pop("kind"),
                    **values,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return render(request, "office/scan_result.html", _result(site, entry))
    return render(request, "office/scan.html", {"site": site, "form": form, "as_staff": as_staff})


def _result(site: Site, entry: Entry) -> dict[str, Any]:
    return {
        "site": site,
        "entry": entry,
        "reasons_zh": describe_reasons(entry.reasons, "zh-hans"),
        "reasons_en": describe_reasons(entry.reasons, "en"),
    }


# The desk ----------------------------------------------------------------------------------
def _desk_context(request: HttpRequest, site: Site, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    workers = queries.site_workers(site)
    return {
        "site": site,
        "arrivals": queries.arrivals(request.user, site, day=today),
        "counts": queries.arrival_counts(site, day=today),
        "attendance": queries.attendance_for_site(site, today),
        "manual_form": extra.pop("manual_form", None) or ManualEntryForm(),
        "contractor_form": extra.pop("contractor_form", None)
        or DeskContractorForm(workers=_worker_queryset(site)),
        "has_workers": bool(workers),
        "may_manage": may_manage(scope_for(request.user), site.organization_id),
        **extra,
    }


def _worker_queryset(site: Site) -> Any:
    from hub.office.models import ContractorWorker

    return (
        ContractorWorker.objects.filter(company__organization_id=site.organization_id, active=True)
        .select_related("company")
        .order_by("role", "name")
    )


@login_required
@require_GET
def desk(request: HttpRequest, site_id: int) -> HttpResponse:
    site = queries.get_site_for(request.user, site_id)
    return render(request, "office/desk.html", _desk_context(request, site))


@login_required
@require_GET
def desk_arrivals(request: HttpRequest, site_id: int) -> HttpResponse:
    site = queries.get_site_for(request.user, site_id)
    today = timezone.localdate()
    return render(
        request,
        "office/_arrivals.html",
        {
            "site": site,
            "arrivals": queries.arrivals(request.user, site, day=today),
            "counts": queries.arrival_counts(site, day=today),
        },
    )


def _desk_reply(
    request: HttpRequest, site: Site, entry: Entry | None, **forms: Any
) -> HttpResponse:
    if entry is not None:
        if entry.admitted:
            messages.success(request, _("%(name)s admitted.") % {"name": entry.masked_name})
        else:
            messages.error(
                request,
                _("%(name)s refused: %(reasons)s")
                % {"name": entry.masked_name, "reasons": describe_reasons(entry.reasons)},
            )
        return redirect("office:desk", site_id=site.pk)
    return render(request, "office/desk.html", _desk_context(request, site, **forms), status=400)


@login_required
@require_POST
def desk_register(request: HttpRequest, site_id: int) -> HttpResponse:
    site = queries.get_site_for(request.user, site_id)
    form = ManualEntryForm(request.POST)
    entry = None
    if form.is_valid():
        now = timezone.now()
        values = dict(form.cleaned_data)
        values.pop("arrived_time")
        try:
            entry = record_entry(
                by=acting_user(request),
                site=site,
                kind=Entry.Kind.VISITOR,
                method=Entry.Method.MANUAL,
                arrived_at=form.arrived_at(now),
                now=now,
                **values,
            )
        except DomainError as exc:
            _refused(form, exc)
    return _desk_reply(request, site, entry, manual_form=form)


@login_required
@require_POST
def desk_contractor(request: HttpRequest, site_id: int) -> HttpResponse:
    site = queries.get_site_for(request.user, site_id)
    form = DeskContractorForm(request.POST, workers=_worker_queryset(site))
    entry = None
    if form.is_valid():
        try:
            entry = record_entry(
                by=acting_user(request),
                site=site,
                kind=Entry.Kind.CONTRACTOR,
                method=Entry.Method.DESK,
                **form.cleaned_data,
            )
        except DomainError as exc:
            _refused(form, exc)
    return _desk_reply(request, site, entry, contractor_form=form)


# Contractors -------------------------------------------------------------------------------
@roles_required(*DESK)
@require_http_methods(["GET", "POST"])
def company_list(request: HttpRequest) -> HttpResponse:
    form = CompanyForm(request.POST or None)
    if request.method == "POST":
        refusal = _("Only the office or an organization admin may manage contractors.")
        company = _create_for_organization(request, form, create_company, refusal=refusal)
        if company is not None:
            return redirect("office:company-detail", company_id=company.pk)
    return render(
        request,
        "office/company_list.html",
        {
            "companies": queries.list_companies(request.user),
            "form": form,
            "organizations": queries.managed_organizations(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = queries.get_company_for(request.user, company_id)
    form = WorkerForm(request.POST or None)
    if request.method == "POST":
        company = get_changeable(
            request.user, ContractorCompany.objects.select_related("organization"), pk=company_id
        )
        if form.is_valid():
            try:
                add_worker(by=acting_user(request), company=company, **form.cleaned_data)
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Worker added."))
                return redirect("office:company-detail", company_id=company.pk)
    return render(
        request,
        "office/company_detail.html",
        {
            "company": company,
            "workers": company.workers.order_by("role", "name"),
            "form": form,
            "may_manage": may_manage(scope_for(request.user), company.organization_id),
        },
    )


# Cleaning ----------------------------------------------------------------------------------
@roles_required(*DESK)
@require_http_methods(["GET", "POST"])
def area_list(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST or None)
    if request.method == "POST":
        refusal = _("Only the office or an organization admin may set up cleaning areas.")
        area = _create_for_organization(request, form, create_area, refusal=refusal)
        if area is not None:
            return redirect("office:area-detail", area_id=area.pk)
    areas = list(queries.list_areas(request.user))
    return render(
        request,
        "office/area_list.html",
        {
            "statuses": queries.cleaning_statuses(areas, now=timezone.now()),
            "form": form,
            "organizations": queries.managed_organizations(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_detail(request: HttpRequest, area_id: int) -> HttpResponse:
    area = queries.get_area_for(request.user, area_id)
    form = CleaningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        values = dict(form.cleaned_data)
        values.pop("done_time")
        try:
            record_cleaning(
                by=acting_user(request), area=area, done_at=form.done_at(now), now=now, **values
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Round recorded."))
            return redirect("office:area-detail", area_id=area.pk)
    day = _day(request)
    status = queries.cleaning_statuses([area], now=timezone.now())[0]
    return render(
        request,
        "office/area_detail.html",
        {
            "area": area,
            "status": status,
            "records": queries.area_sheet(area, day),
            "day": day,
            "form": form,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _log_sheet(request: HttpRequest, area: CleaningArea, rows: int) -> None:
    log_export(
        by=acting_user(request),
        organization_id=area.organization_id,
        subject_type="office.cleaning_sheet",
        fields="done_at,done_by(masked),agent,concentration",
        rows=rows,
    )


@login_required
@require_GET
def area_sheet_pdf(request: HttpRequest, area_id: int) -> HttpResponse:
    area = queries.get_area_for(request.user, area_id)
    day = _day(request)
    records = queries.area_sheet(area, day)
    pdf = exports.render_sheet_pdf(area, day, records)
    _log_sheet(request, area, len(records))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cleaning-{area.pk}-{day}.pdf"'
    return response


@login_required
@require_GET
def area_sheet_xlsx(request: HttpRequest, area_id: int) -> HttpResponse:
    area = queries.get_area_for(request.user, area_id)
    day = _day(request)
    records = queries.area_sheet(area, day)
    content = exports.render_sheet_xlsx(area, day, records)
    _log_sheet(request, area, len(records))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="cleaning-{area.pk}-{day}.xlsx"'
    return response


# The daily summary -------------------------------------------------------------------------
@roles_required(*SUMMARY)
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    orgs = queries.summary_organizations(request.user)
    chosen = request.GET.get("organization")
    organization = next((o for o in orgs if str(o.pk) == chosen), orgs[0] if orgs else None)
    day = _day(request)
    context: dict[str, Any] = {"organizations": orgs, "organization": organization, "day": day}
    if organization is not None:
        report = queries.daily_summary(organization, day, now=timezone.now())
        context.update(summary=report, text=queries.summary_text(report))
    return render(request, "office/summary.html", context)
