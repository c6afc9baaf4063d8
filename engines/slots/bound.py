"""An independent lower bound on a plan's costs; shares no code with the solver.

* walking: residents sent to points as a transportation problem (a min-cost flow over the points'
  capacity for the whole round, buildings cut freely), which no plan with slots can beat;
* splits: a building larger than the largest queue of any point must be split;
* changes: in each slot of last round, the buildings that had it must fit the slot's total
  capacity; at least as many must move as it takes, largest first, to bring them under it
  (removing the largest first minimises how many leave, so no plan moves fewer).

Each component bounds its own part of the objective, so the triple bounds the lexicographic cost
component by component.
"""

from __future__ import annotations

from ortools.graph.python import min_cost_flow

from engines.slots.problem import Problem
from engines.slots.result import Cost


def _walk_bound(problem: Problem) -> int:
    """Least resident-metres with each point taking at most its capacity times the slots."""
    flow = min_cost_flow.SimpleMinCostFlow()
    n_b = len(problem.buildings)
    source, sink = 0, 1
    total = problem.residents
    for bi, b in enumerate(problem.buildings):
        node = 2 + bi
        flow.add_arc_with_capacity_and_unit_cost(source, node, b.residents, 0)
        for pi, (pid, metres) in enumerate(sorted(b.walk)):
            del pid
            flow.add_arc_with_capacity_and_unit_cost(node, 2 + n_b + pi, b.residents, metres)
    for pi, p in enumerate(sorted(problem.points, key=lambda p: p.id)):
        flow.add_arc_with_capacity_and_unit_cost(
            2 + n_b + pi, sink, p.capacity * len(problem.slots), 0
        )
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:
        # Not enough capacity at all: fall back to everyone at their nearest point.
        return sum(b.residents * min(m for _p, m in b.walk) for b in problem.buildings if b.walk)
    return int(flow.optimal_cost())


def lower_bound(problem: Problem) -> Cost:
    """The lower bound on (changes, splits, walk) of any capacity-respecting plan."""
    walk = _walk_bound(problem) if problem.buildings and problem.points else 0
    biggest_queue = max((p.capacity for p in problem.points), default=0)
    splits = sum(1 for b in problem.buildings if b.residents > biggest_queue)
    slot_capacity = sum(p.capacity for p in problem.points)
    by_slot: dict[str, list[int]] = {}
    for b in problem.buildings:
        if b.previous_slot is not None:
            by_slot.setdefault(b.previous_slot, []).append(b.residents)
    changes = 0
    for sizes in by_slot.values():
        overflow = sum(sizes) - slot_capacity
        for size in sorted(sizes, reverse=True):
            if overflow <= 0:
                break
            overflow -= size
            changes += 1
    return Cost(changes=changes, splits=splits, walk=walk)
