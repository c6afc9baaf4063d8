"""Hand-overs after the gate: sorting, loading a cart, the door drop, failure and requeue.

Each hand-over is a scan of the parcel's code (its courier barcode or its pick code) and writes
one custody event, so the last event says where the parcel is and who had it. A door drop
tells the household through the outbox in the same transaction (``tell_household`` is the one
place that decides the channel). A failed parcel keeps its reason and goes back to the queue
through ``requeue_parcel``. A trip is done when none of its parcels is still on the cart.
Lock order: the night row, then the parcel, then its trip.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.accounts.models import User
from hub.errors import DomainError
from hub.notify.models import Message
from hub.notify.routing import enabled_routes, notify_building, notify_person
from hub.notify.templates import register_template
from hub.supplies.actions.common import authorize_work, custody, lock_night, move, now_or
from hub.supplies.models import CustodyEvent, Parcel, SupplySite, Trip
from hub.supplies.queries import may_manage

DROP_TEMPLATE = "supplies.dropped"
# The body is the words the volunteers say at the door, exactly (zh: 您的外卖放门口了，请及时查收);
# the subject names the room and the pick code, so a building's group chat knows whose it is.
register_template(
    DROP_TEMPLATE,
    gettext_lazy("{room} · pick code {code}"),
    gettext_lazy("Your takeaway is at your door, please collect it soon."),
)


def _locked(parcel: Parcel) -> Parcel:
    lock_night(parcel.night)
    return (
        Parcel.objects.select_for_update(of=("self",))
        .select_related("household__building", "night", "trip")
        .get(pk=parcel.pk)
    )


@transaction.atomic
def sort_parcel(
    *, by: User, parcel: Parcel, scanned: str = "", now: dt.datetime | None = None
) -> Parcel:
    """A sorter puts a received parcel on its building's pile. Raises DomainError."""
    at = now_or(now)
    authorize_work(by, parcel.night)
    parcel = _locked(parcel)
    move(parcel, Parcel.Status.SORTED)
    parcel.save(update_fields=["status", "updated_at"])
    custody(parcel, CustodyEvent.Stage.SORTING, by=by, at=at, scanned=scanned)
    return parcel


def _authorize_trip(by: User, trip: Trip) -> None:
    if by.person_id != trip.volunteer_id and not may_manage(by, trip.night):
        raise DomainError(_("This is another volunteer's trip."), code="not_your_trip")


@transaction.atomic
def load_parcel(
    *, by: User, trip: Trip, parcel: Parcel, scanned: str = "", now: dt.datetime | None = None
) -> Parcel:
    """Scan a sorted parcel onto the cart of its trip; the trip is then on the road.

    Raises DomainError (not_your_trip, wrong_trip, bad_transition).
    """
    at = now_or(now)
    _authorize_trip(by, trip)
    parcel = _locked(parcel)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if parcel.trip_id != trip.pk:
        raise DomainError(
            _("Parcel %(code)s belongs to another trip.") % {"code": parcel.pick_code},
            code="wrong_trip",
        )
    move(parcel, Parcel.Status.LOADED)
    parcel.save(update_fields=["status", "updated_at"])
    custody(parcel, CustodyEvent.Stage.CART, by=by, at=at, scanned=scanned, trip=trip)
    if trip.may_set_off:
        trip.status, trip.started_at = Trip.Status.ON_ROAD, at
        trip.save(update_fields=["status", "started_at"])
    return parcel


@transaction.atomic
def start_trip(*, by: User, trip: Trip, now: dt.datetime | None = None) -> int:
    """Load every sorted parcel of the trip at once (one tap) and set it on the road.

    Returns how many parcels were loaded. Raises DomainError (not_your_trip, trip_closed).
    """
    at = now_or(now)
    _authorize_trip(by, trip)
    lock_night(trip.night)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if not trip.may_load:
        raise DomainError(_("This trip is closed."), code="trip_closed")
    parcels = list(
        Parcel.objects.select_for_update()
        .filter(trip=trip, status=Parcel.Status.SORTED)
        .order_by("pk")
    )
    for parcel in parcels:
        move(parcel, Parcel.Status.LOADED)
    Parcel.objects.filter(pk__in=[p.pk for p in parcels]).update(status=Parcel.Status.LOADED)
    CustodyEvent.objects.bulk_create(
        [
            CustodyEvent(parcel=p, stage=CustodyEvent.Stage.CART, by=by, at=at, trip=trip)
            for p in parcels
        ]
    )
    if trip.may_set_off:
        trip.status, trip.started_at = Trip.Status.ON_ROAD, at
        trip.save(update_fields=["status", "started_at"])
    return len(parcels)


def tell_household(parcel: Parcel) -> Message | None:
    """The one notify call of this app: "放门口了" through the routes the compound configured.

    A compound whose supplies settings say "building group robot" tells the building's group
    chat (``notify_building``: the building's robot, else the compound's, else the
    organization's); otherwise each resident is told in person (``notify_person``: SMS, email or
    robot, as the organization routed it). Nothing configured is recorded as ``unrouted`` by the
    outbox, never lost. Returns the first message (kept on the parcel), or None when the
    household has nobody to tell.
    """
    household = parcel.household
    assert household is not None
    building = household.building
    organization = building.compound.organization
    params = {
        "room": f"{building.name} {household.room}",
        "kind": parcel.get_kind_display(),
        "code": parcel.pick_code,
    }
    site = SupplySite.objects.filter(compound_id=parcel.compound_id).first()
    if site is not None and site.notice_via == SupplySite.NoticeVia.ROBOT:
        sent = notify_building(
            building=building,
            template=DROP_TEMPLATE,
            params=params,
            organization=organization,
            dedupe_key=f"supplies.drop.{parcel.pk}",
        )
        return sent[0] if sent else None
    first: Message | None = None
    routes = enabled_routes(organization, "person")
    for resident in household.residents.order_by("pk"):
        message = notify_person(
            person=resident,
            template=DROP_TEMPLATE,
            params=params,
            organization=organization,
            dedupe_key=f"supplies.drop.{parcel.pk}.{resident.pk}",
            routes=routes,
        )
        first = first or message
    return first


@transaction.atomic
def deliver_parcel(
    *,
    by: User,
    parcel: Parcel,
    scanned: str = "",
    proxy_name: str = "",
    proxy_relation: str = "",
    now: dt.datetime | None = None,
) -> Parcel:
    """ "放门口了": the parcel is at the door (or in a neighbour's or relative's hands).

    Tells the household through the outbox in this transaction; closes the trip when nothing
    is left on its cart. Raises DomainError (not_your_trip, bad_transition, proxy_relation).
    """
    at = now_or(now)
    parcel = _locked(parcel)
    if parcel.trip is not None:
        _authorize_trip(by, parcel.trip)
    else:
        authorize_work(by, parcel.night)
    proxy_name, proxy_relation = proxy_name.strip()[:60], proxy_relation.strip()[:30]
    if proxy_name and not proxy_relation:
        raise DomainError(
            _("Say how the collector is related (neighbour, relative…)."),
            code="proxy_relation",
            field="proxy_relation",
        )
    move(parcel, Parcel.Status.DELIVERED)
    parcel.delivered_at = at
    parcel.proxy_name, parcel.proxy_relation = proxy_name, proxy_relation
    parcel.drop_notice = tell_household(parcel)
    parcel.save(
        update_fields=[
            "status",
            "delivered_at",
            "proxy_name",
            "proxy_relation",
            "drop_notice",
            "updated_at",
        ]
    )
    note = (
        _("collected by %(name)s (%(relation)s)")
        % {
            "name": proxy_name,
            "relation": proxy_relation,
        }
        if proxy_name
        else ""
    )
    custody(
        parcel, CustodyEvent.Stage.DOOR, by=by, at=at, scanned=scanned, trip=parcel.trip, note=note
    )
    _close_trip_if_done(parcel.trip, at)
    return parcel


def _close_trip_if_done(trip: Trip | None, at: dt.datetime) -> None:
    if trip is None or trip.status != Trip.Status.ON_ROAD:
        return
    if not Parcel.objects.filter(trip=trip, status=Parcel.Status.LOADED).exists():
        Trip.objects.filter(pk=trip.pk).update(status=Trip.Status.DONE, finished_at=at)


@transaction.atomic
def fail_parcel(
    *, by: User, parcel: Parcel, reason: str, note: str = "", now: dt.datetime | None = None
) -> Parcel:
    """The parcel could not be delivered: keep the reason; it waits to be requeued.

    Raises DomainError (bad_reason, not_your_trip, bad_transition).
    """
    at = now_or(now)
    if reason not in Parcel.Failure.values:
        raise DomainError(
            _("Choose why the parcel was not delivered."), code="bad_reason", field="reason"
        )
    parcel = _locked(parcel)
    if parcel.trip is not None:
        _authorize_trip(by, parcel.trip)
    else:
        authorize_work(by, parcel.night)
    move(parcel, Parcel.Status.FAILED)
    parcel.failure = reason
    parcel.save(update_fields=["status", "failure", "updated_at"])
    custody(parcel, CustodyEvent.Stage.FAILED, by=by, at=at, trip=parcel.trip, note=note or reason)
    _close_trip_if_done(parcel.trip, at)
    return parcel


@transaction.atomic
def requeue_parcel(*, by: User, parcel: Parcel, now: dt.datetime | None = None) -> Parcel:
    """A failed parcel goes back on its building's pile (sorted, no trip) for the next plan.

    Raises DomainError (forbidden, bad_transition).
    """
    at = now_or(now)
    authorize_work(by, parcel.night)
    parcel = _locked(parcel)
    if not parcel.may_requeue:
        raise DomainError(
            _("Parcel %(code)s is “%(now)s”: only a parcel not delivered goes back to the queue.")
            % {"code": parcel.pick_code, "now": parcel.get_status_display()},
            code="bad_transition",
        )
    move(parcel, Parcel.Status.SORTED)
    parcel.trip = None
    parcel.save(update_fields=["status", "trip", "updated_at"])
    custody(parcel, CustodyEvent.Stage.QUEUE, by=by, at=at, note=parcel.failure)
    return parcel
