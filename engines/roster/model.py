"""CP-SAT model of a `Problem`: one Boolean per eligible (person, shift), hard rules as constraints,
soft rules as named penalty terms whose weighted sum is minimised.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from engines.roster.problem import Person, Problem, Shift, eligible_shifts
from engines.roster.score import fair_targets

# A literal, or a Python bool for a value known while building the model.
Lit = cp_model.IntVar | bool


@dataclass
class _Term:
    rule: str
    subjects: tuple[tuple[str, str], ...]
    weight: int
    amount: cp_model.LinearExprT


class _Model:
    """The CP-SAT model under construction, with its decision variables and penalty terms.

    With `free` set, only those people get variables; everybody else's assignments are the
    constants in `fixed` (cover, team lead and staffing bounds count them), and only the free
    people's own terms enter the objective, so the model is the whole problem's restricted to
    the free part (its objective differs from the whole roster's by a constant).
    """

    def __init__(
        self,
        problem: Problem,
        *,
        free: frozenset[str] | None = None,
        fixed: frozenset[tuple[str, str]] = frozenset(),
        eligible: dict[str, list[Shift]] | None = None,
        targets: dict[str, int] | None = None,
        soft_min_staff: bool = False,
    ) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.eligible = eligible_shifts(problem) if eligible is None else eligible
        self.targets = targets
        self.free = free
        self.soft_min_staff = soft_min_staff
        self.people = [p for p in problem.people if free is None or p.id in free]
        # Staff held by the fixed (not free) people, per shift: constants in the cover rules.
        self.fixed_on: dict[str, list[Person]] = defaultdict(list)
        if free is not None:
            for person_id, shift_id in fixed:
                if person_id not in free:
                    self.fixed_on[shift_id].append(problem.person(person_id))
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.on_shift: dict[str, list[tuple[Person, cp_model.IntVar]]] = defaultdict(list)
        self.terms: list[_Term] = []
        # Shortfalls against `min_staff` when it is soft (the per-person construction only).
        self.relaxed: list[cp_model.IntVar] = []
        self.constant = 0
        self.work: dict[str, list[Lit]] = {}
        # Auxiliary variables with the rule that computes each from the decisions, in creation
        # order, so a roster can be turned into a complete hint.
        self.derived: list[tuple[cp_model.IntVar, Callable[[Callable[[Any], int]], int]]] = []
        for person in self.people:
            for shift in self.eligible[person.id]:
                var = self.model.new_bool_var(f"x[{person.id},{shift.id}]")
                self.x[person.id, shift.id] = var
                self.on_shift[shift.id].append((person, var))

    def shifts_by_day(self, person: Person) -> list[list[Shift]]:
        days: list[list[Shift]] = [[] for _ in range(self.problem.num_days)]
        for shift in self.eligible[person.id]:
            days[shift.day].append(shift)
        return days

    def vars_of(self, person: Person, shifts: Sequence[Shift]) -> list[cp_model.IntVar]:
        return [self.x[person.id, s.id] for s in shifts]

    def derive(self, var: cp_model.IntVar, rule: Callable[[Callable[[Any], int]], int]) -> None:
        self.derived.append((var, rule))

    def complete_hint(self, roster: frozenset[tuple[str, str]]) -> None:
        """Hint every variable: decisions from `roster`, auxiliaries from their rules."""
        values: dict[int, int] = {}
        for key, var in self.x.items():
            values[var.index] = int(key in roster)

        def value(lit: Any) -> int:
            return int(lit) if isinstance(lit, bool | int) else values[lit.index]

        for var, rule in self.derived:
            values[var.index] = rule(value)
        for var in self.x.values():
            self.model.add_hint(var, values[var.index])
        for var, _ in self.derived:
            self.model.add_hint(var, values[var.index])

    def penalise(self, rule: str, subjects: dict[str, str], weight: int, amount) -> None:
        if weight:
            self.terms.append(_Term(rule, tuple(subjects.items()), weight, amount))

    def is_free(self, person_id: str) -> bool:
        """True when `person_id` has variables in this model."""
        return self.free is None or person_id in self.free

    def cover_shifts(self) -> Sequence[Shift]:
        """The shifts whose cover terms this model holds: all, or those a free person may work."""
        if self.free is None:
            return self.problem.shifts
        return [s for s in self.problem.shifts if s.id in self.on_shift]


def _lit_or_const(m: _Model, shifts: Sequence[Shift], person: Person, name: str) -> Lit:
    """A literal true when the person works any of `shifts`, or False if there are none."""
    xs = m.vars_of(person, shifts)
    if not xs:
        return False
    if len(xs) == 1:
        return xs[0]
    lit = m.model.new_bool_var(name)
    m.derive(lit, lambda value: int(any(value(x) for x in xs)))
    if person.max_shifts_per_day == 1:
        m.model.add(sum(xs) == lit)
    else:
        m.model.add_max_equality(lit, xs)
    return lit


def _add_person_rules(m: _Model, person: Person) -> None:
    """Hard rules of one person: overlap and rest, daily/weekly/total limits, runs, weekends."""
    problem, model = m.problem, m.model
    days = m.shifts_by_day(person)
    mine = m.eligible[person.id]
    work = [_lit_or_const(m, days[d], person, f"work[{person.id},{d}]") for d in range(len(days))]
    m.work[person.id] = work
    _add_no_overlap_with_rest(m, person, mine)
    for _d, shifts in enumerate(days):
        xs = m.vars_of(person, shifts)
        if len(xs) > person.max_shifts_per_day:
            model.add(sum(xs) <= person.max_shifts_per_day)
        if person.max_minutes_per_day is not None and shifts:
            model.add(
                sum(s.duration_minutes * x for s, x in zip(shifts, xs, strict=True))
                <= (person.max_minutes_per_day)
            )
    if person.max_minutes_per_week is not None:
        weeks: dict[int, list[Shift]] = defaultdict(list)
        for s in mine:
            weeks[problem.week_of(s.day)].append(s)
        for shifts in weeks.values():
            minutes = sum(s.duration_minutes * m.x[person.id, s.id] for s in shifts)
            if sum(s.duration_minutes for s in shifts) > person.max_minutes_per_week:
                model.add(minutes <= person.max_minutes_per_week)
    total = sum(s.duration_minutes * m.x[person.id, s.id] for s in mine)
    if person.max_total_minutes is not None:
        model.add(total <= person.max_total_minutes)
    if person.min_total_minutes:
        model.add(total >= person.min_total_minutes)
    for kind, limit in person.max_shifts_by_kind.items():
        xs = [m.x[person.id, s.id] for s in mine if s.kind == kind]
        if len(xs) > limit:
            model.add(sum(xs) <= limit)
    _add_forbidden_successions(m, person, days)
    _add_consecutive_rules(m, person, work)
    _add_weekend_limit(m, person, work)


def _add_no_overlap_with_rest(m: _Model, person: Person, shifts: Sequence[Shift]) -> None:
    """No two shifts of one person overlap or sit closer than the minimum rest."""
    rest = m.problem.rules.min_rest_minutes
    ordered = sorted(shifts, key=lambda s: (s.start, s.id))
    # Stretching each shift by the rest turns conflicts into interval overlaps, whose maximal
    # cliques sit at start points: one at-most-one per start point covers every pair.
    seen: set[tuple[str, ...]] = set()
    starts = [s.start for s in ordered]
    reach = max((s.duration_minutes for s in ordered), default=0) + rest
    one_a_day = person.max_shifts_per_day == 1
    for shift in ordered:
        # Only shifts starting less than `reach` earlier can still be running (or resting).
        lo = bisect.bisect_right(starts, shift.start - reach)
        hi = bisect.bisect_right(starts, shift.start)
        clique = [s for s in ordered[lo:hi] if s.end + rest > shift.start]
        if one_a_day and all(s.day == shift.day for s in clique):
            continue  # the one-shift-a-day rule already forbids this clique
        key = tuple(sorted(s.id for s in clique))
        if len(clique) > 1 and key not in seen:
            seen.add(key)
            m.model.add_at_most_one(m.vars_of(person, clique))


def _add_forbidden_successions(m: _Model, person: Person, days: list[list[Shift]]) -> None:
    """Nobody works a shift of kind b the day after a shift of kind a, for forbidden (a, b)."""
    followers: dict[str, set[str]] = defaultdict(set)
    for a, b in m.problem.rules.forbidden_successions:
        followers[a].add(b)
    if not followers:
        return
    for d in range(len(days) - 1):
        for first in days[d]:
            banned = followers.get(first.kind)
            if not banned:
                continue
            seconds = [s for s in days[d + 1] if s.kind in banned]
            if not seconds:
                continue
            if person.max_shifts_per_day == 1:
                # At most one shift a day: one constraint covers every banned follower.
                m.model.add(sum(m.vars_of(person, [first, *seconds])) <= 1)
            else:
                for s in seconds:
                    m.model.add_bool_or([~m.x[person.id, first.id], ~m.x[person.id, s.id]])


def _clause(m: _Model, lits: list[tuple[Lit, bool]]) -> None:
    """Add OR over (literal, positive) pairs, folding constants; skip a clause already true."""
    out = []
    for lit, positive in lits:
        if isinstance(lit, bool):
            if lit == positive:
                return
            continue
        out.append(lit if positive else ~lit)
    m.model.add_bool_or(out)


def _add_consecutive_rules(m: _Model, person: Person, work: list[Lit]) -> None:
    """Runs of working days and days off respect the person's minima and maximum.

    Minima bind only runs lying strictly inside the horizon; for the maximum, the days
    outside the horizon count as days off.
    """
    n = len(work)
    if person.max_consecutive_days is not None and person.max_consecutive_days < n:
        k = person.max_consecutive_days
        for d in range(n - k):
            window = [w for w in work[d : d + k + 1] if not isinstance(w, bool)]
            if len(window) > k:
                m.model.add(sum(window) <= k)
    for run in range(1, person.min_consecutive_days):
        for d in range(n - run - 1):
            # Forbid: off on d, working d+1..d+run, off on d+run+1.
            inner = [(work[i], False) for i in range(d + 1, d + run + 1)]
            _clause(m, [(work[d], True), *inner, (work[d + run + 1], True)])
    for run in range(1, person.min_consecutive_days_off):
        for d in range(n - run - 1):
            inner = [(work[i], True) for i in range(d + 1, d + run + 1)]
            _clause(m, [(work[d], False), *inner, (work[d + run + 1], False)])


def _add_weekend_limit(m: _Model, person: Person, work: list[Lit]) -> None:
    """A person works at most `max_weekends` weekends (working either day counts)."""
    if person.max_weekends is None:
        return
    flags = []
    for days in m.problem.weekends():
        lits = [work[d] for d in days if not isinstance(work[d], bool)]
        if not lits:
            continue
        flag = m.model.new_bool_var(f"weekend[{person.id},{days[0]}]")
        m.derive(flag, lambda value, lits=lits: int(any(value(x) for x in lits)))  # type: ignore[misc]
        for lit in lits:
            m.model.add_implication(lit, flag)
        flags.append(flag)
    if len(flags) > person.max_weekends:
        m.model.add(sum(flags) <= person.max_weekends)


def _add_cover(m: _Model, shift: Shift) -> None:
    """Staffing: hard min/max bounds, soft target (`understaffed`/`overstaffed`), skills, lead."""
    model, weights = m.model, m.problem.weights
    people = m.on_shift[shift.id]
    held = m.fixed_on.get(shift.id, [])
    # `fixed` people held by the fixed part: constants in every count below.
    fixed = len(held)
    assigned = sum(var for _, var in people) + fixed
    if shift.min_staff > fixed:
        if m.soft_min_staff:
            short = model.new_int_var(0, shift.min_staff - fixed, f"min_short[{shift.id}]")
            model.add(assigned + short >= shift.min_staff)
            m.relaxed.append(short)
        else:
            model.add(assigned >= shift.min_staff)
    if shift.max_staff is not None and len(people) + fixed > shift.max_staff:
        model.add(assigned <= shift.max_staff)
    under_w = weights.understaffed if shift.under_weight is None else shift.under_weight
    over_w = weights.overstaffed if shift.over_weight is None else shift.over_weight
    subjects = {"shift": shift.id}
    need = shift.demand - fixed
    if under_w and need > 0:
        if not people:
            m.constant += under_w * need
            m.penalise("understaffed", subjects, under_w, need)
        elif m.free is not None and need >= len(people):
            # Even all free candidates cannot overfill: the shortfall is linear, no variable.
            m.penalise("understaffed", subjects, under_w, need - sum(var for _, var in people))
        else:
            under = model.new_int_var(0, need, f"under[{shift.id}]")
            m.derive(under, lambda value: max(0, need - sum(value(v) for _, v in people)))
            model.add(assigned + under >= shift.demand)
            m.penalise("understaffed", subjects, under_w, under)
    if over_w and fixed >= shift.demand and m.free is not None:
        # The fixed part fills the shift already: every free person on it is one too many.
        m.penalise("overstaffed", subjects, over_w, sum(var for _, var in people))
    elif over_w and len(people) + fixed > shift.demand:
        # Extra people already held by the fixed part are a constant, outside the model.
        top = len(people) + min(0, fixed - shift.demand)
        over = model.new_int_var(0, top, f"over[{shift.id}]")
        spare = max(0, shift.demand - fixed)
        m.derive(over, lambda value: max(0, sum(value(v) for _, v in people) - spare))
        model.add(sum(var for _, var in people) - over <= spare)
        m.penalise("overstaffed", subjects, over_w, over)
    if shift.lead_required and people:
        leads = [var for person, var in people if person.is_lead]
        others = [var for person, var in people if not person.is_lead]
        fixed_leads = sum(1 for person in held if person.is_lead)
        fixed_others = fixed - fixed_leads
        if others or fixed_others:
            cap = shift.max_staff if shift.max_staff is not None else len(others) + fixed_others
            model.add(sum(others) + fixed_others <= cap * (sum(leads) + fixed_leads))


def _add_preferences(m: _Model) -> None:
    """Wanted and unwanted shifts or days: a penalty `<rule>:person=P,shift=S|day=D` each."""
    for pref in m.problem.preferences:
        if not m.is_free(pref.person):
            continue
        person = m.problem.person(pref.person)
        if pref.shift is not None:
            var = m.x.get((pref.person, pref.shift))
            subjects = {"person": pref.person, "shift": pref.shift}
            rule = "wanted_shift" if pref.wanted else "unwanted_shift"
        else:
            work = m.work[person.id][pref.day] if pref.day is not None else False
            var = None if isinstance(work, bool) else work
            subjects = {"person": pref.person, "day": str(pref.day)}
            rule = "wanted_day" if pref.wanted else "unwanted_day"
        if var is None:
            # The person can never work it: a wish to work it is lost for sure.
            if pref.wanted and pref.weight:
                m.constant += pref.weight
                m.penalise(rule, subjects, pref.weight, 1)
            continue
        m.penalise(rule, subjects, pref.weight, (1 - var) if pref.wanted else var)


def _add_fair_load(m: _Model) -> None:
    """Each person's hours stay near their share of demand (`fair_load:person=P`, per hour)."""
    weight = m.problem.weights.fair_load
    if not weight:
        return
    targets = m.targets if m.targets is not None else fair_targets(m.problem, m.eligible)
    for person in m.people:
        mine = m.eligible[person.id]
        load = sum(s.duration_minutes * m.x[person.id, s.id] for s in mine)
        top = max(targets[person.id], sum(s.duration_minutes for s in mine))
        hours = m.model.new_int_var(0, math.ceil(top / 60), f"fair[{person.id}]")
        parts = [(s.duration_minutes, m.x[person.id, s.id]) for s in mine]
        target = targets[person.id]
        m.derive(
            hours,
            lambda value, parts=parts, target=target: (  # type: ignore[misc]
                -(-abs(sum(d * value(x) for d, x in parts) - target) // 60)
            ),
        )
        m.model.add(60 * hours >= load - targets[person.id])
        m.model.add(60 * hours >= targets[person.id] - load)
        m.penalise("fair_load", {"person": person.id}, weight, hours)


def _add_continuity(m: _Model) -> None:
    """People who want it keep the same post on consecutive working days (`continuity`)."""
    weight = m.problem.weights.continuity
    if not weight:
        return
    for person in m.people:
        if not person.wants_continuity:
            continue
        days = m.shifts_by_day(person)
        work = m.work[person.id]
        for d in range(len(days) - 1):
            if isinstance(work[d], bool) or isinstance(work[d + 1], bool):
                continue
            posts = {s.post for s in days[d]}
            switch = m.model.new_bool_var(f"continuity[{person.id},{d}]")
            pairs = []
            for post in posts:
                here = _lit_or_const(
                    m,
                    [s for s in days[d] if s.post == post],
                    person,
                    f"post[{person.id},{d},{post}]",
                )
                there = _lit_or_const(
                    m,
                    [s for s in days[d + 1] if s.post == post],
                    person,
                    f"post[{person.id},{d + 1},{post}]",
                )
                there_expr = 0 if isinstance(there, bool) else there
                m.model.add(switch >= here + work[d + 1] - there_expr - 1)
                pairs.append((here, there_expr))
            nxt = work[d + 1]
            m.derive(
                switch,
                lambda value, pairs=pairs, nxt=nxt: int(  # type: ignore[misc]
                    value(nxt) == 1 and any(value(h) == 1 and value(t) == 0 for h, t in pairs)
                ),
            )
            m.penalise("continuity", {"person": person.id, "day": str(d)}, weight, switch)


def _add_changes(m: _Model) -> None:
    """Repair mode: every assignment added or removed against `previous` is a `changed` term."""
    previous = m.problem.previous
    weight = m.problem.weights.change
    if previous is None or not weight:
        return
    for key, var in m.x.items():
        subjects = {"person": key[0], "shift": key[1]}
        m.penalise("changed", subjects, weight, (1 - var) if key in previous else var)
    for key in previous:
        if key not in m.x and m.is_free(key[0]):
            m.constant += weight
            m.penalise("changed", {"person": key[0], "shift": key[1]}, weight, 1)


def build_model(
    problem: Problem,
    *,
    free: frozenset[str] | None = None,
    fixed: frozenset[tuple[str, str]] = frozenset(),
    eligible: dict[str, list[Shift]] | None = None,
    targets: dict[str, int] | None = None,
    soft_min_staff: bool = False,
) -> _Model:
    """Build the CP-SAT model of `problem` with every hard rule and named penalty term.

    By default the model of the whole problem. With `free`, the model of those people only,
    everybody else held to their assignments in `fixed` as constants: each hard rule binds one
    person or one shift, so the fixed part stays valid whatever the free people do, and a
    large problem can be improved a few people at a time without ever building its whole
    model. `eligible`/`targets` pass precomputed `eligible_shifts`/`fair_targets`.
    `soft_min_staff` turns the hard `min_staff` into a shortfall weighed above every penalty
    (for building a roster person by person, when the later people are not placed yet).
    """
    m = _Model(
        problem,
        free=free,
        fixed=fixed,
        eligible=eligible,
        targets=targets,
        soft_min_staff=soft_min_staff,
    )
    for person in m.people:
        _add_person_rules(m, person)
    for shift in m.cover_shifts():
        _add_cover(m, shift)
    for person_id, shift_id in problem.locked:
        if m.is_free(person_id):
            m.model.add(m.x[person_id, shift_id] == 1)
    _add_preferences(m)
    _add_fair_load(m)
    _add_continuity(m)
    _add_changes(m)
    parts: list[Any] = [t.weight * t.amount for t in m.terms if not isinstance(t.amount, int)]
    if m.relaxed:
        parts.append(_relaxed_weight(problem) * sum(m.relaxed))
    m.model.minimize(sum(parts) + m.constant)
    return m


def _relaxed_weight(problem: Problem) -> int:
    """A weight for a soft `min_staff` shortfall above any sum of the other penalties' weights."""
    w = problem.weights
    top = max([w.understaffed, w.overstaffed, *(s.under_weight or 0 for s in problem.shifts)])
    return 1000 * max(1, top)
