"""Sites and their entry rule, and entry records (admitted or refused) — DOMAIN: entry desk.

Invariants:
- an entry is judged by its site's rule at the moment it is recorded; the reasons of a refusal
  are stored with it (codes and the rule's figures), said in the reader's language at read time;
- a refused entry writes one alert to the office's outbox in the same transaction;
- names and phones are masked before they are stored: no full value reaches the entries table;
- one entry per (site, idempotency key): a replay returns the first entry and alerts nobody again;
- bad input (a missing name, a bad phone, a test in the future, an unknown contractor) raises a
  DomainError and writes nothing.
Lock order: none is needed (inserts only; the key's unique constraint settles races).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.office.access import may_manage, may_work_desk
from hub.office.actions.alerts import ENTRY_REFUSED, alert
from hub.office.models import CodeColour, ContractorWorker, Entry, Site
from hub.office.reasons import describe_reasons
from hub.people.identity import normalize_phone
from hub.people.models import Membership, Organization, Person
from hub.privacy.masking import mask_name, mask_phone

MAX_BACKDATE = dt.timedelta(hours=24)
CLOCK_SKEW = dt.timedelta(minutes=5)


def _forbidden(message: Any) -> DomainError:
    return DomainError(message, code="forbidden")


def _text(value: str, field: str, limit: int, *, required: bool, label: Any) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(
            _("Please fill in %(label)s.") % {"label": label}, code="required", field=field
        )
    if len(value) > limit:
        raise DomainError(
            _("%(label)s is too long (at most %(limit)s characters).")
            % {"label": label, "limit": limit},
            code="too_long",
            field=field,
        )
    return value


# Sites ---------------------------------------------------------------------------------------
def _site_values(
    *, name: str, kind: str, require_green: bool, test_valid_hours: int | None, retention_days: int
) -> dict[str, Any]:
    name = _text(name, "name", 120, required=True, label=_("the name"))
    if kind not in Site.Kind.values:
        raise DomainError(_("Choose a kind of site."), code="invalid_kind", field="kind")
    if test_valid_hours is not None and not 1 <= test_valid_hours <= 720:
        raise DomainError(
            _("A test can be valid for 1 to 720 hours (or leave it empty for no test)."),
            code="invalid_test_hours",
            field="test_valid_hours",
        )
    if not 1 <= retention_days <= 180:
        raise DomainError(
            _("Entry records can be kept for 1 to 180 days."),
            code="invalid_retention",
            field="retention_days",
        )
    return {
        "name": name,
        "kind": kind,
        "require_green": require_green,
        "test_valid_hours": test_valid_hours,
        "retention_days": retention_days,
    }


def _unique_site_name(organization: Organization, name: str, exclude: int | None = None) -> None:
    others = Site.objects.filter(organization=organization, name=name)
    if exclude:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise DomainError(
            _("There is already a site named “%(name)s”.") % {"name": name},
            code="duplicate",
            field="name",
        )


@transaction.atomic
def create_site(
    *,
    by: User,
    organization: Organization,
    name: str,
    kind: str = Site.Kind.BUILDING,
    require_green: bool = True,
    test_valid_hours: int | None = 48,
    retention_days: int = 14,
) -> Site:
    """Create an entry site with its rule. Org admins and office staff only.

    Raises DomainError: forbidden, required, too_long, invalid_kind, invalid_test_hours,
    invalid_retention, duplicate.
    """
    if not may_manage(scope_for(by), organization.pk):
        raise _forbidden(_("Only the office or an organization admin may set up entry sites."))
    values = _site_values(
        name=name,
        kind=kind,
        require_green=require_green,
        test_valid_hours=test_valid_hours,
        retention_days=retention_days,
    )
    _unique_site_name(organization, values["name"])
    return Site.objects.create(organization=organization, created_by=by, **values)


@transaction.atomic
def update_site(
    *,
    by: User,
    site: Site,
    name: str,
    kind: str,
    require_green: bool,
    test_valid_hours: int | None,
    retention_days: int,
) -> Site:
    """Change a site's name or entry rule; entries already recorded keep their judgement.

    Raises DomainError as create_site.
    """
    site = Site.objects.select_for_update().get(pk=site.pk)
    if not may_manage(scope_for(by), site.organization_id):
        raise _forbidden(_("Only the office or an organization admin may set up entry sites."))
    values = _site_values(
        name=name,
        kind=kind,
        require_green=require_green,
        test_valid_hours=test_valid_hours,
        retention_days=retention_days,
    )
    _unique_site_name(site.organization, values["name"], exclude=site.pk)
    for field, value in values.items():
        setattr(site, field, value)
    site.save()
    return site


# Judging -------------------------------------------------------------------------------------
def test_taken_at(tested_on: dt.date) -> dt.datetime:
    """A test known only by its day counts from the start of that day (the strict reading)."""
    return timezone.make_aware(dt.datetime.combine(tested_on, dt.time.min))


def refusal_reasons(
    site: Site, *, code_colour: str, tested_on: dt.date | None, at: dt.datetime
) -> list[dict[str, Any]]:
    """The site's rule applied to a declaration: empty when the person may enter."""
    reasons: list[dict[str, Any]] = []
    if site.require_green and code_colour != CodeColour.GREEN:
        reasons.append({"code": "code_not_green", "colour": code_colour})
    hours = site.test_valid_hours
    if hours:
        if tested_on is None:
            reasons.append({"code": "test_missing", "hours": hours})
        elif test_taken_at(tested_on) + dt.timedelta(hours=hours) < at:
            reasons.append({"code": "test_expired", "hours": hours, "date": tested_on.isoformat()})
    return reasons


# Entries -------------------------------------------------------------------------------------
def _member_of(person: Person, organization_id: int) -> bool:
    return Membership.objects.filter(
        person=person, branch__organization_id=organization_id
    ).exists()


def _worker_for_phone(site: Site, phone: str) -> ContractorWorker:
    worker = (
        ContractorWorker.objects.select_related("company")
        .filter(company__organization_id=site.organization_id, phone=phone, active=True)
        .first()
    )
    if worker is None:
        raise DomainError(
            _(
                "This phone number is not on the list of contractor staff. Please register "
                "as a visitor or ask the desk."
            ),
            code="unknown_contractor",
            field="phone",
        )
    return worker


def _phone(value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise DomainError(
                _("Please fill in %(label)s.") % {"label": _("the phone number")},
                code="required",
                field="phone",
            )
        return ""
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_phone", field="phone") from None


def _authorize(by: User | None, site: Site, method: str, kind: str) -> None:
    scope = scope_for(by)
    if method == Entry.Method.QR:
        if kind == Entry.Kind.STAFF and (by is None or by.person_id is None):
            raise _forbidden(_("Sign in as a member of staff to check in as staff."))
        return
    if not may_work_desk(scope, site.organization_id):
        raise _forbidden(_("Only the entry desk or the office may record entries for others."))


def _check_times(tested_on: dt.date | None, arrived_at: dt.datetime, now: dt.datetime) -> None:
    if arrived_at > now + CLOCK_SKEW:
        raise DomainError(
            _("The arrival time is in the future."), code="future_arrival", field="arrived_at"
        )
    if arrived_at < now - MAX_BACKDATE:
        raise DomainError(
            _("An arrival can be registered up to 24 hours late, not more."),
            code="too_late",
            field="arrived_at",
        )
    if tested_on is not None and tested_on > timezone.localdate(now):
        raise DomainError(
            _("The test date is in the future."), code="future_test", field="tested_on"
        )


@transaction.atomic
def record_entry(
    *,
    by: User | None,
    site: Site,
    kind: str,
    method: str,
    code_colour: str,
    tested_on: dt.date | None = None,
    name: str = "",
    phone: str = "",
    purpose: str = "",
    host: str = "",
    person: Person | None = None,
    worker: ContractorWorker | None = None,
    arrived_at: dt.datetime | None = None,
    key: str = "",
    now: dt.datetime | None = None,
) -> Entry:
    """Judge an arrival by the site's rule and record it, admitted or refused.

    Staff check in as themselves (QR, signed in) or are recorded by the desk; contractor staff are
    found by their phone among the organization's active contractor workers; visitors give name,
    phone, purpose and host. The desk and the office may record anyone (``desk``, ``manual`` and
    ``api`` methods); a manual entry needs only a name and a purpose. A refusal alerts the office.
    Raises DomainError: forbidden, required, too_long, invalid_kind, invalid_colour,
    invalid_phone, unknown_contractor, not_staff, future_arrival, too_late, future_test.
    """
    now = now or timezone.now()
    arrived_at = arrived_at or now
    if kind not in Entry.Kind.values:
        raise DomainError(_("Choose who is arriving."), code="invalid_kind", field="kind")
    if method not in Entry.Method.values:
        raise DomainError(_("Unknown way of checking in."), code="invalid_method")
    if code_colour not in CodeColour.values:
        raise DomainError(
            _("Choose the colour of the health code."), code="invalid_colour", field="code_colour"
        )
    _authorize(by, site, method, kind)
    _check_times(tested_on, arrived_at, now)
    key = _text(key, "key", 64, required=False, label=_("the idempotency key"))
    if key:
        existing = Entry.objects.filter(site=site, key=key).first()
        if existing is not None:
            return existing
    manual = method == Entry.Method.MANUAL
    purpose = _text(
        purpose, "purpose", 120, required=kind == Entry.Kind.VISITOR, label=_("the purpose")
    )
    host = _text(
        host,
        "host",
        60,
        required=kind == Entry.Kind.VISITOR and not manual,
        label=_("the person visited"),
    )
    masked_phone = ""
    if kind == Entry.Kind.STAFF:
        if person is None and method == Entry.Method.QR and by is not None:
            person = by.person
        if person is None or not _member_of(person, site.organization_id):
            raise DomainError(
                _("Only members of %(organization)s check in as staff here.")
                % {"organization": site.organization.name},
                code="not_staff",
            )
        masked_name = mask_name(person.name)
    elif kind == Entry.Kind.CONTRACTOR:
        if worker is None:
            worker = _worker_for_phone(site, _phone(phone, required=True))
        elif worker.company.organization_id != site.organization_id or not worker.active:
            raise DomainError(
                _("This worker is not on the list of contractor staff."),
                code="unknown_contractor",
            )
        masked_name, masked_phone = mask_name(worker.name), mask_phone(worker.phone)
    else:
        name = _text(name, "name", 60, required=True, label=_("the name"))
        masked_name = mask_name(name)
        masked_phone = mask_phone(_phone(phone, required=not manual))
    reasons = refusal_reasons(site, code_colour=code_colour, tested_on=tested_on, at=arrived_at)
    values = {
        "site": site,
        "kind": kind,
        "method": method,
        "outcome": Entry.Outcome.REFUSED if reasons else Entry.Outcome.ADMITTED,
        "reasons": reasons,
        "arrived_at": arrived_at,
        "masked_name": masked_name,
        "masked_phone": masked_phone,
        "purpose": purpose,
        "host": host,
        "code_colour": code_colour,
        "tested_on": tested_on,
        "person": person if kind == Entry.Kind.STAFF else None,
        "worker": worker if kind == Entry.Kind.CONTRACTOR else None,
        "recorded_by": by if by is not None and by.pk else None,
        "key": key,
    }
    try:
        with transaction.atomic():
            entry = Entry.objects.create(**values)
    except IntegrityError:
        # Another request with the same key got there first: the same reply, no second alert.
        existing = Entry.objects.filter(site=site, key=key).first() if key else None
        if existing is None:
            raise
        return existing
    if reasons:
        alert(
            organization=site.organization,
            template=ENTRY_REFUSED,
            params={
                "site": site.name,
                "time": timezone.localtime(arrived_at).strftime("%H:%M"),
                "name": masked_name,
                "reasons": describe_reasons(reasons),
            },
            dedupe_key=f"office.entry_refused:{entry.pk}",
        )
    return entry
