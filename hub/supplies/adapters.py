"""The only bridge between supplies rows and the dispatch engine.

Rows → ``engines.dispatch.problem.Problem`` (buildings with their positions, the night's sorted
parcels, the compound's carts, the delivery shift's volunteers, trips on the road) and the
engine's ``InvalidProblem`` codes → DomainError messages in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from engines.dispatch.problem import Building as EngineBuilding
from engines.dispatch.problem import Cart as EngineCart
from engines.dispatch.problem import FixedTrip, Problem
from engines.dispatch.problem import Parcel as EngineParcel
from engines.dispatch.solver import InvalidProblem
from hub.errors import DomainError
from hub.places.models import Building
from hub.supplies.models import BuildingSpot, Cart, Night, Parcel, Trip, WalkingDistance
from hub.supplies.rooms import floor_of, unit_of
from hub.volunteering.models import SignUp

MESSAGES = {
    "no_carts": lambda d: _("No cart is in use at this compound: add a cart first."),
    "zero_capacity": lambda d: _(
        "A cart carries at least one parcel and one kilogram: fix its capacity."
    ),
    "no_volunteers": lambda d: _(
        "No delivery volunteer is on shift tonight: approve sign-ups on the delivery shift."
    ),
    "empty": lambda d: _("No sorted parcel is waiting: sort parcels before planning."),
    "unknown_building": lambda d: _("A parcel's building is not in this compound."),
    "too_heavy": lambda d: _("A parcel is heavier than any cart can carry."),
    "bad_distances": lambda d: _("The walking-distance table does not cover every building."),
    "no_free_cart": lambda d: _("Every cart is out on a trip: wait for one to come back."),
}


def domain_error(exc: InvalidProblem) -> DomainError:
    """The engine's refusal as a message for people."""
    message = MESSAGES.get(exc.code, lambda d: _("The plan cannot be made."))(exc.detail)
    return DomainError(message, code=exc.code)


def order_key(parcel: Parcel) -> str:
    """Door order inside a building: unit, floor, room."""
    room = parcel.household.room if parcel.household is not None else ""
    floor = floor_of(room) or 0
    return f"{unit_of(room):>4}|{floor:04d}|{room}"


def volunteer_ids(night: Night) -> list[int]:
    """People approved on the night's delivery shift, in sign-up order."""
    if night.delivery_shift_id is None:
        return []
    return list(
        SignUp.objects.filter(shift_id=night.delivery_shift_id, status=SignUp.Status.APPROVED)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )


def _distances(buildings: list[Building], night: Night) -> tuple[tuple[int, ...], ...] | None:
    rows = list(WalkingDistance.objects.filter(compound_id=night.compound_id))
    if not rows:
        return None
    index: dict[int | None, int] = {None: 0, **{b.pk: i + 1 for i, b in enumerate(buildings)}}
    spots = {
        s.building_id: (s.x_m, s.y_m) for s in BuildingSpot.objects.filter(building__in=buildings)
    }
    points = [(0, 0), *(spots.get(b.pk, (0, 0)) for b in buildings)]
    table = [
        [round(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5) for b in points] for a in points
    ]
    for row in rows:
        i, j = index.get(row.frm_id), index.get(row.to_id)
        if i is not None and j is not None:
            table[i][j] = table[j][i] = row.metres
    return tuple(tuple(r) for r in table)


def problem_for(
    night: Night, *, volunteers: list[int] | None = None
) -> tuple[Problem, dict[int, Parcel]]:
    """The night's problem: sorted parcels without a trip on the road, carts, volunteers."""
    buildings = list(Building.objects.filter(compound_id=night.compound_id).order_by("sort_key"))
    spots = {s.building_id: s for s in BuildingSpot.objects.filter(building__in=buildings)}
    parcels = list(
        Parcel.objects.filter(night=night, status=Parcel.Status.SORTED)
        .exclude(trip__status=Trip.Status.ON_ROAD)
        .select_related("household__building")
        .order_by("pk")
    )
    on_road = list(
        Trip.objects.filter(night=night, status=Trip.Status.ON_ROAD)
        .prefetch_related("parcels__household")
        .order_by("pk")
    )
    fixed = []
    for trip in on_road:
        stops: dict[int, list[int]] = {}
        for parcel in sorted(trip.parcels.all(), key=lambda p: p.pk):
            if parcel.household is not None:
                stops.setdefault(parcel.household.building_id, []).append(parcel.pk)
        fixed.append(
            FixedTrip(
                volunteer_id=trip.volunteer_id,
                cart_id=trip.cart_id,
                stops=tuple((b, tuple(ids)) for b, ids in stops.items()),
            )
        )
    carts = Cart.objects.filter(compound_id=night.compound_id, active=True).order_by("pk")
    problem = Problem(
        buildings=tuple(
            EngineBuilding(
                id=b.pk,
                name=b.name,
                x=float(spots[b.pk].x_m) if b.pk in spots else 0.0,
                y=float(spots[b.pk].y_m) if b.pk in spots else 0.0,
            )
            for b in buildings
        ),
        parcels=tuple(
            EngineParcel(
                id=p.pk,
                building_id=p.household.building_id,  # type: ignore[union-attr]
                weight=p.weight_g,
                priority=p.priority,
                order_key=order_key(p),
            )
            for p in parcels
        ),
        carts=tuple(
            EngineCart(
                id=c.pk, capacity_count=c.capacity_count, capacity_weight=c.capacity_kg * 1000
            )
            for c in carts
        ),
        volunteer_ids=tuple(volunteers if volunteers is not None else volunteer_ids(night)),
        distances=_distances(buildings, night),
        fixed_trips=tuple(fixed),
    )
    return problem, {p.pk: p for p in parcels}
