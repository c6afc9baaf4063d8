"""Background job handlers for large imports: validating and applying a batch.

Both are idempotent. Validation only runs for a batch still VALIDATING; applying checks the
batch status inside the one transaction that writes the rows and marks the batch APPLIED, so
a worker killed mid-way leaves nothing written and the re-run writes everything once. When
the job is given up (its worker died ``JOB_MAX_ATTEMPTS`` times) the batch leaves
"validating"/"applying" for "invalid"/"failed", from where it can be uploaded or applied again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from hub.imports.models import ImportBatch
from hub.jobs.actions import Progress, job_handler, on_abandon
from hub.jobs.models import Job


def _summary(batch: ImportBatch) -> dict[str, Any]:
    return {
        "batch_id": batch.pk,
        "status": batch.status,
        "row_count": batch.row_count,
        "error_count": batch.error_count,
        **{k: v for k, v in batch.result.items() if k in ("created", "updated", "unchanged")},
    }


@job_handler("imports.validate")
def validate_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    from hub.imports.actions import validate_batch

    batch = ImportBatch.objects.get(pk=job.params["batch_id"])
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        if batch.status == ImportBatch.Status.VALIDATING:
            batch = validate_batch(batch, progress)
    return _summary(batch)


@job_handler("imports.apply")
def apply_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    from hub.accounts.models import User
    from hub.imports.actions import apply_batch

    by = (
        User.objects.filter(pk=job.params.get("by_id")).first() if job.params.get("by_id") else None
    )
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        batch = apply_batch(
            job.params["batch_id"],
            by=by,
            now=timezone.now(),  # the job's run is when the batch is applied
            system=bool(job.params.get("system")),
            progress=progress,
            raise_errors=False,
        )
    return _summary(batch)


@on_abandon("imports.validate")
def _validation_abandoned(job: Job) -> None:
    ImportBatch.objects.filter(
        pk=job.params.get("batch_id"), status=ImportBatch.Status.VALIDATING
    ).update(
        status=ImportBatch.Status.INVALID,
        errors=[{"row": 0, "column": "", "reason": job.message, "code": "job_abandoned"}],
        error_count=1,
    )


@on_abandon("imports.apply")
def _apply_abandoned(job: Job) -> None:
    ImportBatch.objects.filter(
        pk=job.params.get("batch_id"), status=ImportBatch.Status.APPLYING
    ).update(status=ImportBatch.Status.FAILED, result={"error": job.message})
