"""Planning the night's trips: carts, volunteers on shift, trips on the road kept."""

from __future__ import annotations

import pytest

from engines.dispatch.problem import Params
from hub.errors import DomainError
from hub.supplies.actions import issue_government_packs, plan_night, sort_parcel, start_trip
from hub.supplies.models import Cart, Parcel, Trip
from hub.testing.builders import login_for, member, supply_night

FAST = Params(max_iterations=100, seed=2)


def _sorted_packs(cast, night):
    from hub.places.actions import add_household

    for n in range(6):
        add_household(by=None, building=cast.building_own, room=f"{n + 2}01")
    issue_government_packs(by=cast.coordinator, night=night)
    for parcel in Parcel.objects.filter(night=night):
        sort_parcel(by=cast.coordinator, parcel=parcel)


def test_every_sorted_parcel_lands_on_one_trip_within_the_cart(cast):
    second = member(cast, 1, household=cast.household_own)
    night = supply_night(cast, crew=(cast.volunteer.person, second), carts=((3, 60), (3, 60)))
    _sorted_packs(cast, night)
    plan = plan_night(by=cast.coordinator, night=night, params=FAST)
    trips = Trip.objects.filter(plan=plan)
    assert plan.trips == trips.count() == plan.lower_bound == 3  # 9 packs, 3 a cart
    assert all(t.parcels.count() <= 3 for t in trips)
    assert not Parcel.objects.filter(night=night, trip__isnull=True).exists()
    assert {t.volunteer_id for t in trips} == {cast.volunteer.person_id, second.pk}


def test_a_new_plan_keeps_trips_on_the_road(cast):
    second = member(cast, 1, household=cast.household_own)
    night = supply_night(cast, crew=(cast.volunteer.person, second), carts=((3, 60), (3, 60)))
    _sorted_packs(cast, night)
    plan_night(by=cast.coordinator, night=night, params=FAST)
    gone = Trip.objects.filter(night=night).order_by("pk").first()
    start_trip(
        by=login_for(gone.volunteer) if gone.volunteer != cast.volunteer.person else cast.volunteer,
        trip=gone,
    )
    on_board = set(gone.parcels.values_list("pk", flat=True))
    # The second volunteer leaves: only the first is on shift for the rest of the night.
    plan_night(by=cast.coordinator, night=night, volunteers=[gone.volunteer_id], params=FAST)
    gone.refresh_from_db()
    assert gone.status == Trip.Status.ON_ROAD
    assert set(gone.parcels.values_list("pk", flat=True)) == on_board
    new = Trip.objects.filter(night=night, status="planned")
    assert {t.volunteer_id for t in new} == {gone.volunteer_id}
    assert not Parcel.objects.filter(night=night, trip__isnull=True).exists()


def test_a_cart_of_zero_capacity_is_refused_in_both_languages(cast):
    from django.utils import translation

    night = supply_night(cast, crew=(cast.volunteer.person,), carts=((0, 60),))
    _sorted_packs(cast, night)
    with pytest.raises(DomainError) as caught:
        plan_night(by=cast.coordinator, night=night, params=FAST)
    assert caught.value.code == "zero_capacity"
    assert "cart" in caught.value.message
    with translation.override("zh-hans"), pytest.raises(DomainError) as zh:
        plan_night(by=cast.coordinator, night=night, params=FAST)
    assert "推车" in zh.value.message
    assert not Trip.objects.exists()


def test_no_volunteer_on_shift_is_refused(cast):
    night = supply_night(cast)
    _sorted_packs(cast, night)
    with pytest.raises(DomainError) as caught:
        plan_night(by=cast.coordinator, night=night, params=FAST)
    assert caught.value.code == "no_volunteers"


def test_an_empty_queue_is_refused(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    with pytest.raises(DomainError) as caught:
        plan_night(by=cast.coordinator, night=night, params=FAST)
    assert caught.value.code == "empty"


def test_no_cart_is_refused(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,), carts=())
    _sorted_packs(cast, night)
    Cart.objects.all().delete()
    with pytest.raises(DomainError) as caught:
        plan_night(by=cast.coordinator, night=night, params=FAST)
    assert caught.value.code == "no_carts"


def test_only_the_coordinator_plans(cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    with pytest.raises(DomainError) as caught:
        plan_night(by=cast.volunteer, night=night, params=FAST)
    assert caught.value.code == "forbidden"


def test_the_plan_pages_door_plans_again_without_the_volunteer_who_left(cast):
    from django.test import Client
    from django.urls import reverse

    second = member(cast, 1, household=cast.household_own)
    night = supply_night(cast, crew=(cast.volunteer.person, second), carts=((3, 60), (3, 60)))
    _sorted_packs(cast, night)
    plan_night(by=cast.coordinator, night=night, params=FAST)
    gone = Trip.objects.filter(night=night, volunteer=second).order_by("pk").first()
    start_trip(by=login_for(second), trip=gone)
    client = Client()
    client.force_login(cast.coordinator)
    page = client.get(reverse("supplies:plan", kwargs={"night_id": night.pk})).content.decode()
    assert f'hx-post="/supplies/{night.pk}/replan/"' in page and second.name in page
    answer = client.post(
        reverse("supplies:replan", kwargs={"night_id": night.pk}),
        {"volunteers": [cast.volunteer.person_id]},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and "<html" not in answer.content.decode()
    gone.refresh_from_db()
    assert gone.status == Trip.Status.ON_ROAD  # the trip on the road is kept
    new = Trip.objects.filter(night=night, status=Trip.Status.PLANNED)
    assert new.exists() and {t.volunteer_id for t in new} == {cast.volunteer.person_id}


def test_the_door_with_nobody_ticked_says_so_and_keeps_the_plan(cast):
    from django.test import Client
    from django.urls import reverse

    night = supply_night(cast, crew=(cast.volunteer.person,), carts=((3, 60),))
    _sorted_packs(cast, night)
    plan = plan_night(by=cast.coordinator, night=night, params=FAST)
    client = Client()
    client.force_login(cast.coordinator)
    answer = client.post(
        reverse("supplies:replan", kwargs={"night_id": night.pk}), {}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200 and 'class="errorlist' in answer.content.decode()
    assert Trip.objects.filter(plan=plan, status=Trip.Status.PLANNED).count() == plan.trips
