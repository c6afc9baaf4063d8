"""Importing members and residents: upload → validate (preview, per-row errors) → apply.

The one write path for imports. A batch is validated in full before anything is written;
applying validates again against the database as it is then and writes every row in one
transaction that also marks the batch applied, so an import happens all at once or not at
all, and re-running it (a retried job, a double click) writes nothing more.

Privacy at rest: the uploaded file (full phones and ID numbers) is dropped in the transaction
that applies it; a file never applied is dropped by the retention purge
(:func:`purge_import_files`, registered as ``imports.files``) after
``settings.IMPORT_FILE_RETENTION_DAYS``. The batch's counts, errors and masked preview stay.

Files with more than ``settings.IMPORT_INLINE_ROWS`` rows are validated and applied by
background jobs (``imports.validate`` / ``imports.apply``, see :mod:`hub.imports.jobs`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from hub.access import scope_for
from hub.errors import DomainError
from hub.imports.models import ImportBatch
from hub.imports.reader import FileRefused, check_size, inspect, read_rows
from hub.imports.reasons import entry
from hub.imports.rows import MAX_ERRORS_KEPT, Context, Validation, first_rows, validate_rows
from hub.imports.writer import Plan, execute_plan, plan_import
from hub.people.identity import to_half_width
from hub.people.models import Branch, Organization, Skill
from hub.places.models import Compound
from hub.privacy.models import AccessLog

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
JOB_VALIDATE = "imports.validate"
JOB_APPLY = "imports.apply"


def upload_import(
    *,
    by: Any,
    organization: Organization,
    kind: str,
    filename: str,
    content: bytes,
    branch: Branch | None = None,
    compound: Compound | None = None,
    system: bool = False,
    inline: bool | None = None,
    progress: Progress | None = None,
) -> ImportBatch:
    """Store an uploaded file as a batch and validate it (inline when small, else as a job).

    ``system=True`` (management commands only) skips authorization and allows ``by=None``.
    ``inline`` forces (True) or forbids (False) validating in this process; by default files
    over ``settings.IMPORT_INLINE_ROWS`` rows get a background job (``batch.job``).

    Raises DomainError: ``invalid_kind``, ``compound_required``, ``compound_mismatch``,
    ``branch_mismatch``, ``forbidden`` (the user may not import here) and ``too_large``
    (over ``settings.IMPORT_MAX_BYTES``; nothing is stored). Any other problem with the file
    is reported in the returned batch (status ``invalid``, errors with row 0 for the file).
    """
    _check_target(organization=organization, kind=kind, branch=branch, compound=compound)
    if not system:
        authorize_import(
            by=by, organization=organization, kind=kind, branch=branch, compound=compound
        )
    try:
        check_size(content)
    except FileRefused as refused:
        raise DomainError(refused.message, code="too_large") from None
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind,
            organization=organization,
            branch=branch,
            compound=compound,
            filename=filename[:200],
            content=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            created_by=None if system else by,
        )
        try:
            info = inspect(content, filename)
        except FileRefused as refused:
            return _refuse(batch, refused)
        if inline is None:
            inline = info.estimated_rows <= settings.IMPORT_INLINE_ROWS
        if inline:
            return validate_batch(batch, progress)
        from hub.jobs.actions import create_job

        batch.job = create_job(
            kind=JOB_VALIDATE,
            by=None if system else by,
            organization_id=organization.pk,
            params={"batch_id": batch.pk, "language": translation.get_language()},
        )
        batch.save(update_fields=["job"])
    return batch


def validate_batch(batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Read and check every row of the batch's file; record status, counts, errors, preview.

    Sets status VALID or INVALID, ``row_count`` (non-empty data rows), ``error_count`` (all
    errors), ``errors`` (the first 1000, each ``{"row", "column", "reason", "code"}``; row 0
    means the file as a whole), ``preview`` (the first 20 rows, masked) and
    ``result = {"planned": {"created", "updated", "unchanged"}}`` when valid. Writes only the
    batch. Raises DomainError ``already_applied`` for a batch being or already applied.
    """
    if batch.status in (ImportBatch.Status.APPLYING, ImportBatch.Status.APPLIED):
        raise DomainError(_("This import has already been applied."), code="already_applied")
    system = batch.created_by_id is None
    validation, plan = _check(batch, by=batch.created_by, system=system, progress=progress)
    batch.row_count = validation.row_count
    batch.error_count = validation.error_count
    batch.errors = validation.errors
    batch.preview = validation.preview
    batch.columns = validation.columns
    batch.warnings = validation.warnings
    batch.status = ImportBatch.Status.VALID if validation.is_valid else ImportBatch.Status.INVALID
    batch.result = {"planned": plan.counts()} if plan is not None else {}
    batch.save(
        update_fields=[
            *("row_count", "error_count", "errors", "preview", "columns", "warnings"),
            *("status", "result"),
        ]
    )
    return batch


def apply_import(
    *,
    by: Any,
    batch: ImportBatch,
    now: dt.datetime,
    system: bool = False,
    inline: bool | None = None,
    progress: Progress | None = None,
) -> ImportBatch:
    """Write a valid batch: every row or none, in one transaction that marks it applied.

    Validates again first (the database may have changed since the preview); if rows fail
    now, nothing is written and the batch comes back INVALID with the new errors. Batches of
    more than ``settings.IMPORT_INLINE_ROWS`` rows are applied by a job (status APPLYING,
    ``batch.job`` set) unless ``inline=True``. On success ``batch.result`` is
    ``{"created": n, "updated": n, "unchanged": n}`` and ``applied_at`` is ``now`` (a job
    applying a large batch stamps the time it ran).

    Raises DomainError ``forbidden``, ``already_applied``, ``in_progress``, ``not_valid``
    and ``apply_failed`` (an unexpected database error; nothing was written).
    """
    if not system:
        authorize_import(
            by=by,
            organization=batch.organization,
            kind=batch.kind,
            branch=batch.branch,
            compound=batch.compound,
        )
    _check_applicable(batch)
    if inline is None:
        inline = batch.row_count <= settings.IMPORT_INLINE_ROWS
    if inline:
        return apply_batch(
            batch.pk, by=by, now=now, system=system, progress=progress, raise_errors=True
        )
    from hub.jobs.actions import create_job

    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        _check_applicable(locked)
        locked.status = ImportBatch.Status.APPLYING
        locked.job = create_job(
            kind=JOB_APPLY,
            by=None if system else by,
            organization_id=locked.organization_id,
            params={
                "batch_id": locked.pk,
                "by_id": None if system or by is None else by.pk,
                "system": system,
                "language": translation.get_language(),
            },
        )
        locked.save(update_fields=["status", "job"])
    return locked


@transaction.atomic
def reveal_import_file(
    *, by: Any, batch: ImportBatch, ip_address: str | None = None
) -> list[dict[str, Any]]:
    """The first rows of the batch's file with every value in full, for the uploader to check
    their own file; writes an AccessLog row (docs/domain.md §5: showing a full value is an
    explicit, logged action). Returns ``[{"row", "cells"}]`` in the preview's columns.

    Raises DomainError ``forbidden`` (only the uploader may) and ``file_gone`` (the file was
    dropped once applied or by the retention purge); nothing is logged then.
    """
    if by is None or batch.created_by_id is None or batch.created_by_id != by.pk:
        raise DomainError(
            _("Only the person who uploaded this file may see its values in full."),
            code="forbidden",
        )
    content = bytes(
        ImportBatch.objects.filter(pk=batch.pk).values_list("content", flat=True).first() or b""
    )
    if not content:
        raise DomainError(
            _(
                "The file is no longer kept: it is dropped once imported or after %(days)s "
                "days. The people it imported are on the people pages."
            )
            % {"days": settings.IMPORT_FILE_RETENTION_DAYS},
            code="file_gone",
        )
    try:
        rows = first_rows(read_rows(content, batch.filename), kind=batch.kind)
    except FileRefused as refused:
        raise DomainError(refused.message, code=refused.code) from None
    AccessLog.objects.create(
        actor=by,
        organization_id=batch.organization_id,
        action=AccessLog.Action.REVEAL,
        subject_type="import",
        subject_id=str(batch.pk),
        field="file",
        ip_address=ip_address,
    )
    return rows


def authorize_import(
    *,
    by: Any,
    organization: Organization,
    kind: str,
    branch: Branch | None = None,
    compound: Compound | None = None,
) -> None:
    """May ``by`` import this kind of file here? Raises DomainError ``forbidden`` if not.

    Members: an org admin of the organization, or a branch secretary of a branch in it (and
    of ``branch`` when one is given; each row's branch is checked during validation).
    Residents: an org admin of the compound's organization or a coordinator of the compound.
    """
    scope = scope_for(by)
    if scope.is_superuser and not scope.is_anonymous:
        return
    if kind == ImportBatch.Kind.MEMBERS:
        if organization.pk in scope.admin_org_ids:
            return
        own_branch = branch is None or branch.pk in scope.branch_ids
        if (
            scope.branch_ids
            and own_branch
            and Branch.objects.filter(pk__in=scope.branch_ids, organization=organization).exists()
        ):
            return
    elif compound is not None and (
        compound.organization_id in scope.admin_org_ids or compound.pk in scope.compound_ids
    ):
        return
    raise DomainError(_("You may not import people here."), code="forbidden")


# Internals ------------------------------------------------------------------------------------
def _check_target(
    *, organization: Organization, kind: str, branch: Branch | None, compound: Compound | None
) -> None:
    if kind not in ImportBatch.Kind.values:
        raise DomainError(
            _("Unknown import kind “%(kind)s”.") % {"kind": kind}, code="invalid_kind"
        )
    if branch is not None and branch.organization_id != organization.pk:
        raise DomainError(
            _("The default branch is not part of this organization."), code="branch_mismatch"
        )
    if kind == ImportBatch.Kind.RESIDENTS:
        if compound is None:
            raise DomainError(
                _("Choose the compound these residents live in."), code="compound_required"
            )
        if compound.organization_id != organization.pk:
            raise DomainError(
                _("The compound is not managed by this organization."), code="compound_mismatch"
            )


def _check_applicable(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.APPLIED:
        raise DomainError(_("This import has already been applied."), code="already_applied")
    if batch.status == ImportBatch.Status.APPLYING:
        raise DomainError(_("This import is being applied now."), code="in_progress")
    if batch.status not in (ImportBatch.Status.VALID, ImportBatch.Status.FAILED):
        raise DomainError(
            _(
                "Only a file that passed validation can be imported; fix the errors and "
                "upload it again."
            ),
            code="not_valid",
        )


def _refuse(batch: ImportBatch, refused: FileRefused) -> ImportBatch:
    batch.status = ImportBatch.Status.INVALID
    batch.errors = [entry(0, "", refused.message, refused.code)]
    batch.error_count = 1
    batch.row_count = 0
    batch.preview = []
    batch.columns = []
    batch.warnings = []
    batch.result = {}
    batch.save(
        update_fields=[
            *("status", "errors", "error_count", "row_count", "preview", "columns"),
            *("warnings", "result"),
        ]
    )
    return batch


def _context(batch: ImportBatch, *, by: Any, system: bool) -> Context:
    branches = {
        _label(name): pk
        for pk, name in Branch.objects.filter(organization_id=batch.organization_id).values_list(
            "pk", "name"
        )
    }
    allowed: frozenset[int] | None = None
    if batch.kind == ImportBatch.Kind.MEMBERS and not system:
        scope = scope_for(by)
        if not scope.is_superuser and batch.organization_id not in scope.admin_org_ids:
            allowed = frozenset(scope.branch_ids) & frozenset(branches.values())
    skills: dict[str, int] = {}
    for pk, code, name in Skill.objects.values_list("pk", "code", "name"):
        skills[code.lower()] = pk
        skills[to_half_width(name).strip().lower()] = pk
    return Context(
        kind=batch.kind,
        branches=branches,
        default_branch_id=batch.branch_id,
        allowed_branch_ids=allowed,
        skills=skills,
    )


def _label(name: str) -> str:
    return "".join(to_half_width(name).split())


def _check(
    batch: ImportBatch, *, by: Any, system: bool, progress: Progress | None
) -> tuple[Validation, Plan | None]:
    """Validate the file, then match its valid rows against the database (reads only)."""
    content = bytes(batch.content)
    try:
        info = inspect(content, batch.filename)
        validation = validate_rows(
            read_rows(content, batch.filename, info),
            context=_context(batch, by=by, system=system),
            total=info.estimated_rows,
            progress=progress,
        )
    except FileRefused as refused:
        error = entry(0, "", refused.message, refused.code)
        return Validation([], [error], 1, 0, []), None
    plan = (
        plan_import(batch, validation.records, by=by, system=system) if validation.records else None
    )
    if plan is not None and plan.conflicts:
        header = validation.header
        for conflict in plan.conflicts:
            column = header.title(conflict["field"]) if header else conflict["field"]
            if len(validation.errors) < MAX_ERRORS_KEPT:
                validation.errors.append(
                    entry(conflict["row"], column, conflict["reason"], conflict["code"])
                )
            validation.error_count += 1
        validation.errors.sort(key=lambda error: error["row"])
    _row_statuses(validation, plan)
    return validation, plan


def _row_statuses(validation: Validation, plan: Plan | None) -> None:
    """Each preview row's fate: ``error`` for a row with an error, else what applying would do."""
    failed = {error["row"] for error in validation.errors}
    fate: dict[int, str] = {}
    for step in plan.steps if plan is not None else ():
        done = "updated" if step.is_change else "unchanged"
        fate[step.record.row] = "new" if step.is_new else done
    for row in validation.preview:
        ok = row.pop("ok", True) and row["row"] not in failed
        row["status"] = fate.get(row["row"], "error") if ok else "error"


class _StillInvalid(Exception):
    def __init__(self, validation: Validation) -> None:
        super().__init__("invalid")
        self.validation = validation


def apply_batch(
    batch_id: int,
    *,
    by: Any,
    now: dt.datetime,
    system: bool,
    progress: Progress | None,
    raise_errors: bool,
) -> ImportBatch:
    """Validate and write in one transaction that also flips the batch to APPLIED.

    Idempotent: an applied batch is returned untouched, and a run interrupted before its
    commit left nothing behind, so running it again writes everything exactly once.
    """
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
            if batch.status == ImportBatch.Status.APPLIED:
                return batch
            if batch.status not in (
                ImportBatch.Status.VALID,
                ImportBatch.Status.APPLYING,
                ImportBatch.Status.FAILED,
            ):
                raise DomainError(
                    _("Only a file that passed validation can be imported."), code="not_valid"
                )
            validation, plan = _check(batch, by=by, system=system, progress=progress)
            if not validation.is_valid or plan is None:
                raise _StillInvalid(validation)
            counts = execute_plan(plan, progress)
            batch.status = ImportBatch.Status.APPLIED
            batch.result = counts
            batch.applied_at = now
            batch.row_count = validation.row_count
            batch.content = b""  # the file held full phones and ID numbers: not kept at rest
            batch.save(update_fields=["status", "result", "applied_at", "row_count", "content"])
            return batch
    except _StillInvalid as stale:
        v = stale.validation
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.INVALID,
            errors=v.errors,
            error_count=max(v.error_count, 1),
            row_count=v.row_count,
            preview=v.preview,
            columns=v.columns,
            warnings=v.warnings,
            result={},
        )
        return ImportBatch.objects.get(pk=batch_id)
    except DomainError:
        raise
    except Exception as exc:
        log.exception("import batch %s failed to apply", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, result={"error": str(exc)[:500]}
        )
        if raise_errors:
            raise DomainError(
                _("The import could not be written and nothing was saved; try again."),
                code="apply_failed",
            ) from exc
        raise


def purge_import_files(now: dt.datetime) -> int:
    """Retention purger: drop the files of batches uploaded more than
    ``settings.IMPORT_FILE_RETENTION_DAYS`` before ``now`` (and of any applied batch); batches
    being validated or applied keep theirs. Idempotent; returns how many files it dropped."""
    cutoff = now - dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    busy = (ImportBatch.Status.VALIDATING, ImportBatch.Status.APPLYING)
    stale = (
        ImportBatch.objects.exclude(content=b"")
        .exclude(status__in=busy)
        .filter(Q(created_at__lt=cutoff) | Q(status=ImportBatch.Status.APPLIED))
    )
    with transaction.atomic():
        return stale.update(content=b"")
