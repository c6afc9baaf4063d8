"""Intake at the gate: open a night, receive a parcel, resolve an unknown room, government packs.

Invariants: a courier barcode is received once per compound (a database constraint; the second
scan is refused naming the first parcel); a parcel whose room is not found is kept as
``unmatched`` with the text as typed, never dropped; one government pack per household per
night, so issuing again adds nothing. Every parcel starts with a ``gate`` custody event.
Lock order: the night row, then parcels in primary-key order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.formats import time_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Person
from hub.places.models import Building, Compound, Household
from hub.privacy.masking import mask_room
from hub.supplies.access import manages_compound
from hub.supplies.actions.common import (
    authorize_manage,
    authorize_work,
    custody,
    lock_night,
    move,
    now_or,
    take_pick_codes,
)
from hub.supplies.models import CustodyEvent, Night, Parcel
from hub.supplies.queries import normalize_barcode
from hub.supplies.rooms import find_household
from hub.volunteering.models import Shift

MAX_WEIGHT_G = 50_000
MAX_QUANTITY = 99


@transaction.atomic
def open_night(
    *,
    by: User,
    compound: Compound,
    date: dt.date,
    title: str = "",
    sorting_shift: Shift | None = None,
    delivery_shift: Shift | None = None,
) -> Night:
    """Open (or return) the compound's night of ``date``; its shifts name the crew.

    Raises DomainError (forbidden).
    """
    from hub.access import scope_for

    scope = scope_for(by)
    if not (
        scope.is_superuser
        or Compound.objects.filter(manages_compound(scope), pk=compound.pk).exists()
    ):
        raise DomainError(
            _("Only the compound's coordinator or its organization's admin may do this."),
            code="forbidden",
        )
    night, created = Night.objects.get_or_create(
        compound=compound,
        date=date,
        defaults={
            "title": title.strip()[:120],
            "sorting_shift": sorting_shift,
            "delivery_shift": delivery_shift,
            "created_by": by,
        },
    )
    if not created and (sorting_shift or delivery_shift):
        night.sorting_shift = sorting_shift or night.sorting_shift
        night.delivery_shift = delivery_shift or night.delivery_shift
        night.save(update_fields=["sorting_shift", "delivery_shift"])
    return night


def duplicate_message(earlier: Parcel) -> str:
    where = (
        f"{earlier.household.building.name} {mask_room(earlier.household.room)}"
        if earlier.household is not None
        else _("room not found")
    )
    return _("This barcode was already received as parcel %(code)s (%(where)s) at %(time)s.") % {
        "code": earlier.pick_code,
        "where": where,
        "time": time_format(localtime(earlier.received_at), "H:i"),
    }


def _check_barcode(compound_id: int, barcode: str) -> None:
    if not barcode:
        return
    earlier = (
        Parcel.objects.filter(compound_id=compound_id, barcode=barcode)
        .select_related("household__building")
        .first()
    )
    if earlier is not None:
        raise DomainError(duplicate_message(earlier), code="duplicate_barcode", field="barcode")


def _check_amounts(weight_g: int, quantity: int) -> None:
    if not 0 < weight_g <= MAX_WEIGHT_G:
        raise DomainError(
            _("A parcel weighs between 1 g and %(max)s kg.") % {"max": MAX_WEIGHT_G // 1000},
            code="bad_weight",
            field="weight_g",
        )
    if not 0 < quantity <= MAX_QUANTITY:
        raise DomainError(
            _("Portions must be between 1 and %(max)s.") % {"max": MAX_QUANTITY},
            code="bad_quantity",
            field="quantity",
        )


@transaction.atomic
def receive_parcel(
    *,
    by: User,
    night: Night,
    kind: str = Parcel.Kind.COURIER,
    household: Household | None = None,
    room_text: str = "",
    barcode: str = "",
    weight_g: int = 1000,
    quantity: int = 1,
    priority: bool = False,
    note: str = "",
    assisted_by: Person | None = None,
    now: dt.datetime | None = None,
) -> Parcel:
    """Receive one parcel at the gate and give it a pick code.

    The room is a household of the night's compound, or the text as typed ("3-1202",
    "3号楼1202"); a text that names no household keeps the parcel on the exceptions list.
    Raises DomainError (forbidden, duplicate_barcode, bad_kind, room_required, wrong_compound,
    bad_weight, bad_quantity).
    """
    at = now_or(now)
    authorize_work(by, night)
    night = lock_night(night)
    if kind not in Parcel.Kind.values:
        raise DomainError(_("Unknown kind of parcel."), code="bad_kind", field="kind")
    barcode = normalize_barcode(barcode)
    room_text = " ".join(room_text.split())[:60]
    _check_amounts(weight_g, quantity)
    if household is None and not room_text:
        raise DomainError(
            _("Which room is it for? Type it like 3-1202 or pick it from the list."),
            code="room_required",
            field="room",
        )
    if household is not None and household.building.compound_id != night.compound_id:
        raise DomainError(
            _("That room is not in this compound."), code="wrong_compound", field="room"
        )
    if household is None:
        household = find_household(night.compound_id, room_text)
    _check_barcode(night.compound_id, barcode)
    (code,) = take_pick_codes(night, [household])
    try:
        with transaction.atomic():
            parcel = Parcel.objects.create(
                night=night,
                compound_id=night.compound_id,
                household=household,
                kind=kind,
                status=Parcel.Status.RECEIVED if household else Parcel.Status.UNMATCHED,
                pick_code=code,
                barcode=barcode,
                raw_room=room_text,
                quantity=quantity,
                weight_g=weight_g,
                priority=priority,
                note=note.strip()[:200],
                assisted_by=assisted_by,
                received_by=by,
                received_at=at,
            )
    except IntegrityError:
        # Another gate wrote the same barcode between our check and our insert.
        _check_barcode(night.compound_id, barcode)
        raise
    custody(parcel, CustodyEvent.Stage.GATE, by=by, at=at, scanned=barcode or code)
    return parcel


@transaction.atomic
def resolve_room(
    *,
    by: User,
    parcel: Parcel,
    household: Household | None = None,
    room_text: str = "",
    now: dt.datetime | None = None,
) -> Parcel:
    """Give an unmatched parcel its household; it joins the queue as received.

    Raises DomainError (forbidden, bad_transition, room_not_found, wrong_compound).
    """
    at = now_or(now)
    authorize_work(by, parcel.night)
    lock_night(parcel.night)
    parcel = Parcel.objects.select_for_update().get(pk=parcel.pk)
    if household is None:
        household = find_household(parcel.compound_id, room_text)
        if household is None:
            raise DomainError(
                _("No room “%(room)s” in this compound.") % {"room": room_text},
                code="room_not_found",
                field="room",
            )
    if household.building.compound_id != parcel.compound_id:
        raise DomainError(
            _("That room is not in this compound."), code="wrong_compound", field="room"
        )
    move(parcel, Parcel.Status.RECEIVED)
    parcel.household = household
    parcel.save(update_fields=["status", "household", "updated_at"])
    custody(parcel, CustodyEvent.Stage.GATE, by=by, at=at, note=_("room found"))
    return parcel


@transaction.atomic
def issue_government_packs(
    *,
    by: User,
    night: Night,
    buildings: Iterable[Building] | None = None,
    weight_g: int = 5000,
    now: dt.datetime | None = None,
) -> int:
    """One government supply pack per household of the compound (or of ``buildings``).

    Idempotent: households that already have tonight's pack are skipped, so a second call adds
    nothing. Returns how many packs were added; each gets a gate custody event (the bulk
    write's audit trail). Raises DomainError (forbidden, wrong_compound, bad_weight).
    """
    at = now_or(now)
    authorize_manage(by, night)
    night = lock_night(night)
    _check_amounts(weight_g, 1)
    households = Household.objects.filter(building__compound_id=night.compound_id)
    if buildings is not None:
        chosen = [b.pk for b in buildings]
        if Building.objects.filter(pk__in=chosen).exclude(compound_id=night.compound_id).exists():
            raise DomainError(
                _("Those buildings are not all in this compound."), code="wrong_compound"
            )
        households = households.filter(building_id__in=chosen)
    have = Parcel.objects.filter(night=night, kind=Parcel.Kind.GOVERNMENT).values("household_id")
    todo = list(
        households.exclude(pk__in=have).select_related("building").order_by("building", "sort_key")
    )
    if not todo:
        return 0
    codes = take_pick_codes(night, list(todo))
    parcels = [
        Parcel(
            night=night,
            compound_id=night.compound_id,
            household=household,
            kind=Parcel.Kind.GOVERNMENT,
            status=Parcel.Status.RECEIVED,
            pick_code=code,
            weight_g=weight_g,
            received_by=by,
            received_at=at,
        )
        for household, code in zip(todo, codes, strict=True)
    ]
    Parcel.objects.bulk_create(parcels, batch_size=500)
    created = Parcel.objects.filter(night=night, pick_code__in=codes).values_list("pk", "pick_code")
    CustodyEvent.objects.bulk_create(
        [
            CustodyEvent(parcel_id=pk, stage=CustodyEvent.Stage.GATE, by=by, at=at, scanned=code)
            for pk, code in created
        ],
        batch_size=500,
    )
    return len(parcels)
