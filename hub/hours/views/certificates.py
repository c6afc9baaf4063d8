"""Certificate pages: the register, a coordinator's request, batch printing, PDFs, verification."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from hub.access import acting_user, get_visible, scope_for, visible
from hub.access.decorators import public, roles_required
from hub.accounts.models import Role
from hub.domain_errors import add_domain_error
from hub.errors import DomainError
from hub.hours.actions.certificates import BATCH_JOB, request_certificate, start_certificate_batch
from hub.hours.certificate_pdf import chinese_date, hours_text, render_certificates
from hub.hours.models import Certificate, HourEntry
from hub.jobs.models import Job
from hub.people.models import Organization, Person

ISSUERS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def issuer_choices(user: Any) -> Any:
    """Organizations whose certificates ``user`` may issue or print: admin or coordinator there."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Organization.objects.order_by("name")
    return Organization.objects.filter(id__in=scope.orgs_with(*ISSUERS)).order_by("name")


# Browsers' date pickers read and write ISO dates whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    issuer = forms.ModelChoiceField(
        label=gettext_lazy("Issuing organization"), queryset=Organization.objects.none()
    )
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    end = forms.DateField(label=gettext_lazy("To"), widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        issuers = issuer_choices(user)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        only = list(issuers[:2])
        if len(only) == 1:
            self.fields["issuer"].initial = only[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The period must end on or after the day it starts."))
        return data


class BatchForm(PeriodForm):
    everyone = forms.BooleanField(
        label=gettext_lazy("Everyone with confirmed hours in the period"),
        required=False,
        initial=True,
    )
    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Or only these volunteers"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"style": "width:auto;min-height:auto"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        managed = visible(
            user,
            HourEntry.objects.filter(
                organization__in=issuer_choices(user),
                kind=HourEntry.Kind.VOLUNTEER,
                status=HourEntry.Status.CONFIRMED,
            ),
        )
        self.fields["people"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=managed.values("person_id")
        ).order_by("name", "pk")
        self.fields["people"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("everyone") and not data.get("people"):
            self.add_error("people", _("Choose volunteers, or tick “everyone”."))
        return data


class RequestForm(PeriodForm):
    person = forms.ModelChoiceField(label=gettext_lazy("Volunteer"), queryset=Person.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        managed = visible(user, HourEntry.objects.filter(organization__in=issuer_choices(user)))
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=managed.values("person_id")
        ).order_by("name", "pk")
        self.fields["person"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]


@login_required
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    """The register as this user may see it: their own certificates and those their org issued."""
    certificates = visible(request.user, Certificate.objects.all()).order_by("-issued_on", "-id")
    return render(
        request,
        "hours/certificate_list.html",
        {
            "certificates": certificates[:200],
            "may_issue": scope_for(request.user).has_role(*ISSUERS),
        },
    )


@roles_required(*ISSUERS)
@require_http_methods(["GET", "POST"])
def certificate_new(request: HttpRequest) -> HttpResponse:
    """A coordinator or admin asks for a volunteer's certificate."""
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = request_certificate(
                by=acting_user(request),
                person=data["person"],
                issuer=data["issuer"],
                start=data["start"],
                end=data["end"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Certificate %(number)s issued: %(hours)s hours.")
                % {"number": certificate.number, "hours": hours_text(certificate.hours)},
            )
            return redirect("hours:certificate-list")
    return render(request, "hours/certificate_new.html", {"form": form})


@roles_required(*ISSUERS)
@require_http_methods(["GET", "POST"])
def certificate_batch(request: HttpRequest) -> HttpResponse:
    """Choose volunteers (or everyone) and a period; a background job issues their certificates."""
    today = timezone.localdate()
    initial = {"start": today.replace(day=1), "end": today, "everyone": True}
    form = BatchForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = start_certificate_batch(
                by=acting_user(request),
                issuer=data["issuer"],
                start=data["start"],
                end=data["end"],
                people=None if data["everyone"] else list(data["people"]),
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("jobs:job-detail", job_id=job.pk)
    return render(request, "hours/certificate_batch.html", {"form": form})


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_visible(request.user, Certificate.objects.all(), pk=certificate_id)
    pdf = render_certificates([certificate], base_url=request.build_absolute_uri("/"))
    return pdf_response(pdf, f"{certificate.number}.pdf")


@login_required
@require_GET
def certificate_batch_pdf(request: HttpRequest, job_id: int) -> HttpResponse:
    """The batch's one multi-page PDF, rendered again from the certificate ids the job stored.

    The job's visibility (its creator, or the issuer's admins) authorizes the download: the job
    only ever issued certificates its creator was allowed to issue.
    """
    job = get_visible(request.user, Job.objects.filter(kind=BATCH_JOB), pk=job_id)
    if job.status != Job.Status.SUCCEEDED:
        raise Http404(_("This batch is not ready yet."))
    ids = [int(i) for i in job.result.get("certificate_ids", [])]
    found = Certificate.objects.filter(pk__in=ids, issuer_id=job.params.get("issuer_id")).in_bulk()
    certificates = [found[i] for i in ids if i in found]
    if not certificates:
        raise Http404(_("This batch has no certificates."))
    pdf = render_certificates(certificates, base_url=request.build_absolute_uri("/"))
    return pdf_response(pdf, f"certificates-{job.pk}.pdf")


@public
@require_GET
def certificate_verify(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """Public: what the paper certificate shows (ID masked), for whoever holds its QR code."""
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None or not secrets.compare_digest(
        certificate.verify_token.encode(), token.encode()
    ):
        raise Http404(_("No certificate matches this code."))
    return render(
        request,
        "hours/certificate_verify.html",
        {
            "c": certificate,
            "hours": hours_text(certificate.hours),
            "period": (
                f"{chinese_date(certificate.period_start)} – {chinese_date(certificate.period_end)}"
            ),
            "issued": chinese_date(certificate.issued_on),
        },
    )
