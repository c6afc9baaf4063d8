"""Background job: issuing a batch of certificates for printing as one PDF.

Idempotent: each certificate is issued in its own transaction by ``request_certificate``, which
returns the certificate already issued for the same person, issuer, period and total, so a
worker killed mid-batch and run again issues each certificate once. The job keeps only the ids;
the PDF is rendered on download (see ``views_certificates.certificate_batch_pdf``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from hub.accounts.models import User
from hub.errors import DomainError
from hub.hours.actions.certificates import BATCH_JOB, request_certificate
from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job
from hub.people.models import Organization, Person


@job_handler(BATCH_JOB)
def certificates_batch_job(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    by = User.objects.get(pk=params["by_id"])
    issuer = Organization.objects.get(pk=params["issuer_id"])
    start = dt.date.fromisoformat(params["start"])
    end = dt.date.fromisoformat(params["end"])
    person_ids: list[int] = [int(i) for i in params["person_ids"]]
    people = Person.objects.in_bulk(person_ids)
    issued: list[int] = []
    skipped: list[dict[str, str]] = []
    total = len(person_ids)
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        for done, person_id in enumerate(person_ids, start=1):
            person = people.get(person_id)
            if person is None:
                continue
            try:
                certificate = request_certificate(
                    by=by, person=person, issuer=issuer, start=start, end=end, now=job.created_at
                )
            except DomainError as exc:
                # One refusal (hours reversed since the batch was queued) never stops the batch.
                skipped.append(
                    {"name": person.masked_name, "reason": exc.message, "code": exc.code}
                )
            else:
                issued.append(certificate.pk)
            progress(done, total, "")
    return {
        "certificate_ids": issued,
        "pages": len(issued),
        "skipped": skipped,
        "next_url": reverse("hours:certificate-batch-pdf", kwargs={"job_id": job.pk}),
    }
