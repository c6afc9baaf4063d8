"""Propose pairings: a fast greedy with repair, or the optimal min-cost flow as the reference.

Both methods read the same `pair_cost` and the same hard rules (see `problem.py`), so their
totals compare directly. The greedy serves the coordinator's page (well under a second for a
few hundred needs); the min-cost flow (OR-Tools) is what the benchmark measures it against.

Cost of a pairing, lowest first: same building 0; same compound and near 10; same compound but
far 30; another compound (calls only when sealed) 100; plus 20 when the need's language is not
among the volunteer's skills. An unfilled slot costs `UNFILLED` × the need's priority, more than
any pairing, so neither method leaves a slot empty to save on distance.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from engines.matcher.problem import Need, Problem, Volunteer
from engines.matcher.result import MatchStatus, Pairing, Result, Unmatched

SAME_BUILDING = 0
NEAR_BUILDING = 10
FAR_BUILDING = 30
OTHER_COMPOUND = 100
NO_LANGUAGE = 20
UNFILLED = 1000

Method = Literal["greedy", "optimal"]


@dataclass(frozen=True)
class MatchParams:
    method: Method = "greedy"
    repair_rounds: int = 3  # greedy: passes of moves and one-step ejection chains


def _refusal(problem: Problem, need: Need, volunteer: Volunteer) -> str | None:
    """The hard rule that forbids this pairing, or None when it is allowed."""
    if not need.required_skills <= volunteer.skills:
        return "no_skill"
    if need.mode == "visit":
        home = problem.by_id[need.building]
        if need.building in problem.sealed_buildings and volunteer.building != need.building:
            return "sealed"
        if volunteer.building is not None and volunteer.building != need.building:
            own = problem.by_id[volunteer.building]
            if own.compound != home.compound and volunteer.building in problem.sealed_buildings:
                return "sealed"  # a volunteer shut in elsewhere cannot come to the door
    return None


def pair_cost(
    problem: Problem, need: Need, volunteer: Volunteer
) -> tuple[int, tuple[str, ...]] | None:
    """The cost of this pairing and the preferences it misses; None when a hard rule forbids it."""
    if _refusal(problem, need, volunteer) is not None:
        return None
    reasons: list[str] = []
    if volunteer.building == need.building:
        cost = SAME_BUILDING
    elif volunteer.building is None or (
        problem.by_id[volunteer.building].compound != problem.by_id[need.building].compound
    ):
        cost, reasons = OTHER_COMPOUND, ["other_compound"]
    else:
        a, b = problem.by_id[volunteer.building], problem.by_id[need.building]
        if math.hypot(a.x - b.x, a.y - b.y) <= problem.near_metres:
            cost, reasons = NEAR_BUILDING, ["other_building"]
        else:
            cost, reasons = FAR_BUILDING, ["far_building"]
    if need.language and need.language not in volunteer.skills:
        cost += NO_LANGUAGE
        reasons.append("no_language")
    return cost, tuple(reasons)


def solve(problem: Problem, params: MatchParams | None = None) -> Result:
    """Pair volunteers with needs under the hard rules, at the lowest cost the method finds.

    Deterministic: the same problem and params give the same pairings (ties break by id).
    Never breaks a hard rule; what cannot be paired is reported in `Result.unmatched` with the
    rule that stopped it.
    """
    params = params or MatchParams()
    started = time.perf_counter()
    costs = _cost_table(problem)
    if params.method == "optimal":
        chosen = _min_cost_flow(problem, costs)
    else:
        chosen = _greedy(problem, costs, params.repair_rounds)
    return _result(problem, costs, chosen, params.method, time.perf_counter() - started)


# A table of allowed (need index → [(cost, volunteer index)]), sorted cheapest first.
Costs = list[list[tuple[int, int]]]


def _cost_table(problem: Problem) -> Costs:
    table: Costs = []
    for need in problem.needs:
        row = []
        for vi, volunteer in enumerate(problem.volunteers):
            found = pair_cost(problem, need, volunteer)
            if found is not None and volunteer.capacity > 0:
                row.append((found[0], vi))
        row.sort(key=lambda cv: (cv[0], problem.volunteers[cv[1]].id))
        table.append(row)
    return table


def _greedy(problem: Problem, costs: Costs, rounds: int) -> list[set[int]]:
    """Hardest needs first, each slot to the cheapest volunteer with room (then the least loaded);
    then repair: move pairings to cheaper volunteers with room, and fill an empty slot by moving
    one of a full volunteer's pairings to someone else (a one-step ejection chain)."""
    needs, vols = problem.needs, problem.volunteers
    room = [v.capacity for v in vols]
    load = [0] * len(vols)
    chosen: list[set[int]] = [set() for _ in needs]
    cost_of = [{vi: c for c, vi in row} for row in costs]
    order = sorted(
        range(len(needs)), key=lambda i: (-needs[i].priority, len(costs[i]), needs[i].id)
    )

    def take(ni: int, vi: int) -> None:
        chosen[ni].add(vi)
        room[vi] -= 1
        load[vi] += 1

    def drop(ni: int, vi: int) -> None:
        chosen[ni].discard(vi)
        room[vi] += 1
        load[vi] -= 1

    for ni in order:
        for _ in range(needs[ni].slots):
            best: tuple[int, int, str, int] | None = None
            for c, vi in costs[ni]:
                if best is not None and c > best[0]:
                    break
                if room[vi] > 0 and vi not in chosen[ni]:
                    key = (c, load[vi], vols[vi].id, vi)
                    if best is None or key < best:
                        best = key
            if best is None:
                break
            take(ni, best[3])

    for _ in range(rounds):
        improved = False
        for ni in order:
            for vi in sorted(chosen[ni], key=lambda v: vols[v].id):
                here = cost_of[ni][vi]
                for c, wi in costs[ni]:
                    if c >= here:
                        break
                    if room[wi] > 0 and wi not in chosen[ni]:
                        drop(ni, vi)
                        take(ni, wi)
                        improved = True
                        break
        for ni in order:
            while len(chosen[ni]) < needs[ni].slots and _eject(
                ni, costs, cost_of, chosen, room, take, drop
            ):
                improved = True
        if not improved:
            break
    return chosen


def _eject(
    ni: int,
    costs: Costs,
    cost_of: list[dict[int, int]],
    chosen: list[set[int]],
    room: list[int],
    take: Callable[[int, int], None],
    drop: Callable[[int, int], None],
) -> bool:
    """Fill one empty slot of need `ni`: a full volunteer `v` who fits it hands one of their
    other needs `m` to a volunteer `w` with room, when that costs less than the empty slot."""
    for c, vi in costs[ni]:
        if vi in chosen[ni]:
            continue
        if room[vi] > 0:
            take(ni, vi)
            return True
        for mi, held in enumerate(chosen):
            if vi not in held:
                continue
            for c2, wi in costs[mi]:
                if room[wi] > 0 and wi not in held:
                    delta = c + c2 - cost_of[mi][vi]
                    if delta < UNFILLED:
                        drop(mi, vi)
                        take(mi, wi)
                        take(ni, vi)
                        return True
                    break
    return False


def _min_cost_flow(problem: Problem, costs: Costs) -> list[set[int]]:
    """The optimal assignment: source → need (slots) → volunteer (1 each) → sink (capacity),
    with an overflow arc per need at the unfilled cost so a flow always exists."""
    from ortools.graph.python import min_cost_flow

    needs, vols = problem.needs, problem.volunteers
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1 + len(needs) + len(vols)
    total = sum(n.slots for n in needs)
    pair_arcs: list[tuple[int, int, int]] = []  # (arc, need index, volunteer index)
    for ni, need in enumerate(needs):
        flow.add_arc_with_capacity_and_unit_cost(source, 1 + ni, need.slots, 0)
        flow.add_arc_with_capacity_and_unit_cost(1 + ni, sink, need.slots, UNFILLED * need.priority)
        for c, vi in costs[ni]:
            arc = flow.add_arc_with_capacity_and_unit_cost(1 + ni, 1 + len(needs) + vi, 1, c)
            pair_arcs.append((arc, ni, vi))
    for vi, vol in enumerate(vols):
        flow.add_arc_with_capacity_and_unit_cost(1 + len(needs) + vi, sink, vol.capacity, 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    chosen: list[set[int]] = [set() for _ in needs]
    if total == 0:
        return chosen
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the overflow arcs make every instance feasible
        raise RuntimeError(f"min-cost flow ended with status {status}")
    for arc, ni, vi in pair_arcs:
        if flow.flow(arc) > 0:
            chosen[ni].add(vi)
    return chosen


def _unmatched_reason(problem: Problem, need: Need, costs_row: list[tuple[int, int]]) -> str:
    if costs_row:
        return "no_capacity"
    refusals = {_refusal(problem, need, v) for v in problem.volunteers if v.capacity > 0}
    if not problem.volunteers or refusals <= {None}:
        return "no_capacity"
    return "sealed" if "sealed" in refusals else "no_skill"


def _result(
    problem: Problem, costs: Costs, chosen: list[set[int]], method: str, seconds: float
) -> Result:
    pairings: list[Pairing] = []
    unmatched: list[Unmatched] = []
    pair_total = unfilled = 0
    for ni, need in enumerate(problem.needs):
        for vi in sorted(chosen[ni], key=lambda v: problem.volunteers[v].id):
            volunteer = problem.volunteers[vi]
            found = pair_cost(problem, need, volunteer)
            assert found is not None  # both methods only pick allowed pairs
            pairings.append(Pairing(need.id, volunteer.id, found[0], found[1]))
            pair_total += found[0]
        missing = need.slots - len(chosen[ni])
        if missing:
            unmatched.append(
                Unmatched(need.id, missing, _unmatched_reason(problem, need, costs[ni]))
            )
            unfilled += missing * UNFILLED * need.priority
    if not pairings:
        status = MatchStatus.EMPTY
    else:
        status = MatchStatus.PARTIAL if unmatched else MatchStatus.COMPLETE
    return Result(
        status=status,
        method=method,
        pairings=tuple(pairings),
        unmatched=tuple(unmatched),
        pair_cost=pair_total,
        unfilled_cost=unfilled,
        stats={"seconds": seconds, "allowed_pairs": sum(len(r) for r in costs)},
    )
