"""Certificate pages: the register, a coordinator's request, batch printing, PDFs, verification."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hub.access import acting_user, get_visible, scope_for, visible
from hub.access.decorators import public, roles_required
from hub.domain_errors import add_domain_error
from hub.errors import DomainError
from hub.hours.actions.certificates import BATCH_JOB, request_certificate, start_certificate_batch
from hub.hours.certificate_pdf import chinese_date, hours_text, render_certificates
from hub.hours.forms import CertificateBatchForm, CertificateRequestForm
from hub.hours.models import Certificate
from hub.hours.queries import ISSUERS
from hub.jobs.models import Job


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


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
    form = CertificateRequestForm(request.POST or None, user=request.user)
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
    form = CertificateBatchForm(request.POST or None, user=request.user, initial=initial)
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
