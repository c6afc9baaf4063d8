"""Screening pages: rounds, the slot plan, the scan page, coverage, the follow-up list, codes."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_changeable, get_visible
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.people.models import Person
from hub.screening import queries
from hub.screening.actions import (
    assign_duty,
    clone_closure_round,
    close_closure_round,
    create_closure_round,
    plan_slots,
    record_tube_result,
    remove_duty,
    reveal_retest_list,
    scan,
    send_call_ups,
)
from hub.screening.actions.antigen import (
    MAX_PHOTO_BYTES,
    hand_out_kits,
    report_antigen,
    reveal_antigen_photo,
)
from hub.screening.actions.codes import is_expired, issue_code, issue_missing_codes, qr_text
from hub.screening.forms import (
    AntigenReportForm,
    CloneClosureForm,
    CloseClosureForm,
    ClosureRoundForm,
    DutyForm,
    KitHandoutForm,
    ScanForm,
    TubeResultForm,
)
from hub.screening.models import ClosureRound, ScreeningRound, Tube
from hub.screening.queries import may_scan


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    summary = queries.compound_summary(request.user)
    return render(request, "screening/round_list.html", {"summary": summary})


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.get_round_for(request.user, round_id)
    may_change = queries.visible_building_ids(request.user, round_) is None
    context = {
        "round": round_,
        "plan": queries.plan_rows(round_),
        "may_change": may_change,
        "may_scan": may_scan(acting_user(request), round_),
        "closed_tubes": queries.tubes_awaiting_result(round_)[:50] if may_change else [],
        "result_form": TubeResultForm(),
    }
    return render(request, "screening/round_detail.html", context)


def _changeable_round(request: HttpRequest, round_id: int) -> ScreeningRound:
    return get_changeable(request.user, ScreeningRound.objects.all(), pk=round_id)


@login_required
@require_POST
def round_plan(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _changeable_round(request, round_id)
    try:
        rows = plan_slots(by=acting_user(request), round_=round_)
        messages.success(request, _("Slots planned for %(n)s buildings.") % {"n": len(rows)})
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect("screening:round-detail", round_id=round_.pk)


@login_required
@require_POST
def round_call_ups(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _changeable_round(request, round_id)
    sent = send_call_ups(by=acting_user(request), round_=round_, now=timezone.now())
    messages.success(request, _("%(n)s call-ups sent.") % {"n": sent})
    return redirect("screening:round-detail", round_id=round_.pk)


@login_required
@require_http_methods(["GET", "POST"])
def scan_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """The sampler's phone page: scan the tube, then codes (camera, USB scanner or typing)."""
    round_ = queries.get_round_for(request.user, round_id)
    by = acting_user(request)
    if not may_scan(by, round_):
        raise PermissionDenied(_("You are not a sampler of this round."))
    points = list(round_.points.all())
    form = ScanForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        point = next((p for p in points if p.pk == data.get("point")), None)
        try:
            result = scan(
                by=by,
                round_=round_,
                point=point or (points[0] if points else None),
                tube_label=data["tube"],
                code_text=data["code"],
                idempotency_key=data["idempotency_key"],
                now=timezone.now(),
                retest=data["retest"],
            )
            outcome = {"ok": True, "message": result.message, "closed": result.tube_closed}
        except DomainError as exc:
            outcome = {"ok": False, "message": exc.message, "code": exc.code}
    # Keep the tube label for the next scan unless the tube just closed.
    tube = form.data.get("tube", "") if form.is_bound else ""
    if outcome and outcome.get("closed"):
        tube = ""
    fresh = ScanForm(
        initial={
            "idempotency_key": uuid.uuid4().hex,
            "tube": tube,
            "point": points[0].pk if points else None,
        }
    )
    context = {"round": round_, "form": fresh, "outcome": outcome, "points": points}
    template = (
        "screening/_scan_result.html" if getattr(request, "htmx", False) else "screening/scan.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def coverage_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.get_round_for(request.user, round_id)
    buildings = queries.visible_building_ids(request.user, round_)
    cover = queries.coverage(round_, building_ids=buildings)
    context = {"round": round_, "coverage": cover, "total": cover.total()}
    template = (
        "screening/_coverage.html" if getattr(request, "htmx", False) else "screening/coverage.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def missing_list(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.get_round_for(request.user, round_id)
    buildings = queries.visible_building_ids(request.user, round_)
    people = queries.missing_residents(round_, building_ids=buildings)[:500]
    return render(request, "screening/missing.html", {"round": round_, "people": people})


@login_required
@require_GET
def retest_list(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _changeable_round(request, round_id)
    rows = reveal_retest_list(by=acting_user(request), round_=round_)
    return render(request, "screening/retests.html", {"round": round_, "rows": rows})


@login_required
@require_POST
def tube_result(request: HttpRequest, tube_id: int) -> HttpResponse:
    tube = get_visible(request.user, Tube.objects.select_related("round"), pk=tube_id)
    get_changeable(request.user, ScreeningRound.objects.all(), pk=tube.round_id)
    form = TubeResultForm(request.POST)
    if form.is_valid():
        try:
            rows = record_tube_result(
                by=acting_user(request),
                tube=tube,
                result=form.cleaned_data["result"],
                now=timezone.now(),
            )
            messages.success(
                request, _("Result recorded; %(n)s residents to re-test.") % {"n": len(rows)}
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose negative or abnormal."))
    return redirect("screening:round-detail", round_id=tube.round_id)


@login_required
@require_GET
def my_code(request: HttpRequest) -> HttpResponse:
    """The resident's own screening code on their phone (a read: it says when none is issued)."""
    person = queries.resident_of(request.user)
    code = queries.code_of(person) if person is not None else None
    svg = ""
    if code is not None:
        import segno

        svg = segno.make(qr_text(code), error="m").svg_data_uri(scale=6, border=2)
    context = {
        "person": person,
        "code": code,
        "qr_svg": svg,
        "expired": code is not None and is_expired(code, now=timezone.now()),
    }
    return render(request, "screening/my_code.html", context)


@login_required
@require_POST
def my_code_issue(request: HttpRequest) -> HttpResponse:
    """The resident issues (or renews) their own code."""
    person = queries.resident_of(request.user)
    if person is None:
        messages.error(
            request,
            _("You are not registered as a resident of a compound, so you have no screening code."),
        )
    else:
        issue_code(by=acting_user(request), person=person, now=timezone.now())
        messages.success(request, _("Your screening code is issued."))
    return redirect("screening:my-code")


def _changeable_resident(request: HttpRequest, person_id: int) -> Person:
    return get_changeable(
        request.user,
        Person.objects.filter(household__isnull=False).select_related("household__building"),
        pk=person_id,
    )


@login_required
@require_GET
def relative_code_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """A printable A4 "relative code" (亲属码) for an elderly resident or a child.

    A read: without an issued code it answers a page that says so, with the door to issue it."""
    person = _changeable_resident(request, person_id)
    code = queries.code_of(person)
    if code is None:
        return render(request, "screening/code_not_issued.html", {"person": person})
    from hub.screening.printing import render_relative_code

    pdf = render_relative_code(person, code)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="code-{person.pk}.pdf"'
    return response


@login_required
@require_POST
def relative_code_issue(request: HttpRequest, person_id: int) -> HttpResponse:
    """Issue one resident's code (a helper for an elderly resident or a child), then print it."""
    person = _changeable_resident(request, person_id)
    issue_code(by=acting_user(request), person=person, now=timezone.now())
    return redirect("screening:relative-code", person_id=person.pk)


@login_required
@require_POST
def round_issue_codes(request: HttpRequest, round_id: int) -> HttpResponse:
    """Issue a code to every resident of the round's compound who has none."""
    round_ = _changeable_round(request, round_id)
    try:
        n = issue_missing_codes(
            by=acting_user(request), compound=round_.compound, now=timezone.now()
        )
        messages.success(request, _("%(n)s screening codes issued.") % {"n": n})
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect("screening:round-detail", round_id=round_.pk)


# Closure rounds (封闭管理) -----------------------------------------------------------------------


@login_required
@require_GET
def closure_list(request: HttpRequest) -> HttpResponse:
    """Closure rounds side by side with their counters; clone and close doors on each."""
    now = timezone.now()
    rounds = list(queries.closure_rounds(request.user)[:200])
    for r in rounds:
        r.may_be_closed_now = r.may_be_closed_at(now)  # type: ignore[attr-defined]
    context = {
        "rounds": rounds,
        "may_create": queries.closure_compounds(request.user).exists(),
        "then_choices": CloseClosureForm.base_fields["then_status"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "screening/closure_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def closure_create(request: HttpRequest) -> HttpResponse:
    compounds = queries.closure_compounds(request.user)
    if not compounds.exists():
        raise PermissionDenied(_("Only a compound's coordinators and admins start closure rounds."))
    form = ClosureRoundForm(request.POST or None, compounds=compounds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closure = create_closure_round(
                by=acting_user(request),
                compound=data["compound"],
                building=data["building"],
                starts_at=data["starts_at"],
                hours=data["hours"],
                area_status=data["area_status"],
            )
            messages.success(request, _("Closure round %(n)s started.") % {"n": closure.number})
            return redirect("screening:closure-list")
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
    return render(request, "screening/closure_form.html", {"form": form})


def _changeable_closure(request: HttpRequest, closure_id: int) -> ClosureRound:
    return get_changeable(
        request.user, ClosureRound.objects.select_related("compound"), pk=closure_id
    )


@login_required
@require_POST
def closure_clone(request: HttpRequest, closure_id: int) -> HttpResponse:
    """The next round like this one (posts and shifts moved), in one action."""
    closure = _changeable_closure(request, closure_id)
    form = CloneClosureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid start time."))
        return redirect("screening:closure-list")
    starts_at = form.cleaned_data["starts_at"]  # None: when this round ends
    try:
        new = clone_closure_round(by=acting_user(request), closure=closure, starts_at=starts_at)
        messages.success(
            request,
            _("Closure round %(n)s started like round %(m)s.")
            % {"n": new.number, "m": closure.number},
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect("screening:closure-list")


@login_required
@require_POST
def closure_close(request: HttpRequest, closure_id: int) -> HttpResponse:
    closure = _changeable_closure(request, closure_id)
    form = CloseClosureForm(request.POST)
    then_status = form.cleaned_data["then_status"] if form.is_valid() else ""
    try:
        close_closure_round(
            by=acting_user(request), closure=closure, now=timezone.now(), then_status=then_status
        )
        messages.success(request, _("Closure round %(n)s closed.") % {"n": closure.number})
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect("screening:closure-list")


# Antigen self-tests (抗原自测) ------------------------------------------------------------------


def _antigen_form_page(
    request: HttpRequest, person: Person | None, *, helper: bool
) -> HttpResponse:
    today = timezone.localdate()
    form = AntigenReportForm(request.POST or None, request.FILES or None, initial={"day": today})
    if request.method == "POST" and person is not None and form.is_valid():
        data = form.cleaned_data
        upload = data.get("photo")
        photo = upload.read(MAX_PHOTO_BYTES + 1) if upload else None
        try:
            report_antigen(
                by=acting_user(request),
                person=person,
                day=data["day"],
                result=data["result"],
                now=timezone.now(),
                photo=photo,
            )
            messages.success(request, _("Antigen result recorded for %(day)s.") % data)
            if helper:
                return redirect("screening:antigen-missing")
            return redirect("screening:antigen-report")
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
    context = {
        "person": person,
        "form": form,
        "helper": helper,
        "reported_today": queries.has_reported(person, day=today) if person else False,
        "reports": queries.recent_reports(request.user, person) if person else [],
    }
    return render(request, "screening/antigen_report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def antigen_report(request: HttpRequest) -> HttpResponse:
    """The resident reports their own antigen result (with an optional photo)."""
    return _antigen_form_page(request, queries.resident_of(request.user), helper=False)


@login_required
@require_http_methods(["GET", "POST"])
def antigen_report_for(request: HttpRequest, person_id: int) -> HttpResponse:
    """A helper (coordinator, building leader) reports the result for a resident."""
    person = queries.visible_resident(request.user, person_id)
    return _antigen_form_page(request, person, helper=True)


@login_required
@require_GET
def antigen_missing(request: HttpRequest) -> HttpResponse:
    """Residents in the user's buildings with no antigen report for the day (never results)."""
    try:
        day = parse_date(request.GET.get("day", "") or "") or timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    people = queries.not_reported(request.user, day=day)[:500]
    return render(request, "screening/antigen_missing.html", {"people": people, "day": day})


@login_required
@require_GET
def antigen_handouts(request: HttpRequest) -> HttpResponse:
    """Kits handed out per household: who got how many, and the door to hand out more."""
    households = queries.kit_households(request.user)[:500]
    return render(
        request,
        "screening/antigen_handouts.html",
        {"households": households, "form": KitHandoutForm()},
    )


@login_required
@require_POST
def antigen_handout(request: HttpRequest, household_id: int) -> HttpResponse:
    household = queries.visible_household(request.user, household_id)
    form = KitHandoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hand out between 1 and 50 kits."))
        return redirect("screening:antigen-handouts")
    try:
        hand_out_kits(
            by=acting_user(request),
            household=household,
            kits=form.cleaned_data["kits"],
            now=timezone.now(),
        )
        messages.success(
            request,
            _("%(n)s kits handed to %(room)s.")
            % {"n": form.cleaned_data["kits"], "room": household},
        )
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect("screening:antigen-handouts")


@login_required
@require_GET
def antigen_photo(request: HttpRequest, report_id: int) -> HttpResponse:
    """The photo of one antigen report; each view is logged."""
    report = queries.antigen_report_for(request.user, report_id)
    try:
        photo, kind = reveal_antigen_photo(by=acting_user(request), report=report)
    except DomainError as exc:
        raise Http404(exc.message) from None
    response = HttpResponse(photo, content_type=kind)
    response["Cache-Control"] = "private, no-store"
    return response


# Point duties: who samples or keeps order where ------------------------------------------------


@login_required
@require_GET
def round_duties(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.get_round_for(request.user, round_id)
    may_change = queries.visible_building_ids(request.user, round_) is None
    form = (
        DutyForm(round_=round_, people=queries.duty_candidates(request.user, round_)[:500])
        if may_change
        else None
    )
    context = {"round": round_, "duties": queries.duties(round_), "form": form}
    return render(request, "screening/duties.html", context)


@login_required
@require_POST
def round_duty_assign(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _changeable_round(request, round_id)
    people = queries.duty_candidates(request.user, round_)
    form = DutyForm(request.POST, round_=round_, people=people)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assign_duty(
                by=acting_user(request),
                round_=round_,
                point=data["point"],
                slot=data["slot"],
                person=data["person"],
                duty=data["duty"],
            )
            messages.success(request, _("Duty assigned."))
        except DomainError as exc:
            raise_if_forbidden(exc)
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a point, a person and a duty."))
    return redirect("screening:round-duties", round_id=round_.pk)


@login_required
@require_POST
def round_duty_remove(request: HttpRequest, duty_id: int) -> HttpResponse:
    duty = queries.duty_for(request.user, duty_id)
    get_changeable(request.user, ScreeningRound.objects.all(), pk=duty.round_id)
    remove_duty(by=acting_user(request), duty=duty)
    messages.success(request, _("Duty removed."))
    return redirect("screening:round-duties", round_id=duty.round_id)
