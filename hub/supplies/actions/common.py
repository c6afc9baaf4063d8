"""Pieces every supplies action shares: authorization, locking, pick codes, custody rows.

The reads they decide with (``may_manage``, ``may_work``) live in ``hub.supplies.queries``.

Lock order (every write module): the night row first (``select_for_update``), then parcels in
primary-key order, then trips in primary-key order.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.errors import DomainError
from hub.imports.rows import building_key
from hub.places.models import Household
from hub.supplies.models import CustodyEvent, Night, Parcel, Trip
from hub.supplies.queries import may_manage, may_work


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def authorize_manage(by: User, night: Night) -> None:
    if not may_manage(by, night):
        raise DomainError(
            _("Only the compound's coordinator or its organization's admin may do this."),
            code="forbidden",
        )


def authorize_work(by: User, night: Night) -> None:
    if not may_work(by, night):
        raise DomainError(
            _("Only the compound's coordinator and tonight's crew may handle parcels."),
            code="forbidden",
        )


def lock_night(night: Night) -> Night:
    return Night.objects.select_for_update().get(pk=night.pk)


def take_pick_codes(night: Night, households: list[Household | None]) -> list[str]:
    """Short pick codes ("3-0042": building, then the night's running number), one per parcel.

    Takes the numbers with one conditional UPDATE on the locked night row, so two gates never
    write the same code.
    """
    count = len(households)
    Night.objects.filter(pk=night.pk).update(next_pick=F("next_pick") + count)
    start = Night.objects.values_list("next_pick", flat=True).get(pk=night.pk) - count
    codes = []
    for offset, household in enumerate(households):
        prefix = building_key(household.building.name) if household is not None else "?"
        codes.append(f"{prefix}-{start + offset:04d}")
    return codes


def custody(
    parcel: Parcel,
    stage: str,
    *,
    by: User | None,
    at: dt.datetime,
    scanned: str = "",
    trip: Trip | None = None,
    note: str = "",
) -> CustodyEvent:
    return CustodyEvent.objects.create(
        parcel=parcel, stage=stage, by=by, at=at, scanned=scanned[:64], trip=trip, note=note[:200]
    )


def move(parcel: Parcel, status: str) -> None:
    """The one place statuses change: refuse a move the transitions map does not allow."""
    if not parcel.may_become(status):
        raise DomainError(
            _("Parcel %(code)s is “%(now)s” and cannot become “%(next)s”.")
            % {
                "code": parcel.pick_code,
                "now": parcel.get_status_display(),
                "next": Parcel.Status(status).label,
            },
            code="bad_transition",
        )
    parcel.status = status
