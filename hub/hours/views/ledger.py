"""Ledger pages: the organizer's pending list, entry history, corrections, totals, stars, exports.

Thin doors: each view parses input, looks objects up through the access layer (404 when
invisible, 403 when visible but not changeable) and calls one action.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
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

from hub.access import acting_user, get_changeable, get_visible, may_change, scope_for
from hub.access.decorators import roles_required
from hub.accounts.models import Role
from hub.domain_errors import add_domain_error
from hub.errors import DomainError
from hub.hours import queries
from hub.hours.actions.exports import (
    approve_export,
    export_filename,
    reject_export,
    render_export,
    request_export,
)
from hub.hours.actions.ledger import (
    confirm_entry,
    confirm_shift,
    correct_entry,
    decide_correction,
    record_entry,
    request_correction,
)
from hub.hours.actions.stars import grant_star, reject_star, start_star_review
from hub.hours.forms import (
    CorrectEntryForm,
    DecideCorrectionForm,
    ExportForm,
    RecordEntryForm,
    RequestCorrectionForm,
    StarReviewForm,
    TotalsForm,
)
from hub.hours.models import CorrectionRequest, ExportRequest, HourEntry, StarAward
from hub.htmx import HtmxHttpRequest, vary_on_htmx
from hub.people.models import Organization, Person
from hub.volunteering.models import Shift


# Pending list ---------------------------------------------------------------------------------
@login_required
@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    """Pending entries the user may confirm, grouped by shift (manual entries apart)."""
    entries = list(queries.pending_entries_for(request.user)[:500])
    groups = [
        {"shift": rows[0].shift, "entries": rows}
        for _key, group in groupby(entries, key=lambda e: (e.served_on, e.shift_id or 0))
        for rows in [list(group)]
    ]
    return render(request, "hours/pending.html", {"groups": groups, "count": len(entries)})


@login_required
@require_POST
@vary_on_htmx
def entry_confirm(request: HtmxHttpRequest, entry_id: int) -> HttpResponse:
    entry = get_changeable(request.user, HourEntry.objects.all(), pk=entry_id)
    error = ""
    try:
        entry = confirm_entry(by=acting_user(request), entry=entry)
    except DomainError as exc:
        error = exc.message
        entry.refresh_from_db()
    if request.htmx:
        return render(request, "hours/_entry_row.html", {"entry": entry, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Entry confirmed."))
    return redirect("hours:pending")


@login_required
@require_POST
@vary_on_htmx
def shift_confirm(request: HtmxHttpRequest, shift_id: int) -> HttpResponse:
    shift = get_changeable(request.user, Shift.objects.all(), pk=shift_id)
    try:
        count = confirm_shift(by=acting_user(request), shift=shift)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)d entries confirmed.") % {"count": count})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("hours:pending")
        return response
    return redirect("hours:pending")


# Entry detail and corrections ------------------------------------------------------------------
def _entry_page(
    request: HttpRequest,
    entry: HourEntry,
    *,
    correct_form: CorrectEntryForm | None = None,
    request_form: RequestCorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    own = scope_for(user).person_id == entry.person_id
    can_change = may_change(user, entry)
    history = queries.entry_history(entry)
    reversed_ids = {e.reverses_id for e in history if e.entry_type == "reversal"}
    correctable = entry.entry_type != "reversal" and entry.pk not in reversed_ids
    requests_ = queries.correction_requests_for(user).filter(entry=entry)
    context = {
        "entry": entry,
        "history": history,
        "own": own,
        "can_change": can_change,
        "correctable": correctable,
        "requests": requests_,
        "open_request": next((r for r in requests_ if r.status == "open"), None),
        "correct_form": correct_form or CorrectEntryForm(initial={"hours": entry.hours}),
        "request_form": request_form
        or RequestCorrectionForm(initial={"proposed_hours": entry.hours}),
        "decide_form": DecideCorrectionForm(),
    }
    return render(request, "hours/entry_detail.html", context, status=status)


@login_required
@require_GET
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_visible(request.user, queries.entries_for(request.user), pk=entry_id)
    return _entry_page(request, entry)


@login_required
@require_POST
def entry_correct(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_changeable(request.user, HourEntry.objects.all(), pk=entry_id)
    form = CorrectEntryForm(request.POST)
    if form.is_valid():
        try:
            correction = correct_entry(
                by=acting_user(request),
                entry=entry,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Correction recorded; the original stays in the history."))
            return redirect("hours:entry-detail", entry_id=correction.pk)
    entry = get_visible(request.user, queries.entries_for(request.user), pk=entry_id)
    return _entry_page(request, entry, correct_form=form)


@login_required
@require_POST
def entry_request_correction(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_visible(request.user, queries.entries_for(request.user), pk=entry_id)
    if scope_for(request.user).person_id != entry.person_id:
        raise PermissionDenied(_("You can ask for corrections of your own records only."))
    form = RequestCorrectionForm(request.POST)
    if form.is_valid():
        try:
            request_correction(
                by=acting_user(request),
                entry=entry,
                proposed_hours=form.cleaned_data["proposed_hours"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your request was sent to the organizer."))
            return redirect("hours:entry-detail", entry_id=entry.pk)
    return _entry_page(request, entry, request_form=form)


@login_required
@require_GET
def corrections(request: HttpRequest) -> HttpResponse:
    """The organizer's inbox of open requests, and the requests the user sent."""
    inbox = list(queries.correction_inbox_for(request.user)[:200])
    person_id = scope_for(request.user).person_id
    mine = (
        list(queries.correction_requests_for(request.user).filter(entry__person_id=person_id)[:50])
        if person_id
        else []
    )
    return render(
        request,
        "hours/corrections.html",
        {"inbox": inbox, "mine": mine, "decide_form": DecideCorrectionForm()},
    )


@login_required
@require_POST
def correction_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    correction = get_changeable(request.user, CorrectionRequest.objects.all(), pk=request_id)
    form = DecideCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or reject the request."))
    else:
        try:
            decide_correction(
                by=acting_user(request),
                request=correction,
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision recorded; the volunteer has been told."))
    return redirect("hours:corrections")


# Manual entries ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """Record work done without check-ins; the entry is pending until confirmed."""
    form = RecordEntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = record_entry(
                by=acting_user(request),
                person=data["person"],
                post=data["post"],
                served_on=data["served_on"],
                hours=data["hours"],
                content=data["content"],
                evaluation=data["evaluation"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Recorded; it is pending until confirmed."))
            return redirect("hours:entry-detail", entry_id=entry.pk)
    has_posts = form.fields["post"].queryset.exists()  # type: ignore[attr-defined]
    return render(request, "hours/record.html", {"form": form, "has_posts": has_posts})


# Totals --------------------------------------------------------------------------------------
@login_required
@require_GET
def totals(request: HttpRequest) -> HttpResponse:
    """The user's own totals, and those of the organizations/branches they manage."""
    form = TotalsForm(request.GET or None, user=request.user)
    start = end = None
    organization = branch = None
    if form.is_valid():
        start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
        organization = form.cleaned_data.get("organization")
        branch = form.cleaned_data.get("branch")
    person_id = scope_for(request.user).person_id
    manages = bool(
        form.fields["organization"].queryset.exists()  # type: ignore[attr-defined]
        or form.fields["branch"].queryset.exists()  # type: ignore[attr-defined]
    )
    context: dict[str, Any] = {"form": form, "start": start, "end": end, "manages": manages}
    if person_id:
        person = Person.objects.get(pk=person_id)
        context["mine"] = queries.person_totals(person=person, start=start, end=end)
    if branch is not None:
        context["branch"] = branch
        context["branch_totals"] = queries.branch_totals(
            branch=branch, organization=organization, start=start, end=end
        )
        context["members"] = queries.branch_member_totals(
            branch=branch, organization=organization, start=start, end=end
        )[:200]
    elif organization is not None:
        context["organization"] = organization
        context["org_totals"] = queries.organization_totals(
            organization=organization, start=start, end=end
        )
    return render(request, "hours/totals.html", context)


# Stars ---------------------------------------------------------------------------------------
def _admin_org(request: HttpRequest) -> Organization | None:
    orgs = list(queries.admin_organizations(request.user).order_by("name"))
    wanted = request.GET.get("organization") or request.POST.get("organization")
    if wanted:
        return next((o for o in orgs if str(o.pk) == wanted), None)
    return orgs[0] if orgs else None


@roles_required(Role.ORG_ADMIN)
@require_GET
def stars(request: HttpRequest) -> HttpResponse:
    organization = _admin_org(request)
    candidates = queries.star_candidates(organization=organization) if organization else []
    awards = queries.star_awards_for(request.user)
    if organization is not None:
        awards = awards.filter(organization=organization)
    today = timezone.localdate()
    return render(
        request,
        "hours/stars.html",
        {
            "organization": organization,
            "organizations": queries.admin_organizations(request.user).order_by("name"),
            "candidates": candidates,
            # Each award with whether it may be granted today (the rule grant_star applies).
            "awards": [(a, a.may_be_granted_on(today)) for a in awards[:200]],
            "today": today,
            "form": StarReviewForm(),
        },
    )


@roles_required(Role.ORG_ADMIN)
@require_POST
def star_start(request: HttpRequest) -> HttpResponse:
    form = StarReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a star level and a notice period of 1 to 60 days."))
        return redirect("hours:stars")
    data = form.cleaned_data
    organization = next(
        (o for o in queries.admin_organizations(request.user) if o.pk == data["organization"]),
        None,
    )
    person = Person.objects.filter(pk=data["person"]).first()
    if organization is None or person is None:
        messages.error(request, _("Choose a person your organization recorded."))
        return redirect("hours:stars")
    try:
        start_star_review(
            by=acting_user(request),
            person=person,
            level=data["level"],
            notice_days=data["notice_days"],
            organization=organization,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The star level is now in public notice."))
    return redirect(f"{reverse('hours:stars')}?organization={organization.pk}")


def _act_and_go_back(
    request: HttpRequest, write: Callable[[], Any], *, done: str, back: str
) -> HttpResponse:
    """The end of a button's POST on one row: run its one action, go back to the list with the
    outcome as a message (the action's refusal, or ``done``)."""
    try:
        write()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def star_grant(request: HttpRequest, award_id: int) -> HttpResponse:
    award = get_changeable(request.user, StarAward.objects.all(), pk=award_id)
    return _act_and_go_back(
        request,
        lambda: grant_star(by=acting_user(request), award=award, now=timezone.now()),
        done=_("Star level granted."),
        back="hours:stars",
    )


@login_required
@require_POST
def star_reject(request: HttpRequest, award_id: int) -> HttpResponse:
    award = get_changeable(request.user, StarAward.objects.all(), pk=award_id)
    return _act_and_go_back(
        request,
        lambda: reject_star(by=acting_user(request), award=award),
        done=_("Star level rejected."),
        back="hours:stars",
    )


# Exports -------------------------------------------------------------------------------------
@roles_required(Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = request_export(
                by=acting_user(request),
                organization=data["organization"],
                start=data["start"],
                end=data["end"],
                unmasked=data["unmasked"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if export.status == ExportRequest.Status.READY:
                messages.success(request, _("The export is ready to download."))
            else:
                messages.success(request, _("Another admin of the organization must approve it."))
            return redirect("hours:exports")
    return render(
        request,
        "hours/exports.html",
        {
            "form": form,
            # Each export with whether this user may approve it (the second-approver rule).
            "exports": [
                (x, x.may_be_approved_by(request.user))
                for x in queries.exports_for(request.user)[:100]
            ],
        },
    )


@login_required
@require_POST
def export_approve(request: HttpRequest, export_id: int) -> HttpResponse:
    export = get_changeable(request.user, ExportRequest.objects.all(), pk=export_id)
    return _act_and_go_back(
        request,
        lambda: approve_export(by=acting_user(request), request=export),
        done=_("Export approved."),
        back="hours:exports",
    )


@login_required
@require_POST
def export_reject(request: HttpRequest, export_id: int) -> HttpResponse:
    export = get_changeable(request.user, ExportRequest.objects.all(), pk=export_id)
    return _act_and_go_back(
        request,
        lambda: reject_export(by=acting_user(request), request=export),
        done=_("Export refused."),
        back="hours:exports",
    )


@login_required
@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    export = get_changeable(request.user, ExportRequest.objects.all(), pk=export_id)
    try:
        data = render_export(by=acting_user(request), request=export)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("hours:exports")
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(export)}"'
    response["Cache-Control"] = "no-store"
    return response
