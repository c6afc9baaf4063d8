"""Exporting service records for the national volunteer information system.

See docs/domain.md §3 rule 10 and §5.

A CSV (UTF-8 with a BOM so Excel opens it) of the *effective* confirmed volunteer records an
organization recorded in a period: originals and corrections that have not been reversed, so
each service counts once at its current value. Duty records are not volunteer service and are
never exported. Personal fields are masked unless the request is unmasked and a *different*
admin of the organization approved it (``export_second_approver_differs`` constraint). Every
rendering writes an access-log row. Cells that a spreadsheet would read as a formula get a
leading apostrophe. The figures are the organization's records, not an official certification.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import scope_for
from hub.errors import DomainError
from hub.hours.models import ExportRequest, HourEntry
from hub.people.models import Organization, Person
from hub.privacy.actions import log_export
from hub.privacy.masking import mask_id_number, mask_name

COLUMNS = (
    "姓名",
    "证件类型",
    "证件号码",
    "志愿者编号",
    "服务日期",
    "服务内容",
    "服务地点",
    "服务时长",
    "组织单位",
    "记录人",
    "状态",
)
# The national system's own words, whatever the reader's language.
ID_TYPES: dict[str, str] = {
    Person.IdType.RESIDENT_ID: "居民身份证",
    Person.IdType.PASSPORT: "护照",
    Person.IdType.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    Person.IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    Person.IdType.FOREIGNER_PERMIT: "外国人永久居留身份证",
}
STATUS_CONFIRMED = "已确认"
STATUS_CORRECTED = "已确认（更正）"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\0", "\r")
MAX_PERIOD_DAYS = 366


def escape_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: formula-like values get a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _admin_of(by: Any, organization_id: int) -> bool:
    scope = scope_for(by)
    return scope.is_superuser or organization_id in scope.admin_org_ids


def _forbidden() -> DomainError:
    return DomainError(_("Only the organization's admins may export records."), code="forbidden")


@transaction.atomic
def request_export(
    *,
    by: Any,
    organization: Organization,
    start: datetime.date,
    end: datetime.date,
    unmasked: bool,
) -> ExportRequest:
    """Ask for an export of ``organization``'s records served between ``start`` and ``end``.

    Masked exports are READY at once; unmasked ones wait for a second admin's approval.
    Raises DomainError: ``forbidden`` (not an admin of the organization), ``invalid_period``.
    """
    if not _admin_of(by, organization.pk):
        raise _forbidden()
    if end < start:
        raise DomainError(
            _("The end date is before the start date."), code="invalid_period", field="end"
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise DomainError(
            _("Export at most one year at a time."), code="invalid_period", field="end"
        )
    status = ExportRequest.Status.AWAITING_APPROVAL if unmasked else ExportRequest.Status.READY
    return ExportRequest.objects.create(
        organization=organization,
        requested_by=by,
        unmasked=unmasked,
        period_start=start,
        period_end=end,
        status=status,
    )


@transaction.atomic
def approve_export(
    *, by: Any, request: ExportRequest, now: datetime.datetime | None = None
) -> ExportRequest:
    """A second admin of the organization approves an unmasked export.

    Raises DomainError: ``forbidden``, ``needs_second_approver`` (the requester cannot approve
    their own request; the database refuses it too), ``not_awaiting_approval``.
    """
    if not _admin_of(by, request.organization_id):
        raise _forbidden()
    if request.is_awaiting_approval and not request.may_be_approved_by(by):
        raise DomainError(
            _("Another admin of the organization must approve an unmasked export."),
            code="needs_second_approver",
        )
    try:
        with transaction.atomic():
            updated = ExportRequest.objects.filter(
                pk=request.pk, status=ExportRequest.Status.AWAITING_APPROVAL
            ).update(
                status=ExportRequest.Status.APPROVED,
                approved_by=by,
                decided_at=now or timezone.now(),
            )
    except IntegrityError:
        raise DomainError(
            _("Another admin of the organization must approve an unmasked export."),
            code="needs_second_approver",
        ) from None
    if not updated:
        raise DomainError(
            _("This export is not waiting for approval."), code="not_awaiting_approval"
        )
    request.refresh_from_db()
    return request


@transaction.atomic
def reject_export(
    *, by: Any, request: ExportRequest, now: datetime.datetime | None = None
) -> ExportRequest:
    """Refuse an unmasked export (any admin of the organization, including the requester).

    Raises DomainError: ``forbidden``, ``not_awaiting_approval``.
    """
    if not _admin_of(by, request.organization_id):
        raise _forbidden()
    updated = ExportRequest.objects.filter(
        pk=request.pk, status=ExportRequest.Status.AWAITING_APPROVAL
    ).update(status=ExportRequest.Status.REJECTED, decided_at=now or timezone.now())
    if not updated:
        raise DomainError(
            _("This export is not waiting for approval."), code="not_awaiting_approval"
        )
    request.refresh_from_db()
    return request


def export_rows(request: ExportRequest) -> QuerySet[HourEntry]:
    """The effective confirmed volunteer entries of the request's organization and period."""
    reversed_ = HourEntry.objects.filter(
        reverses_id=OuterRef("pk"), entry_type=HourEntry.EntryType.REVERSAL
    )
    return (
        HourEntry.objects.filter(
            organization_id=request.organization_id,
            kind=HourEntry.Kind.VOLUNTEER,
            status=HourEntry.Status.CONFIRMED,
            entry_type__in=[HourEntry.EntryType.ORIGINAL, HourEntry.EntryType.CORRECTION],
            served_on__gte=request.period_start,
            served_on__lte=request.period_end,
        )
        .filter(~Exists(reversed_))
        .select_related("person", "organization", "recorded_by", "recorded_by__person")
        .order_by("served_on", "person_id", "id")
    )


def _recorder(entry: HourEntry) -> str:
    user = entry.recorded_by
    if user is None:
        return ""
    if user.person is not None:
        return user.person.name
    return user.get_full_name() or user.get_username()


def _line(entry: HourEntry, *, unmasked: bool) -> list[str]:
    person = entry.person
    name = person.name if unmasked else mask_name(person.name)
    id_number = person.id_number if unmasked else mask_id_number(person.id_number)
    recorder = _recorder(entry)
    return [
        name,
        ID_TYPES.get(person.id_type, person.id_type) if person.id_number else "",
        id_number,
        person.volunteer_number,
        entry.served_on.isoformat(),
        entry.content or entry.activity,
        entry.place,
        f"{entry.hours:.2f}",
        entry.organization.name,
        recorder if unmasked else mask_name(recorder),
        STATUS_CORRECTED
        if entry.entry_type == HourEntry.EntryType.CORRECTION
        else STATUS_CONFIRMED,
    ]


@transaction.atomic
def render_export(*, by: Any, request: ExportRequest) -> bytes:
    """The CSV bytes of an export, and an access-log row saying who exported how many rows.

    Masked unless the request is unmasked and approved. Raises DomainError: ``forbidden``,
    ``not_approved`` (an unmasked export still waiting, or rejected).
    """
    if not _admin_of(by, request.organization_id):
        raise _forbidden()
    request = ExportRequest.objects.get(pk=request.pk)
    if request.status not in (ExportRequest.Status.READY, ExportRequest.Status.APPROVED):
        raise DomainError(
            _("This export has not been approved by a second admin."), code="not_approved"
        )
    unmasked = request.unmasked and request.status == ExportRequest.Status.APPROVED
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for entry in export_rows(request).iterator(chunk_size=2000):
        writer.writerow([escape_cell(v) for v in _line(entry, unmasked=unmasked)])
        count += 1
    log_export(
        by=by,
        organization_id=request.organization_id,
        subject_type="hour_entry",
        fields=("unmasked" if unmasked else "masked") + f" export {request.pk}",
        rows=count,
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_filename(request: ExportRequest) -> str:
    """A download name such as ``service-records-2022-03-01-2022-05-31.csv``."""
    return (
        f"service-records-{request.period_start.isoformat()}-{request.period_end.isoformat()}"
        f"{'-unmasked' if request.unmasked else ''}.csv"
    )
