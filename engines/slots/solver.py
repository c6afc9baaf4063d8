"""Plan a screening round: every unit of every building to one (slot, point).

Rules, hard first:
* capacity (hard): no point's queue in any slot exceeds its capacity;
* households are never cut (a unit is the smallest piece moved);
* then, compared lexicographically: slot changes against last round (a building keeps its slot
  unless that breaks capacity), split buildings (kept whole where possible), resident-metres walked.

``method="heuristic"`` (the default) builds a plan greedily, largest buildings first and last
round's slot first, then improves it by relocating, swapping and ejecting whole buildings until no
move helps. ``method="cpsat"`` is the exact model on OR-Tools CP-SAT, kept as the reference the
benchmark compares against. ``method="naive"`` is what a desk does by hand: buildings in number
order, first free queue. Every method is deterministic for a given problem and seed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from engines.slots.bound import lower_bound
from engines.slots.problem import Params, Problem
from engines.slots.result import Cost, Load, Placement, Result, Status

Pair = tuple[int, int]  # (slot index, point index)


@dataclass
class _Model:
    """Index form of the problem the methods share."""

    problem: Problem
    caps: list[int]
    n_slots: int
    n_points: int
    unit_res: list[int]
    unit_building: list[int]
    building_units: list[list[int]]
    building_res: list[int]
    walk: list[list[int]]  # building × point metres
    prev: list[int | None]  # building → previous slot index
    w_split: int
    w_change: int

    @classmethod
    def of(cls, problem: Problem) -> _Model:
        slot_index = {s.id: i for i, s in enumerate(problem.slots)}
        point_ids = [p.id for p in problem.points]
        unit_res: list[int] = []
        unit_building: list[int] = []
        building_units: list[list[int]] = []
        walk: list[list[int]] = []
        prev: list[int | None] = []
        for bi, b in enumerate(problem.buildings):
            ids = []
            for u in b.units:
                ids.append(len(unit_res))
                unit_res.append(u.residents)
                unit_building.append(bi)
            building_units.append(ids)
            metres = dict(b.walk)
            walk.append([metres[pid] for pid in point_ids])
            prev.append(slot_index[b.previous_slot] if b.previous_slot is not None else None)
        building_res = [sum(unit_res[u] for u in us) for us in building_units]
        max_walk = sum(r * max(w, default=0) for r, w in zip(building_res, walk, strict=True))
        w_split = max_walk + 1
        return cls(
            problem=problem,
            caps=[p.capacity for p in problem.points],
            n_slots=len(problem.slots),
            n_points=len(problem.points),
            unit_res=unit_res,
            unit_building=unit_building,
            building_units=building_units,
            building_res=building_res,
            walk=walk,
            prev=prev,
            w_split=w_split,
            w_change=w_split * (len(building_units) + 1),
        )

    @property
    def pairs(self) -> list[Pair]:
        return [(s, p) for s in range(self.n_slots) for p in range(self.n_points)]

    def building_cost(self, b: int, where: dict[int, Pair]) -> tuple[int, int, int]:
        """(changed, split, walk) of building ``b`` under ``where`` (unit → pair)."""
        pairs = {where[u] for u in self.building_units[b]}
        prev = self.prev[b]
        changed = int(prev is not None and any(s != prev for s, _p in pairs))
        split = int(len(pairs) > 1)
        walk = sum(self.unit_res[u] * self.walk[b][where[u][1]] for u in self.building_units[b])
        return changed, split, walk

    def scalar(self, c: tuple[int, int, int]) -> int:
        return c[0] * self.w_change + c[1] * self.w_split + c[2]

    def whole_cost(self, b: int, pair: Pair) -> int:
        prev = self.prev[b]
        changed = int(prev is not None and pair[0] != prev)
        return changed * self.w_change + self.building_res[b] * self.walk[b][pair[1]]


def solve(problem: Problem, params: Params | None = None) -> Result:
    """Plan the round; see the module docstring for the rules. Never raises on bad input."""
    params = params or Params()
    started = time.perf_counter()
    errors = problem.validate()
    if errors:
        return Result(status=Status.INVALID, reason=errors[0], method=params.method)
    bound = lower_bound(problem)
    total, capacity = problem.residents, problem.capacity
    if total > capacity:
        return Result(
            status=Status.INFEASIBLE,
            reason="no_capacity",
            reason_params=(("residents", total), ("capacity", capacity)),
            bound=bound,
            method=params.method,
        )
    biggest_unit = max((u.residents for b in problem.buildings for u in b.units), default=0)
    biggest_queue = max(p.capacity for p in problem.points)
    if biggest_unit > biggest_queue:
        return Result(
            status=Status.INFEASIBLE,
            reason="unit_too_large",
            reason_params=(("residents", biggest_unit), ("capacity", biggest_queue)),
            bound=bound,
            method=params.method,
        )
    model = _Model.of(problem)
    proven = False
    where: dict[int, Pair] | None
    if params.method == "cpsat":
        hint = _construct(model)
        if hint is not None:
            _improve(model, hint, params, started)
        where, proven = _cpsat(model, params, started, hint)
    elif params.method == "naive":
        where = _naive(model)
    else:
        where = _construct(model)
        if where is not None:
            _improve(model, where, params, started)
    if where is None:
        return Result(
            status=Status.INFEASIBLE,
            reason="no_fit",
            reason_params=(("residents", total), ("capacity", capacity)),
            bound=bound,
            method=params.method,
            elapsed_s=time.perf_counter() - started,
        )
    return _result(model, where, bound, params.method, proven, time.perf_counter() - started)


def _result(
    model: _Model,
    where: dict[int, Pair],
    bound: Cost,
    method: str,
    proven: bool,
    elapsed: float,
) -> Result:
    problem = model.problem
    placements: list[Placement] = []
    load: dict[Pair, int] = {}
    for bi, b in enumerate(problem.buildings):
        for u, unit in zip(model.building_units[bi], b.units, strict=True):
            s, p = where[u]
            load[(s, p)] = load.get((s, p), 0) + unit.residents
            placements.append(
                Placement(
                    unit_id=unit.id,
                    building_id=b.id,
                    slot_id=problem.slots[s].id,
                    point_id=problem.points[p].id,
                    residents=unit.residents,
                )
            )
    loads = tuple(
        Load(
            slot_id=problem.slots[s].id,
            point_id=problem.points[p].id,
            residents=load.get((s, p), 0),
            capacity=model.caps[p],
        )
        for s, p in model.pairs
    )
    changed, split = [], []
    walk = 0
    for bi, b in enumerate(problem.buildings):
        c, sp, w = model.building_cost(bi, where)
        walk += w
        if c:
            changed.append(b.id)
        if sp:
            split.append(b.id)
    cost = Cost(changes=len(changed), splits=len(split), walk=walk)
    status = Status.OPTIMAL if proven or cost == bound else Status.FEASIBLE
    return Result(
        status=status,
        placements=tuple(placements),
        loads=loads,
        cost=cost,
        bound=bound,
        split_buildings=tuple(split),
        changed_buildings=tuple(changed),
        method=method,
        elapsed_s=elapsed,
    )


# Construction -------------------------------------------------------------------------------
def _place_split(model: _Model, b: int, remaining: dict[Pair, int], where: dict[int, Pair]) -> bool:
    """Cut building ``b`` along its units, largest first, into as few queues as it can."""
    used: set[Pair] = set()
    prev = model.prev[b]
    chosen: dict[int, Pair] = {}
    units = sorted(model.building_units[b], key=lambda u: (-model.unit_res[u], u))
    for u in units:
        r = model.unit_res[u]
        best: tuple[tuple[int, int, int, int, int], Pair] | None = None
        for pair in model.pairs:
            if remaining[pair] < r:
                continue
            key = (
                int(prev is not None and pair[0] != prev),
                int(pair not in used),
                -remaining[pair] if pair not in used else 0,  # open the roomiest new queue
                r * model.walk[b][pair[1]],
                pair[0] * model.n_points + pair[1],
            )
            if best is None or key < best[0]:
                best = (key, pair)
        if best is None:
            for u2, pair in chosen.items():
                remaining[pair] += model.unit_res[u2]
            return False
        pair = best[1]
        chosen[u] = pair
        used.add(pair)
        remaining[pair] -= r
    where.update(chosen)
    return True


def _best_whole(model: _Model, b: int, remaining: dict[Pair, int]) -> Pair | None:
    r = model.building_res[b]
    best: tuple[int, int, Pair] | None = None
    for i, pair in enumerate(model.pairs):
        if remaining[pair] >= r:
            key = (model.whole_cost(b, pair), i, pair)
            if best is None or key < best:
                best = key
    return None if best is None else best[2]


def _construct(model: _Model) -> dict[int, Pair] | None:
    remaining = {pair: model.caps[pair[1]] for pair in model.pairs}
    where: dict[int, Pair] = {}
    order = sorted(
        range(len(model.building_units)),
        key=lambda b: (model.prev[b] is None, -model.building_res[b], b),
    )
    for b in order:
        pair = _best_whole(model, b, remaining)
        if pair is not None:
            for u in model.building_units[b]:
                where[u] = pair
            remaining[pair] -= model.building_res[b]
        elif not _place_split(model, b, remaining, where):
            return _first_fit_decreasing(model)
    return where


def _first_fit_decreasing(model: _Model) -> dict[int, Pair] | None:
    """Pure packing of units, largest first: the fallback when buildings fragment the queues."""
    remaining = {pair: model.caps[pair[1]] for pair in model.pairs}
    where: dict[int, Pair] = {}
    for u in sorted(range(len(model.unit_res)), key=lambda u: (-model.unit_res[u], u)):
        for pair in model.pairs:
            if remaining[pair] >= model.unit_res[u]:
                where[u] = pair
                remaining[pair] -= model.unit_res[u]
                break
        else:
            return None
    return where


def _naive(model: _Model) -> dict[int, Pair] | None:
    """Buildings in number order, each to the first queue with room, cut only when none has."""
    remaining = {pair: model.caps[pair[1]] for pair in model.pairs}
    where: dict[int, Pair] = {}
    for b in range(len(model.building_units)):
        for pair in model.pairs:
            if remaining[pair] >= model.building_res[b]:
                for u in model.building_units[b]:
                    where[u] = pair
                remaining[pair] -= model.building_res[b]
                break
        else:
            for u in model.building_units[b]:
                for pair in model.pairs:
                    if remaining[pair] >= model.unit_res[u]:
                        where[u] = pair
                        remaining[pair] -= model.unit_res[u]
                        break
                else:
                    return None
    return where


# Improvement --------------------------------------------------------------------------------
def _improve(model: _Model, where: dict[int, Pair], params: Params, started: float) -> None:
    """Relocate, swap and eject whole buildings while the total cost goes down."""
    remaining = {pair: model.caps[pair[1]] for pair in model.pairs}
    for u, pair in where.items():
        remaining[pair] -= model.unit_res[u]
    buildings = range(len(model.building_units))

    def cost(b: int) -> int:
        return model.scalar(model.building_cost(b, where))

    def lift(b: int) -> dict[int, Pair]:
        old = {u: where[u] for u in model.building_units[b]}
        for u, pair in old.items():
            remaining[pair] += model.unit_res[u]
        return old

    def put(b: int, placed: dict[int, Pair]) -> None:
        for u, pair in placed.items():
            where[u] = pair
            remaining[pair] -= model.unit_res[u]

    def whole(b: int, pair: Pair) -> dict[int, Pair]:
        return {u: pair for u in model.building_units[b]}

    def whole_pair(b: int) -> Pair | None:
        pairs = {where[u] for u in model.building_units[b]}
        return next(iter(pairs)) if len(pairs) == 1 else None

    for _pass in range(params.max_passes):
        if time.perf_counter() - started > params.time_limit_s:
            break
        improved = False
        # 1. Relocate: each building to its best whole queue, or cut again more cheaply.
        for b in buildings:
            before = cost(b)
            old = lift(b)
            target = _best_whole(model, b, remaining)
            if target is not None and model.whole_cost(b, target) < before:
                put(b, whole(b, target))
                improved = True
                continue
            if (target is None and len({*old.values()}) > 1) or before >= model.w_change:
                trial: dict[int, Pair] = {}
                if _place_split(model, b, remaining, trial):
                    # _place_split reserved the queues; undo to compare fairly.
                    for u, q in trial.items():
                        remaining[q] += model.unit_res[u]
                    if model.scalar(model.building_cost(b, {**where, **trial})) < before:
                        put(b, trial)
                        improved = True
                        continue
            put(b, old)
        # 2. Swap two whole buildings between their queues.
        for a in buildings:
            pa = whole_pair(a)
            if pa is None:
                continue
            for b in buildings:
                if b <= a:
                    continue
                pb = whole_pair(b)
                if pb is None or pb == pa:
                    continue
                ra, rb = model.building_res[a], model.building_res[b]
                if ra > remaining[pb] + rb or rb > remaining[pa] + ra:
                    continue
                delta = (model.whole_cost(a, pb) + model.whole_cost(b, pa)) - (
                    model.whole_cost(a, pa) + model.whole_cost(b, pb)
                )
                if delta < 0:
                    lift(a)
                    lift(b)
                    put(a, whole(a, pb))
                    put(b, whole(b, pa))
                    pa = pb
                    improved = True
        # 3. Eject: make room for a split (or moved) building by sending a whole one elsewhere.
        for b in buildings:
            before_b = cost(b)
            if before_b < model.w_split:  # already whole and in its slot
                continue
            old = lift(b)
            done = False
            for pair in model.pairs:
                need = model.building_res[b] - remaining[pair]
                if need <= 0 or model.whole_cost(b, pair) >= before_b:
                    continue
                for c in buildings:
                    if c == b or whole_pair(c) != pair or model.building_res[c] < need:
                        continue
                    before_c = cost(c)
                    lift(c)
                    remaining[pair] -= model.building_res[b]  # reserve b's room while c looks
                    target = _best_whole(model, c, remaining)
                    remaining[pair] += model.building_res[b]
                    if target is not None and target != pair:
                        after = model.whole_cost(b, pair) + model.whole_cost(c, target)
                        if after < before_b + before_c:
                            put(b, whole(b, pair))
                            put(c, whole(c, target))
                            done = improved = True
                            break
                    put(c, whole(c, pair))
                if done:
                    break
            if not done:
                put(b, old)
        if not improved:
            break


# Reference: the exact model on CP-SAT -------------------------------------------------------
def _cpsat(
    model: _Model, params: Params, started: float, hint: dict[int, Pair] | None
) -> tuple[dict[int, Pair] | None, bool]:
    """The exact model, hinted with the heuristic's plan (every variable, so it starts feasible)."""
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    pairs = model.pairs
    x = {
        (u, q): cp.new_bool_var(f"x_{u}_{q[0]}_{q[1]}")
        for u in range(len(model.unit_res))
        for q in pairs
    }
    for u in range(len(model.unit_res)):
        cp.add_exactly_one(x[(u, q)] for q in pairs)
    for q in pairs:
        cp.add(
            sum(model.unit_res[u] * x[(u, q)] for u in range(len(model.unit_res)))
            <= model.caps[q[1]]
        )
    terms = []
    for b, units in enumerate(model.building_units):
        used = {q: cp.new_bool_var(f"y_{b}_{q[0]}_{q[1]}") for q in pairs}
        mine = {hint[u] for u in units} if hint is not None else set()
        for q in pairs:
            for u in units:
                cp.add_implication(x[(u, q)], used[q])
        split = cp.new_bool_var(f"split_{b}")
        cp.add(sum(used.values()) <= 1 + len(pairs) * split)
        if hint is not None:
            for q, var in used.items():
                cp.add_hint(var, q in mine)
            cp.add_hint(split, len(mine) > 1)
        terms.append(model.w_split * split)
        prev = model.prev[b]
        if prev is not None:
            changed = cp.new_bool_var(f"changed_{b}")
            for u in units:
                for q in pairs:
                    if q[0] != prev:
                        cp.add_implication(x[(u, q)], changed)
            terms.append(model.w_change * changed)
            if hint is not None:
                cp.add_hint(changed, any(q[0] != prev for q in mine))
        for u in units:
            for q in pairs:
                terms.append(model.unit_res[u] * model.walk[b][q[1]] * x[(u, q)])
    cp.minimize(sum(terms))
    if hint is not None:
        for (u, q), var in x.items():
            cp.add_hint(var, hint[u] == q)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(
        0.1, params.time_limit_s - (time.perf_counter() - started)
    )
    solver.parameters.num_workers = params.workers
    solver.parameters.random_seed = params.seed
    status = solver.solve(cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    where = {u: q for (u, q), var in x.items() if solver.value(var)}
    return where, status == cp_model.OPTIMAL
