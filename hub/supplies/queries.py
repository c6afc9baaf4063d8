"""Reads of supplies for pages and endpoints, scoped through the access layer.

Rooms and phones are masked unless the reader manages the compound, leads that building, or
carries the parcel on their own trip (the door needs the room). Each list is a constant number
of queries whatever the number of parcels.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hub.access import get_changeable, get_visible, scope_for, visible
from hub.errors import DomainError
from hub.places.models import Building, Compound
from hub.privacy.masking import mask_phone, mask_room
from hub.supplies.access import crew, manages
from hub.supplies.adapters import order_key
from hub.supplies.models import (
    AssistedOrder,
    BuildingSpot,
    Cart,
    CustodyEvent,
    Night,
    Parcel,
    Plan,
    Trip,
    WalkingDistance,
)
from hub.supplies.rooms import floor_of, unit_of

PARCEL_RELATED = ("household__building", "trip", "drop_notice")


def list_nights(user: Any) -> QuerySet[Night]:
    return visible(user, Night.objects.all()).select_related("compound").order_by("-date", "-id")


def get_night_for(user: Any, night_id: Any) -> Night:
    """A night the user may see (managers, building leaders, crew); else 404."""
    return get_visible(user, Night.objects.select_related("compound"), pk=night_id)


def get_managed_night_for(user: Any, night_id: Any) -> Night:
    """A night the user manages: 404 when invisible, 403 when only seen."""
    return get_changeable(user, Night.objects.select_related("compound"), pk=night_id)


def may_manage(user: Any, night: Night) -> bool:
    """The compound's coordinators and its organization's admins manage the night."""
    scope = scope_for(user)
    return scope.is_superuser or Night.objects.filter(manages(scope), pk=night.pk).exists()


def may_work(user: Any, night: Night) -> bool:
    """Managers of the compound and the night's crew work its parcels."""
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    return Night.objects.filter(manages(scope) | crew(scope), pk=night.pk).exists()


def normalize_barcode(text: str) -> str:
    """What a scanner or a thumb typed, without spaces and in one case."""
    return "".join(text.split()).upper()[:64]


def find_parcel(night: Night, code: str) -> Parcel:
    """The night's parcel a scan names: its courier barcode or its pick code.

    Raises DomainError (unknown_code).
    """
    value = normalize_barcode(code)
    parcel = (
        Parcel.objects.filter(night=night)
        .filter(Q(barcode=value) | Q(pick_code__iexact=value))
        .select_related("household__building", "night")
        .first()
    )
    if parcel is None:
        raise DomainError(
            _("No parcel with code “%(code)s” tonight.") % {"code": code.strip()[:64]},
            code="unknown_code",
            field="code",
        )
    return parcel


def get_worked_night_for(user: Any, night_id: Any) -> Night:
    """A night whose parcels the user works (managers and crew): 404 / 403."""
    night = get_night_for(user, night_id)
    if not may_work(user, night):
        raise PermissionDenied
    return night


def get_parcel_for(user: Any, parcel_id: Any) -> Parcel:
    return get_visible(user, Parcel.objects.select_related(*PARCEL_RELATED, "night"), pk=parcel_id)


def get_changeable_parcel_for(user: Any, parcel_id: Any) -> Parcel:
    return get_changeable(
        user, Parcel.objects.select_related(*PARCEL_RELATED, "night"), pk=parcel_id
    )


def get_trip_for(user: Any, trip_id: Any) -> Trip:
    """A trip: its volunteer's own, or any trip of a compound the user manages; else 404."""
    return get_visible(
        user, Trip.objects.select_related("night__compound", "cart", "volunteer"), pk=trip_id
    )


@dataclass(frozen=True)
class RoomPolicy:
    """Which rooms and phones a reader sees in full, decided once per page."""

    all_rooms: bool
    building_ids: frozenset[int]
    trip_ids: frozenset[int]

    @classmethod
    def for_user(cls, user: Any, night: Night) -> RoomPolicy:
        scope = scope_for(user)
        trips: frozenset[int] = frozenset()
        if scope.person_id:
            trips = frozenset(
                Trip.objects.filter(night=night, volunteer_id=scope.person_id).values_list(
                    "pk", flat=True
                )
            )
        return cls(
            all_rooms=may_manage(user, night), building_ids=scope.building_ids, trip_ids=trips
        )

    def full(self, parcel: Parcel) -> bool:
        if self.all_rooms or (parcel.trip_id is not None and parcel.trip_id in self.trip_ids):
            return True
        return parcel.household is not None and parcel.household.building_id in self.building_ids

    def room(self, parcel: Parcel) -> str:
        if parcel.household is None:
            return parcel.raw_room if self.all_rooms else mask_room(parcel.raw_room)
        room = parcel.household.room
        return f"{parcel.household.building.name} {room if self.full(parcel) else mask_room(room)}"

    def phone(self, parcel: Parcel) -> str:
        if not parcel.contact_phone:
            return ""
        full = self.all_rooms or (
            parcel.household is not None and parcel.household.building_id in self.building_ids
        )
        return parcel.contact_phone if full else mask_phone(parcel.contact_phone)


def parcels_of(night: Night) -> QuerySet[Parcel]:
    return Parcel.objects.filter(night=night).select_related(*PARCEL_RELATED)


def exceptions(user: Any, night: Night) -> list[Parcel]:
    """Parcels whose room was not found, and parcels that failed at the door."""
    return list(
        visible(user, parcels_of(night))
        .filter(status__in=[Parcel.Status.UNMATCHED, Parcel.Status.FAILED])
        .order_by("status", "pk")
    )


@dataclass
class PickGroup:
    """A pile for the sorting team: one building, or one unit and floor of a tall building."""

    building: str
    unit: str
    floor: int | None
    parcels: list[Parcel] = field(default_factory=list)


TALL = 7  # floors from which a building's pick list is split by unit and floor


def pick_list(user: Any, night: Night, building_id: int | None = None) -> list[PickGroup]:
    """Received and sorted parcels by building (by unit and floor for tall buildings)."""
    rows = (
        visible(user, parcels_of(night))
        .filter(status__in=[Parcel.Status.RECEIVED, Parcel.Status.SORTED])
        .exclude(household=None)
    )
    if building_id is not None:
        rows = rows.filter(household__building_id=building_id)
    parcels = sorted(
        rows,
        key=lambda p: (p.household.building.sort_key, order_key(p), p.pk),  # type: ignore[union-attr]
    )
    groups: dict[tuple[str, str, int | None], PickGroup] = {}
    for parcel in parcels:
        household = parcel.household
        assert household is not None
        building = household.building
        tall = (building.floors or max(floor_of(household.room) or 0, 0)) >= TALL
        unit = unit_of(household.room) if tall else ""
        floor = floor_of(household.room) if tall else None
        key = (building.name, unit, floor)
        groups.setdefault(key, PickGroup(building.name, unit, floor)).parcels.append(parcel)
    return list(groups.values())


def trip_parcels(trip: Trip) -> list[Parcel]:
    """The trip's parcels in walking order: building → unit → floor → room."""
    position = {b: i for i, b in enumerate(trip.building_order)}
    parcels = list(Parcel.objects.filter(trip=trip).select_related(*PARCEL_RELATED))
    return sorted(
        parcels,
        key=lambda p: (
            position.get(p.household.building_id if p.household else -1, 999),
            not p.priority,
            order_key(p),
            p.pk,
        ),
    )


def my_trips(user: Any, night: Night) -> QuerySet[Trip]:
    person_id = scope_for(user).person_id
    return (
        Trip.objects.filter(night=night, volunteer_id=person_id)
        .exclude(status=Trip.Status.CANCELLED)
        .select_related("cart")
        .annotate(
            count=Count("parcels"),
            left=Count("parcels", filter=Q(parcels__status=Parcel.Status.LOADED)),
        )
        .order_by("round", "pk")
    )


def current_plan(night: Night) -> Plan | None:
    return Plan.objects.filter(night=night).order_by("-created_at", "-id").first()


def plan_trips(night: Night) -> QuerySet[Trip]:
    """The night's live trips (planned, on the road, done) with parcel counts and notice states.

    Notices: sent; waiting in the outbox (of which ``retrying``: tried and failed, e.g. the
    robot answered 5xx or refused the connection); failed for good or with no channel.
    """
    return (
        Trip.objects.filter(night=night)
        .exclude(status=Trip.Status.CANCELLED)
        .select_related("cart", "volunteer")
        .annotate(
            count=Count("parcels"),
            delivered=Count("parcels", filter=Q(parcels__status=Parcel.Status.DELIVERED)),
            notices_sent=Count("parcels", filter=Q(parcels__drop_notice__status="sent")),
            notices_waiting=Count(
                "parcels",
                filter=Q(parcels__drop_notice__status__in=["pending", "sending"]),
            ),
            notices_retrying=Count(
                "parcels",
                filter=Q(parcels__drop_notice__status="pending")
                & Q(parcels__drop_notice__attempts__gt=0),
            ),
            notices_failed=Count(
                "parcels",
                filter=Q(parcels__drop_notice__status__in=["failed", "unrouted"]),
            ),
        )
        .order_by("volunteer_id", "round", "pk")
    )


@dataclass
class BuildingTally:
    building: str
    received: int = 0
    delivered: int = 0
    failed: int = 0
    queued: int = 0

    @property
    def balanced(self) -> bool:
        return self.received == self.delivered + self.failed + self.queued


def reconciliation(night: Night) -> tuple[list[BuildingTally], int]:
    """Per building: received = delivered + failed + still queued; and the unmatched count.

    One query: counts by building and status.
    """
    rows = (
        Parcel.objects.filter(night=night)
        .values("household__building__name", "household__building__sort_key", "status")
        .annotate(n=Count("pk"))
        .order_by("household__building__sort_key")
    )
    tallies: dict[str, BuildingTally] = {}
    unmatched = 0
    for row in rows:
        if row["status"] == Parcel.Status.UNMATCHED:
            unmatched += row["n"]
            continue
        name = row["household__building__name"]
        tally = tallies.setdefault(name, BuildingTally(name))
        tally.received += row["n"]
        if row["status"] == Parcel.Status.DELIVERED:
            tally.delivered += row["n"]
        elif row["status"] == Parcel.Status.FAILED:
            tally.failed += row["n"]
        else:
            tally.queued += row["n"]
    return list(tallies.values()), unmatched


@dataclass
class NightStats:
    received_per_hour: list[tuple[str, int]]
    delivered_per_hour: list[tuple[str, int]]
    per_volunteer: list[tuple[str, int]]
    gate_to_door_median: dt.timedelta | None
    gate_to_door_worst: dt.timedelta | None
    failures: list[tuple[str, int]]


def night_stats(night: Night) -> NightStats:
    """Parcels per hour and per volunteer, gate-to-door time, exceptions by reason (3 queries)."""
    received: Counter[str] = Counter()
    delivered: Counter[str] = Counter()
    waits: list[dt.timedelta] = []
    failures: Counter[str] = Counter()
    for status, got, done, failure in Parcel.objects.filter(night=night).values_list(
        "status", "received_at", "delivered_at", "failure"
    ):
        received[localtime(got).strftime("%H:00")] += 1
        if done is not None:
            delivered[localtime(done).strftime("%H:00")] += 1
            waits.append(done - got)
        if status == Parcel.Status.FAILED:
            failures[str(Parcel.Failure(failure).label)] += 1
    per_volunteer: dict[str, int] = defaultdict(int)
    for name, n in (
        CustodyEvent.objects.filter(parcel__night=night, stage=CustodyEvent.Stage.DOOR)
        .values("by__person__name")
        .annotate(n=Count("pk"))
        .values_list("by__person__name", "n")
    ):
        per_volunteer[mask_name_or(name)] += n
    return NightStats(
        received_per_hour=sorted(received.items()),
        delivered_per_hour=sorted(delivered.items()),
        per_volunteer=sorted(per_volunteer.items(), key=lambda kv: -kv[1]),
        gate_to_door_median=(
            dt.timedelta(seconds=statistics.median(w.total_seconds() for w in waits))
            if waits
            else None
        ),
        gate_to_door_worst=max(waits) if waits else None,
        failures=failures.most_common(),
    )


def mask_name_or(name: str | None) -> str:
    from hub.privacy.masking import mask_name

    return mask_name(name) if name else "—"


def custody_of(parcel: Parcel) -> QuerySet[CustodyEvent]:
    return CustodyEvent.objects.filter(parcel=parcel).select_related("by").order_by("at", "pk")


@dataclass(frozen=True)
class AssistedRow:
    """An assisted order as a reader may see it: name and room masked unless they need them."""

    order: AssistedOrder
    resident: str
    room: str
    mine: bool


def assisted_orders(user: Any, night: Night) -> list[AssistedRow]:
    """The night's assisted orders the user may see, waiting ones first (two queries)."""
    scope = scope_for(user)
    manager = may_manage(user, night)
    rows = (
        visible(user, AssistedOrder.objects.filter(night=night))
        .select_related("household__building", "parcel", "volunteer")
        .order_by("status", "pk")
    )
    out = []
    for order in rows:
        mine = scope.user_id is not None and order.recorded_by_id == scope.user_id
        full = manager or mine or order.household.building_id in scope.building_ids
        room = order.household.room
        out.append(
            AssistedRow(
                order=order,
                resident=order.resident_name if full else mask_name_or(order.resident_name),
                room=f"{order.household.building.name} {room if full else mask_room(room)}",
                mine=mine or manager,
            )
        )
    return out


def get_assisted_order_for(user: Any, order_id: Any) -> AssistedOrder:
    """An order the user may change (its volunteer, the managers): 404 / 403."""
    return get_changeable(
        user, AssistedOrder.objects.select_related("night", "household__building"), pk=order_id
    )


def get_managed_compound_for(user: Any, compound_id: Any) -> Compound:
    """A compound the user manages (its coordinators, its organization's admins): 404 / 403."""
    return get_changeable(user, Compound.objects.all(), pk=compound_id)


def get_cart_for(user: Any, cart_id: Any) -> Cart:
    return get_changeable(user, Cart.objects.select_related("compound"), pk=cart_id)


def carts_of(compound: Compound) -> QuerySet[Cart]:
    return Cart.objects.filter(compound=compound).order_by("-active", "name")


@dataclass(frozen=True)
class CompoundMap:
    """The buildings with their positions (metres from the gate) and the measured walks."""

    buildings: list[tuple[Building, BuildingSpot | None]]
    walks: list[WalkingDistance]


def compound_map(compound: Compound) -> CompoundMap:
    """Three queries whatever the number of buildings."""
    buildings = list(Building.objects.filter(compound=compound).order_by("sort_key", "pk"))
    spots = {s.building_id: s for s in BuildingSpot.objects.filter(building__compound=compound)}
    walks = list(
        WalkingDistance.objects.filter(compound=compound)
        .select_related("frm", "to")
        .order_by("frm__sort_key", "to__sort_key")
    )
    return CompoundMap([(b, spots.get(b.pk)) for b in buildings], walks)


@dataclass(frozen=True)
class CrewChoice:
    """Someone who may take trips in a new plan: on the delivery shift or already on a trip."""

    person_id: int
    name: str
    on_shift: bool
    status: str


def replan_choices(night: Night) -> list[CrewChoice]:
    """The delivery shift's sign-ups (approved ones ticked) and tonight's trip volunteers.

    Two queries. A volunteer who joins mid-evening signs up on the shift; one who leaves is
    unticked; the new plan keeps the trips already on the road.
    """
    from hub.volunteering.models import SignUp

    found: dict[int, CrewChoice] = {}
    if night.delivery_shift_id is not None:
        signups = (
            SignUp.objects.filter(
                shift_id=night.delivery_shift_id,
                status__in=[
                    SignUp.Status.APPROVED,
                    SignUp.Status.PENDING,
                    SignUp.Status.WAITLISTED,
                ],
            )
            .select_related("person")
            .order_by("pk")
        )
        for signup in signups:
            found[signup.person_id] = CrewChoice(
                signup.person_id,
                signup.person.name,
                signup.status == SignUp.Status.APPROVED,
                signup.get_status_display(),
            )
    trips = (
        Trip.objects.filter(night=night)
        .exclude(status=Trip.Status.CANCELLED)
        .select_related("volunteer")
        .order_by("pk")
    )
    for trip in trips:
        if trip.volunteer_id not in found:
            found[trip.volunteer_id] = CrewChoice(
                trip.volunteer_id, trip.volunteer.name, False, str(trip.get_status_display())
            )
    return list(found.values())
