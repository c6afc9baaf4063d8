"""Plan cart trips from the gate: which parcels on which cart, buildings in which order.

Method. Each building's parcels are cut into pieces that fit a cart (priority parcels — door
delivery first for elderly and immobile residents — in pieces of their own); each piece is a
PyVRP client at its building's location, and each cart trip is a PyVRP vehicle of its cart's
capacity type, so one search packs pieces onto trips and orders the buildings of each trip. A
trip carries a fixed cost above any walking it could save, so fewer trips come first and
walking second. Pieces are indivisible, so the search can leave a trip or two above the
bin-packing bound; a repack step (:func:`repack`) then dissolves the lightest trips parcel by
parcel into the spare room of the others (a building already on the trip first, else the
cheapest detour), as long as the plan's walking stays within ``Params.repack_slack`` of the
search's. Trips are then handed to (volunteer, cart) teams longest-first to the least
busy team (trips already on the road count as that team's first round), priority trips first
within each team.

Invariants of a PLANNED result: every parcel of the problem is on exactly one trip; no trip
carries more parcels or grams than its cart; trips on the road come back unchanged.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pyvrp import Model
from pyvrp.stop import MaxIterations, MaxRuntime, StoppingCriterion

from engines.dispatch.problem import Cart, Params, Parcel, Problem
from engines.dispatch.result import Result, Status, Stop, Trip


class InvalidProblem(ValueError):
    """The problem cannot be planned; ``code`` names the reason for the caller to translate."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Piece:
    building_id: int
    parcels: tuple[Parcel, ...]
    priority: bool

    @property
    def count(self) -> int:
        return len(self.parcels)

    @property
    def weight(self) -> int:
        return sum(p.weight for p in self.parcels)


def validate(problem: Problem) -> None:
    """Raise InvalidProblem: ``no_carts``, ``zero_capacity``, ``no_volunteers``, ``empty``,
    ``unknown_building``, ``too_heavy`` or ``bad_distances``."""
    if not problem.carts:
        raise InvalidProblem("no_carts")
    for cart in problem.carts:
        if cart.capacity_count <= 0 or cart.capacity_weight <= 0:
            raise InvalidProblem("zero_capacity", str(cart.id))
    if not problem.volunteer_ids:
        raise InvalidProblem("no_volunteers")
    if not problem.parcels:
        raise InvalidProblem("empty")
    known = {b.id for b in problem.buildings}
    biggest = max(c.capacity_weight for c in problem.carts)
    for parcel in problem.parcels:
        if parcel.building_id not in known:
            raise InvalidProblem("unknown_building", str(parcel.id))
        if parcel.weight > biggest:
            raise InvalidProblem("too_heavy", str(parcel.id))
    if problem.distances is not None:
        size = len(problem.buildings) + 1
        if len(problem.distances) != size or any(len(r) != size for r in problem.distances):
            raise InvalidProblem("bad_distances")


def lower_bound_trips(parcels: Sequence[Parcel], carts: Sequence[Cart]) -> int:
    """The bin-packing bound on cart trips: parcels and grams over the largest cart's capacity."""
    if not parcels:
        return 0
    count = max(c.capacity_count for c in carts)
    weight = max(c.capacity_weight for c in carts)
    return max(math.ceil(len(parcels) / count), math.ceil(sum(p.weight for p in parcels) / weight))


def _door_order(parcel: Parcel) -> tuple[bool, str, int]:
    return (not parcel.priority, parcel.order_key, parcel.id)


def cut_pieces(problem: Problem, cart: Cart) -> list[Piece]:
    """Each building's parcels in door order, cut into pieces that fit ``cart``."""
    by_building: dict[int, list[Parcel]] = defaultdict(list)
    for parcel in problem.parcels:
        by_building[parcel.building_id].append(parcel)
    pieces: list[Piece] = []
    for building in problem.buildings:
        parcels = sorted(by_building.get(building.id, []), key=_door_order)
        for priority in (True, False):
            current: list[Parcel] = []
            weight = 0
            for parcel in (p for p in parcels if p.priority == priority):
                if current and (
                    len(current) >= cart.capacity_count
                    or weight + parcel.weight > cart.capacity_weight
                ):
                    pieces.append(Piece(building.id, tuple(current), priority))
                    current, weight = [], 0
                current.append(parcel)
                weight += parcel.weight
            if current:
                pieces.append(Piece(building.id, tuple(current), priority))
    return pieces


def _teams(problem: Problem) -> list[tuple[int, Cart]]:
    """Volunteers paired with carts, largest carts first; the shorter list sets the team count."""
    carts = sorted(problem.carts, key=lambda c: (-c.capacity_count, -c.capacity_weight, c.id))
    busy = {t.volunteer_id for t in problem.fixed_trips}
    # Volunteers already on the road keep the cart they pushed out.
    on_road = {t.volunteer_id: t.cart_id for t in problem.fixed_trips}
    teams: list[tuple[int, Cart]] = []
    free_carts = [c for c in carts if c.id not in on_road.values()]
    by_id = {c.id: c for c in carts}
    for volunteer in problem.volunteer_ids:
        if volunteer in busy and on_road[volunteer] in by_id:
            teams.append((volunteer, by_id[on_road[volunteer]]))
    for volunteer in problem.volunteer_ids:
        if volunteer not in busy and free_carts:
            teams.append((volunteer, free_carts.pop(0)))
    return teams


def _stop_criterion(params: Params) -> StoppingCriterion:
    if params.max_iterations:
        return MaxIterations(params.max_iterations)
    return MaxRuntime(params.time_limit)


def route_pieces(
    pieces: Sequence[Piece],
    matrix: list[list[int]],
    location_of: dict[int, int],
    fleet: Sequence[tuple[Cart, int]],
    params: Params,
    trip_cost: int | None = None,
) -> tuple[list[tuple[list[int], int, int]], bool]:
    """Pack ``pieces`` onto trips and order each trip.

    ``fleet`` is (cart type, trips available) per capacity type. Answers, per trip, the piece
    indexes in walking order, the metres walked and the index of its cart type in ``fleet``.
    """
    model = Model()
    locations = [model.add_location(x=0, y=0) for _ in range(len(matrix))]
    depot = model.add_depot(locations[0])
    for piece in pieces:
        model.add_client(
            locations[location_of[piece.building_id]], delivery=[piece.count, piece.weight]
        )
    if trip_cost is None:
        trip_cost = 2 * max(max(row) for row in matrix) + 1
    for cart, available in fleet:
        model.add_vehicle_type(
            num_available=max(1, available),
            capacity=[cart.capacity_count, cart.capacity_weight],
            start_depot=depot,
            end_depot=depot,
            fixed_cost=trip_cost,
        )
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            if i != j:
                model.add_edge(frm, to, distance=matrix[i][j])
    found = model.solve(stop=_stop_criterion(params), seed=params.seed, display=False)
    routes = [
        (
            [visit.idx for visit in route if visit.is_client()],
            int(route.distance()),
            int(route.vehicle_type()),
        )
        for route in found.best.routes()
    ]
    return routes, bool(found.is_feasible())


Planned = tuple[list[Stop], int, bool, tuple[int, int]]  # stops, metres, priority, cart type


def _capacity(cart: Cart) -> tuple[int, int]:
    return (cart.capacity_count, cart.capacity_weight)


def solve(problem: Problem, params: Params | None = None) -> Result:
    """Plan trips for every parcel of ``problem``; trips on the road are kept as they are.

    Raises InvalidProblem (see :func:`validate`; ``no_free_cart`` when every cart is out).
    """
    params = params or Params()
    validate(problem)
    started = time.perf_counter()
    matrix = problem.distance_matrix()
    location_of = problem.location_of()
    teams = _teams(problem)
    if not teams:
        raise InvalidProblem("no_free_cart")
    types: dict[tuple[int, int], Cart] = {}
    team_count: dict[tuple[int, int], int] = defaultdict(int)
    for _volunteer, cart in teams:
        types.setdefault(_capacity(cart), cart)
        team_count[_capacity(cart)] += 1
    smallest = min(types.values(), key=lambda c: (c.capacity_count, c.capacity_weight))
    pieces = cut_pieces(
        problem, Cart(0, smallest.capacity_count, min(c.capacity_weight for c in types.values()))
    )
    keys = list(types)
    per_team = params.max_trips_per_cart or len(pieces)
    fleet = [(types[k], team_count[k] * per_team) for k in keys]
    routes, feasible = route_pieces(
        pieces, matrix, location_of, fleet, params, trip_cost=params.trip_cost
    )
    planned: list[Planned] = []
    for piece_ids, distance, vehicle_type in routes:
        stops: dict[int, list[Parcel]] = {}
        for index in piece_ids:
            piece = pieces[index]
            stops.setdefault(piece.building_id, []).extend(piece.parcels)
        priority = any(pieces[i].priority for i in piece_ids)
        planned.append(
            (
                [
                    Stop(b, tuple(p.id for p in sorted(parcels, key=_door_order)))
                    for b, parcels in stops.items()
                ],
                distance,
                priority,
                keys[vehicle_type],
            )
        )
    if params.repack and routes:
        bound = lower_bound_trips(problem.parcels, [c for _v, c in teams])
        planned = repack(
            planned,
            {p.id: p for p in problem.parcels},
            matrix,
            location_of,
            bound,
            slack=params.repack_slack,
        )
    trips = _assign(problem, teams, planned, matrix, location_of)
    return Result(
        status=Status.PLANNED if feasible else Status.INFEASIBLE,
        trips=tuple(trips),
        distance=sum(t.distance for t in trips if not t.fixed),
        lower_bound_trips=lower_bound_trips(problem.parcels, [c for _v, c in teams]),
        runtime=time.perf_counter() - started,
    )


@dataclass
class _Load:
    """A trip being repacked: buildings in walking order and the parcels for each."""

    order: list[int]
    parcels: dict[int, list[Parcel]]
    capacity: tuple[int, int]

    @property
    def count(self) -> int:
        return sum(len(ps) for ps in self.parcels.values())

    @property
    def weight(self) -> int:
        return sum(p.weight for ps in self.parcels.values() for p in ps)


def _insertion(order: list[int], building: int, matrix: list[list[int]], loc: dict[int, int]):
    """The cheapest place for ``building`` in ``order``: (extra metres, position)."""
    if building in order:
        return 0, -1
    path = [0, *(loc[b] for b in order), 0]
    here = loc[building]
    return min(
        (matrix[path[i]][here] + matrix[here][path[i + 1]] - matrix[path[i]][path[i + 1]], i)
        for i in range(len(path) - 1)
    )


def _dissolve(
    victim: _Load, others: list[_Load], matrix: list[list[int]], loc: dict[int, int]
) -> tuple[int, list[tuple[_Load, int, Parcel, _Load | None]]] | None:
    """Place every parcel of ``victim`` in the spare room of ``others``; None if one fits nowhere.

    Heaviest parcels first, each to the load where it costs the least walking, then the
    tightest fit. A parcel that fits nowhere may take the place of one lighter parcel of a
    load, which moves on to a third load (one ejection). Answers the extra metres and the
    moves (to load, insert position or -1, parcel, from load or None for the victim).
    """
    spare = {id(o): [o.capacity[0] - o.count, o.capacity[1] - o.weight] for o in others}
    orders = {id(o): list(o.order) for o in others}
    contents = {id(o): [p for ps in o.parcels.values() for p in ps] for o in others}
    moves: list[tuple[_Load, int, Parcel, _Load | None]] = []
    extra = 0

    def best_home(parcel: Parcel, skip: _Load | None) -> tuple[tuple[int, int, int], _Load] | None:
        found: tuple[tuple[int, int, int], _Load] | None = None
        for other in others:
            room = spare[id(other)]
            if other is skip or room[0] < 1 or room[1] < parcel.weight:
                continue
            cost, position = _insertion(orders[id(other)], parcel.building_id, matrix, loc)
            key = (cost, room[1] - parcel.weight, position)
            if found is None or key < found[0]:
                found = (key, other)
        return found

    def place(parcel: Parcel, target: _Load, position: int, source: _Load | None) -> None:
        if position >= 0:
            orders[id(target)].insert(position, parcel.building_id)
        spare[id(target)][0] -= 1
        spare[id(target)][1] -= parcel.weight
        contents[id(target)].append(parcel)
        if source is not None:
            spare[id(source)][0] += 1
            spare[id(source)][1] += parcel.weight
            contents[id(source)].remove(parcel)
        moves.append((target, position, parcel, source))

    parcels = sorted(
        (p for ps in victim.parcels.values() for p in ps), key=lambda p: (-p.weight, p.id)
    )
    for parcel in parcels:
        home = best_home(parcel, None)
        if home is not None:
            (cost, _tight, position), target = home
            place(parcel, target, position, None)
            extra += cost
            continue
        # One ejection: a lighter parcel of some load makes room and moves to a third load.
        swap: tuple[int, _Load, Parcel, tuple[tuple[int, int, int], _Load]] | None = None
        for other in others:
            room = spare[id(other)]
            need = parcel.weight - room[1]
            if room[0] < 0 or need <= 0:
                continue
            cost_in, _pos = _insertion(orders[id(other)], parcel.building_id, matrix, loc)
            if swap is not None and cost_in >= swap[0]:
                continue
            for out in sorted(contents[id(other)], key=lambda p: (p.weight, p.id)):
                if out.weight < need or out.weight >= parcel.weight:
                    continue
                away = best_home(out, other)
                if away is not None:
                    total = cost_in + away[0][0]
                    if swap is None or total < swap[0]:
                        swap = (total, other, out, away)
                    break
        if swap is None:
            return None
        total, other, out, ((_c, _t, away_position), away_load) = swap
        place(out, away_load, away_position, other)
        _cost, position = _insertion(orders[id(other)], parcel.building_id, matrix, loc)
        place(parcel, other, position, None)
        extra += total
    return extra, moves


def _walk(load: _Load, loc: dict[int, int], matrix: list[list[int]]) -> int:
    """Metres of the load's tour, over the stops that still have parcels."""
    return _tour_length([loc[b] for b in load.order if load.parcels.get(b)], matrix)


def repack(
    planned: list[Planned],
    parcels: dict[int, Parcel],
    matrix: list[list[int]],
    location_of: dict[int, int],
    bound: int,
    *,
    capacities: dict[tuple[int, int], tuple[int, int]] | None = None,
    slack: float = 0.01,
    candidates: int = 16,
) -> list[Planned]:
    """Dissolve trips while there are more than ``bound``: the lightest first, their parcels moved
    one by one into the other trips' spare room (each trip within its cart type's capacity).

    A trip is dissolved only if the plan's walking stays within ``slack`` of the walking it
    came in with; at most ``candidates`` trips are tried per dissolved trip. Stops keep door
    order (priority parcels first in each building). ``planned`` rows are (stops, metres,
    priority, cart type); the cart type is the (count, grams) capacity unless ``capacities``
    maps it.
    """
    loads = [
        _Load(
            [stop.building_id for stop in stops],
            {stop.building_id: [parcels[i] for i in stop.parcel_ids] for stop in stops},
            (capacities or {}).get(kind, kind),
        )
        for stops, _metres, _priority, kind in planned
    ]
    kinds = {id(load): row[3] for load, row in zip(loads, planned, strict=True)}
    walked = sum(row[1] for row in planned)
    budget = walked * (1 + slack)
    while len(loads) > bound:
        order = sorted(loads, key=lambda o: (o.weight / o.capacity[1], o.count, o.order))
        for victim in order[:candidates]:
            others = [o for o in loads if o is not victim]
            found = _dissolve(victim, others, matrix, location_of)
            if found is None:
                continue
            extra, moves = found
            saved = _walk(victim, location_of, matrix)
            if walked - saved + extra > budget:
                continue
            for target, position, parcel, source in moves:
                if source is not None:  # an emptied stop stays in the order until the end
                    source.parcels[parcel.building_id].remove(parcel)
                if position >= 0:
                    target.order.insert(position, parcel.building_id)
                target.parcels.setdefault(parcel.building_id, []).append(parcel)
            loads = others
            walked = sum(_walk(o, location_of, matrix) for o in loads)
            break
        else:
            break
    return [
        (
            [
                Stop(b, tuple(p.id for p in sorted(load.parcels[b], key=_door_order)))
                for b in load.order
                if load.parcels.get(b)
            ],
            _walk(load, location_of, matrix),
            any(p.priority for ps in load.parcels.values() for p in ps),
            kinds[id(load)],
        )
        for load in loads
    ]


def _assign(
    problem: Problem,
    teams: list[tuple[int, Cart]],
    planned: list[Planned],
    matrix: list[list[int]],
    location_of: dict[int, int],
) -> list[Trip]:
    """Hand trips to teams of their cart type: priority trips first, then longest first to the
    team with the fewest rounds (then the least walking)."""
    load = {volunteer: 0 for volunteer, _cart in teams}
    rounds = {volunteer: 0 for volunteer, _cart in teams}
    trips: list[Trip] = []
    for fixed in problem.fixed_trips:
        distance = _tour_length([location_of.get(b, 0) for b, _ids in fixed.stops], matrix)
        rounds[fixed.volunteer_id] = rounds.get(fixed.volunteer_id, 0) + 1
        load[fixed.volunteer_id] = load.get(fixed.volunteer_id, 0) + distance
        trips.append(
            Trip(
                volunteer_id=fixed.volunteer_id,
                cart_id=fixed.cart_id,
                round=rounds[fixed.volunteer_id],
                stops=tuple(Stop(b, tuple(ids)) for b, ids in fixed.stops),
                distance=distance,
                fixed=True,
            )
        )
    cart_of = dict(teams)
    order = sorted(range(len(planned)), key=lambda i: (not planned[i][2], -planned[i][1], i))
    for index in order:
        stops_list, distance, _priority, kind = planned[index]
        fitting = [v for v, cart in teams if _capacity(cart) == kind]
        volunteer = min(fitting, key=lambda v: (rounds[v], load[v], v))
        rounds[volunteer] += 1
        load[volunteer] += distance
        trips.append(
            Trip(
                volunteer_id=volunteer,
                cart_id=cart_of[volunteer].id,
                round=rounds[volunteer],
                stops=tuple(stops_list),
                distance=distance,
            )
        )
    return trips


def _tour_length(locations: list[int], matrix: list[list[int]]) -> int:
    path = [0, *locations, 0]
    return sum(matrix[a][b] for a, b in itertools.pairwise(path))


def naive_plan(problem: Problem) -> tuple[int, int]:
    """The reference plan: buildings in number order, a cart filled until full, then back.

    Answers (trips, metres). Uses the largest cart, as the solver's teams do.
    """
    validate(problem)
    matrix = problem.distance_matrix()
    location_of = problem.location_of()
    cart = max(problem.carts, key=lambda c: (c.capacity_count, c.capacity_weight))
    by_building: dict[int, list[Parcel]] = defaultdict(list)
    for parcel in problem.parcels:
        by_building[parcel.building_id].append(parcel)
    trips: list[list[int]] = []
    current: list[int] = []
    count = weight = 0
    for building in problem.buildings:
        for parcel in sorted(by_building.get(building.id, []), key=_door_order):
            if count + 1 > cart.capacity_count or weight + parcel.weight > cart.capacity_weight:
                trips.append(current)
                current, count, weight = [], 0, 0
            location = location_of[building.id]
            if not current or current[-1] != location:
                current.append(location)
            count += 1
            weight += parcel.weight
    if current:
        trips.append(current)
    return len(trips), sum(_tour_length(t, matrix) for t in trips)
