"""Antigen self-tests: kits handed out per household, one result per person per day.

Invariants:
* one report per person and day (``antigen_once_per_day``); a second report the same day
  replaces the result (the resident corrects a misread) but never adds a row;
* a photo is a JPEG or PNG (checked by its first bytes, not its name) of at most 5 MB;
* the resident reports for themself; a helper (their coordinator, building leader or an admin)
  reports for them;
* a photo is stored apart from the person, shown only to the resident and the compound's
  coordinators and admins, and every view of it writes an AccessLog row.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import get_visible, scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Person
from hub.places.models import Household
from hub.privacy.models import AccessLog
from hub.screening.models import AntigenReport, KitHandout

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


@transaction.atomic
def hand_out_kits(
    *, by: User | None, household: Household, kits: int, now: dt.datetime
) -> KitHandout:
    """Record ``kits`` antigen kits handed to ``household`` (door to door)."""
    if by is not None:
        get_visible(by, Household.objects.all(), pk=household.pk)
    if kits < 1 or kits > 50:
        raise DomainError(_("Hand out between 1 and 50 kits."), code="kits", field="kits")
    return KitHandout.objects.create(household=household, kits=kits, handed_by=by, handed_at=now)


def _photo_type(photo: bytes) -> str:
    if len(photo) > MAX_PHOTO_BYTES:
        raise DomainError(_("The photo is larger than 5 MB."), code="photo_too_large")
    for magic, kind in PHOTO_TYPES.items():
        if photo.startswith(magic):
            return kind
    raise DomainError(_("The photo must be a JPEG or PNG picture."), code="photo_type")


@transaction.atomic
def report_antigen(
    *,
    by: User,
    person: Person,
    day: dt.date,
    result: str,
    now: dt.datetime,
    photo: bytes | None = None,
) -> AntigenReport:
    """Report ``person``'s antigen result for ``day`` (the resident, or a helper for them).

    Raises DomainError: result, future_day, photo_type, photo_too_large; 404 for someone the
    helper may not see.
    """
    if scope_for(by).person_id != person.pk:
        get_visible(by, Person.objects.filter(household__isnull=False), pk=person.pk)
    if result not in AntigenReport.Result.values:
        raise DomainError(_("Choose negative, positive or invalid."), code="result")
    if day > timezone.localdate(now):  # the compound's calendar day, not UTC's
        raise DomainError(_("You cannot report a test for a future day."), code="future_day")
    kind = _photo_type(photo) if photo else ""
    report, _created = AntigenReport.objects.update_or_create(
        person=person,
        day=day,
        defaults={
            "result": result,
            "photo": photo or None,
            "photo_type": kind,
            "reported_by": by,
            "reported_at": now,
        },
    )
    return report


@transaction.atomic
def reveal_antigen_photo(*, by: User, report: AntigenReport) -> tuple[bytes, str]:
    """The photo of ``report`` (health data) and its type; each view writes an AccessLog row.

    Only the resident themself and the compound's coordinators and admins see it (404 else).
    Raises DomainError: no_photo.
    """
    report = get_visible(
        by,
        AntigenReport.objects.select_related("person__household__building__compound"),
        pk=report.pk,
    )
    if not report.photo:
        raise DomainError(_("This report has no photo."), code="no_photo")
    home = report.person.household  # None once the resident has moved out
    AccessLog.objects.create(
        actor=by,
        organization_id=home.building.compound.organization_id if home is not None else None,
        action=AccessLog.Action.REVEAL,
        subject_type="screening.antigenreport",
        subject_id=str(report.pk),
        field="photo",
        reason="antigen",
    )
    return bytes(report.photo), report.photo_type
