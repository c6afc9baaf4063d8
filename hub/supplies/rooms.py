"""Rooms as people type them at the gate: "3-1202", "3号楼1202", "3栋1202室", "3#2-1202".

Matching goes through the importer's keys (``building_key`` / ``room_key``), so the gate and
the group-buy list agree on what "3号楼" and "1202室" mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.imports.rows import building_key, room_key
from hub.people.identity import to_half_width
from hub.places.models import Building, Household

# building, then a separator (号楼/栋/幢/#/-/space/号/楼), then the room (may contain a unit)
_ROOM_TEXT = re.compile(
    r"^\s*(?P<building>\d+[A-Za-z]?)\s*(?:号楼|栋|幢|号|楼|#|-|—|\s)\s*-?\s*(?P<room>[\w-]+?)\s*(?:室|号|房)?\s*$"
)


@dataclass(frozen=True)
class RoomIndex:
    """The compound's households by (building key, room key), read once per request."""

    households: dict[tuple[str, str], Household]
    buildings: dict[str, Building]

    @classmethod
    def for_compound(cls, compound_id: int) -> RoomIndex:
        buildings = {
            building_key(b.name): b for b in Building.objects.filter(compound_id=compound_id)
        }
        households = {
            (building_key(h.building.name), room_key(h.room)): h
            for h in Household.objects.filter(building__compound_id=compound_id).select_related(
                "building"
            )
        }
        return cls(households=households, buildings=buildings)

    def find(self, building: str, room: str) -> Household | None:
        """The household of a building and room written in separate columns."""
        return self.households.get((building_key(building), room_key(_room_part(room))))

    def parse(self, text: str) -> Household | None:
        """The household a typed room names ("3-1202", "3号楼1202室"), or None."""
        value = to_half_width(text).strip()
        match = _ROOM_TEXT.match(value)
        if match is None:
            return None
        return self.find(match.group("building"), match.group("room"))


def _room_part(room: str) -> str:
    return to_half_width(room).strip().replace(" ", "")


def floor_of(room: str) -> int | None:
    """The floor of a room number: "1202" → 12, "2-302" → 3, "301室" → 3."""
    digits = re.findall(r"\d+", to_half_width(room))
    if not digits:
        return None
    number = digits[-1]
    return int(number[:-2]) if len(number) >= 3 else None


def unit_of(room: str) -> str:
    """The unit (单元) of a room written "2-302" or "2单元302"; "" when none."""
    text = to_half_width(room)
    match = re.match(r"^\s*(\d+)\s*(?:单元|-)", text)
    return match.group(1) if match else ""


def find_household(compound_id: int, text: str) -> Household | None:
    """The household a typed room names in the compound, in two small queries."""
    value = to_half_width(text).strip()
    match = _ROOM_TEXT.match(value)
    if match is None:
        return None
    return find_in(compound_id, match.group("building"), match.group("room"))


def find_in(compound_id: int, building: str, room: str) -> Household | None:
    """The household of a building and a room given apart (group-buy columns)."""
    key = building_key(building)
    found = [
        b for b in Building.objects.filter(compound_id=compound_id) if building_key(b.name) == key
    ]
    if len(found) != 1:
        return None
    wanted = room_key(_room_part(room))
    for household in Household.objects.filter(building=found[0]).select_related("building"):
        if room_key(household.room) == wanted:
            return household
    return None
