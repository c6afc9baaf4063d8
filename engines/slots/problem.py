"""The slot-planning problem: immutable input, built by an adapter, never by the engine itself.

A screening round has time *slots* and sampling *points*; each point takes at most ``capacity``
residents per slot (its queue). Residents come down by *building*; a building may be cut along its
*units* (单元, or groups of households the adapter made) when it does not fit whole. Households are
never cut: a unit is the smallest piece the engine moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Slot:
    """One time slot of the round; ``start`` and ``end`` are minutes from the round's start."""

    id: str
    start: int
    end: int


@dataclass(frozen=True)
class Point:
    """A sampling point: the most residents it can sample in one slot."""

    id: str
    capacity: int


@dataclass(frozen=True)
class Unit:
    """The smallest piece of a building that goes down together (a 单元 or a group of rooms)."""

    id: str
    residents: int


@dataclass(frozen=True)
class Building:
    """A building, its units, its walk to each point and the slot it had last round (if any)."""

    id: str
    units: tuple[Unit, ...]
    walk: tuple[tuple[str, int], ...]  # (point id, metres)
    previous_slot: str | None = None

    @property
    def residents(self) -> int:
        return sum(u.residents for u in self.units)

    def metres_to(self, point_id: str) -> int:
        return dict(self.walk)[point_id]


@dataclass(frozen=True)
class Params:
    """How to solve: the method, a time limit for CP-SAT, and the seed (results are repeatable)."""

    method: str = "heuristic"  # "heuristic" (constructive + improvement) or "cpsat" (reference)
    time_limit_s: float = 10.0
    seed: int = 0
    workers: int = 1
    max_passes: int = 50


@dataclass(frozen=True)
class Problem:
    slots: tuple[Slot, ...]
    points: tuple[Point, ...]
    buildings: tuple[Building, ...]
    meta: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def validate(self) -> list[str]:
        """Problems with the input itself, as codes (empty when the input is well formed)."""
        errors: list[str] = []
        if not self.slots:
            errors.append("no_slots")
        if not self.points:
            errors.append("no_points")
        if len({s.id for s in self.slots}) != len(self.slots):
            errors.append("duplicate_slot")
        if len({p.id for p in self.points}) != len(self.points):
            errors.append("duplicate_point")
        if len({b.id for b in self.buildings}) != len(self.buildings):
            errors.append("duplicate_building")
        unit_ids = [u.id for b in self.buildings for u in b.units]
        if len(set(unit_ids)) != len(unit_ids):
            errors.append("duplicate_unit")
        if any(s.end <= s.start for s in self.slots):
            errors.append("empty_slot")
        if any(p.capacity < 0 for p in self.points):
            errors.append("negative_capacity")
        point_ids = {p.id for p in self.points}
        slot_ids = {s.id for s in self.slots}
        for b in self.buildings:
            if {pid for pid, _m in b.walk} != point_ids:
                errors.append("walk_incomplete")
                break
        if any(u.residents < 0 for b in self.buildings for u in b.units):
            errors.append("negative_residents")
        if any(
            b.previous_slot is not None and b.previous_slot not in slot_ids for b in self.buildings
        ):
            # A slot of last round that no longer exists is simply forgotten by the adapter.
            errors.append("unknown_previous_slot")
        return errors

    @property
    def residents(self) -> int:
        return sum(b.residents for b in self.buildings)

    @property
    def capacity(self) -> int:
        return sum(p.capacity for p in self.points) * len(self.slots)
