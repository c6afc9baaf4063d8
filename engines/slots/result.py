"""What a plan returns: where each unit goes, each queue, the named costs and a lower bound."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """How the plan came out; ``INFEASIBLE`` carries a reason code and its figures."""

    OPTIMAL = "optimal"  # CP-SAT proved it, or the heuristic met the lower bound
    FEASIBLE = "feasible"  # every queue within capacity, not proven best
    INFEASIBLE = "infeasible"  # no plan keeps every queue within capacity
    INVALID = "invalid"  # the input itself is malformed (see ``reason``)


@dataclass(frozen=True)
class Placement:
    """One unit of a building sent to one point in one slot."""

    unit_id: str
    building_id: str
    slot_id: str
    point_id: str
    residents: int


@dataclass(frozen=True)
class Load:
    """The queue of one point in one slot against its capacity."""

    slot_id: str
    point_id: str
    residents: int
    capacity: int


@dataclass(frozen=True)
class Cost:
    """The plan's costs, compared in order: slot changes, then split buildings, then walking."""

    changes: int  # buildings with any resident away from last round's slot
    splits: int  # buildings sent to more than one (slot, point)
    walk: int  # resident-metres to the points

    def key(self) -> tuple[int, int, int]:
        return (self.changes, self.splits, self.walk)


@dataclass(frozen=True)
class Result:
    status: Status
    placements: tuple[Placement, ...] = ()
    loads: tuple[Load, ...] = ()
    cost: Cost | None = None
    bound: Cost | None = None
    split_buildings: tuple[str, ...] = ()
    changed_buildings: tuple[str, ...] = ()
    reason: str = ""
    reason_params: tuple[tuple[str, int], ...] = ()
    method: str = ""
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    @property
    def peak_ratio(self) -> float:
        """The fullest queue as a share of its point's capacity (≤ 1.0 in every feasible plan)."""
        ratios = [ld.residents / ld.capacity for ld in self.loads if ld.capacity > 0]
        return max(ratios, default=0.0)

    def slot_of(self, building_id: str) -> dict[str, tuple[str, str]]:
        """Unit id → (slot id, point id) for one building."""
        return {
            p.unit_id: (p.slot_id, p.point_id)
            for p in self.placements
            if p.building_id == building_id
        }
