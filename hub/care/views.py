"""Care pages: the register and contact log, the public request form and its printed card,
the hotline, the request board (triage, claim, done), welfare calls and the dashboard."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_changeable, get_visible, scope_for
from hub.access.decorators import public, roles_required
from hub.accounts.models import Role
from hub.care import queries
from hub.care.actions import (
    bulk_triage,
    claim_request,
    record_contact,
    record_welfare_call,
    resolve_request,
    reveal_care_health,
    submit_help_request,
)
from hub.care.forms import (
    BulkTriageForm,
    ContactForm,
    HelpRequestForm,
    ResolveForm,
    WelfareCallForm,
)
from hub.care.models import HelpRequest, WelfareSchedule
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.places.models import Compound
from hub.privacy.masking import mask_phone
from hub.ratelimit.buckets import take

STAFF = (Role.ORG_ADMIN, Role.COMMUNITY_COORDINATOR, Role.BUILDING_LEADER)
MAX_FORM_BYTES = 16 * 1024


def _refused(request: HttpRequest, exc: DomainError) -> None:
    raise_if_forbidden(exc)
    messages.error(request, exc.message)


# Register and contact log ------------------------------------------------------------------------
@login_required
@require_GET
def recipient_list(request: HttpRequest) -> HttpResponse:
    rows = list(queries.list_recipients(request.user)[:200])
    return render(request, "care/recipient_list.html", {"recipients": rows})


@login_required
@require_GET
def recipient_detail(request: HttpRequest, recipient_id: int) -> HttpResponse:
    recipient = queries.get_recipient_for(request.user, recipient_id)
    context = {
        "recipient": recipient,
        "contact_phone": mask_phone(recipient.contact_phone),
        "has_health": queries.has_health(recipient),
        "contacts": queries.recent_contacts(request.user, recipient),
        "pairings": recipient.pairings.filter(status="active").select_related("volunteer"),
        "form": ContactForm(initial={"mode": "call", "outcome": "well"}),
        "may_change": queries.may_change_recipient(request.user, recipient),
    }
    return render(request, "care/recipient_detail.html", context)


@login_required
@require_POST
def health_reveal(request: HttpRequest, recipient_id: int) -> HttpResponse:
    recipient = queries.get_recipient_for(request.user, recipient_id)
    try:
        health = reveal_care_health(
            by=acting_user(request),
            recipient=recipient,
            reason=str(request.POST.get("reason", "")),
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except DomainError as exc:
        _refused(request, exc)
        return redirect("care:recipient-detail", recipient_id=recipient.pk)
    return render(request, "care/_health.html", {"health": health, "recipient": recipient})


@login_required
@require_POST
def contact_create(request: HttpRequest, recipient_id: int) -> HttpResponse:
    recipient = queries.get_recipient_for(request.user, recipient_id)
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check the contact form."))
        return redirect("care:recipient-detail", recipient_id=recipient.pk)
    data = form.cleaned_data
    purchases = []
    if data.get("items"):
        purchases = [
            {
                "items": data["items"],
                "cost": data.get("cost") or 0,
                "paid_by": data.get("paid_by", ""),
            }
        ]
    try:
        record_contact(
            by=acting_user(request),
            recipient=recipient,
            mode=data["mode"],
            outcome=data["outcome"],
            note=data.get("note", ""),
            needs_found=data.get("needs_found", ""),
            next_due_at=data.get("next_due_at"),
            purchases=purchases,
        )
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Contact logged."))
    return redirect("care:recipient-detail", recipient_id=recipient.pk)


# Public request form, card, hotline --------------------------------------------------------------
def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@public
@require_http_methods(["GET", "POST"])
def help_form(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = get_object_or_404(Compound, pk=compound_id)
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_FORM_BYTES:
            return render(
                request,
                "care/help_form.html",
                {
                    "form": HelpRequestForm(compound=compound),
                    "compound": compound,
                    "problem": _(
                        "What you sent is too long. Please shorten the details and send again."
                    ),
                },
                status=413,
            )
        capacity, window = getattr(settings, "CARE_HELP_RATE_PER_IP", (5, 600))
        verdict = take(f"care-help:ip:{_client_ip(request)}", capacity=capacity, per_seconds=window)
        if not verdict.allowed:
            response = render(
                request,
                "care/help_form.html",
                {
                    "form": HelpRequestForm(compound=compound),
                    "compound": compound,
                    "problem": _(
                        "Too many requests from here. Please wait %(seconds)d seconds, "
                        "or call the hotline."
                    )
                    % {"seconds": verdict.retry_after},
                },
                status=429,
            )
            response["Retry-After"] = str(verdict.retry_after)
            return response
    form = HelpRequestForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("website"):
            # A bot filled the hidden field: answer like a success, keep nothing.
            return render(request, "care/help_thanks.html", {"compound": compound})
        try:
            submit_help_request(
                compound=compound,
                building=data["building"],
                room=data["room"],
                for_name=data["for_name"],
                relation=data["relation"],
                requester_name=data.get("requester_name", ""),
                requester_phone=data["requester_phone"],
                need=data["need"],
                urgency=data["urgency"],
                details=data.get("details", ""),
                source=HelpRequest.Source.FORM,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return render(request, "care/help_thanks.html", {"compound": compound})
    status = 400 if request.method == "POST" else 200
    return render(
        request, "care/help_form.html", {"form": form, "compound": compound}, status=status
    )


def render_card(compound: Compound, *, url: str) -> bytes:
    """The A4 card for a compound's notice board or a resident's door: a large QR to the form."""
    import segno
    from weasyprint import HTML

    qr = segno.make(url, error="m", micro=False)
    html = render_to_string(
        "care/help_card_pdf.html",
        {"compound": compound, "qr_svg": qr.svg_data_uri(scale=4, border=2), "url": url},
    )
    return bytes(HTML(string=html).write_pdf())


@login_required
@require_GET
def help_card(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = get_changeable(request.user, Compound.objects.all(), pk=compound_id)
    url = request.build_absolute_uri(reverse("care:help-form", kwargs={"compound_id": compound.pk}))
    response = HttpResponse(render_card(compound, url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="help-card-{compound.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def hotline(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = get_changeable(request.user, Compound.objects.all(), pk=compound_id)
    form = HelpRequestForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = submit_help_request(
                compound=compound,
                building=data["building"],
                room=data["room"],
                for_name=data["for_name"],
                relation=data["relation"],
                requester_name=data.get("requester_name", ""),
                requester_phone=data["requester_phone"],
                need=data["need"],
                urgency=data["urgency"],
                details=data.get("details", ""),
                source=HelpRequest.Source.HOTLINE,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Request #%(id)d recorded.") % {"id": req.pk})
            return redirect("care:request-detail", request_id=req.pk)
    return render(request, "care/hotline.html", {"form": form, "compound": compound})


# Request board -----------------------------------------------------------------------------------
@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    rows = list(queries.list_requests(request.user)[:300])
    may_triage = scope_for(request.user).has_role(Role.ORG_ADMIN, Role.COMMUNITY_COORDINATOR)
    return render(
        request,
        "care/request_list.html",
        {"requests": rows, "may_triage": may_triage, "urgencies": HelpRequest.Urgency.choices},
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    req = queries.get_request_for(request.user, request_id)
    context = {
        "req": req,
        "phone": mask_phone(req.requester_phone),
        "may_change": queries.may_change_request(request.user, req),
        "is_mine": req.assignee_id is not None
        and req.assignee_id == scope_for(request.user).person_id,
        "resolve_form": ResolveForm(),
    }
    return render(request, "care/request_detail.html", context)


@login_required
@require_POST
def request_claim(request: HttpRequest, request_id: int) -> HttpResponse:
    req = queries.get_request_for(request.user, request_id)
    try:
        claim_request(by=acting_user(request), request=req)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("It is yours: everyone else sees it taken."))
    return redirect("care:request-detail", request_id=req.pk)


@login_required
@require_POST
def request_resolve(request: HttpRequest, request_id: int) -> HttpResponse:
    req = queries.get_request_for(request.user, request_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done."))
        return redirect("care:request-detail", request_id=req.pk)
    try:
        resolve_request(
            by=acting_user(request), request=req, resolution=form.cleaned_data["resolution"]
        )
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Marked done."))
    return redirect("care:request-detail", request_id=req.pk)


@roles_required(Role.ORG_ADMIN, Role.COMMUNITY_COORDINATOR)
@require_POST
def request_bulk_triage(request: HttpRequest) -> HttpResponse:
    form = BulkTriageForm(request.POST)
    if form.is_valid() and form.cleaned_data["ids"]:
        try:
            count = bulk_triage(
                by=acting_user(request),
                request_ids=form.cleaned_data["ids"],
                urgency=form.cleaned_data["urgency"],
            )
        except DomainError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("%(count)d requests triaged.") % {"count": count})
    else:
        messages.error(request, _("Choose requests and an urgency."))
    return redirect("care:request-list")


# Welfare calls and dashboard ---------------------------------------------------------------------
@login_required
@require_GET
def welfare_list(request: HttpRequest) -> HttpResponse:
    rows = list(queries.list_welfare(request.user)[:200])
    return render(request, "care/welfare_list.html", {"schedules": rows, "form": WelfareCallForm()})


@login_required
@require_POST
def welfare_call(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = get_visible(request.user, WelfareSchedule.objects.all(), pk=schedule_id)
    form = WelfareCallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how they are."))
        return redirect("care:welfare-list")
    try:
        record_welfare_call(by=acting_user(request), schedule=schedule, **form.cleaned_data)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Call logged."))
    return redirect("care:welfare-list")


@roles_required(*STAFF)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    compounds = Compound.objects.filter(pk__in=scope.compound_ids).order_by("pk")
    context = {**queries.dashboard(request.user), "compounds": compounds}
    return render(request, "care/dashboard.html", context)
