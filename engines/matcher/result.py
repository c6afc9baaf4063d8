"""What a solve returns: the proposed pairings, the slots left unfilled and why, and the cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class MatchStatus(StrEnum):
    """How far the proposal got, in the order a coordinator would want to read it."""

    COMPLETE = "complete"  # every slot of every need is filled
    PARTIAL = "partial"  # some slots are unfilled (see Result.unmatched)
    EMPTY = "empty"  # nothing to pair: no needs, or no volunteer fits any


@dataclass(frozen=True)
class Pairing:
    """One volunteer for one need, its cost and the preferences it falls short of.

    `reasons` are rule codes (`other_building`, `far_building`, `other_compound`,
    `no_language`) that the app says in the reader's language.
    """

    need: str
    volunteer: str
    cost: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unmatched:
    """Slots of a need nobody could take, with the rule that stopped them.

    `reason`: `no_skill` (nobody has the required skills), `sealed` (nobody lives in the sealed
    building), `no_capacity` (those who fit are all at their load limit).
    """

    need: str
    slots: int
    reason: str


@dataclass(frozen=True)
class Result:
    status: MatchStatus
    method: str
    pairings: tuple[Pairing, ...]
    unmatched: tuple[Unmatched, ...]
    pair_cost: int  # sum of the pairings' costs
    unfilled_cost: int  # unfilled slots × their need's priority × the unfilled weight
    stats: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def total_cost(self) -> int:
        """What the optimal method minimizes: pairing costs plus unfilled slots."""
        return self.pair_cost + self.unfilled_cost

    def volunteers_of(self, need: str) -> tuple[str, ...]:
        return tuple(p.volunteer for p in self.pairings if p.need == need)
