"""Large neighbourhood search around CP-SAT: free a few whole rosters, re-solve, keep the best.

CP-SAT's own neighbourhoods are generic (random variables, constraint graph). Rostering has
structure they do not see: a person's whole roster, or everybody's duties over a few days, is a
natural unit to re-plan. Each round fixes every other assignment to the incumbent, hints the
incumbent, and lets CP-SAT solve the rest exactly; the neighbourhood grows when rounds are proved
optimal fast and shrinks when they time out.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model


@dataclass
class Incumbent:
    """The best full solution so far (values of every model variable) and its objective."""

    values: list[int]
    objective: int
    trajectory: list[tuple[float, int]] = field(default_factory=list)
    rounds: int = 0
    improving_rounds: int = 0


def improve(
    model: cp_model.CpModel,
    decisions: dict[tuple[str, str], cp_model.IntVar],
    day_of: dict[str, int],
    incumbent: Incumbent,
    *,
    deadline: float,
    started: float,
    workers: int,
    seed: int,
    lower_bound: int,
) -> Incumbent:
    """Improve `incumbent` until `deadline` (a `time.perf_counter()` value) or a proof that it
    meets `lower_bound`. Never returns a worse solution; every kept solution satisfies `model`.
    Raises nothing.
    """
    rng = random.Random(seed)
    by_person: dict[str, list[int]] = defaultdict(list)
    by_day: dict[int, list[int]] = defaultdict(list)
    for (person_id, shift_id), var in decisions.items():
        by_person[person_id].append(var.index)
        by_day[day_of[shift_id]].append(var.index)
    people = sorted(by_person)
    days = sorted(by_day)
    all_indexes = [var.index for var in decisions.values()]
    size = {"people": max(2, len(people) // 8), "days": max(2, len(days) // 7)}
    sub_limit = 0.5
    while incumbent.objective > lower_bound:
        left = deadline - time.perf_counter()
        if left < 0.2:
            break
        mode = "people" if incumbent.rounds % 2 == 0 else "days"
        if mode == "people":
            chosen = rng.sample(people, k=min(size[mode], len(people)))
            free = {i for p in chosen for i in by_person[p]}
        else:
            width = min(size[mode], len(days))
            first = rng.randrange(0, len(days) - width + 1)
            free = {i for d in days[first : first + width] for i in by_day[d]}
        sub = model.clone()
        variables = sub.proto.variables
        values = incumbent.values
        for index in all_indexes:
            if index not in free:
                domain = variables[index].domain
                domain[0] = domain[1] = values[index]
        hint = sub.proto.solution_hint
        # Replace any hint the model carried: a variable hinted twice makes the model invalid.
        hint.vars.clear()
        hint.values.clear()
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = min(sub_limit, left)
        solver.parameters.num_workers = 1 if workers <= 2 else workers
        solver.parameters.random_seed = rng.randrange(1 << 30)
        code = solver.solve(sub)
        incumbent.rounds += 1
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            objective = round(solver.objective_value)
            if objective <= incumbent.objective:
                if objective < incumbent.objective:
                    incumbent.improving_rounds += 1
                    now = round(time.perf_counter() - started, 3)
                    incumbent.trajectory.append((now, objective))
                incumbent.values = list(solver.response_proto.solution)
                incumbent.objective = objective
        # Grow while rounds are proved optimal, shrink when they run out of time.
        if code == cp_model.OPTIMAL:
            limit = len(people) if mode == "people" else len(days)
            size[mode] = min(limit, size[mode] + 1)
        elif size[mode] > 1:
            size[mode] -= 1
    return incumbent
