"""How a solve runs: when it stops (`StopParams`) and how it searches (`StrategyParams`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StopParams:
    """When a solve stops. `time_limit_s` bounds the wall time in any case; a
    `deterministic_time_limit` (CP-SAT's deterministic seconds) stops it at the same point on
    every run.
    """

    time_limit_s: float = 10.0
    deterministic_time_limit: float | None = None


@dataclass(frozen=True)
class StrategyParams:
    """How to search. A fixed `seed` with `workers=1`, or a deterministic stop, gives the same
    roster on every run.

    `hint` seeds the search with a roster (repair passes the published one); with
    `greedy_hint` the greedy baseline's roster is used when no hint is given.
    """

    workers: int = 2
    seed: int = 0
    fallback_to_greedy: bool = True
    greedy_hint: bool = True
    hint: frozenset[tuple[str, str]] | None = None
    check_capacity: bool = True
    explain: bool = True
    log: bool = False
    # Large neighbourhood search after a first CP-SAT phase of `lns_first_phase` of the limit;
    # it finds better rosters on hard instances but is not reproducible run to run.
    lns: bool = False
    lns_first_phase: float = 0.3
    # Extra CP-SAT parameters by name, e.g. {"linearization_level": 2}; applied last.
    sat_parameters: tuple[tuple[str, object], ...] = ()
    # Problems with more eligible (person, shift) pairs than this never get a whole model:
    # they are built person by person and improved a few people at a time (`large.py`).
    # Curtois & Qu: Instances 1-20 have at most 40,000 pairs, 21-24 from 90,000 to 1,000,000.
    large_pairs: int = 60_000
    # Share of the limit the person-by-person construction aims at (it may take more: a
    # roster that keeps every hard rule comes first).
    construction_share: float = 0.5
    # Build a roster person by person when the greedy one breaks a hard rule.
    construct: bool = True


@dataclass(frozen=True)
class SolveParams:
    """When to stop and how to search: `SolveParams(StopParams(20), StrategyParams(seed=7))`."""

    stop: StopParams = field(default_factory=StopParams)
    strategy: StrategyParams = field(default_factory=StrategyParams)
