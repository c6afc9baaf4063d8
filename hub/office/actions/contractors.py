"""Contractor companies, their staff, the attendance a site expects, and the attendance check.

Invariants:
- a worker's phone is normalized and unique within their company; it is how they check in;
- one requirement per site and role (unique constraint), set by upsert;
- the attendance check alerts at most once per requirement and day (the outbox dedupe key), so
  running it every few minutes, or twice, writes one alert.
Lock order: the site row (select_for_update) before its requirement rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.office.access import may_manage
from hub.office.actions.alerts import ATTENDANCE_SHORT, alert
from hub.office.actions.entries import _phone, _text
from hub.office.models import (
    AttendanceRequirement,
    ContractorCompany,
    ContractorRole,
    ContractorWorker,
    Site,
)
from hub.people.models import Organization
from hub.privacy.masking import mask_name


def _require_manager(by: User, organization_id: int) -> None:
    if not may_manage(scope_for(by), organization_id):
        raise DomainError(
            _("Only the office or an organization admin may manage contractors."),
            code="forbidden",
        )


@transaction.atomic
def create_company(*, by: User, organization: Organization, name: str) -> ContractorCompany:
    """Add a contractor company. Raises DomainError: forbidden, required, too_long, duplicate."""
    _require_manager(by, organization.pk)
    name = _text(name, "name", 120, required=True, label=_("the name"))
    if ContractorCompany.objects.filter(organization=organization, name=name).exists():
        raise DomainError(
            _("There is already a company named “%(name)s”.") % {"name": name},
            code="duplicate",
            field="name",
        )
    return ContractorCompany.objects.create(organization=organization, name=name)


@transaction.atomic
def add_worker(
    *, by: User, company: ContractorCompany, name: str, phone: str, role: str
) -> ContractorWorker:
    """Add a member of a contractor's staff.

    Raises DomainError: forbidden, required, too_long, invalid_phone, invalid_role, duplicate.
    """
    _require_manager(by, company.organization_id)
    name = _text(name, "name", 60, required=True, label=_("the name"))
    phone = _phone(phone, required=True)
    if role not in ContractorRole.values:
        raise DomainError(_("Choose a role."), code="invalid_role", field="role")
    if ContractorWorker.objects.filter(company=company, phone=phone).exists():
        raise DomainError(
            _("Someone of this company already has this phone number."),
            code="duplicate",
            field="phone",
        )
    return ContractorWorker.objects.create(company=company, name=name, phone=phone, role=role)


@transaction.atomic
def set_requirement(
    *, by: User, site: Site, role: str, expected: int, due_by: dt.time
) -> AttendanceRequirement:
    """Say how many staff of ``role`` the site expects each day, present by ``due_by`` (upsert).

    Raises DomainError: forbidden, invalid_role, invalid_expected.
    """
    site = Site.objects.select_for_update().get(pk=site.pk)
    _require_manager(by, site.organization_id)
    if role not in ContractorRole.values:
        raise DomainError(_("Choose a role."), code="invalid_role", field="role")
    if not 1 <= expected <= 200:
        raise DomainError(
            _("Expect between 1 and 200 people."), code="invalid_expected", field="expected"
        )
    requirement, _created = AttendanceRequirement.objects.update_or_create(
        site=site, role=role, defaults={"expected": expected, "due_by": due_by}
    )
    return requirement


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


@transaction.atomic
def check_attendance(*, now: dt.datetime | None = None) -> int:
    """Alert the office for every requirement past its time today that is still short.

    The alert names who of that role has not checked in (masked). Returns how many alerts were
    written by this run (0 on a re-run the same day).
    """
    from hub.notify.models import Message
    from hub.office.queries import attendance_for_site

    now = now or timezone.now()
    local = timezone.localtime(now)
    written = 0
    sites = Site.objects.filter(requirements__isnull=False).distinct().order_by("pk")
    for site in sites.select_related("organization"):
        for line in attendance_for_site(site, local.date()):
            requirement = line.requirement
            if local.time() < requirement.due_by or line.present >= requirement.expected:
                continue
            key = f"office.attendance:{requirement.pk}:{local.date().isoformat()}"
            if Message.objects.filter(dedupe_key=key).exists():
                continue
            params: dict[str, Any] = {
                "site": site.name,
                "date": local.date().isoformat(),
                "role": requirement.get_role_display(),
                "present": line.present,
                "expected": requirement.expected,
                "due": requirement.due_by.strftime("%H:%M"),
                "missing": "、".join(mask_name(w.name) for w in line.missing) or "—",
            }
            alert(
                organization=site.organization,
                template=ATTENDANCE_SHORT,
                params=params,
                dedupe_key=key,
            )
            written += 1
    return written
