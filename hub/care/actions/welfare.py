"""Welfare calls to the organization's own people: schedules, calls, follow-ups.

Invariants: one active schedule per (organization, person) (a unique constraint); only members
of the organization get one. Lock order: the schedule row.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from hub.access import changeable, scope_for
from hub.accounts.models import User
from hub.care.actions.common import (
    _now,
    _require,
)
from hub.care.models import (
    WelfareCall,
    WelfareSchedule,
)
from hub.errors import DomainError
from hub.people.models import Membership, Organization, Person


# Welfare calls ---------------------------------------------------------------------------------
def _may_schedule(by: User, organization: Organization, person: Person) -> bool:
    scope = scope_for(by)
    if scope.is_superuser or organization.pk in scope.admin_org_ids:
        return True
    return Membership.objects.filter(
        person=person, branch_id__in=scope.branch_ids, branch__organization=organization
    ).exists()


@transaction.atomic
def schedule_welfare_calls(
    *,
    by: User,
    organization: Organization,
    person: Person,
    reason: str,
    every_days: int = 3,
    caller: Person | None = None,
    now: dt.datetime | None = None,
) -> WelfareSchedule:
    """Schedule care calls to one of the organization's own people; the first is due now.

    Raises DomainError (forbidden, not_a_member, invalid_reason, invalid_every, already_scheduled).
    """
    if not Membership.objects.filter(person=person, branch__organization=organization).exists():
        raise DomainError(
            _("Welfare calls are for the organization's own people."), code="not_a_member"
        )
    if not _may_schedule(by, organization, person):
        raise DomainError(
            _("Only the organization's admins or the person's branch secretary may do this."),
            code="forbidden",
        )
    if reason not in WelfareSchedule.Reason.values:
        raise DomainError(_("Choose why they get calls."), code="invalid_reason", field="reason")
    if not 1 <= every_days <= 60:
        raise DomainError(_("Call every 1 to 60 days."), code="invalid_every", field="every_days")
    if WelfareSchedule.objects.filter(
        organization=organization, person=person, active=True
    ).exists():
        raise DomainError(_("This person already has scheduled calls."), code="already_scheduled")
    return WelfareSchedule.objects.create(
        organization=organization,
        person=person,
        reason=reason,
        every_days=every_days,
        caller=caller,
        next_due_at=_now(now),
    )


@transaction.atomic
def schedule_seconded_staff(
    *, by: User, organization: Organization, every_days: int = 3, now: dt.datetime | None = None
) -> list[WelfareSchedule]:
    """Schedule calls to every member seconded elsewhere (``Membership.seconded_to``) who has
    none yet. Raises DomainError (forbidden)."""
    seconded = (
        Person.objects.filter(memberships__branch__organization=organization)
        .exclude(memberships__seconded_to="")
        .filter(memberships__seconded_to__isnull=False)
        .exclude(welfare_schedules__organization=organization, welfare_schedules__active=True)
        .distinct()
        .order_by("pk")
    )
    return [
        schedule_welfare_calls(
            by=by,
            organization=organization,
            person=p,
            reason=WelfareSchedule.Reason.SECONDED,
            every_days=every_days,
            now=now,
        )
        for p in seconded
    ]


@transaction.atomic
def record_welfare_call(
    *,
    by: User,
    schedule: WelfareSchedule,
    wellbeing: str,
    needs: str = "",
    follow_up: str = "",
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> WelfareCall:
    """Log a welfare call; the next one is due ``every_days`` later.

    Raises DomainError (forbidden, required).
    """
    now = _now(now)
    row = (
        changeable(by, WelfareSchedule.objects.filter(pk=schedule.pk))
        .select_for_update(of=("self",))
        .first()
    )
    scope = scope_for(by)
    if row is None:
        row = WelfareSchedule.objects.filter(
            pk=schedule.pk, caller_id=scope.person_id or -1
        ).first()
    if row is None:
        raise DomainError(
            _("Only the organization's admins, the branch secretary or the caller may log calls."),
            code="forbidden",
        )
    wellbeing = _require(wellbeing, _("Say how they are."), "wellbeing")
    at = at or now
    call = WelfareCall.objects.create(
        schedule=row,
        at=at,
        recorded_by=by,
        wellbeing=wellbeing[:300],
        needs=needs.strip()[:300],
        follow_up=follow_up.strip()[:300],
    )
    WelfareSchedule.objects.filter(pk=row.pk).update(
        next_due_at=at + dt.timedelta(days=row.every_days)
    )
    return call


@transaction.atomic
def complete_follow_up(
    *, by: User, call: WelfareCall, now: dt.datetime | None = None
) -> WelfareCall:
    """Mark a welfare call's follow-up done. Raises DomainError (forbidden, nothing_to_follow)."""
    row = (
        changeable(by, WelfareCall.objects.filter(pk=call.pk))
        .select_for_update(of=("self",))
        .first()
    )
    if row is None:
        raise DomainError(
            _("Only the organization's admins or the branch secretary may do this."),
            code="forbidden",
        )
    if not row.has_open_follow_up:
        raise DomainError(_("There is no open follow-up on this call."), code="nothing_to_follow")
    row.follow_up_done_at = _now(now)
    row.save(update_fields=["follow_up_done_at"])
    return row
