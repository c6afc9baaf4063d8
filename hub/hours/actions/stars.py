"""Star levels (星级): computed eligibility, and the reviewed grant after a public notice.

*Eligible* is computed from the ledger (all confirmed volunteer hours of the person, across
organizations; see :func:`hub.hours.queries.star_level_for`). *Granted* is a separate, reviewed
state: an organization admin starts a review (the award goes into public notice), and grants it
only after the notice period has ended, or rejects it. One award per person, organization and
level unless rejected (database constraint).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import changeable, scope_for
from hub.errors import DomainError
from hub.hours.models import STAR_THRESHOLDS, HourEntry, StarAward
from hub.hours.queries import confirmed_hours
from hub.people.models import Organization, Person

THRESHOLD = dict(STAR_THRESHOLDS)


def _admin_organization(by: Any, organization: Organization | None) -> Organization:
    scope = scope_for(by)
    if organization is not None:
        if scope.is_superuser or organization.pk in scope.admin_org_ids:
            return organization
        raise DomainError(
            _("Only the organization's admins may review star levels."), code="forbidden"
        )
    if len(scope.admin_org_ids) == 1:
        return Organization.objects.get(pk=next(iter(scope.admin_org_ids)))
    if not scope.admin_org_ids:
        raise DomainError(
            _("Only the organization's admins may review star levels."), code="forbidden"
        )
    raise DomainError(
        _("Choose the organization that reviews this star level."),
        code="organization_required",
        field="organization",
    )


def _authorize(by: Any, award: StarAward) -> None:
    if not changeable(by, StarAward.objects.filter(pk=award.pk)).exists():
        raise DomainError(
            _("Only the organization's admins may review star levels."), code="forbidden"
        )


@transaction.atomic
def start_star_review(
    *,
    by: Any,
    person: Person,
    level: int,
    notice_days: int = 7,
    organization: Organization | None = None,
    now: datetime.datetime | None = None,
) -> StarAward:
    """Put ``person``'s star ``level`` into public notice for ``notice_days`` days.

    ``organization`` defaults to the one organization ``by`` administers. The organization must
    have recorded hours for the person, and the person must be eligible (confirmed volunteer
    hours across organizations ≥ the level's threshold) now.
    Raises DomainError: ``forbidden``, ``organization_required``, ``invalid_level``,
    ``invalid_notice``, ``no_records``, ``not_eligible``, ``already_reviewed``.
    """
    org = _admin_organization(by, organization)
    if level not in THRESHOLD:
        raise DomainError(_("Star levels go from 1 to 5."), code="invalid_level", field="level")
    if notice_days < 1 or notice_days > 60:
        raise DomainError(
            _("The public notice lasts 1 to 60 days."), code="invalid_notice", field="notice_days"
        )
    if not HourEntry.objects.filter(person=person, organization=org).exists():
        raise DomainError(
            _("Your organization has recorded no service for this person."), code="no_records"
        )
    hours = confirmed_hours(person=person)
    if hours < THRESHOLD[level]:
        raise DomainError(
            _("%(hours)s confirmed hours are not enough for %(level)s stars (%(needed)s needed).")
            % {"hours": hours, "level": level, "needed": THRESHOLD[level]},
            code="not_eligible",
            field="level",
        )
    today = timezone.localdate(now or timezone.now())
    try:
        with transaction.atomic():
            return StarAward.objects.create(
                person=person,
                organization=org,
                level=level,
                hours_at_review=hours,
                notice_until=today + datetime.timedelta(days=notice_days),
                reviewed_by=by,
            )
    except IntegrityError:
        raise DomainError(
            _("This star level is already in notice or granted."), code="already_reviewed"
        ) from None


@transaction.atomic
def grant_star(*, by: Any, award: StarAward, now: datetime.datetime) -> StarAward:
    """Grant an award whose public notice has ended (the day after ``notice_until`` or later).

    Decided once, by a conditional UPDATE on ``status='in_notice'``.
    Raises DomainError: ``forbidden``, ``notice_running``, ``not_in_notice``.
    """
    _authorize(by, award)
    award = StarAward.objects.get(pk=award.pk)
    if not award.is_in_notice:
        raise DomainError(_("This award is no longer in public notice."), code="not_in_notice")
    if award.notice_running_on(timezone.localdate(now)):
        raise DomainError(
            _("The public notice runs until %(date)s; grant it after that day.")
            % {"date": award.notice_until.isoformat()},
            code="notice_running",
        )
    updated = StarAward.objects.filter(pk=award.pk, status=StarAward.Status.IN_NOTICE).update(
        status=StarAward.Status.GRANTED, decided_at=now
    )
    if not updated:
        raise DomainError(_("This award is no longer in public notice."), code="not_in_notice")
    award.refresh_from_db()
    return award


@transaction.atomic
def reject_star(*, by: Any, award: StarAward, now: datetime.datetime | None = None) -> StarAward:
    """Reject an award in public notice (e.g. an objection was upheld); it may be reviewed again.

    Raises DomainError: ``forbidden``, ``not_in_notice``.
    """
    _authorize(by, award)
    updated = StarAward.objects.filter(pk=award.pk, status=StarAward.Status.IN_NOTICE).update(
        status=StarAward.Status.REJECTED, decided_at=now or timezone.now()
    )
    if not updated:
        raise DomainError(_("This award is no longer in public notice."), code="not_in_notice")
    award.refresh_from_db()
    return award
