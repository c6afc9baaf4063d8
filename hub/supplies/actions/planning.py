"""Plan the night's cart trips, and plan again when a volunteer joins or leaves.

Invariants: trips on the road are never touched (their parcels stay on them); every sorted
parcel not on the road ends on exactly one new trip; a new plan replaces the old plan's trips
that had not left (they become ``cancelled``). The engine's refusals (no cart, a cart of zero
capacity, nobody on shift, nothing to plan) come back as DomainError in the reader's language.
Lock order: the night row, then parcels in primary-key order, then trips.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from engines.dispatch.problem import Params
from engines.dispatch.result import Status
from engines.dispatch.solver import InvalidProblem, naive_plan, solve
from hub.accounts.models import User
from hub.errors import DomainError
from hub.supplies.actions.common import authorize_manage, lock_night, now_or
from hub.supplies.adapters import domain_error, problem_for
from hub.supplies.models import Night, Parcel, Plan, Trip

DEFAULT_PARAMS = Params(time_limit=1.0, seed=1)


@transaction.atomic
def plan_night(
    *,
    by: User,
    night: Night,
    volunteers: list[int] | None = None,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> Plan:
    """Plan trips for the night's sorted parcels with the delivery shift's volunteers.

    ``volunteers`` (person ids) overrides the shift's list, e.g. after one joined or left.
    Raises DomainError (forbidden, no_carts, zero_capacity, no_volunteers, empty, too_heavy,
    no_free_cart, infeasible).
    """
    now_or(now)
    authorize_manage(by, night)
    night = lock_night(night)
    problem, parcels = problem_for(night, volunteers=volunteers)
    try:
        result = solve(problem, params or DEFAULT_PARAMS)
        _naive_trips, naive_metres = naive_plan(problem)
    except InvalidProblem as exc:
        raise domain_error(exc) from None
    if result.status is not Status.PLANNED:
        raise DomainError(
            _("The engine found no plan within its time; try again."), code="infeasible"
        )
    list(Parcel.objects.select_for_update().filter(pk__in=list(parcels)).order_by("pk"))
    Trip.objects.filter(night=night, status=Trip.Status.PLANNED).update(
        status=Trip.Status.CANCELLED
    )
    Parcel.objects.filter(pk__in=list(parcels)).update(trip=None)
    plan = Plan.objects.create(
        night=night,
        trips=len(result.new_trips),
        lower_bound=result.lower_bound_trips,
        distance_m=result.distance,
        naive_distance_m=naive_metres,
        runtime_ms=round(result.runtime * 1000),
        created_by=by,
    )
    carts = {c.id for c in problem.carts}
    for trip in result.new_trips:
        assert trip.cart_id in carts
        row = Trip.objects.create(
            night=night,
            plan=plan,
            volunteer_id=trip.volunteer_id,
            cart_id=trip.cart_id,
            round=trip.round,
            building_order=[stop.building_id for stop in trip.stops],
            distance_m=trip.distance,
        )
        Parcel.objects.filter(pk__in=trip.parcel_ids).update(trip=row)
    return plan
