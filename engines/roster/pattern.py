"""Working-day patterns of one person by dynamic programming: runs, days off and weekends.

CP-SAT can take seconds to find any roster for one person of a year-long instance: the run
rules (minimum and maximum consecutive working days, minimum days off between runs), a weekend
limit and a tight window of total minutes leave few patterns, and clause learning finds them
slowly. A dynamic programme over the days finds the most valuable pattern for every number of
working days at once, in a fraction of a second; CP-SAT then only chooses the shift of each
working day (kinds, successions, per-kind limits, minutes), which it does quickly.
"""

from __future__ import annotations

import numpy as np

from engines.roster.problem import Person, Problem

NEG = -1e18


def _states(person: Person) -> tuple[list[tuple[str, int]], int, int]:
    """The run states: ("W", r) in a working run of r days, ("I", r) in the first working run
    (exempt from the minimum), ("O", o) in a run of o days off (o capped at the minimum)."""
    top = person.max_consecutive_days or max(person.min_consecutive_days, 1)
    off_cap = max(person.min_consecutive_days_off, 1)
    states = [("W", r) for r in range(1, top + 1)]
    states += [("I", r) for r in range(1, top + 1)]
    states += [("O", o) for o in range(1, off_cap + 1)]
    return states, top, off_cap


def best_patterns(
    problem: Problem, person: Person, value: list[float], can_work: list[bool]
) -> Patterns:
    """For each feasible number of working days, the pattern of highest total `value`.

    `value[d]` is what working day d is worth, `can_work[d]` whether the person may work it at
    all. A pattern keeps the person's consecutive-day minima (runs strictly inside the horizon
    only) and maximum and their weekend limit; it knows nothing of shift kinds or minutes.
    Returns the best value per count of working days and, on demand, the pattern (works on
    day d) of a count. Deterministic; raises nothing.
    """
    n = problem.num_days
    states, top, off_cap = _states(person)
    index = {s: i for i, s in enumerate(states)}
    bounded = person.max_consecutive_days is not None
    n_weekends = (person.max_weekends + 1) if person.max_weekends is not None else 1
    shape = (len(states), n_weekends, n + 1)
    # Transitions (source, target, works); a work step adds one day and maybe one weekend.
    moves: list[tuple[int, int, bool]] = []
    for i, (kind, r) in enumerate(states):
        if kind in "WI":
            nxt = r + 1 if r < top else (None if bounded else r)
            if nxt is not None:
                moves.append((i, index[kind, nxt], True))
            if kind == "I" or r >= person.min_consecutive_days:
                moves.append((i, index["O", 1], False))
        else:
            if r >= person.min_consecutive_days_off:
                moves.append((i, index["W", 1], True))
            moves.append((i, index["O", min(r + 1, off_cap)], False))
    works_state = np.array([k in "WI" for k, _ in states])
    into: dict[int, list[tuple[int, bool]]] = {}
    for source, target, works in moves:
        into.setdefault(target, []).append((source, works))
    table = np.full(shape, NEG)
    back: list[np.ndarray] = []
    for d in range(n):
        new = np.full(shape, NEG)
        src_of = np.full(shape, -1, dtype=np.int8)
        weekend = problem.weekend_of(d)
        continues_weekend = weekend is not None and d - 1 in weekend
        if d == 0:
            # Before the horizon: any run may end, so day 0 starts a first run or a day off.
            new[index["O", off_cap], 0, 0] = 0.0
            src_of[index["O", off_cap], 0, 0] = index["O", off_cap]
            w = 1 if weekend is not None else 0
            if can_work[0] and w < n_weekends:
                new[index["I", 1], w, 1] = value[0]
                src_of[index["I", 1], w, 1] = index["I", 1]
            back.append(src_of)
            table = new
            continue
        # Working on day d: one more day, and one more weekend unless it continues one.
        moved = np.full((2, *shape), NEG)
        if can_work[d]:
            moved[0][:, :, 1:] = table[:, :, :-1] + value[d]
            if n_weekends > 1:
                moved[1][:, 1:, 1:] = table[:, :-1, :-1] + value[d]
        for target, sources in into.items():
            for k, (source, works) in enumerate(sources):
                if works:
                    extra = weekend is not None and not (continues_weekend and works_state[source])
                    cand = moved[int(extra)][source]
                else:
                    cand = table[source]
                if k == 0:
                    new[target] = cand
                    src_of[target] = source
                else:
                    better = cand > new[target]
                    np.copyto(new[target], cand, where=better)
                    src_of[target][better] = source
        back.append(src_of)
        table = new
    return Patterns(problem, works_state, table, back)


class Patterns:
    """The dynamic programme's last table and back-pointers: best values, patterns on demand."""

    def __init__(
        self, problem: Problem, works_state: np.ndarray, table: np.ndarray, back: list[np.ndarray]
    ) -> None:
        self.problem = problem
        self.works_state = works_state
        self.table = table
        self.back = back
        best = table.max(axis=(0, 1))
        self.values = {c: float(v) for c, v in enumerate(best) if v > NEG / 2}

    def pattern(self, count: int) -> list[bool]:
        """The best pattern with `count` working days (a count in `values`)."""
        problem, works_state = self.problem, self.works_state
        column = self.table[:, :, count]
        state, w = (int(v) for v in np.unravel_index(int(column.argmax()), column.shape))
        pattern = [False] * problem.num_days
        c = count
        for d in range(problem.num_days - 1, -1, -1):
            works = bool(works_state[state])
            pattern[d] = works
            source = int(self.back[d][state, w, c])
            if works:
                weekend = problem.weekend_of(d)
                continues = weekend is not None and d - 1 in weekend
                step = 0 if weekend is None or (continues and works_state[source]) else 1
                w -= step
                c -= 1
            state = source
        return pattern
