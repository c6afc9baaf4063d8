"""Certificates of service hours (志愿服务证明): requesting one, and printing a batch.

A certificate sums only the confirmed volunteer hours its issuer recorded in the period
(docs/domain.md §3 rules 1 and 7, "谁记录谁证明"). It is free, numbered per issuer and year, and
registered: the Certificate row is the register, and it snapshots every printed field so the
paper and the public verification page never change afterwards. The figures come from the
issuer's own records in Shouwang; nothing here is an officially certified total (rule 10).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import changeable, scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.hours.models import Certificate, CertificateSequence, HourEntry
from hub.hours.queries import batch_candidates, confirmed_hours, may_request_for
from hub.jobs.models import Job
from hub.people.models import Organization, Person
from hub.privacy.masking import mask_id_number

BATCH_JOB = "hours.certificates_batch"
NUMBER_PREFIX = "SW"
# Beyond this many activities the content line ends in "等" so it fits its box on paper.
MAX_ACTIVITIES = 6
MAX_PLACES = 3
MAX_PERIOD_DAYS = 3 * 366


def format_number(issuer_id: int, year: int, serial: int) -> str:
    """``SW-<issuer id>-<year>-<serial, 6 digits>``: unique per issuer and year by construction."""
    return f"{NUMBER_PREFIX}-{issuer_id}-{year}-{serial:06d}"


def _display_name(user: User) -> str:
    person = user.person if user.person_id else None
    return (person.name if person else "") or user.get_full_name() or user.username


def _volunteer_entries(person: Person, issuer: Organization, start: dt.date, end: dt.date) -> Any:
    return HourEntry.objects.filter(
        person=person,
        organization=issuer,
        kind=HourEntry.Kind.VOLUNTEER,
        status=HourEntry.Status.CONFIRMED,
        served_on__gte=start,
        served_on__lte=end,
    )


def _check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise DomainError(
            _("The period must end on or after the day it starts."),
            code="period_order",
            field="end",
        )
    if (end - start).days > MAX_PERIOD_DAYS:
        raise DomainError(
            _("A certificate covers at most three years; choose a shorter period."),
            code="period_too_long",
            field="start",
        )


def summarize_content(person: Person, issuer: Organization, start: dt.date, end: dt.date) -> str:
    """The content of service from the ledger, e.g. ``理货、送货（青年公寓）`` (one query).

    Activities in the order they were first served, each only if its net confirmed hours are
    positive (a fully reversed entry does not show); then the places served at.
    """
    rows = (
        _volunteer_entries(person, issuer, start, end)
        .values("activity", "place")
        .annotate(hours=Sum("hours"), first=Min("served_on"))
        .order_by("first", "activity", "place")
    )
    net: dict[str, Decimal] = {}
    first: dict[str, dt.date] = {}
    places: dict[str, Decimal] = {}
    for row in rows:
        activity = row["activity"].strip()
        net[activity] = net.get(activity, Decimal(0)) + row["hours"]
        first.setdefault(activity, row["first"])
        if row["place"].strip():
            places[row["place"].strip()] = (
                places.get(row["place"].strip(), Decimal(0)) + row["hours"]
            )
    activities = [a for a in sorted(net, key=lambda a: (first[a], a)) if net[a] > 0 and a]
    served_places = [p for p, hours in places.items() if hours > 0]
    text = "、".join(activities[:MAX_ACTIVITIES]) + (
        "等" if len(activities) > MAX_ACTIVITIES else ""
    )
    if served_places:
        where = "、".join(served_places[:MAX_PLACES])
        where += "等" if len(served_places) > MAX_PLACES else ""
        text = f"{text}（{where}）" if text else where
    return text or _("Volunteer service")


def _lock_sequence(issuer: Organization, year: int) -> CertificateSequence:
    # The row lock on (issuer, year) is held until commit, so concurrent requests queue here
    # and each takes the next serial; SQLite's IMMEDIATE transactions serialize them anyway.
    CertificateSequence.objects.get_or_create(issuer=issuer, year=year)
    return CertificateSequence.objects.select_for_update().get(issuer=issuer, year=year)


@transaction.atomic
def request_certificate(
    *,
    by: User,
    person: Person,
    issuer: Organization,
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
) -> Certificate:
    """Issue and register ``issuer``'s certificate of ``person``'s hours from ``start`` to ``end``.

    Sums only the confirmed volunteer hours the issuer recorded for the person in the period
    (dates inclusive; duty records and pending entries never count). Numbers it uniquely per
    issuer and year of issue under a row lock, and snapshots the printed fields: name, ID type,
    the ID number masked, hours, content, period, issuer, person in charge, handler (the
    requesting coordinator, or the issuer's person in charge when the volunteer asks), contact.
    Asking again for the same period while the total is unchanged returns the certificate
    already issued instead of a second number (a double click, a retried batch job).

    Raises DomainError: ``forbidden`` (``by`` is neither the volunteer nor a coordinator or
    admin of the issuer), ``period_order``, ``period_too_long``, ``no_hours`` (nothing
    confirmed to certify).
    """
    if not may_request_for(by, person=person, issuer=issuer):
        raise DomainError(
            _(
                "Only the volunteer, or a coordinator or admin of the issuing organization, "
                "may ask for this certificate."
            ),
            code="forbidden",
        )
    _check_period(start, end)
    hours = confirmed_hours(person=person, organization=issuer, start=start, end=end)
    if hours <= 0:
        raise DomainError(
            _(
                "%(issuer)s has no confirmed volunteer hours of %(name)s "
                "between %(start)s and %(end)s."
            )
            % {"issuer": issuer.name, "name": person.masked_name, "start": start, "end": end},
            code="no_hours",
        )
    issued_on = timezone.localdate(now or timezone.now())
    sequence = _lock_sequence(issuer, issued_on.year)
    # Checked under the sequence lock, so two identical requests cannot both issue.
    existing = Certificate.objects.filter(
        person=person, issuer=issuer, period_start=start, period_end=end, hours=hours
    ).first()
    if existing is not None:
        return existing
    serial = sequence.last + 1
    CertificateSequence.objects.filter(pk=sequence.pk).update(last=serial)
    is_self = by.person_id is not None and by.person_id == person.pk
    return Certificate.objects.create(
        number=format_number(issuer.pk, issued_on.year, serial),
        person=person,
        issuer=issuer,
        period_start=start,
        period_end=end,
        hours=hours,
        content=summarize_content(person, issuer, start, end),
        person_name=person.name,
        id_type=person.id_type if person.id_number else "",
        id_number_masked=mask_id_number(person.id_number),
        issuer_name=issuer.name,
        person_in_charge=issuer.person_in_charge,
        handler_name=(issuer.person_in_charge if is_self else _display_name(by))[:60],
        contact=issuer.contact_phone,
        issued_on=issued_on,
        issued_by=by,
    )


# Batch printing ------------------------------------------------------------------------------
def _authorize_batch(by: User, issuer: Organization) -> None:
    scope = scope_for(by)
    if scope.is_superuser or issuer.pk in scope.admin_org_ids:
        return
    if (
        issuer.pk in scope.org_ids
        and changeable(by, HourEntry.objects.filter(organization=issuer)).exists()
    ):
        return
    raise DomainError(
        _("Only a coordinator or admin of the issuing organization may print its certificates."),
        code="forbidden",
    )


@transaction.atomic
def start_certificate_batch(
    *,
    by: User,
    issuer: Organization,
    start: dt.date,
    end: dt.date,
    people: Iterable[Person] | None = None,
    language: str = "",
) -> Job:
    """Queue a background job issuing ``issuer``'s certificates for ``people`` (default: everyone
    with confirmed hours in the period whose entries ``by`` manages) as one printable PDF.

    The job stores only the certificate ids; the PDF is rendered again on download (rendering is
    deterministic), so any stateless app server can serve it. People outside ``by``'s reach are
    left out.

    Raises DomainError: ``forbidden``, ``period_order``, ``period_too_long``, ``no_hours`` (no one
    to certify).
    """
    from hub.hours import jobs  # noqa: F401  (registers the handler in this process)
    from hub.jobs.actions import create_job

    _authorize_batch(by, issuer)
    _check_period(start, end)
    reachable = batch_candidates(by, issuer=issuer, start=start, end=end)
    if people is not None:
        wanted = {p.pk for p in people}
        reachable = [p for p in reachable if p.pk in wanted]
    if not reachable:
        raise DomainError(
            _("No one has confirmed volunteer hours from %(issuer)s in this period.")
            % {"issuer": issuer.name},
            code="no_hours",
        )
    return create_job(
        kind=BATCH_JOB,
        by=by,
        organization_id=issuer.pk,
        params={
            "issuer_id": issuer.pk,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "person_ids": [p.pk for p in reachable],
            "by_id": by.pk,
            "language": language,
        },
    )
