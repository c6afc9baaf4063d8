"""A lower bound on any roster's objective, computed without the engine's solver.

Usage: `python -m bench.volunteers.lower_bound --size 50 --days 7`.

Why it is a lower bound. Every term of the objective is non-negative, so leaving a term out
(continuity) keeps a bound, and so does relaxing rules. The bound is the larger of two numbers:

(a) + (b), the two parts the realism goal names:
  (a) unavoidable under-cover: the least weighted understaffing of the linear relaxation of the
      hard rules below (x in [0, 1] instead of {0, 1}). Every roster is a point of that
      relaxation, so its understaffing is at least the relaxation's minimum; when all shifts
      weigh the same `w`, the understaffing of a roster is `w` times a whole number of places,
      so the minimum may be rounded up to a multiple of `w`. In that case CP-SAT also bounds
      the most places any roster can fill under the same rules with x in {0, 1} (a proven bound,
      not a found roster), and (a) is the larger of the two.
  (b) fairness floor: `score.py` charges each person `ceil(|load - target| / 60)` hours times
      the fair-load weight, where `load` is the minutes they work and `target` their fair share.
      A person's load is a sum of the durations of shifts they may work, at most their limits;
      the floor is the least charge over those achievable loads, summed over people. It holds
      whatever the roster, since every person's load is one of those sums.

The joint relaxation: one linear programme that minimises understaffing, overstaffing,
preferences and fair load together under the same relaxed rules, with each person's fair-load
charge bounded below by |load - target| / 60 (ceil(y) >= y), by their floor (b), and by every
edge line of the lower convex hull of (achievable load, charge): each such line lies below all
those points, so it is below the charge of every whole roster. With one understaffing weight, the
places (a) proves unfillable are a further row: total understaffing >= that count. Its optimum,
rounded up (the objective is an integer), is a lower bound too, and usually the stronger one.

The relaxed rules, each kept by every valid roster: eligibility (availability, skills,
locality, age, health, days off); at most one of any set of shifts that pairwise overlap or
leave less than the minimum rest (the shifts running, or resting, at a common instant); shifts,
minutes per day; minutes per week and in total; at most `k` working days in any `k + 1`
consecutive days; hard minimum and maximum staff; the team-lead rule as
`non-leads <= cap * leads` and `each non-lead <= leads`; locked assignments. Rules left out
(see `rules.unsupported`) only loosen the relaxation, which keeps the bound valid.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections import defaultdict
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from bench.volunteers.min_changes import max_filled
from bench.volunteers.rules import eligibility, fair_hours, fair_targets
from engines.roster.problem import Person, Problem, Shift


@dataclass(frozen=True)
class LowerBound:
    """The bound and its parts, in objective units."""

    under_cover: int
    fairness_floor: int
    joint: int

    @property
    def value(self) -> int:
        """The lower bound: the stronger of (a) + (b) and the joint relaxation."""
        return max(self.under_cover + self.fairness_floor, self.joint)


def lower_bound(problem: Problem, *, cp_sat_limit_s: float = 10.0, workers: int = 1) -> LowerBound:
    """A proven lower bound on the objective of every roster of `problem` (see module doc).

    With `cp_sat_limit_s` > 0 and one understaffing weight for all shifts, part (a) also takes
    CP-SAT's proven bound on the most places the hard rules let any roster fill (its integer
    model, `min_changes.hard_model`), which the linear relaxation cannot see.
    """
    eligible = eligibility(problem)
    targets = fair_targets(problem, eligible)
    weights = problem.weights
    floors = {
        p.id: weights.fair_load * _charge_floor(p, eligible[p.id], targets[p.id], problem.num_days)
        for p in problem.people
    }
    under_lp = _Relaxation(problem, eligible, targets, floors, joint=False).solve()
    under_w = {
        weights.understaffed if s.under_weight is None else s.under_weight for s in problem.shifts
    }
    under = _round_up(under_lp)
    short = 0  # places every roster leaves unfilled
    if len(under_w) == 1 and (w := under_w.pop()):
        short = math.ceil(under / w - 1e-6)
        if cp_sat_limit_s > 0:
            _, most = max_filled(problem, time_limit_s=cp_sat_limit_s, workers=workers)
            short = max(short, sum(s.demand for s in problem.shifts) - most)
        under = w * short
    relaxation = _Relaxation(problem, eligible, targets, floors, joint=True, short=short)
    joint = _round_up(relaxation.solve())
    return LowerBound(under_cover=under, fairness_floor=sum(floors.values()), joint=joint)


def _round_up(value: float) -> int:
    """An LP optimum rounded up to the integer objective, less a margin for solver tolerance."""
    return max(0, math.ceil(value - 1e-6 * max(1.0, abs(value)) - 1e-6))


def achievable_loads(person: Person, shifts: list[Shift], num_days: int) -> list[int]:
    """Every load (minutes) a person could reach: sums of eligible shift durations, capped.

    Capped by the total limit, by the weekly limit per started week, and by daily minutes times
    days; a superset of the loads a valid roster can give them, which is what the floor needs.
    """
    cap = sum(s.duration_minutes for s in shifts)
    if person.max_total_minutes is not None:
        cap = min(cap, person.max_total_minutes)
    if person.max_minutes_per_week is not None:
        cap = min(cap, person.max_minutes_per_week * math.ceil(num_days / 7))
    if person.max_minutes_per_day is not None:
        cap = min(cap, person.max_minutes_per_day * num_days)
    sums = {0}
    for duration in sorted(s.duration_minutes for s in shifts):
        sums |= {v + duration for v in sums if v + duration <= cap}
    return sorted(sums)


def _charge_floor(person: Person, shifts: list[Shift], target: int, num_days: int) -> int:
    return min(fair_hours(load, target) for load in achievable_loads(person, shifts, num_days))


def hull_lines(points: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """(slope, intercept) of each edge of the lower convex hull of `points` (sorted by x).

    Every point lies on or above every returned line.
    """
    hull: list[tuple[int, int]] = []
    for x, y in points:
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) <= 0:
                hull.pop()
            else:
                break
        hull.append((x, y))
    lines = []
    for (x1, y1), (x2, y2) in itertools.pairwise(hull):
        slope = (y2 - y1) / (x2 - x1)
        lines.append((slope, y1 - slope * x1))
    return lines


class _Relaxation:
    """The linear relaxation: under-cover alone (`joint=False`) or every linear term."""

    def __init__(
        self,
        problem: Problem,
        eligible: dict[str, list[Shift]],
        targets: dict[str, int],
        floors: dict[str, int],
        *,
        joint: bool,
        short: int = 0,
    ) -> None:
        self.problem = problem
        self.eligible = eligible
        self.targets = targets
        self.floors = floors
        self.joint = joint
        self.short = short
        self.under: list[pywraplp.Variable] = []
        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:  # pragma: no cover - GLOP ships with every OR-Tools wheel
            raise RuntimeError("GLOP is not available")
        self.lp = solver
        self.objective = solver.Objective()
        self.x: dict[tuple[str, str], pywraplp.Variable] = {}
        self.on_shift: dict[str, list[tuple[Person, pywraplp.Variable]]] = defaultdict(list)

    def solve(self) -> float:
        """The relaxation's optimum (objective units)."""
        for person in self.problem.people:
            for s in self.eligible[person.id]:
                var = self.lp.NumVar(0.0, 1.0, "")
                self.x[person.id, s.id] = var
                self.on_shift[s.id].append((person, var))
            self._person_rules(person)
            if self.joint:
                self._fair_load(person)
        for shift in self.problem.shifts:
            self._cover(shift)
        for key in self.problem.locked:
            if key in self.x:
                self.x[key].SetLb(1.0)
        if self.joint:
            self._preferences()
        if self.short:
            self._row(self.short, self.lp.infinity(), [(v, 1.0) for v in self.under])
        self.objective.SetMinimization()
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"the relaxation did not solve to optimality (status {status})")
        return float(self.objective.Value())

    def _row(self, lb: float, ub: float, terms: list[tuple[pywraplp.Variable, float]]) -> None:
        row = self.lp.Constraint(lb, ub)
        for var, coef in terms:
            row.SetCoefficient(var, coef)

    def _person_rules(self, person: Person) -> None:
        inf = self.lp.infinity()
        shifts = sorted(self.eligible[person.id], key=lambda s: s.start)
        rest = self.problem.rules.min_rest_minutes
        xs = {s.id: self.x[person.id, s.id] for s in shifts}
        seen = set()
        for t in {s.start for s in shifts}:
            clique = tuple(s.id for s in shifts if s.start <= t < s.end + rest)
            if len(clique) > 1 and clique not in seen:
                seen.add(clique)
                self._row(-inf, 1.0, [(xs[sid], 1.0) for sid in clique])
        by_day: dict[int, list[Shift]] = defaultdict(list)
        by_week: dict[int, list[Shift]] = defaultdict(list)
        for s in shifts:
            by_day[s.day].append(s)
            by_week[s.day // 7].append(s)
        for held in by_day.values():
            self._row(-inf, person.max_shifts_per_day, [(xs[s.id], 1.0) for s in held])
            if person.max_minutes_per_day is not None:
                terms = [(xs[s.id], float(s.duration_minutes)) for s in held]
                self._row(-inf, person.max_minutes_per_day, terms)
        if person.max_minutes_per_week is not None:
            for held in by_week.values():
                terms = [(xs[s.id], float(s.duration_minutes)) for s in held]
                self._row(-inf, person.max_minutes_per_week, terms)
        if person.max_total_minutes is not None:
            terms = [(xs[s.id], float(s.duration_minutes)) for s in shifts]
            self._row(-inf, person.max_total_minutes, terms)
        self._runs(person, by_day)

    def _runs(self, person: Person, by_day: dict[int, list[Shift]]) -> None:
        k = person.max_consecutive_days
        n = self.problem.num_days
        if k is None or k >= n:
            return
        inf = self.lp.infinity()
        work = {}
        for day, held in by_day.items():
            # work[d] >= every shift of the day, <= 1: a valid relaxation of "works on day d".
            w = self.lp.NumVar(0.0, 1.0, "")
            work[day] = w
            for s in held:
                self._row(0.0, inf, [(w, 1.0), (self.x[person.id, s.id], -1.0)])
            if person.max_shifts_per_day == 1:
                self._row(0.0, 0.0, [(w, 1.0)] + [(self.x[person.id, s.id], -1.0) for s in held])
        for start in range(n - k):
            window = [work[d] for d in range(start, start + k + 1) if d in work]
            if len(window) > k:
                self._row(-inf, k, [(w, 1.0) for w in window])

    def _cover(self, shift: Shift) -> None:
        inf = self.lp.infinity()
        weights = self.problem.weights
        people = self.on_shift[shift.id]
        staff = [(var, 1.0) for _, var in people]
        if shift.min_staff:
            self._row(shift.min_staff, inf, staff)
        if shift.max_staff is not None:
            self._row(-inf, shift.max_staff, staff)
        under_w = weights.understaffed if shift.under_weight is None else shift.under_weight
        if shift.demand:
            under = self.lp.NumVar(0.0, float(shift.demand), "")
            self._row(shift.demand, inf, [*staff, (under, 1.0)])
            self.objective.SetCoefficient(under, float(under_w))
            self.under.append(under)
        over_w = weights.overstaffed if shift.over_weight is None else shift.over_weight
        if self.joint and over_w and len(people) > shift.demand:
            over = self.lp.NumVar(0.0, inf, "")
            self._row(-inf, shift.demand, [*staff, (over, -1.0)])
            self.objective.SetCoefficient(over, float(over_w))
        if shift.lead_required and people:
            others = [var for p, var in people if not p.is_lead]
            leads = [var for p, var in people if p.is_lead]
            cap = shift.max_staff if shift.max_staff is not None else len(others)
            if others:
                terms = [(v, 1.0) for v in others] + [(v, -float(cap)) for v in leads]
                self._row(-inf, 0.0, terms)
            for v in others:
                # Nobody else works it unless a lead does: x <= sum of the leads' x.
                self._row(-inf, 0.0, [(v, 1.0)] + [(lead, -1.0) for lead in leads])

    def _fair_load(self, person: Person) -> None:
        weight = self.problem.weights.fair_load
        if not weight:
            return
        inf = self.lp.infinity()
        shifts = self.eligible[person.id]
        target = self.targets[person.id]
        charge = self.lp.NumVar(self.floors[person.id] / weight, inf, "")
        self.objective.SetCoefficient(charge, float(weight))
        load = [(self.x[person.id, s.id], float(s.duration_minutes)) for s in shifts]
        # 60 * charge >= load - target and >= target - load.
        self._row(-target, inf, [(charge, 60.0)] + [(v, -c) for v, c in load])
        self._row(target, inf, [(charge, 60.0)] + [(v, c) for v, c in load])
        days = self.problem.num_days
        points = [(m, fair_hours(m, target)) for m in achievable_loads(person, shifts, days)]
        for slope, intercept in hull_lines(points):
            # charge >= slope * load + intercept.
            self._row(intercept, inf, [(charge, 1.0)] + [(v, -slope * c) for v, c in load])

    def _preferences(self) -> None:
        for f in self.problem.preferences:
            if not f.weight:
                continue
            if f.shift is not None:
                var = self.x.get((f.person, f.shift))
                terms = [var] if var is not None else []
            else:
                terms = [self.x[f.person, s.id] for s in self.eligible[f.person] if s.day == f.day]
            # Worked share of the wished shift or day: at most 1, exact for one shift a day.
            if f.wanted:
                # weight * (1 - worked) >= weight * (1 - sum of its shifts).
                miss = self.lp.NumVar(0.0, 1.0, "")
                self._row(1.0, self.lp.infinity(), [(miss, 1.0)] + [(v, 1.0) for v in terms])
                self.objective.SetCoefficient(miss, float(f.weight))
            elif terms:
                worked = self.lp.NumVar(0.0, 1.0, "")
                for v in terms:
                    self._row(0.0, self.lp.infinity(), [(worked, 1.0), (v, -1.0)])
                self.objective.SetCoefficient(worked, float(f.weight))


def main(argv: list[str] | None = None) -> int:
    """Print the bound and its parts for one generated instance."""
    from bench.volunteers.generate import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    bound = lower_bound(generate(args.size, args.days, args.seed))
    print(
        f"under-cover {bound.under_cover}  fairness floor {bound.fairness_floor}  "
        f"joint {bound.joint}  lower bound {bound.value}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
