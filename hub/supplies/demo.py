"""The seed's night in the youth apartment, replayed through the real actions.

2 April 2022, sealed since 28 March: the evening's group-buy list from the buildings' group
leaders is imported at the gate (two rooms on it do not exist and wait on the exceptions list),
takeaway and courier parcels are scanned in, everything is sorted, the coordinator plans the cart
trips, and the delivery team takes them out; each door drop tells the household through the
outbox. The demo volunteer's last trip is left on the road, so a visitor can tap 放门口了; one
assisted order (代下单) waits for its goods.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import Any
from zoneinfo import ZoneInfo

from engines.dispatch.problem import Params
from hub.accounts.models import User
from hub.people.models import Person
from hub.places.models import Building, Compound, Household
from hub.supplies import actions
from hub.supplies.models import BuildingSpot, Cart, Night, Parcel, SupplySite, Trip
from hub.volunteering.actions.signups import sign_up
from hub.volunteering.models import Post, Shift

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEADERS = ("周团长", "吴团长", "郑团长", "冯团长")
ITEMS = ("蔬菜包", "鸡蛋 30 枚", "牛奶一箱", "大米 10 斤", "水果包")


def replay_youth_night(
    *,
    compound: Compound,
    post: Post,
    coordinator: User,
    crew: list[Person],
    seed: int = 2022,
) -> Night:
    """Build the night; returns it. Idempotent: a night already there is returned as is."""
    existing = Night.objects.filter(compound=compound, date=dt.date(2022, 4, 2)).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)

    def at(hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2022, 4, 2, hour, minute, tzinfo=SHANGHAI)

    buildings = list(Building.objects.filter(compound=compound).order_by("sort_key"))
    for n, building in enumerate(buildings):
        BuildingSpot.objects.get_or_create(
            building=building, defaults={"x_m": 40 + 70 * (n % 3), "y_m": 30 + 60 * (n // 3)}
        )
    SupplySite.objects.get_or_create(compound=compound)
    for n in (1, 2, 3):
        Cart.objects.get_or_create(
            compound=compound, name=f"{n}号推车", defaults={"capacity_count": 40, "capacity_kg": 80}
        )
    shift = Shift.objects.create(
        post=post, starts_at=at(18), ends_at=at(23), capacity=10, min_staff=1
    )
    for person in crew:
        sign_up(by=None, shift=shift, person=person, now=at(12))
    night = actions.open_night(
        by=coordinator,
        compound=compound,
        date=dt.date(2022, 4, 2),
        title="4月2日 晚间团购与外卖",
        delivery_shift=shift,
    )
    households = list(Household.objects.filter(building__compound=compound).order_by("pk"))
    ordered = rng.sample(households, min(len(households), 260))
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["青年公寓 4月2日 团购接龙"])
    writer.writerow(["楼栋", "房号", "份数", "团长", "商品"])
    for household in ordered:
        writer.writerow(
            [
                household.building.name,
                f"{household.room}室",
                rng.choice((1, 1, 1, 2, 3)),
                rng.choice(LEADERS),
                rng.choice(ITEMS),
            ]
        )
    writer.writerow(["99号楼", "101", 1, LEADERS[0], ITEMS[0]])  # no such building
    writer.writerow([buildings[0].name, "9999", 1, LEADERS[1], ITEMS[1]])  # no such room
    actions.import_group_buy(
        by=coordinator,
        night=night,
        content=table.getvalue().encode("utf-8-sig"),
        filename="团购接龙.csv",
        now=at(19),
    )
    for n, household in enumerate(rng.sample(households, min(len(households), 40))):
        actions.receive_parcel(
            by=coordinator,
            night=night,
            household=household,
            barcode=f"SF{1400000 + n * 37}",
            weight_g=rng.choice((400, 800, 1500)),
            priority=n % 10 == 0,
            now=at(19, 10 + n % 40),
        )
    # 代下单: the coordinator ordered groceries for an elderly resident; they arrive tomorrow.
    actions.record_assisted_order(
        by=coordinator,
        night=night,
        household=households[0],
        resident_name="王阿姨",
        items="大米 10 斤、挂面两把（电话里说的）",
        shop="社区团购",
        now=at(18, 30),
    )
    for parcel in Parcel.objects.filter(night=night, status=Parcel.Status.RECEIVED).order_by("pk"):
        actions.sort_parcel(by=coordinator, parcel=parcel, now=at(20))
    actions.plan_night(by=coordinator, night=night, params=Params(max_iterations=3000, seed=1))
    _deliver(night, coordinator, crew, at)
    return night


def _deliver(night: Night, coordinator: User, crew: list[Person], at: Any) -> None:
    """Every trip goes out and is delivered, but the demo volunteer's last one stays on the
    road half done; one household is not home."""
    trips = list(Trip.objects.filter(night=night).order_by("round", "pk"))
    keep_open = max((t for t in trips if t.volunteer_id == crew[0].pk), key=lambda t: t.round)
    for index, trip in enumerate(trips):
        start = at(20, 15) + dt.timedelta(minutes=25 * (trip.round - 1))
        actions.start_trip(by=coordinator, trip=trip, now=start)
        parcels = list(Parcel.objects.filter(trip=trip).order_by("pk"))
        if trip.pk == keep_open.pk:
            parcels = parcels[: len(parcels) // 2]
        for step, parcel in enumerate(parcels):
            when = start + dt.timedelta(minutes=2 + step // 3)
            if index == 0 and step == 0:
                actions.fail_parcel(by=coordinator, parcel=parcel, reason="nobody_home", now=when)
            else:
                actions.deliver_parcel(by=coordinator, parcel=parcel, now=when)
