"""Reads for the volunteer's own pages: my shifts, my sign-ups, my hours, my certificates.

Everything is the signed-in user's own person's rows, scoped through ``hub.access.visible``
(own rows are visible to their person), and each read runs a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from hub.access import visible
from hub.hours.models import Certificate, CorrectionRequest, HourEntry
from hub.hours.queries import ZERO, totals_by_month_and_activity
from hub.people.models import Organization, Person
from hub.volunteering.models import Shift, SignUp

PAST_SHIFTS = 50


def my_person(user: Any) -> Person | None:
    """The person behind ``user`` (None for accounts without one, e.g. a platform admin)."""
    return user.person if getattr(user, "person_id", None) else None


def _my_signups(user: Any) -> QuerySet[SignUp]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return SignUp.objects.none()
    return visible(user, SignUp.objects.filter(person_id=person_id)).select_related(
        "shift", "shift__post", "shift__post__organization", "drive"
    )


# Cancelling a shift withdraws its sign-ups; those stay listed (marked) so the change is seen.
ON_MY_CALENDAR = Q(status=SignUp.Status.APPROVED) | Q(
    status=SignUp.Status.WITHDRAWN, shift__status=Shift.Status.CANCELLED
)


def my_shifts(user: Any, *, now: dt.datetime) -> tuple[list[SignUp], list[SignUp]]:
    """My approved shifts: (upcoming or under way, soonest first; past, latest first).

    Two queries. Cancelled shifts I was on stay listed, marked, so a volunteer sees the change.
    """
    approved = _my_signups(user).filter(ON_MY_CALENDAR)
    upcoming = list(approved.filter(shift__ends_at__gt=now).order_by("shift__starts_at", "id"))
    past = list(
        approved.filter(shift__ends_at__lte=now).order_by("-shift__starts_at", "-id")[:PAST_SHIFTS]
    )
    return upcoming, past


def my_signups(user: Any) -> QuerySet[SignUp]:
    """All my sign-ups, newest first, with shift, post and drive (one query)."""
    return _my_signups(user).order_by("-created_at", "-id")


def calendar_signups(user: Any, *, since: dt.datetime) -> list[SignUp]:
    """My shifts ending after ``since`` for the iCal feed, cancelled ones included so that
    subscribed calendars drop them (one query)."""
    return list(
        _my_signups(user)
        .filter(ON_MY_CALENDAR, shift__ends_at__gt=since)
        .order_by("shift__starts_at", "id")
    )


@dataclass(frozen=True)
class IssuerHours:
    """What one organization recorded for me: confirmed hours, pending count, service dates."""

    organization: Organization
    confirmed: Decimal
    pending_entries: int
    first_served: dt.date | None
    last_served: dt.date | None

    @property
    def certificate_start(self) -> dt.date | None:
        """The first day a certificate form offers: the first served, unless that makes the
        period longer than a certificate may cover (then the longest period ending last)."""
        from hub.hours.actions.certificates import MAX_PERIOD_DAYS

        if self.first_served is None or self.last_served is None:
            return self.first_served
        earliest = self.last_served - dt.timedelta(days=MAX_PERIOD_DAYS)
        return max(self.first_served, earliest)


@dataclass(frozen=True)
class MyHours:
    confirmed_total: Decimal
    pending_total: Decimal
    pending_entries: int
    by_month: list[dict[str, Any]]
    by_issuer: list[IssuerHours]
    corrections: list[HourEntry]
    requests: list[CorrectionRequest]


def my_hours(user: Any) -> MyHours:
    """My volunteer hours: confirmed and pending apart, per month and activity, per issuer,
    and the corrections with their reasons (five queries, whatever the number of entries)."""
    person = my_person(user)
    if person is None:
        return MyHours(ZERO, ZERO, 0, [], [], [], [])
    mine = visible(user, HourEntry.objects.filter(person=person, kind=HourEntry.Kind.VOLUNTEER))
    confirmed = Q(status=HourEntry.Status.CONFIRMED)
    pending = Q(status=HourEntry.Status.PENDING)
    per_issuer = (
        mine.values("organization_id")
        .annotate(
            confirmed=Sum("hours", filter=confirmed),
            pending=Count("id", filter=pending),
            pending_hours=Sum("hours", filter=pending),
            first=Min("served_on", filter=confirmed),
            last=Max("served_on", filter=confirmed),
        )
        .order_by("organization_id")
    )
    rows = list(per_issuer)
    orgs = Organization.objects.in_bulk([r["organization_id"] for r in rows])
    by_issuer = [
        IssuerHours(
            organization=orgs[r["organization_id"]],
            confirmed=(r["confirmed"] or ZERO).quantize(Decimal("0.01")),
            pending_entries=r["pending"],
            first_served=r["first"],
            last_served=r["last"],
        )
        for r in rows
    ]
    by_issuer.sort(key=lambda h: (-h.confirmed, h.organization.name))
    corrections = list(
        mine.exclude(entry_type=HourEntry.EntryType.ORIGINAL)
        .select_related("organization", "reverses")
        .order_by("-created_at", "-id")[:50]
    )
    requests = list(
        visible(user, CorrectionRequest.objects.filter(entry__person=person))
        .select_related("entry", "entry__organization")
        .order_by("-created_at", "-id")[:50]
    )
    return MyHours(
        confirmed_total=sum((h.confirmed for h in by_issuer), ZERO),
        pending_total=sum(((r["pending_hours"] or ZERO) for r in rows), ZERO),
        pending_entries=sum(h.pending_entries for h in by_issuer),
        by_month=totals_by_month_and_activity(person=person),
        by_issuer=by_issuer,
        corrections=corrections,
        requests=requests,
    )


def my_certificates(user: Any) -> QuerySet[Certificate]:
    """My certificates, newest first (one query)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Certificate.objects.none()
    return visible(user, Certificate.objects.filter(person_id=person_id)).order_by(
        "-issued_on", "-id"
    )
