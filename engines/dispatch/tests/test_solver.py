"""The dispatch engine on tiny compounds built in code."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines.dispatch.problem import Building, Cart, FixedTrip, Params, Parcel, Problem
from engines.dispatch.result import Status
from engines.dispatch.solver import InvalidProblem, lower_bound_trips, naive_plan, solve

FAST = Params(max_iterations=200, seed=3)


def compound(parcels_per_building: list[int], *, weight: int = 1000) -> Problem:
    buildings = tuple(
        Building(id=i + 1, name=f"{i + 1}号楼", x=50.0 * (i + 1), y=30.0 * (i % 3))
        for i in range(len(parcels_per_building))
    )
    parcels = []
    pid = 1
    for building, count in zip(buildings, parcels_per_building, strict=True):
        for n in range(count):
            parcels.append(
                Parcel(id=pid, building_id=building.id, weight=weight, order_key=f"{n:04d}")
            )
            pid += 1
    return Problem(
        buildings=buildings,
        parcels=tuple(parcels),
        carts=(Cart(id=1, capacity_count=10, capacity_weight=20_000),),
        volunteer_ids=(101, 102),
    )


def test_every_parcel_is_on_exactly_one_trip():
    problem = compound([3, 4, 2])
    result = solve(problem, FAST)
    assert result.status is Status.PLANNED
    placed = [p for trip in result.trips for p in trip.parcel_ids]
    assert sorted(placed) == sorted(p.id for p in problem.parcels)


def test_small_night_fits_one_trip_and_meets_the_bound():
    result = solve(compound([3, 4, 2]), FAST)
    assert len(result.trips) == 1 == result.lower_bound_trips


def test_a_building_bigger_than_a_cart_is_split_over_trips():
    result = solve(compound([25]), FAST)
    assert len(result.trips) == 3
    assert all(len(t.parcel_ids) <= 10 for t in result.trips)
    assert {t.stops[0].building_id for t in result.trips} == {1}


def test_weight_limits_a_trip_before_the_count_does():
    result = solve(compound([8], weight=5000), FAST)  # 40 kg on a 20 kg cart
    assert result.lower_bound_trips == 2
    assert len(result.trips) == 2
    assert all(len(t.parcel_ids) * 5000 <= 20_000 for t in result.trips)


def test_trips_are_shared_between_volunteers_in_rounds():
    base = compound([10, 10, 10, 10])
    carts = (Cart(1, 10, 20_000), Cart(2, 10, 20_000))
    result = solve(Problem(base.buildings, base.parcels, carts, (101, 102)), FAST)
    per_volunteer = {}
    for trip in result.trips:
        per_volunteer.setdefault(trip.volunteer_id, []).append(trip.round)
    assert sorted(per_volunteer) == [101, 102]
    assert sorted(per_volunteer[101]) == [1, 2]
    assert {t.cart_id for t in result.trips if t.volunteer_id == 102} == {2}


def test_one_cart_means_one_team_and_the_other_volunteer_waits():
    result = solve(compound([10, 10]), FAST)
    assert {t.volunteer_id for t in result.trips} == {101}
    assert sorted(t.round for t in result.trips) == [1, 2]


def test_priority_parcels_go_out_in_the_first_round_and_first_at_the_door():
    base = compound([10, 10, 10, 10])
    flagged = tuple(
        Parcel(p.id, p.building_id, p.weight, priority=(p.id == 35), order_key=p.order_key)
        for p in base.parcels
    )
    problem = Problem(base.buildings, flagged, base.carts, base.volunteer_ids)
    result = solve(problem, FAST)
    trip = next(t for t in result.trips if 35 in t.parcel_ids)
    assert trip.round == 1
    stop = next(s for s in trip.stops if 35 in s.parcel_ids)
    assert stop.parcel_ids[0] == 35


def test_trips_on_the_road_are_kept_and_count_as_a_round():
    base = compound([5, 5])
    on_road = FixedTrip(volunteer_id=101, cart_id=1, stops=((2, (900, 901)),))
    problem = Problem(
        base.buildings,
        base.parcels,
        (Cart(1, 10, 20_000), Cart(2, 10, 20_000)),
        (101, 102),
        fixed_trips=(on_road,),
    )
    result = solve(problem, FAST)
    fixed = [t for t in result.trips if t.fixed]
    assert [(t.volunteer_id, t.parcel_ids) for t in fixed] == [(101, (900, 901))]
    new = result.new_trips
    assert [t.volunteer_id for t in new] == [102]
    assert new[0].cart_id == 2


def test_same_seed_same_plan():
    problem = compound([7, 3, 9, 4, 6])
    first = solve(problem, FAST)
    second = solve(problem, FAST)
    assert first.trips == second.trips


def test_a_distance_table_replaces_coordinates():
    base = compound([2, 2])
    table = ((0, 10, 500), (10, 0, 500), (500, 500, 0))
    problem = Problem(base.buildings, base.parcels, base.carts, base.volunteer_ids, table)
    result = solve(problem, FAST)
    assert result.distance == 1010


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"carts": (Cart(1, 0, 20_000),)}, "zero_capacity"),
        ({"carts": (Cart(1, 10, 0),)}, "zero_capacity"),
        ({"carts": ()}, "no_carts"),
        ({"volunteer_ids": ()}, "no_volunteers"),
        ({"parcels": ()}, "empty"),
    ],
)
def test_bad_input_is_refused_with_a_code(change, code):
    base = compound([2])
    values = {
        "buildings": base.buildings,
        "parcels": base.parcels,
        "carts": base.carts,
        "volunteer_ids": base.volunteer_ids,
        **change,
    }
    with pytest.raises(InvalidProblem) as caught:
        solve(Problem(**values), FAST)
    assert caught.value.code == code


def test_lower_bound_counts_parcels_and_grams():
    parcels = [Parcel(i, 1, weight=3000) for i in range(9)]
    assert lower_bound_trips(parcels, [Cart(1, 10, 20_000)]) == 2  # 27 kg
    assert lower_bound_trips(parcels, [Cart(1, 4, 100_000)]) == 3  # 9 parcels


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5).filter(any),
    weight=st.integers(min_value=100, max_value=6000),
    capacity=st.integers(min_value=1, max_value=12),
)
def test_no_cart_over_capacity_and_no_parcel_lost(sizes, weight, capacity):
    base = compound(sizes, weight=weight)
    cart = Cart(1, capacity, 15_000)
    problem = Problem(base.buildings, base.parcels, (cart,), (101, 102, 103))
    result = solve(problem, Params(max_iterations=50, seed=1))
    assert result.status is Status.PLANNED
    placed = sorted(p for t in result.trips for p in t.parcel_ids)
    assert placed == sorted(p.id for p in problem.parcels)
    for trip in result.trips:
        assert len(trip.parcel_ids) <= capacity
        assert len(trip.parcel_ids) * weight <= 15_000
    assert len(result.trips) >= result.lower_bound_trips


def test_naive_plan_walks_buildings_in_number_order_and_the_solver_walks_no_more():
    base = compound([4, 4, 4, 4, 4, 4])
    shuffled = Problem(
        tuple(reversed(base.buildings[::2])) + base.buildings[1::2],
        base.parcels,
        (Cart(1, 12, 100_000),),
        base.volunteer_ids,
    )
    trips, metres = naive_plan(shuffled)
    assert trips == 2
    assert solve(shuffled, FAST).distance <= metres


def test_repacking_parcels_reaches_the_bound_that_whole_pieces_cannot():
    # Three buildings of 6 parcels, carts of 10: whole pieces need 3 trips, the bound is 2.
    problem = compound([6, 6, 6])
    plain = solve(problem, dataclasses.replace(FAST, repack=False))
    packed = solve(problem, FAST)
    assert (len(plain.trips), plain.lower_bound_trips) == (3, 2)
    assert len(packed.trips) == packed.lower_bound_trips == 2
    on_trips = sorted(p for t in packed.trips for s in t.stops for p in s.parcel_ids)
    assert on_trips == sorted(p.id for p in problem.parcels)  # every parcel once
    assert all(sum(len(s.parcel_ids) for s in t.stops) <= 10 for t in packed.trips)
    assert packed.distance <= plain.distance * 1.01


def test_repacking_never_walks_more_than_its_slack():
    # Buildings far apart in three directions: dissolving any trip sends two carts far out.
    problem = dataclasses.replace(
        compound([6, 6, 6]),
        buildings=(
            Building(1, "1号楼", x=5000.0),
            Building(2, "2号楼", y=5000.0),
            Building(3, "3号楼", x=-5000.0),
        ),
    )
    careful = solve(problem, dataclasses.replace(FAST, repack_slack=0.01))
    assert (len(careful.trips), careful.lower_bound_trips) == (3, 2)
    eager = solve(problem, dataclasses.replace(FAST, repack_slack=10.0))
    assert len(eager.trips) == 2 and eager.distance > careful.distance
