"""Access-matrix rows for the supplies pages and endpoints (read by hub/access/tests).

Targets: "own" is tonight in 青年公寓 (the cast's volunteer is on its delivery shift and has a trip
on the road with the parcel of 1号楼 301 on the cart); "foreign" is the same in the other
organization's compound, run by the outsider.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engines.dispatch.problem import Params
from hub.access.tests.matrix_kit import API_ANON, Route, pk
from hub.supplies.actions import (
    fail_parcel,
    plan_night,
    receive_parcel,
    record_assisted_order,
    sort_parcel,
    start_trip,
)
from hub.supplies.models import AssistedOrder, Cart, Parcel, Trip, WalkingDistance
from hub.testing.builders import member, supply_night

MANAGERS = {"own": frozenset({"rc_admin", "coordinator"}), "foreign": frozenset({"outsider"})}
WORKERS = {
    "own": frozenset({"rc_admin", "coordinator", "volunteer"}),
    "foreign": frozenset({"outsider"}),
}
SEES_NIGHT = {
    "own": frozenset({"rc_admin", "coordinator", "leader", "volunteer"}),
    "foreign": frozenset({"outsider"}),
}
VISIBLE = {
    "supply_night": SEES_NIGHT,
    "supply_trip": WORKERS,
    "supply_parcel": SEES_NIGHT,  # the leader sees the parcels of their building
    "supply_unmatched": WORKERS,  # no household, so no building leader
    "supply_failed": SEES_NIGHT,
}
VISIBLE["supply_order"] = SEES_NIGHT  # the crew and the building's leader see it, masked
# A compound and its carts are seen by its managers and its building leaders, changed by managers.
VISIBLE["supply_compound"] = {
    "own": frozenset({"rc_admin", "coordinator", "leader"}),
    "foreign": frozenset({"outsider"}),
}
VISIBLE["supply_cart"] = VISIBLE["supply_compound"]
VISIBLE["supply_api_parcel"] = VISIBLE["supply_parcel"]
VISIBLE["supply_api_parcel2"] = VISIBLE["supply_parcel"]
VISIBLE["supply_api_trip"] = VISIBLE["supply_trip"]


def _night(cast: Any, foreign: bool) -> dict[str, Any]:
    if foreign:
        worker = member(cast, 90, branch=cast.branch_other)
        night = supply_night(cast, crew=(worker,), compound=cast.compound_foreign)
        by, room, unknown = cast.outsider, "9-101", "8-808"
    else:
        night = supply_night(cast, crew=(cast.volunteer.person,))
        by, room, unknown = cast.coordinator, "1-301", "7-707"
    at = dt.datetime(2022, 4, 20, 12, 0, tzinfo=dt.UTC)
    loaded = receive_parcel(by=by, night=night, room_text=room, barcode=f"M{night.pk}A", now=at)
    api_loaded = receive_parcel(by=by, night=night, room_text=room, now=at)
    api_loaded2 = receive_parcel(by=by, night=night, room_text=room, now=at)
    for parcel in (loaded, api_loaded, api_loaded2):
        sort_parcel(by=by, parcel=parcel, now=at)
    plan_night(by=by, night=night, params=Params(max_iterations=30))
    trip = Trip.objects.get(night=night)
    start_trip(by=by, trip=trip, now=at)
    failed = receive_parcel(by=by, night=night, room_text=room, now=at)
    fail_parcel(by=by, parcel=failed, reason="damaged", now=at)
    receive_parcel(by=by, night=night, room_text=room, now=at)  # waits for the api's sort scan
    order = record_assisted_order(
        by=cast.outsider if foreign else cast.volunteer,
        night=night,
        room_text=room,
        resident_name="王阿姨",
        items="大米 5kg",
        now=at,
    )
    return {
        "order": order,
        "night": night,
        "trip": trip,
        "parcel": Parcel.objects.get(pk=loaded.pk),
        "unmatched": receive_parcel(by=by, night=night, room_text=unknown, now=at),
        "failed": failed,
        "api_parcel": Parcel.objects.get(pk=api_loaded.pk),
        "api_parcel2": Parcel.objects.get(pk=api_loaded2.pk),
    }


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    own, foreign = _night(cast, False), _night(cast, True)

    def both(key: str) -> dict[str, Any]:
        return {"own": own[key], "foreign": foreign[key]}

    return {
        "supply_night": both("night"),
        "supply_trip": both("trip"),
        "supply_parcel": both("parcel"),
        "supply_unmatched": both("unmatched"),
        "supply_failed": both("failed"),
        "supply_api_parcel": both("api_parcel"),
        "supply_api_parcel2": both("api_parcel2"),
        "supply_api_trip": both("trip"),
        "supply_order": both("order"),
        "supply_compound": {"own": cast.compound_own, "foreign": cast.compound_foreign},
        "supply_cart": {
            "own": Cart.objects.filter(compound=cast.compound_own).first(),
            "foreign": Cart.objects.filter(compound=cast.compound_foreign).first(),
        },
    }


def _state() -> Any:
    parcels = sorted(
        Parcel.objects.values_list("id", "status", "household_id", "trip_id", "failure")
    )
    trips = sorted(Trip.objects.values_list("id", "status"))
    orders = sorted(AssistedOrder.objects.values_list("id", "status", "parcel_id"))
    carts = sorted(Cart.objects.values_list("id", "name", "capacity_count", "capacity_kg"))
    walks = sorted(WalkingDistance.objects.values_list("id", "metres"))
    return parcels, trips, orders, carts, walks


def _night_route(name: str, allowed: dict[str, frozenset[str]], **options: Any) -> Route:
    return Route(target="supply_night", kwargs=pk("night_id"), allowed=allowed, **options)


ROUTES = {
    "supplies:night-list": Route(),
    "supplies:night-create": Route(allowed=frozenset({"rc_admin", "coordinator", "outsider"})),
    "supplies:night-detail": _night_route("detail", SEES_NIGHT),
    "supplies:intake": _night_route("intake", WORKERS),
    "supplies:room-search": _night_route("rooms", WORKERS),
    "supplies:exceptions": _night_route("exceptions", WORKERS),
    "supplies:sort": _night_route("sort", WORKERS),
    "supplies:pick-list": _night_route("pick", WORKERS),
    "supplies:pick-list-pdf": _night_route("pdf", WORKERS),
    "supplies:group-buy": _night_route("group", WORKERS),
    "supplies:government-packs": _night_route(
        "packs", MANAGERS, method="POST", ok=(302,), snapshot=_state
    ),
    "supplies:plan": _night_route("plan", MANAGERS),
    "supplies:report": _night_route("report", MANAGERS),
    "supplies:replan": _night_route(
        "replan",
        MANAGERS,
        method="POST",
        ok=(302,),
        snapshot=_state,  # nobody ticked: said
    ),
    "supplies:assisted-orders": _night_route("assisted", WORKERS),
    "supplies:assisted-link": Route(
        method="POST",
        target="supply_order",
        kwargs=pk("order_id"),
        allowed=WORKERS,  # the managers and the volunteer who recorded it
        data={"code": "nothing"},
        ok=(302,),
        snapshot=_state,
    ),
    "supplies:assisted-cancel": Route(
        method="POST",
        target="supply_order",
        kwargs=pk("order_id"),
        allowed=WORKERS,
        ok=(302,),
        snapshot=_state,
    ),
    "supplies:compound-carts": Route(
        target="supply_compound", kwargs=pk("compound_id"), allowed=MANAGERS
    ),
    "supplies:compound-map": Route(
        target="supply_compound", kwargs=pk("compound_id"), allowed=MANAGERS
    ),
    "supplies:compound-walk": Route(
        method="POST",
        target="supply_compound",
        kwargs=pk("compound_id"),
        allowed=MANAGERS,
        data={"frm": "", "to": "0", "metres": "80"},  # no such building: the form says so
        snapshot=_state,
    ),
    "supplies:cart-edit": Route(target="supply_cart", kwargs=pk("cart_id"), allowed=MANAGERS),
    "supplies:trip-detail": Route(
        target="supply_trip", kwargs=pk("trip_id"), allowed=VISIBLE["supply_trip"]
    ),
    "supplies:trip-start": Route(
        method="POST",
        target="supply_trip",
        kwargs=pk("trip_id"),
        allowed=WORKERS,
        ok=(302,),
        snapshot=_state,
    ),
    "supplies:parcel-detail": Route(
        target="supply_parcel", kwargs=pk("parcel_id"), allowed=SEES_NIGHT
    ),
    "supplies:parcel-resolve": Route(
        method="POST",
        target="supply_unmatched",
        kwargs=pk("parcel_id"),
        allowed=WORKERS,
        data={"room": "1-301"},
        ok=(302,),
        snapshot=_state,
    ),
    "supplies:parcel-requeue": Route(
        method="POST",
        target="supply_failed",
        kwargs=pk("parcel_id"),
        allowed=WORKERS,
        ok=(302,),
        snapshot=_state,
    ),
    "supplies:parcel-drop": Route(
        method="POST",
        target="supply_parcel",
        kwargs=pk("parcel_id"),
        allowed=WORKERS,
        ok=(302,),
        snapshot=_state,
    ),
    "supplies:parcel-fail": Route(
        method="POST",
        target="supply_parcel",
        kwargs=pk("parcel_id"),
        allowed=WORKERS,
        data={"reason": "refused"},
        ok=(302,),
        snapshot=_state,
    ),
}


def _own_night(cast: Any) -> Any:
    from hub.supplies.models import Night

    return Night.objects.get(compound=cast.compound_own)


def _api_intake(cast: Any) -> dict[str, Any]:
    return {"night": _own_night(cast).pk, "room": "1-301", "barcode": "API-1"}


def _api_sort(cast: Any) -> dict[str, Any]:
    night = _own_night(cast)
    parcel = Parcel.objects.filter(night=night, status="received").exclude(household=None).first()
    return {"night": night.pk, "code": parcel.pick_code if parcel else "none"}


def _api_order(cast: Any) -> dict[str, Any]:
    night = _own_night(cast).pk
    return {"night": night, "room": "1-301", "resident_name": "李伯伯", "items": "牛奶"}


API_WORKERS = frozenset({"rc_admin", "coordinator", "volunteer"})

ROUTES.update(
    {
        "api:supply-night-list": Route(api=True, anonymous=API_ANON),
        "api:supply-night-detail": Route(
            api=True, target="supply_night", allowed=SEES_NIGHT, anonymous=API_ANON
        ),
        "api:supply-night-plan": Route(
            method="POST",
            api=True,
            target="supply_night",
            allowed=MANAGERS,
            ok=(201, 400),  # 400: nothing sorted is waiting (refused by the action, not access)
            anonymous=API_ANON,
            snapshot=_state,
        ),
        "api:parcel-list": Route(api=True, anonymous=API_ANON),
        "api:parcel-detail": Route(
            api=True, target="supply_api_parcel", allowed=SEES_NIGHT, anonymous=API_ANON
        ),
        "api:parcel-sort": Route(
            method="POST",
            api=True,
            allowed=API_WORKERS,
            data=_api_sort,
            anonymous=API_ANON,
            snapshot=_state,
        ),
        "api:parcel-deliver": Route(
            method="POST",
            api=True,
            target="supply_api_parcel",
            allowed=WORKERS,
            anonymous=API_ANON,
            snapshot=_state,
        ),
        "api:parcel-fail": Route(
            method="POST",
            api=True,
            target="supply_api_parcel2",
            allowed=WORKERS,
            data={"reason": "nobody_home"},
            anonymous=API_ANON,
            snapshot=_state,
        ),
        "api:supply-trip-list": Route(api=True, anonymous=API_ANON),
        "api:assisted-order-list": Route(api=True, anonymous=API_ANON),
        "api:assisted-order-detail": Route(
            api=True, target="supply_order", allowed=SEES_NIGHT, anonymous=API_ANON
        ),
        "api:assisted-order-arrived": Route(
            method="POST",
            api=True,
            target="supply_order",
            allowed=WORKERS,
            data={"code": "nothing"},
            ok=(400,),  # no such parcel tonight: refused by the action, after access
            anonymous=API_ANON,
            snapshot=_state,
        ),
        "api:supply-trip-detail": Route(
            api=True, target="supply_trip", allowed=WORKERS, anonymous=API_ANON
        ),
    }
)

EXTRA_METHODS = {
    ("api:parcel-list", "POST"): Route(
        method="POST",
        api=True,
        allowed=API_WORKERS,
        data=_api_intake,
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_state,
    ),
    ("api:assisted-order-list", "POST"): Route(
        method="POST",
        api=True,
        allowed=API_WORKERS,
        data=_api_order,
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_state,
    ),
    ("supplies:assisted-orders", "POST"): _night_route(
        "assisted-post",
        WORKERS,
        method="POST",
        data={"room": "1-301", "resident_name": "李伯伯", "items": "牛奶 2 箱"},
        ok=(200, 302),  # 200: the other compound has no room 1-301, said on the form
        snapshot=_state,
    ),
    ("supplies:compound-carts", "POST"): Route(
        method="POST",
        target="supply_compound",
        kwargs=pk("compound_id"),
        allowed=MANAGERS,
        data={"name": "9号车", "capacity_count": "30", "capacity_kg": "50", "active": "on"},
        ok=(302,),
        snapshot=_state,
    ),
    ("supplies:cart-edit", "POST"): Route(
        method="POST",
        target="supply_cart",
        kwargs=pk("cart_id"),
        allowed=MANAGERS,
        data={"name": "1号车", "capacity_count": "0", "capacity_kg": "50"},  # refused: zero
        snapshot=_state,
    ),
    ("supplies:compound-map", "POST"): Route(
        method="POST",
        target="supply_compound",
        kwargs=pk("compound_id"),
        allowed=MANAGERS,  # empty: the form asks for every building's numbers
        snapshot=_state,
    ),
    ("supplies:intake", "POST"): _night_route(
        "intake-post",
        WORKERS,
        method="POST",
        data={"room": "1-301", "kind": "courier", "barcode": ""},
        snapshot=_state,
    ),
    ("supplies:plan", "POST"): _night_route(
        "plan-post", MANAGERS, method="POST", ok=(302,), snapshot=_state
    ),
}
