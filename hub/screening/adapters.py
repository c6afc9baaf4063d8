"""The only bridge between screening rows and ``engines.slots``.

Builds the engine's problem from the household register (home-sampled and exempt residents are
left out of the queues), and turns the engine's placements back into ``SlotAssignment`` values.
A building is cut into units of whole households of at most ``UNIT_RESIDENTS`` residents (fewer
when queues are small, see ``unit_size``), in room order, so a cut building sends neighbouring
floors together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, OuterRef

from engines.slots.problem import Building as EngineBuilding
from engines.slots.problem import Params, Problem, Unit
from engines.slots.problem import Point as EnginePoint
from engines.slots.problem import Slot as EngineSlot
from engines.slots.result import Result
from engines.slots.solver import solve
from hub.people.models import Person
from hub.places.models import Building
from hub.screening.models import (
    Exemption,
    HomeSampling,
    SamplingPoint,
    ScreeningRound,
    Slot,
    SlotAssignment,
)

UNIT_RESIDENTS = 20
DEFAULT_WALK_METRES = 100


@dataclass(frozen=True)
class PlannedUnit:
    building_id: int
    unit: str
    slot_index: int
    point_id: int
    residents: int


def unit_size(capacities: list[int]) -> int:
    """Residents per unit: at most ``UNIT_RESIDENTS``, and small enough that two units share the
    smallest queue (coarser units can make a round with room to spare impossible to pack)."""
    return max(1, min([UNIT_RESIDENTS, *(c // 2 for c in capacities)]))


def _units(
    round_: ScreeningRound, building_ids: list[int], size: int = UNIT_RESIDENTS
) -> dict[int, list[tuple[str, int]]]:
    """Building id → [(unit label, residents)] of queueing residents, households kept whole."""
    away = Exemption.objects.filter(round=round_, person=OuterRef("pk"))
    home = HomeSampling.objects.filter(round=round_, person=OuterRef("pk"))
    rows = (
        Person.objects.filter(household__building_id__in=building_ids)
        .exclude(Exists(away))
        .exclude(Exists(home))
        .values("household__building_id", "household__sort_key", "household__room")
        .annotate(n=Count("id"))
        .order_by("household__building_id", "household__sort_key")
    )
    units: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        pieces, room, n = units[row["household__building_id"]], row["household__room"], row["n"]
        if pieces and pieces[-1][1] + n <= size:
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + n)
        else:
            pieces.append((room, n))
    return units


def build_problem(round_: ScreeningRound) -> tuple[Problem, dict[str, tuple[int, str]]]:
    """The engine's problem for ``round_`` and a map back from unit ids to (building, label)."""
    slots = list(Slot.objects.filter(round=round_).order_by("index"))
    points = list(SamplingPoint.objects.filter(round=round_).order_by("pk"))
    buildings = list(Building.objects.filter(compound_id=round_.compound_id).order_by("sort_key"))
    units = _units(round_, [b.pk for b in buildings], unit_size([p.capacity for p in points]))
    previous: dict[int, int] = {}
    if round_.previous_id:
        for bid, index in (
            SlotAssignment.objects.filter(round_id=round_.previous_id)
            .order_by("building_id", "slot__index")
            .values_list("building_id", "slot__index")
        ):
            previous.setdefault(bid, index)
    slot_ids = {s.index for s in slots}
    back: dict[str, tuple[int, str]] = {}
    engine_buildings = []
    for b in buildings:
        pieces = units.get(b.pk, [])
        if not pieces:
            continue
        engine_units = []
        for label, count in pieces:
            uid = f"{b.pk}:{label}"
            back[uid] = (b.pk, label)
            engine_units.append(Unit(id=uid, residents=count))
        prev = previous.get(b.pk)
        engine_buildings.append(
            EngineBuilding(
                id=str(b.pk),
                units=tuple(engine_units),
                walk=tuple(
                    (str(p.pk), int(p.walk.get(str(b.pk), DEFAULT_WALK_METRES))) for p in points
                ),
                previous_slot=str(prev) if prev in slot_ids else None,
            )
        )
    problem = Problem(
        slots=tuple(
            EngineSlot(
                id=str(s.index),
                start=int((s.starts_at - round_.starts_at).total_seconds() // 60),
                end=int((s.ends_at - round_.starts_at).total_seconds() // 60),
            )
            for s in slots
        ),
        points=tuple(EnginePoint(id=str(p.pk), capacity=p.capacity) for p in points),
        buildings=tuple(engine_buildings),
    )
    return problem, back


def plan(round_: ScreeningRound) -> tuple[Result, list[PlannedUnit]]:
    """Solve the round's slot plan; the planned units are empty unless the result is ok."""
    problem, back = build_problem(round_)
    result = solve(problem, Params(method="heuristic", time_limit_s=2.0))
    if not result.ok:
        return result, []
    planned = [
        PlannedUnit(
            building_id=back[p.unit_id][0],
            unit=back[p.unit_id][1],
            slot_index=int(p.slot_id),
            point_id=int(p.point_id),
            residents=p.residents,
        )
        for p in result.placements
    ]
    # Units of one building in one queue are one assignment: residents see one time. A whole
    # building's assignment has no unit label; a cut one is labelled by its first room.
    merged: dict[tuple[int, int, int], PlannedUnit] = {}
    for u in planned:
        key = (u.building_id, u.slot_index, u.point_id)
        m = merged.get(key)
        merged[key] = u if m is None else replace(m, residents=m.residents + u.residents)
    pieces: dict[int, int] = defaultdict(int)
    for u in merged.values():
        pieces[u.building_id] += 1
    return result, [
        u if pieces[u.building_id] > 1 else replace(u, unit="") for u in merged.values()
    ]
