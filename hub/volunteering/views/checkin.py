"""Check-in pages: the poster's QR page, the coordinator's shift page, the poster PDF.

Buttons post with htmx and get a fragment back; without JavaScript they post the same form and
are redirected back with a message. Every form carries a fresh UUID as its idempotency key, so
a retried tap (a flaky network, a double tap) is the same request.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hub.access import acting_user, get_changeable, get_visible
from hub.errors import DomainError
from hub.htmx import HtmxHttpRequest, vary_on_htmx
from hub.volunteering.actions.checkins import CheckInResult, check_in, check_out
from hub.volunteering.models import CheckIn, Post, Shift, SignUp
from hub.volunteering.queries import (
    ShiftCard,
    post_for_code,
    poster_code,
    shift_roster,
    shifts_at_post_for,
)


def _key() -> str:
    return str(uuid.uuid4())


def _reply(
    request: HtmxHttpRequest,
    *,
    fragment: str,
    context: dict[str, Any],
    back: str,
    result: CheckInResult | None,
    error: DomainError | None,
) -> HttpResponse:
    if request.htmx and fragment:
        context = {**context, "result": result, "error": error, "key": _key()}
        return HttpResponse(render_to_string(fragment, context, request=request))
    if error is not None:
        messages.error(request, error.message)
    elif result is not None:
        messages.success(request, result.message)
    return redirect(back)


# The poster's QR page -------------------------------------------------------------------------


@login_required
@require_GET
def scan(request: HttpRequest, code: str) -> HttpResponse:
    post = post_for_code(code)
    cards = shifts_at_post_for(request.user, post, now=timezone.now())
    cards_with_keys = [(card, _key()) for card in cards]
    return render(
        request,
        "volunteering/checkin_scan.html",
        {"post": post, "code": code, "cards": cards_with_keys},
    )


def _chosen(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


def _nothing_to_do(message: Any, code: str) -> DomainError:
    return DomainError(message, code=code)


@login_required
@require_POST
@vary_on_htmx
def scan_check_in(request: HtmxHttpRequest, code: str) -> HttpResponse:
    post = post_for_code(code)
    back = reverse("volunteering:checkin-scan", kwargs={"code": code})
    shift_id = _chosen(request, "shift")
    if shift_id is None:
        # A form without a shift (an old page): the user's first shift here now, if any.
        cards = shifts_at_post_for(request.user, post, now=timezone.now())
        if not cards:
            refusal = _nothing_to_do(_("You have no shift at this post right now."), "no_shift")
            return _reply(request, fragment="", context={}, back=back, result=None, error=refusal)
        shift_id = cards[0].shift.pk
    shift = get_visible(request.user, Shift.objects.filter(post=post), pk=shift_id)
    result: CheckInResult | None = None
    error: DomainError | None = None
    try:
        result = check_in(
            by=acting_user(request), shift=shift, idempotency_key=request.POST.get("key", "")
        )
    except DomainError as exc:
        error = exc
    card = ShiftCard(
        shift=shift,
        checkin=result.checkin if result else None,
        not_started=shift.starts_at > timezone.now(),
    )
    return _reply(
        request,
        fragment="volunteering/_checkin_card.html",
        context={"card": card, "code": code},
        back=back,
        result=result,
        error=error,
    )


@login_required
@require_POST
@vary_on_htmx
def scan_check_out(request: HtmxHttpRequest, code: str) -> HttpResponse:
    post = post_for_code(code)
    back = reverse("volunteering:checkin-scan", kwargs={"code": code})
    mine = CheckIn.objects.filter(shift__post=post).select_related("shift")
    checkin_id = _chosen(request, "checkin")
    if checkin_id is None:
        person_id = acting_user(request).person_id
        open_one = (
            mine.filter(person_id=person_id, checked_out_at__isnull=True).first()
            if person_id is not None
            else None
        )
        if open_one is None:
            refusal = _nothing_to_do(_("You are not checked in at this post."), "not_checked_in")
            return _reply(request, fragment="", context={}, back=back, result=None, error=refusal)
        checkin_id = open_one.pk
    checkin = get_visible(request.user, mine, pk=checkin_id)
    result: CheckInResult | None = None
    error: DomainError | None = None
    try:
        result = check_out(
            by=acting_user(request), checkin=checkin, checkout_key=request.POST.get("key", "")
        )
    except DomainError as exc:
        error = exc
    card = ShiftCard(shift=checkin.shift, checkin=result.checkin if result else checkin)
    return _reply(
        request,
        fragment="volunteering/_checkin_card.html",
        context={"card": card, "code": code},
        back=back,
        result=result,
        error=error,
    )


# The coordinator's shift page -----------------------------------------------------------------


@login_required
@require_GET
def shift_checkins(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = get_changeable(request.user, Shift.objects.select_related("post"), pk=shift_id)
    lines = [(line, _key()) for line in shift_roster(request.user, shift)]
    checked_in = sum(1 for line, _k in lines if line.checkin is not None)
    on_site = sum(
        1 for line, _k in lines if line.checkin is not None and line.checkin.checked_out_at is None
    )
    return render(
        request,
        "volunteering/checkin_shift.html",
        {
            "shift": shift,
            "lines": lines,
            "checked_in": checked_in,
            "on_site": on_site,
            "poster_url": reverse("volunteering:post-poster", kwargs={"post_id": shift.post_id}),
        },
    )


def _roster_line(request: HttpRequest, shift: Shift, person_id: int) -> Any:
    return next(
        (line for line in shift_roster(request.user, shift) if line.person_id == person_id), None
    )


@login_required
@require_POST
@vary_on_htmx
def shift_check_in(request: HtmxHttpRequest, shift_id: int) -> HttpResponse:
    shift = get_changeable(request.user, Shift.objects.select_related("post"), pk=shift_id)
    back = reverse("volunteering:shift-checkins", kwargs={"shift_id": shift.pk})
    person_id = _chosen(request, "person")
    if person_id is None:
        refusal = _nothing_to_do(_("Choose who to check in."), "no_person")
        return _reply(request, fragment="", context={}, back=back, result=None, error=refusal)
    signup = get_visible(
        request.user,
        SignUp.objects.filter(shift=shift, status=SignUp.Status.APPROVED).select_related("person"),
        person_id=person_id,
    )
    result: CheckInResult | None = None
    error: DomainError | None = None
    try:
        result = check_in(
            by=acting_user(request),
            shift=shift,
            person=signup.person,
            method=CheckIn.Method.COORDINATOR,
            idempotency_key=request.POST.get("key", ""),
        )
    except DomainError as exc:
        error = exc
    return _reply(
        request,
        fragment="volunteering/_checkin_row.html",
        context={"line": _roster_line(request, shift, signup.person_id), "shift": shift},
        back=back,
        result=result,
        error=error,
    )


@login_required
@require_POST
@vary_on_htmx
def shift_check_out(request: HtmxHttpRequest, shift_id: int) -> HttpResponse:
    shift = get_changeable(request.user, Shift.objects.select_related("post"), pk=shift_id)
    back = reverse("volunteering:shift-checkins", kwargs={"shift_id": shift.pk})
    checkin_id = _chosen(request, "checkin")
    if checkin_id is None:
        refusal = _nothing_to_do(_("Choose who to check out."), "no_checkin")
        return _reply(request, fragment="", context={}, back=back, result=None, error=refusal)
    checkin = get_visible(
        request.user, CheckIn.objects.filter(shift=shift).select_related("shift"), pk=checkin_id
    )
    result: CheckInResult | None = None
    error: DomainError | None = None
    try:
        result = check_out(
            by=acting_user(request), checkin=checkin, checkout_key=request.POST.get("key", "")
        )
    except DomainError as exc:
        error = exc
    return _reply(
        request,
        fragment="volunteering/_checkin_row.html",
        context={"line": _roster_line(request, shift, checkin.person_id), "shift": shift},
        back=back,
        result=result,
        error=error,
    )


# The poster -----------------------------------------------------------------------------------


def render_poster(post: Post, *, scan_url: str) -> bytes:
    """The A4 poster of a post as PDF: name, site, instruction and a large QR code (SVG)."""
    import segno
    from weasyprint import HTML

    qr = segno.make(scan_url, error="m", micro=False)
    html = render_to_string(
        "volunteering/poster_pdf.html",
        {"post": post, "qr_svg": qr.svg_data_uri(scale=4, border=2), "scan_url": scan_url},
    )
    return HTML(string=html).write_pdf()


@login_required
@require_GET
def poster_pdf(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_changeable(
        request.user, Post.objects.select_related("organization", "compound"), pk=post_id
    )
    path = reverse("volunteering:checkin-scan", kwargs={"code": poster_code(post)})
    pdf = render_poster(post, scan_url=request.build_absolute_uri(path))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{post.pk}.pdf"'
    return response
