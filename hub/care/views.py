"""Care pages: the register and contact log, the public request form and its printed card,
the hotline, the request board (triage, claim, done), welfare calls and the dashboard."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, changeable, get_changeable, get_visible, scope_for
from hub.access.decorators import public, roles_required
from hub.accounts.models import Role
from hub.care import queries
from hub.care.actions import (
    accept_proposal,
    assign_request,
    bulk_triage,
    cancel_request,
    claim_request,
    close_recipient,
    complete_follow_up,
    end_pairing,
    pair_team,
    pair_volunteer,
    record_contact,
    record_medicine_step,
    record_welfare_call,
    register_recipient,
    resolve_request,
    reveal_care_health,
    schedule_seconded_staff,
    schedule_welfare_calls,
    set_reimbursed,
    submit_help_request,
    triage_request,
)
from hub.care.adapters import candidate_volunteers, propose_pairings
from hub.care.forms import (
    AssignForm,
    BulkTriageForm,
    CancelForm,
    ContactForm,
    HelpRequestForm,
    MedicineStepForm,
    PairingForm,
    ProposalForm,
    RecipientForm,
    ResolveForm,
    SecondedForm,
    TriageForm,
    WelfareCallForm,
    WelfareScheduleForm,
)
from hub.care.models import (
    CareRecipient,
    ContactMode,
    HelpRequest,
    Pairing,
    Purchase,
    WelfareCall,
    WelfareSchedule,
)
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.htmx import HtmxHttpRequest, vary_on_htmx
from hub.places.models import Compound
from hub.privacy.masking import mask_phone
from hub.ratelimit.buckets import take

STAFF = (Role.ORG_ADMIN, Role.COMMUNITY_COORDINATOR, Role.BUILDING_LEADER)
KEEPERS = (Role.ORG_ADMIN, Role.COMMUNITY_COORDINATOR)
WELFARE_KEEPERS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY)
PEOPLE_SHOWN = 200
# The matcher's rule codes (engines.matcher.result), said in the reader's language.
MATCH_REASONS = {
    "other_building": gettext_lazy("another building of the compound"),
    "far_building": gettext_lazy("a building further away"),
    "other_compound": gettext_lazy("another compound"),
    "no_language": gettext_lazy("does not speak the person's language or dialect"),
    "no_skill": gettext_lazy("nobody has the skills needed (a medical background)"),
    "sealed": gettext_lazy("the building is sealed and nobody free lives in it"),
    "no_capacity": gettext_lazy("everyone who fits is at their load limit"),
}
MAX_FORM_BYTES = 16 * 1024


def _refused(request: HttpRequest, exc: DomainError) -> None:
    raise_if_forbidden(exc)
    messages.error(request, exc.message)


# Register and contact log ------------------------------------------------------------------------
@login_required
@require_GET
def recipient_list(request: HttpRequest) -> HttpResponse:
    rows = list(queries.list_recipients(request.user)[:200])
    may_register = scope_for(request.user).has_role(*KEEPERS)
    return render(
        request, "care/recipient_list.html", {"recipients": rows, "may_register": may_register}
    )


@login_required
@require_GET
def recipient_detail(request: HttpRequest, recipient_id: int) -> HttpResponse:
    recipient = queries.get_recipient_for(request.user, recipient_id)
    may_change = queries.may_change_recipient(request.user, recipient)
    context = {
        "recipient": recipient,
        "contact_phone": mask_phone(recipient.contact_phone),
        "has_health": queries.has_health(recipient),
        "contacts": queries.recent_contacts(request.user, recipient),
        "pairings": queries.active_pairings(recipient),
        "form": ContactForm(initial={"mode": "call", "outcome": "well"}),
        "may_change": may_change,
        "pairing_form": _pairing_form(recipient) if may_change and recipient.is_active else None,
    }
    return render(request, "care/recipient_detail.html", context)


def _pairing_form(recipient: CareRecipient, data: Any = None) -> PairingForm:
    return PairingForm(
        data,
        volunteers=queries.pairing_candidates(recipient),
        teams=queries.pairing_teams(recipient),
        initial={"mode": ContactMode.CALL, "per_week": 2},
    )


@roles_required(*KEEPERS)
@require_http_methods(["GET", "POST"])
def recipient_create(request: HttpRequest) -> HttpResponse:
    search = str(request.GET.get("q", "")).strip()[:60]
    people = queries.registrable_people(request.user, search=search)
    form = RecipientForm(
        request.POST or None,
        organizations=queries.keeper_organizations(request.user),
        # A page lists the first names found; a search narrows them, a POST checks them all.
        people=people if request.method == "POST" else people[:PEOPLE_SHOWN],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recipient = register_recipient(
                by=acting_user(request),
                organization=data["organization"],
                person=data["person"],
                category=data["category"],
                needs=data["needs"],
                needs_note=data["needs_note"],
                language=data["language"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                condition=data["condition"],
                condition_details=data["condition_details"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("On the register. Now pair a volunteer."))
            return redirect("care:recipient-detail", recipient_id=recipient.pk)
    return render(request, "care/recipient_form.html", {"form": form, "search": search})


@login_required
@require_POST
def recipient_close(request: HttpRequest, recipient_id: int) -> HttpResponse:
    recipient = queries.get_recipient_for(request.user, recipient_id)
    try:
        close_recipient(by=acting_user(request), recipient=recipient)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Taken off the register; the pairings ended."))
    return redirect("care:recipient-detail", recipient_id=recipient.pk)


@login_required
@require_POST
def pairing_create(request: HttpRequest, recipient_id: int) -> HttpResponse:
    recipient = queries.get_recipient_for(request.user, recipient_id)
    form = _pairing_form(recipient, request.POST)
    if not form.is_valid():
        if not queries.may_change_recipient(request.user, recipient):
            raise PermissionDenied
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("care:recipient-detail", recipient_id=recipient.pk)
    data = form.cleaned_data
    common = {
        "by": acting_user(request),
        "recipient": recipient,
        "mode": data["mode"],
        "per_week": data["per_week"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
    }
    try:
        if data["team"]:
            pair_team(team=data["team"], **common)
        else:
            pair_volunteer(volunteer=data["volunteer"], **common)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Paired."))
    return redirect("care:recipient-detail", recipient_id=recipient.pk)


@login_required
@require_POST
def pairing_end(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = get_visible(request.user, Pairing.objects.select_related("recipient"), pk=pairing_id)
    try:
        end_pairing(by=acting_user(request), pairing=pairing)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Pairing ended."))
    return redirect("care:recipient-detail", recipient_id=pairing.recipient_id)


@login_required
@require_POST
@vary_on_htmx
def purchase_reimbursed(request: HtmxHttpRequest, purchase_id: int) -> HttpResponse:
    purchase = get_visible(request.user, Purchase.objects.select_related("contact"), pk=purchase_id)
    error = ""
    try:
        purchase = set_reimbursed(by=acting_user(request), purchase=purchase)
    except DomainError as exc:
        raise_if_forbidden(exc)
        error = exc.message
    if request.htmx:
        return render(
            request,
            "care/_purchase.html",
            {"b": purchase, "may_change": True, "error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Marked reimbursed."))
    return redirect("care:recipient-detail", recipient_id=purchase.contact.recipient_id)


@roles_required(*KEEPERS)
@require_http_methods(["GET", "POST"])
def pairing_proposal(request: HttpRequest) -> HttpResponse:
    """The matcher's proposal (a read), and on POST the coordinator's edited version accepted."""
    organizations = queries.keeper_organizations(request.user)
    organization = organizations.first()
    form = ProposalForm(
        request.POST or request.GET or None,
        organizations=organizations,
        initial={"organization": organization, "mode": ContactMode.CALL, "per_week": 2},
    )
    if request.method == "POST":
        return _accept_proposal(request, form)
    mode = ContactMode.CALL
    if form.is_bound and form.is_valid():
        organization, mode = form.cleaned_data["organization"], form.cleaned_data["mode"]
    proposal = (
        propose_pairings(by=request.user, organization=organization, mode=mode)
        if organization is not None
        else None
    )
    volunteers = candidate_volunteers(organization) if organization is not None else []
    pairs = proposal.pairs if proposal else ()
    rows = [(p, [MATCH_REASONS.get(r, r) for r in p.reasons]) for p in pairs]
    unmatched = [
        (entry, slots, MATCH_REASONS.get(reason, reason))
        for entry, slots, reason in (proposal.unmatched if proposal else ())
    ]
    return render(
        request,
        "care/proposal.html",
        {
            "form": form,
            "organization": organization,
            "mode": mode,
            "proposal": proposal,
            "rows": rows,
            "unmatched": unmatched,
            "volunteers": volunteers,
        },
    )


def _accept_proposal(request: HttpRequest, form: ProposalForm) -> HttpResponse:
    try:
        ok = form.is_valid()
        chosen = form.chosen() if ok else []
    except forms.ValidationError as exc:
        ok, chosen = False, []
        messages.error(request, " ".join(exc.messages))
    if not ok or not chosen:
        if ok:
            messages.error(request, _("Tick the pairs to make."))
        return redirect("care:pairing-proposal")
    data = form.cleaned_data
    organization = data["organization"]
    entries = {
        r.pk: r
        for r in changeable(
            request.user,
            CareRecipient.objects.filter(
                organization=organization, pk__in=[e for e, _v in chosen]
            ).select_related("person", "household__building"),
        )
    }
    volunteers = {v.pk: v for v in candidate_volunteers(organization)}
    pairs = []
    for entry_id, volunteer_id in chosen:
        if entry_id not in entries or volunteer_id not in volunteers:
            messages.error(request, _("Choose people from the proposal."))
            return redirect("care:pairing-proposal")
        pairs.append((entries[entry_id], volunteers[volunteer_id], data["mode"]))
    try:
        made = accept_proposal(by=acting_user(request), pairs=pairs, per_week=data["per_week"])
    except DomainError as exc:
        _refused(request, exc)
        return redirect(
            f"{reverse('care:pairing-proposal')}?organization={organization.pk}&mode={data['mode']}"
        )
    messages.success(request, _("%(count)d pairings made.") % {"count": len(made)})
    return redirect("care:recipient-list")


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
    may_change = queries.may_change_request(request.user, req)
    is_mine = req.assignee_id is not None and req.assignee_id == scope_for(request.user).person_id
    context = {
        "req": req,
        "phone": mask_phone(req.requester_phone),
        "may_change": may_change,
        "is_mine": is_mine,
        "may_work": may_change or is_mine,
        "resolve_form": ResolveForm(),
        "triage_form": TriageForm(initial={"urgency": req.urgency}),
        "assign_form": AssignForm(people=queries.request_assignees(req))
        if may_change and req.may_be_assigned
        else None,
        "cancel_form": CancelForm(),
        "medicine_form": MedicineStepForm(
            initial={
                "step": req.medicine_next_step,
                "prescription_holder": req.prescription_holder,
                "pharmacy": req.pharmacy,
            }
        ),
        "duplicates": list(req.duplicates.order_by("pk")) if may_change else [],
    }
    return render(request, "care/request_detail.html", context)


@login_required
@require_POST
def request_triage(request: HttpRequest, request_id: int) -> HttpResponse:
    req = queries.get_request_for(request.user, request_id)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how urgent it is."))
        return redirect("care:request-detail", request_id=req.pk)
    try:
        triage_request(by=acting_user(request), request=req, urgency=form.cleaned_data["urgency"])
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Triaged: the timer runs from when it came in."))
    return redirect("care:request-detail", request_id=req.pk)


@login_required
@require_POST
def request_assign(request: HttpRequest, request_id: int) -> HttpResponse:
    req = queries.get_request_for(request.user, request_id)
    form = AssignForm(request.POST, people=queries.request_assignees(req))
    if not queries.may_change_request(request.user, req):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Choose a volunteer from the list."))
        return redirect("care:request-detail", request_id=req.pk)
    try:
        assign_request(by=acting_user(request), request=req, person=form.cleaned_data["person"])
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Given to the volunteer, who has been told."))
    return redirect("care:request-detail", request_id=req.pk)


@login_required
@require_POST
def request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    req = queries.get_request_for(request.user, request_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        if not queries.may_change_request(request.user, req):
            raise PermissionDenied
        messages.error(request, _("Say why it is cancelled."))
        return redirect("care:request-detail", request_id=req.pk)
    try:
        cancel_request(by=acting_user(request), request=req, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Request cancelled."))
    return redirect("care:request-detail", request_id=req.pk)


@login_required
@require_POST
def request_medicine(request: HttpRequest, request_id: int) -> HttpResponse:
    req = queries.get_request_for(request.user, request_id)
    form = MedicineStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown step."))
        return redirect("care:request-detail", request_id=req.pk)
    try:
        record_medicine_step(by=acting_user(request), request=req, **form.cleaned_data)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Medicine run recorded."))
    return redirect("care:request-detail", request_id=req.pk)


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
    changeable_ids = set(
        changeable(
            request.user, WelfareSchedule.objects.filter(pk__in=[r.pk for r in rows])
        ).values_list("pk", flat=True)
    )
    return render(
        request,
        "care/welfare_list.html",
        {
            "schedules": rows,
            "form": WelfareCallForm(),
            "changeable_ids": changeable_ids,
            "my_person_id": scope_for(request.user).person_id,
            "may_schedule": scope_for(request.user).has_role(*WELFARE_KEEPERS),
        },
    )


@roles_required(*WELFARE_KEEPERS)
@require_http_methods(["GET", "POST"])
def welfare_create(request: HttpRequest) -> HttpResponse:
    organizations = queries.welfare_organizations(request.user)
    form = WelfareScheduleForm(
        request.POST or None,
        organizations=organizations,
        people=queries.welfare_people(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            schedule_welfare_calls(by=acting_user(request), **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Welfare calls scheduled; the first is due now."))
            return redirect("care:welfare-list")
    seconded = SecondedForm(organizations=queries.keeper_admin_organizations(request.user))
    return render(request, "care/welfare_form.html", {"form": form, "seconded_form": seconded})


@roles_required(Role.ORG_ADMIN)
@require_POST
def welfare_seconded(request: HttpRequest) -> HttpResponse:
    form = SecondedForm(
        request.POST, organizations=queries.keeper_admin_organizations(request.user)
    )
    if not form.is_valid():
        messages.error(request, _("Choose the organization."))
        return redirect("care:welfare-create")
    try:
        made = schedule_seconded_staff(by=acting_user(request), **form.cleaned_data)
    except DomainError as exc:
        _refused(request, exc)
        return redirect("care:welfare-create")
    messages.success(
        request, _("%(count)d people seconded elsewhere now get calls.") % {"count": len(made)}
    )
    return redirect("care:welfare-list")


@login_required
@require_POST
@vary_on_htmx
def welfare_follow_up(request: HtmxHttpRequest, call_id: int) -> HttpResponse:
    call = get_visible(request.user, WelfareCall.objects.all(), pk=call_id)
    error = ""
    try:
        call = complete_follow_up(by=acting_user(request), call=call)
    except DomainError as exc:
        raise_if_forbidden(exc)
        error = exc.message
    if request.htmx:
        return render(
            request, "care/_welfare_call.html", {"c": call, "may_change": True, "error": error}
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Follow-up done."))
    return redirect("care:welfare-list")


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
    context = {
        **queries.dashboard(request.user),
        "compounds": compounds,
        "may_register": scope.has_role(*KEEPERS),
    }
    return render(request, "care/dashboard.html", context)
