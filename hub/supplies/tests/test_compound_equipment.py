"""A coordinator edits the compound's carts and walking map from a phone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.places.models import Building
from hub.supplies.actions import save_building_spots, save_cart, set_walking_distance
from hub.supplies.adapters import problem_for
from hub.supplies.models import BuildingSpot, Cart, WalkingDistance
from hub.testing.builders import supply_night


@pytest.fixture
def night(cast):
    return supply_night(cast, crew=(cast.volunteer.person,))


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_cart_of_zero_capacity_is_refused_in_both_languages_and_nothing_is_saved(cast, night):
    from django.utils import translation

    client = _client(cast.coordinator)
    url = reverse("supplies:compound-carts", kwargs={"compound_id": cast.compound_own.pk})
    page = client.post(url, {"name": "3号车", "capacity_count": "0", "capacity_kg": "40"})
    assert page.status_code == 200 and "至少要能装 1 件" in page.content.decode()
    with translation.override("en"), pytest.raises(DomainError) as refused:
        save_cart(
            by=cast.coordinator,
            compound=cast.compound_own,
            name="3号车",
            capacity_count=12,
            capacity_kg=0,
        )
    assert "at least one parcel and one kilogram" in refused.value.message
    assert refused.value.field == "capacity_kg"
    assert not Cart.objects.filter(name="3号车").exists()


def test_a_coordinator_adds_and_edits_a_cart_that_the_next_plan_uses(cast, night):
    client = _client(cast.coordinator)
    url = reverse("supplies:compound-carts", kwargs={"compound_id": cast.compound_own.pk})
    added = client.post(url, {"name": "2号车", "capacity_count": "12", "capacity_kg": "30"})
    assert added.status_code == 302
    cart = Cart.objects.get(name="2号车")
    assert not cart.active  # an unticked box: the cart waits out of use
    edit = reverse("supplies:cart-edit", kwargs={"cart_id": cart.pk})
    client.post(
        edit, {"name": "2号车", "capacity_count": "15", "capacity_kg": "35", "active": "on"}
    )
    cart.refresh_from_db()
    assert (cart.capacity_count, cart.capacity_kg, cart.active) == (15, 35, True)
    problem, _parcels = problem_for(night)
    assert any(c.id == cart.pk and c.capacity_weight == 35_000 for c in problem.carts)


def test_two_carts_of_one_name_are_refused(cast, night):
    with pytest.raises(DomainError) as refused:
        save_cart(
            by=cast.coordinator,
            compound=cast.compound_own,
            name="1号车",
            capacity_count=5,
            capacity_kg=5,
        )
    assert refused.value.code == "duplicate_name"


def test_a_building_leader_may_not_add_a_cart(cast, night):
    with pytest.raises(DomainError) as refused:
        save_cart(
            by=cast.leader,
            compound=cast.compound_own,
            name="5号车",
            capacity_count=5,
            capacity_kg=5,
        )
    assert refused.value.code == "forbidden"


def test_positions_and_a_measured_walk_reach_the_engines_distance_table(cast, night):
    one, two = Building.objects.filter(compound=cast.compound_own).order_by("sort_key")[:2]
    save_building_spots(
        by=cast.coordinator, compound=cast.compound_own, spots={one.pk: (30, 40), two.pk: (0, 0)}
    )
    set_walking_distance(
        by=cast.coordinator, compound=cast.compound_own, frm=two, to=one, metres=120
    )
    set_walking_distance(
        by=cast.coordinator, compound=cast.compound_own, frm=one, to=two, metres=90
    )
    assert WalkingDistance.objects.get().metres == 90  # one measure per pair, either way typed
    problem, _parcels = problem_for(night)
    index = {b.id: i + 1 for i, b in enumerate(problem.buildings)}
    assert problem.distances is not None
    assert problem.distances[0][index[one.pk]] == 50  # the straight line from the gate
    assert problem.distances[index[one.pk]][index[two.pk]] == 90


def test_a_bad_position_saves_no_building_at_all(cast, night):
    one, two = Building.objects.filter(compound=cast.compound_own).order_by("sort_key")[:2]
    with pytest.raises(DomainError):
        save_building_spots(
            by=cast.coordinator,
            compound=cast.compound_own,
            spots={one.pk: (10, 10), two.pk: (10, 99_999)},
        )
    assert not BuildingSpot.objects.filter(building__in=[one, two]).exists()


def test_the_map_page_saves_positions_and_a_walk(cast, night):
    client = _client(cast.coordinator)
    compound = cast.compound_own
    buildings = list(Building.objects.filter(compound=compound))
    data = {f"{axis}_{b.pk}": "10" for b in buildings for axis in "xy"}
    url = reverse("supplies:compound-map", kwargs={"compound_id": compound.pk})
    assert client.post(url, data).status_code == 302
    saved = BuildingSpot.objects.filter(building__compound=compound, x_m=10)
    assert saved.count() == len(buildings)
    walk = reverse("supplies:compound-walk", kwargs={"compound_id": compound.pk})
    answer = client.post(walk, {"frm": "", "to": str(buildings[0].pk), "metres": "75"})
    assert answer.status_code == 302
    assert "75 m" in client.get(url).content.decode()
