"""The volunteer's own pages: my shifts, my sign-ups, my hours, my certificates, my calendar."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hub.access import acting_user
from hub.access.decorators import public
from hub.errors import DomainError
from hub.hours.actions.certificates import request_certificate
from hub.hours.certificate_pdf import hours_text
from hub.me import queries
from hub.me.calendar import calendar_token, render_calendar, user_for_token
from hub.me.forms import CertificateRequestForm
from hub.people.models import Organization

CALENDAR_PAST_DAYS = 60


def _calendar_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(
        reverse("me:calendar", kwargs={"token": calendar_token(request.user)})
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    upcoming, _past = queries.my_shifts(request.user, now=timezone.now())
    return render(
        request,
        "me/home.html",
        {
            "person": queries.my_person(request.user),
            "upcoming": upcoming[:5],
            "hours": queries.my_hours(request.user),
            "calendar_url": _calendar_url(request),
        },
    )


@login_required
@require_GET
def shifts(request: HttpRequest) -> HttpResponse:
    upcoming, past = queries.my_shifts(request.user, now=timezone.now())
    return render(
        request,
        "me/shifts.html",
        {"upcoming": upcoming, "past": past, "calendar_url": _calendar_url(request)},
    )


@login_required
@require_GET
def signups(request: HttpRequest) -> HttpResponse:
    return render(request, "me/signups.html", {"signups": queries.my_signups(request.user)[:200]})


@login_required
@require_GET
def hours(request: HttpRequest) -> HttpResponse:
    return render(request, "me/hours.html", {"hours": queries.my_hours(request.user)})


@login_required
@require_GET
def certificates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "me/certificates.html",
        {
            "certificates": queries.my_certificates(request.user)[:100],
            "hours": queries.my_hours(request.user),
        },
    )


@login_required
@require_POST
def certificate_request(request: HttpRequest) -> HttpResponse:
    """I ask an issuer for the certificate of the hours it recorded for me."""
    user = acting_user(request)
    person = queries.my_person(user)
    form = CertificateRequestForm(request.POST)
    if person is None:
        messages.error(request, _("Your account is not linked to a volunteer profile."))
        return redirect("me:certificates")
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
        return redirect("me:certificates")
    data = form.cleaned_data
    issuer = Organization.objects.filter(pk=data["issuer"]).first()
    if issuer is None:
        raise Http404(_("Not found."))
    try:
        certificate = request_certificate(
            by=user, person=person, issuer=issuer, start=data["start"], end=data["end"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Certificate %(number)s is ready: %(hours)s hours.")
            % {"number": certificate.number, "hours": hours_text(certificate.hours)},
        )
    return redirect("me:certificates")


@public
@require_GET
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """Public route opened by the secret token: my approved shifts as iCalendar."""
    user = user_for_token(token)
    if user is None:
        raise Http404(_("Not found."))
    now = timezone.now()
    signups = queries.calendar_signups(user, since=now - dt.timedelta(days=CALENDAR_PAST_DAYS))
    body = render_calendar(
        signups, now=now, name=_("My shifts · Shouwang"), host=request.get_host().split(":")[0]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="shouwang.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
