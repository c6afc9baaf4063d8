"""Reading CVRP instances and writing solutions in the standard VRPLIB text formats.

Only what CVRP needs: DIMENSION, CAPACITY, EDGE_WEIGHT_TYPE EUC_2D (rounded to the nearest
integer, the CVRPLIB convention) or EXPLICIT FULL_MATRIX, NODE_COORD_SECTION, DEMAND_SECTION and
DEPOT_SECTION. Nodes are numbered from 1 in the file; a solution names clients 1..n-1 (the
depot, node 1, is not written), one "Route #k:" line per route and a final "Cost N" line.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

from engines.dispatch.problem import Building, Cart, Params, Parcel, Problem
from engines.dispatch.result import Result


@dataclass(frozen=True)
class Instance:
    name: str
    capacity: int
    coords: tuple[tuple[float, float], ...]  # node 1 (depot) first
    demands: tuple[int, ...]
    matrix: tuple[tuple[int, ...], ...]

    @property
    def clients(self) -> int:
        return len(self.demands) - 1


def read_instance(path: Path) -> Instance:
    """Parse a VRPLIB CVRP file (the depot must be node 1, as in every X instance)."""
    specs: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if ":" in line and not line[0].isdigit() and not line.startswith("-"):
            key, _sep, value = line.partition(":")
            specs[key.strip().upper()] = value.strip()
            current = ""
            continue
        if line.upper().endswith("_SECTION"):
            current = line.upper()
            sections[current] = []
            continue
        if current:
            sections[current].append(line.split())
    size = int(specs["DIMENSION"])
    capacity = int(specs["CAPACITY"])
    coords = tuple((float(row[1]), float(row[2])) for row in sections.get("NODE_COORD_SECTION", []))
    demands = tuple(int(row[1]) for row in sections["DEMAND_SECTION"])
    depots = [int(v) for row in sections.get("DEPOT_SECTION", []) for v in row if v != "-1"]
    if depots and depots != [1]:
        raise ValueError("only instances whose depot is node 1 are supported")
    kind = specs.get("EDGE_WEIGHT_TYPE", "EUC_2D").upper()
    if kind == "EUC_2D":
        matrix = tuple(tuple(round(math.dist(a, b)) for b in coords) for a in coords)
    elif kind == "EXPLICIT":
        values = [int(float(v)) for row in sections["EDGE_WEIGHT_SECTION"] for v in row]
        matrix = tuple(tuple(values[i * size : (i + 1) * size]) for i in range(size))
    else:
        raise ValueError(f"unsupported EDGE_WEIGHT_TYPE {kind}")
    if len(demands) != size or len(matrix) != size:
        raise ValueError("DIMENSION does not match the sections")
    return Instance(specs.get("NAME", path.stem), capacity, coords, demands, matrix)


def write_instance(path: Path, instance: Instance) -> None:
    """Write ``instance`` as an EXPLICIT FULL_MATRIX CVRP file."""
    size = len(instance.demands)
    lines = [
        f"NAME : {instance.name}",
        "TYPE : CVRP",
        f"DIMENSION : {size}",
        "EDGE_WEIGHT_TYPE : EXPLICIT",
        "EDGE_WEIGHT_FORMAT : FULL_MATRIX",
        f"CAPACITY : {instance.capacity}",
        "EDGE_WEIGHT_SECTION",
        *(" ".join(str(v) for v in row) for row in instance.matrix),
        "DEMAND_SECTION",
        *(f"{i + 1} {d}" for i, d in enumerate(instance.demands)),
        "DEPOT_SECTION",
        "1",
        "-1",
        "EOF",
    ]
    path.write_text("\n".join(lines) + "\n")


def to_problem(instance: Instance) -> Problem:
    """The instance as the engine's problem: each client a building with ``demand`` parcels.

    Weight is not part of CVRP: parcels weigh nothing and the cart's weight limit never binds.
    """
    buildings = tuple(Building(id=i, name=str(i)) for i in range(1, len(instance.demands)))
    parcels = []
    for client, demand in enumerate(instance.demands[1:], start=1):
        parcels.extend(
            Parcel(id=client * 100_000 + k, building_id=client, weight=0) for k in range(demand)
        )
    return Problem(
        buildings=buildings,
        parcels=tuple(parcels),
        carts=(Cart(id=1, capacity_count=instance.capacity, capacity_weight=1),),
        volunteer_ids=(1,),
        distances=instance.matrix,
    )


def cvrp_params(time_limit: float, seed: int = 1) -> Params:
    """CVRP scores walking only: no trip cost, and no repack (a client is never split)."""
    return Params(time_limit=time_limit, seed=seed, trip_cost=0, repack=False)


def routes_of(result: Result) -> list[list[int]]:
    """Client numbers (1..n-1) per route, in visiting order."""
    return [[stop.building_id for stop in trip.stops] for trip in result.trips]


def route_cost(instance: Instance, routes: list[list[int]]) -> int:
    """Cost recomputed from the matrix (independent of the engine's own figure)."""
    total = 0
    for route in routes:
        path = [0, *route, 0]
        total += sum(instance.matrix[a][b] for a, b in itertools.pairwise(path))
    return total


def check_routes(instance: Instance, routes: list[list[int]]) -> None:
    """Every client exactly once, no route over capacity; raises ValueError otherwise."""
    seen = sorted(c for r in routes for c in r)
    if seen != list(range(1, len(instance.demands))):
        raise ValueError("a client is missing or visited twice")
    for route in routes:
        if sum(instance.demands[c] for c in route) > instance.capacity:
            raise ValueError("a route exceeds the capacity")


def write_solution(path: Path, routes: list[list[int]], cost: int) -> None:
    lines = [f"Route #{k}: {' '.join(str(c) for c in route)}" for k, route in enumerate(routes, 1)]
    path.write_text("\n".join([*lines, f"Cost {cost}"]) + "\n")
