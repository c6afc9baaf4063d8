"""A compound's supplies equipment, edited by its coordinator: carts and the walking map.

Invariants: a cart carries at least one parcel and one kilogram per trip (zero is refused with
the reason, nothing written); cart names are unique per compound; building positions are saved
all at once or not at all; a measured walk joins the gate or a building to another building of
the same compound, in both directions (an empty value removes it, so the straight line counts
again). Only the compound's managers change these (``manages_compound``).
Lock order: the compound row first.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from hub.access import scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.places.models import Building, Compound
from hub.supplies.access import manages_compound
from hub.supplies.models import BuildingSpot, Cart, WalkingDistance

MAX_COUNT = 500
MAX_KG = 1000
MAX_METRES = 20_000


def _authorize(by: User, compound: Compound) -> Compound:
    scope = scope_for(by)
    if not (
        scope.is_superuser
        or Compound.objects.filter(manages_compound(scope), pk=compound.pk).exists()
    ):
        raise DomainError(
            _("Only the compound's coordinator or its organization's admin may do this."),
            code="forbidden",
        )
    return Compound.objects.select_for_update().get(pk=compound.pk)


@transaction.atomic
def save_cart(
    *,
    by: User,
    compound: Compound,
    name: str,
    capacity_count: int,
    capacity_kg: int,
    active: bool = True,
    cart: Cart | None = None,
) -> Cart:
    """Add a cart, or change ``cart``. Raises DomainError (forbidden, wrong_compound,
    name_required, zero_capacity, capacity_too_big, duplicate_name)."""
    compound = _authorize(by, compound)
    if cart is not None and cart.compound_id != compound.pk:
        raise DomainError(_("That cart is not in this compound."), code="wrong_compound")
    name = " ".join(name.split())[:60]
    if not name:
        raise DomainError(
            _("Give the cart a name, e.g. 1号车."), code="name_required", field="name"
        )
    for field, value in (("capacity_count", capacity_count), ("capacity_kg", capacity_kg)):
        if value is None or value <= 0:
            raise DomainError(
                _("A cart carries at least one parcel and one kilogram per trip."),
                code="zero_capacity",
                field=field,
            )
    if capacity_count > MAX_COUNT or capacity_kg > MAX_KG:
        raise DomainError(
            _("A cart carries at most %(n)s parcels and %(kg)s kg per trip.")
            % {"n": MAX_COUNT, "kg": MAX_KG},
            code="capacity_too_big",
            field="capacity_count" if capacity_count > MAX_COUNT else "capacity_kg",
        )
    same = Cart.objects.filter(compound=compound, name=name)
    if cart is not None:
        same = same.exclude(pk=cart.pk)
    if same.exists():
        raise DomainError(
            _("This compound already has a cart named “%(name)s”.") % {"name": name},
            code="duplicate_name",
            field="name",
        )
    row = cart or Cart(compound=compound)
    row.name, row.capacity_count, row.capacity_kg, row.active = (
        name,
        capacity_count,
        capacity_kg,
        active,
    )
    row.save()
    return row


def _check_metres(value: int, building: Building) -> None:
    if not -MAX_METRES <= value <= MAX_METRES:
        raise DomainError(
            _("%(building)s: a position is within %(max)s m of the gate.")
            % {"building": building.name, "max": MAX_METRES},
            code="bad_position",
        )


@transaction.atomic
def save_building_spots(
    *, by: User, compound: Compound, spots: Mapping[int, tuple[int, int]]
) -> int:
    """Where each building stands, in metres east and north of the gate; all or nothing.

    ``spots`` maps building ids to (east, north). Returns how many were saved.
    Raises DomainError (forbidden, wrong_compound, bad_position).
    """
    compound = _authorize(by, compound)
    buildings = {b.pk: b for b in Building.objects.filter(compound=compound, pk__in=list(spots))}
    if len(buildings) != len(spots):
        raise DomainError(_("A building is not in this compound."), code="wrong_compound")
    for building_id, (x, y) in spots.items():
        _check_metres(x, buildings[building_id])
        _check_metres(y, buildings[building_id])
    for building_id, (x, y) in spots.items():
        BuildingSpot.objects.update_or_create(
            building_id=building_id, defaults={"x_m": x, "y_m": y}
        )
    return len(spots)


@transaction.atomic
def set_walking_distance(
    *,
    by: User,
    compound: Compound,
    frm: Building | None,
    to: Building,
    metres: int | None,
) -> WalkingDistance | None:
    """A measured walk from the gate (``frm`` None) or a building to another building.

    ``metres`` None removes the measure. Raises DomainError (forbidden, wrong_compound,
    same_building, bad_metres).
    """
    compound = _authorize(by, compound)
    if to.compound_id != compound.pk or (frm is not None and frm.compound_id != compound.pk):
        raise DomainError(_("A building is not in this compound."), code="wrong_compound")
    if frm is not None and frm.pk == to.pk:
        raise DomainError(_("A walk joins two different places."), code="same_building", field="to")
    if metres is not None and not 0 < metres <= MAX_METRES:
        raise DomainError(
            _("A walk is between 1 m and %(max)s m.") % {"max": MAX_METRES},
            code="bad_metres",
            field="metres",
        )
    existing = WalkingDistance.objects.filter(compound=compound, frm=frm, to=to)
    if frm is not None:  # one measure per pair of buildings, whichever way it was typed
        existing = existing | WalkingDistance.objects.filter(compound=compound, frm=to, to=frm)
    existing.delete()
    if metres is None:
        return None
    return WalkingDistance.objects.create(compound=compound, frm=frm, to=to, metres=metres)
