"""Assisted orders (代下单): a volunteer records an order placed for a resident without a phone.

Invariants: an order names a household of the night's compound (a room that is not found is
refused, nothing is written); it is ``ordered`` until its parcel is linked (``arrived``) or it is
cancelled; a parcel carries at most one order, and linking it sets the parcel's door delivery
first and names the volunteer who ordered. Only the one who recorded it and the compound's
managers change an order. The link writes a custody note on the parcel.
Lock order: the night row, then the order, then the parcel.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.errors import DomainError
from hub.places.models import Household
from hub.supplies.actions.common import authorize_work, custody, lock_night, now_or
from hub.supplies.models import AssistedOrder, CustodyEvent, Night, Parcel
from hub.supplies.queries import find_parcel, may_manage
from hub.supplies.rooms import find_household

MAX_ITEMS = 500


def _authorize_order(by: User, order: AssistedOrder) -> None:
    if by.pk != order.recorded_by_id and not may_manage(by, order.night):
        raise DomainError(
            _("Only the volunteer who recorded this order or the coordinator may change it."),
            code="forbidden",
        )


def _locked(order: AssistedOrder) -> AssistedOrder:
    lock_night(order.night)
    return (
        AssistedOrder.objects.select_for_update(of=("self",))
        .select_related("night", "household__building")
        .get(pk=order.pk)
    )


def _refuse_unless_waiting(order: AssistedOrder) -> None:
    if not order.may_link:
        raise DomainError(
            _("This order is “%(status)s”; it can no longer change.")
            % {"status": order.get_status_display()},
            code="order_closed",
        )


@transaction.atomic
def record_assisted_order(
    *,
    by: User,
    night: Night,
    resident_name: str,
    items: str,
    room_text: str = "",
    household: Household | None = None,
    shop: str = "",
    now: dt.datetime | None = None,
) -> AssistedOrder:
    """Record an order placed for a resident who cannot use a phone.

    Raises DomainError (forbidden, room_required, room_not_found, wrong_compound,
    name_required, items_required, items_too_long).
    """
    at = now_or(now)
    authorize_work(by, night)
    night = lock_night(night)
    room_text = " ".join(room_text.split())[:60]
    if household is None:
        if not room_text:
            raise DomainError(
                _("Which room is it for? Type it like 3-1202."),
                code="room_required",
                field="room",
            )
        household = find_household(night.compound_id, room_text)
        if household is None:
            raise DomainError(
                _("No room “%(room)s” in this compound.") % {"room": room_text},
                code="room_not_found",
                field="room",
            )
    if household.building.compound_id != night.compound_id:
        raise DomainError(
            _("That room is not in this compound."), code="wrong_compound", field="room"
        )
    name = " ".join(resident_name.split())
    if not name:
        raise DomainError(
            _("Whom is the order for? Write the resident's name."),
            code="name_required",
            field="resident_name",
        )
    items = items.strip()
    if not items:
        raise DomainError(_("Write what was ordered."), code="items_required", field="items")
    if len(items) > MAX_ITEMS or len(name) > 60:
        raise DomainError(
            _("Keep the order under %(n)s characters and the name under 60.") % {"n": MAX_ITEMS},
            code="items_too_long",
            field="items",
        )
    return AssistedOrder.objects.create(
        night=night,
        household=household,
        resident_name=name,
        items=items,
        shop=" ".join(shop.split())[:60],
        volunteer_id=by.person_id,
        recorded_by=by,
        recorded_at=at,
    )


@transaction.atomic
def link_assisted_parcel(
    *,
    by: User,
    order: AssistedOrder,
    code: str = "",
    parcel: Parcel | None = None,
    now: dt.datetime | None = None,
) -> AssistedOrder:
    """The goods came through the gate: link the parcel (named by a scan or given).

    The parcel must be for the order's room; it is then delivered to the door first.
    Raises DomainError (forbidden, order_closed, unknown_code, wrong_room, already_linked).
    """
    at = now_or(now)
    _authorize_order(by, order)
    order = _locked(order)
    _refuse_unless_waiting(order)
    if parcel is None:
        parcel = find_parcel(order.night, code)
    parcel = Parcel.objects.select_for_update().get(pk=parcel.pk)
    if parcel.night_id != order.night_id or parcel.household_id != order.household_id:
        raise DomainError(
            _("Parcel %(code)s is not for this order's room.") % {"code": parcel.pick_code},
            code="wrong_room",
            field="code",
        )
    if AssistedOrder.objects.filter(parcel=parcel).exists():
        raise DomainError(
            _("Parcel %(code)s already belongs to another assisted order.")
            % {"code": parcel.pick_code},
            code="already_linked",
            field="code",
        )
    order.parcel, order.status, order.arrived_at = parcel, AssistedOrder.Status.ARRIVED, at
    order.save(update_fields=["parcel", "status", "arrived_at"])
    parcel.priority, parcel.assisted_by_id = True, order.volunteer_id
    parcel.save(update_fields=["priority", "assisted_by", "updated_at"])
    custody(
        parcel,
        CustodyEvent.Stage.GATE,
        by=by,
        at=at,
        scanned=code,
        note=_("assisted order #%(n)s") % {"n": order.pk},
    )
    return order


@transaction.atomic
def cancel_assisted_order(
    *, by: User, order: AssistedOrder, now: dt.datetime | None = None
) -> AssistedOrder:
    """The resident no longer wants it, or the shop refused. Raises DomainError
    (forbidden, order_closed)."""
    now_or(now)
    _authorize_order(by, order)
    order = _locked(order)
    _refuse_unless_waiting(order)
    order.status = AssistedOrder.Status.CANCELLED
    order.save(update_fields=["status"])
    return order
