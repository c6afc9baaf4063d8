"""The one bridge between rows and the roster engine (docs/architecture.md): rows → immutable
`engines.roster.Problem`, and the engine's `Result` → JSON and cells.

Ids in the engine are "P<person pk>" and "S<shift pk>"; compounds are "C<compound pk>".
The post's own sign-up criteria that the engine has no words for (residents only, political
status, training, health declaration, insurance) and clashes with sign-ups outside the run
become per-person availability, so everything the engine proposes can be published.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

import engines.roster as engine
from engines.roster.result import Reason, Shortfall
from hub.people.models import Person
from hub.places.models import AreaStatus, Compound
from hub.places.queries import status_at
from hub.rosters.models import RosterRun, RosterWish
from hub.volunteering.eligibility import age_on
from hub.volunteering.models import HealthDeclaration, Shift, SignUp, TrainingRecord

# Rule and weight names the run form offers, with their defaults.
DEFAULT_RULES: dict[str, int | None] = {
    "min_rest_hours": 11,
    "max_shifts_per_day": 1,
    "max_hours_per_week": None,
    "max_consecutive_days": None,
}
DEFAULT_WEIGHTS: dict[str, int] = {
    "understaffed": 100,
    "overstaffed": 1,
    "fair_load": 5,
    "continuity": 0,
    "change": 10,
    "wishes": 10,
}
# Weights of the run that are the engine's own `Weights` (``wishes`` weighs each Preference).
ENGINE_WEIGHTS = ("understaffed", "overstaffed", "fair_load", "continuity", "change")
LEAD_SKILL = "team_lead"


def pid(pk: int) -> str:
    return f"P{pk}"


def sid(pk: int) -> str:
    return f"S{pk}"


def cid(pk: int) -> str:
    return f"C{pk}"


@dataclass
class Index:
    """What the engine's ids stand for, to map a result back and to explain it in names."""

    people: dict[str, Person] = field(default_factory=dict)
    shifts: dict[str, Shift] = field(default_factory=dict)
    compounds: dict[str, str] = field(default_factory=dict)

    def pair(self, person_id: str, shift_id: str) -> tuple[int, int]:
        return self.people[person_id].pk, self.shifts[shift_id].pk

    def label_shift(self, shift: Shift) -> str:
        start = timezone.localtime(shift.starts_at)
        return f"{shift.post.name} {start:%m-%d %H:%M}"

    def words(self, text: str) -> str:
        """The engine's sentence with its ids replaced by names, posts and times."""

        def name(match: re.Match[str]) -> str:
            token = match.group(0)
            if token in self.people:
                return self.people[token].name
            if token in self.shifts:
                return self.label_shift(self.shifts[token])
            return self.compounds.get(token, token)

        return re.sub(r"\b[PSC]\d+\b", name, text)


def _rules(run: RosterRun) -> dict[str, Any]:
    return {**DEFAULT_RULES, **{k: v for k, v in run.rules.items() if k in DEFAULT_RULES}}


def _weights(run: RosterRun) -> dict[str, int]:
    out = dict(DEFAULT_WEIGHTS)
    out.update({k: int(v) for k, v in run.weights.items() if k in DEFAULT_WEIGHTS})
    return out


def _home(person: Person) -> int | None:
    household = person.household
    return household.building.compound_id if household is not None else None


def _sealed_at(compounds: Iterable[Compound], at: dt.datetime) -> set[int]:
    sealed = set()
    for compound in compounds:
        status = status_at(compound, at)
        if status is not None and status.status == AreaStatus.Status.SEALED:
            sealed.add(compound.pk)
    return sealed


def run_shifts(run: RosterRun, *, after: dt.datetime | None = None) -> list[Shift]:
    """The run's open shifts (optionally only those starting after ``after``), in time order."""
    qs = (
        run.shifts.exclude(status=Shift.Status.CANCELLED)
        .select_related("post__compound", "post__lead")
        .prefetch_related("post__required_skills")
        .order_by("starts_at", "pk")
    )
    if after is not None:
        qs = qs.filter(starts_at__gt=after)
    return list(qs)


def run_people(run: RosterRun) -> list[Person]:
    return list(
        run.people.select_related("household__building")
        .prefetch_related("skills")
        .order_by("name", "pk")
    )


def build_problem(
    run: RosterRun,
    *,
    locked: Iterable[tuple[int, int]] = (),
    published: Iterable[tuple[int, int]] = (),
    after: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> tuple[engine.Problem, Index]:
    """The engine's problem for ``run``.

    ``locked`` and ``published`` are (person pk, shift pk) pairs: locked ones must stay,
    published ones are the run's own sign-ups (so they do not count as places taken by others).
    Sealed compounds are read at ``at`` (default: the start of the period, or now if later).
    Raises `engines.roster.ProblemError` for a lock the rules forbid.
    """
    tz = timezone.get_current_timezone()
    period_start = dt.datetime.combine(run.period_start, dt.time(0, 0), tzinfo=tz)
    at = at or max(period_start, timezone.now())
    shifts = run_shifts(run, after=after)
    people = run_people(run)
    published = set(published)
    index = Index(
        people={pid(p.pk): p for p in people},
        shifts={sid(s.pk): s for s in shifts},
    )
    rules = _rules(run)
    weights = _weights(run)
    rest = dt.timedelta(hours=int(rules["min_rest_hours"] or 0))

    compound_ids = {s.post.compound_id for s in shifts if s.post.compound_id} | {
        c for c in (_home(p) for p in people) if c
    }
    compounds = list(Compound.objects.filter(pk__in=compound_ids))
    index.compounds = {cid(c.pk): c.name for c in compounds}
    sealed = _sealed_at(compounds, at)

    person_ids = [p.pk for p in people]
    shift_ids = [s.pk for s in shifts]
    # Places held on the run's shifts by anyone but this run: they shrink the demand.
    held: dict[int, int] = defaultdict(int)
    on_shift: set[tuple[int, int]] = set()
    for person_id, shift_id in SignUp.objects.filter(
        shift_id__in=shift_ids, status__in=SignUp.HOLDS_PLACE
    ).values_list("person_id", "shift_id"):
        if (person_id, shift_id) in published:
            continue
        held[shift_id] += 1
        on_shift.add((person_id, shift_id))
    # Whoever withdrew from a shift (a drop-out) is not proposed for it again.
    withdrawn = set(
        SignUp.objects.filter(
            shift_id__in=shift_ids, person_id__in=person_ids, status=SignUp.Status.WITHDRAWN
        ).values_list("person_id", "shift_id")
    )
    if shifts:
        lo = min(s.starts_at for s in shifts) - rest
        hi = max(s.ends_at for s in shifts) + rest
        busy = list(
            SignUp.objects.filter(
                person_id__in=person_ids,
                status__in=SignUp.ACTIVE,
                shift__starts_at__lt=hi,
                shift__ends_at__gt=lo,
            )
            .exclude(shift_id__in=shift_ids)
            .exclude(shift__status=Shift.Status.CANCELLED)
            .values_list("person_id", "shift__starts_at", "shift__ends_at")
        )
    else:
        busy = []
    busy_by_person: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for person_id, starts_at, ends_at in busy:
        busy_by_person[person_id].append((starts_at, ends_at))
    topics = {s.post.training_topic for s in shifts if s.post.training_topic}
    trained: dict[tuple[int, str], dt.date] = {
        (r.person_id, r.topic): r.completed_on
        for r in TrainingRecord.objects.filter(person_id__in=person_ids, topic__in=topics)
    }
    fit_days = set(
        HealthDeclaration.objects.filter(person_id__in=person_ids, fit_to_serve=True).values_list(
            "person_id", "declared_on"
        )
    )

    engine_shifts = []
    for shift in shifts:
        post = shift.post
        local = timezone.localtime(shift.starts_at, tz)
        places = max(0, shift.capacity - held[shift.pk])
        engine_shifts.append(
            engine.Shift(
                id=sid(shift.pk),
                day=(local.date() - run.period_start).days,
                start_minute=local.hour * 60 + local.minute,
                duration_minutes=max(
                    1, int((shift.ends_at - shift.starts_at).total_seconds() // 60)
                ),
                demand=places,
                max_staff=places,
                kind=post.kind,
                post=f"post{post.pk}",
                compound=cid(post.compound_id) if post.compound_id else None,
                required_skills=frozenset(s.code for s in post.required_skills.all()),
                lead_required=shift.needs_team_lead,
                min_age=post.min_age,
                max_age=post.max_age,
            )
        )
    leads = {s.post.lead_id for s in shifts if s.post.lead_id}
    engine_people = []
    for person in people:
        home = _home(person)
        available = {
            sid(shift.pk)
            for shift in shifts
            if (person.pk, shift.pk) not in on_shift
            and (person.pk, shift.pk) not in withdrawn
            and _criteria_ok(person, shift, home, trained, fit_days)
            and not _clashes(busy_by_person[person.pk], shift, rest)
        }
        skills = frozenset(s.code for s in person.skills.all())
        engine_people.append(
            engine.Person(
                id=pid(person.pk),
                skills=skills,
                is_lead=LEAD_SKILL in skills or person.pk in leads,
                compound=cid(home) if home else None,
                age=age_on(person.birth_date, run.period_start) if person.birth_date else None,
                available_shifts=frozenset(available),
                max_shifts_per_day=int(rules["max_shifts_per_day"] or 1),
                max_minutes_per_week=(
                    int(rules["max_hours_per_week"]) * 60 if rules["max_hours_per_week"] else None
                ),
                max_consecutive_days=(
                    int(rules["max_consecutive_days"]) if rules["max_consecutive_days"] else None
                ),
                # A weight on changing post asks the same post of everyone on the roster.
                wants_continuity=weights["continuity"] > 0,
            )
        )
    known = set(index.people), set(index.shifts)
    problem = engine.Problem(
        start_date=run.period_start,
        num_days=run.num_days,
        people=tuple(engine_people),
        shifts=tuple(engine_shifts),
        rules=engine.Rules(min_rest_minutes=int(rest.total_seconds() // 60)),
        weights=engine.Weights(**{k: weights[k] for k in ENGINE_WEIGHTS}),
        preferences=preferences(run, index, weights["wishes"]),
        sealed_compounds=frozenset(cid(c) for c in sealed),
        locked=frozenset(
            (pid(p), sid(s)) for p, s in locked if pid(p) in known[0] and sid(s) in known[1]
        ),
    )
    return problem, index


def preferences(run: RosterRun, index: Index, weight: int) -> tuple[engine.Preference, ...]:
    """The run's wishes as the engine's preferences, each at ``weight`` (none at weight 0).

    Wishes about a shift no longer in the problem (cancelled, already started) are dropped.
    """
    if weight <= 0:
        return ()
    out = []
    for wish in RosterWish.objects.filter(run=run).order_by("pk"):
        person = pid(wish.person_id)
        if person not in index.people:
            continue
        if wish.shift_id is not None:
            if sid(wish.shift_id) not in index.shifts:
                continue
            out.append(engine.Preference(person, weight, wish.wanted, shift=sid(wish.shift_id)))
        elif wish.day is not None:
            day = (wish.day - run.period_start).days
            if 0 <= day < run.num_days:
                out.append(engine.Preference(person, weight, wish.wanted, day=day))
    return tuple(out)


def _minutes(delta: dt.timedelta) -> int:
    return max(1, int(delta.total_seconds() // 60))


def _criteria_ok(
    person: Person,
    shift: Shift,
    home: int | None,
    trained: Mapping[tuple[int, str], dt.date],
    fit_days: set[tuple[int, dt.date]],
) -> bool:
    """The post's criteria the engine does not model, as in hub.volunteering.eligibility."""
    post = shift.post
    day = timezone.localdate(shift.starts_at)
    if post.residents_only and post.compound_id and home != post.compound_id:
        return False
    if post.political_statuses and person.political_status not in post.political_statuses:
        return False
    if post.training_topic:
        done = trained.get((person.pk, post.training_topic))
        if done is None or done > day:
            return False
    if post.requires_health_declaration and (person.pk, day) not in fit_days:
        return False
    if post.requires_insurance:
        if not (post.insurance_policy and post.insured_from and post.insured_until):
            return False
        if not post.insured_from <= day <= post.insured_until:
            return False
    return True


def _clashes(busy: list[tuple[dt.datetime, dt.datetime]], shift: Shift, rest: dt.timedelta) -> bool:
    return any(start < shift.ends_at + rest and end > shift.starts_at - rest for start, end in busy)


def result_json(
    result: engine.Result, index: Index, shortfalls: Sequence[str | Shortfall]
) -> dict[str, Any]:
    """The result as JSON for the run: numbers, and every explanation both as a rule code with
    parameters (pks of people, shifts and compounds; days counted from the period's start),
    which :mod:`hub.rosters.explanations` says in the reader's language, and as English text
    in names.

    ``shortfalls`` are the capacity check's `Shortfall` codes (or, from an older caller, its
    English sentences): ``shortfalls`` keeps the sentences in names, ``shortfall_reasons`` the
    codes of those that have one."""
    stats = {
        k: v
        for k, v in result.stats.items()
        if k in ("wall_time_s", "first_solution_s", "solver_status", "variables", "changes")
    }
    return {
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.bound,
        "stats": stats,
        "shortfalls": [index.words(str(s)) for s in shortfalls],
        "shortfall_reasons": [
            _shortfall_json(s, index) for s in shortfalls if isinstance(s, Shortfall)
        ],
        "unfilled": [
            {
                "shift": index.shifts[u.shift].pk,
                "missing": u.missing,
                "staffed": u.staffed,
                "reasons": [_reason_json(r, index) for r in u.reasons],
                "text": index.words(u.describe()),
            }
            for u in result.unfilled
            if u.shift in index.shifts
        ],
        # Costliest first: a coordinator reads the few that matter, the rest fold away.
        "penalties": [
            {
                "name": p.name,
                "rule": p.rule,
                "cost": p.cost,
                "amount": p.amount,
                **{k: _ref(k, v, index) for k, v in p.subjects},
                "text": index.words(p.describe()),
            }
            for p in sorted(result.penalties, key=lambda p: (-p.cost, p.name))
            if p.rule != "understaffed"
        ],
    }


def _ref(key: str, value: Any, index: Index) -> Any:
    """A parameter of the engine as JSON: engine ids become pks, days become numbers."""
    if key == "person" and value in index.people:
        return index.people[value].pk
    if key in ("shift", "held") and value in index.shifts:
        return index.shifts[value].pk
    if key == "compound" and isinstance(value, str) and re.fullmatch(r"C\d+", value):
        return int(value[1:])
    if key in ("day", "week") and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _shortfall_json(shortfall: Shortfall, index: Index) -> dict[str, Any]:
    """A capacity shortfall as its code and parameters: the shift as a pk, skills as codes."""
    params: dict[str, Any] = {}
    for key, value in shortfall.params:
        if key == "skills":
            params[key] = [s for s in str(value).split(",") if s]
        else:
            params[key] = _ref(key, value, index)
    return {"code": shortfall.code, "params": params, "text": index.words(shortfall.text)}


def _reason_json(reason: Reason, index: Index) -> dict[str, Any]:
    return {
        "code": reason.code,
        "person": index.people[reason.person].pk if reason.person in index.people else None,
        "params": {k: _ref(k, v, index) for k, v in reason.params},
        "text": index.words(reason.describe()),
    }


def assignments(result: engine.Result, index: Index) -> list[tuple[int, int]]:
    """The result's roster as (person pk, shift pk) pairs."""
    return [
        index.pair(p, s) for p, s in result.assignments if p in index.people and s in index.shifts
    ]


def solve_params(time_limit_s: float) -> engine.SolveParams:
    """Fixed seed and two workers: a coordinator sees the same roster for the same inputs."""
    return engine.SolveParams(
        engine.StopParams(time_limit_s=time_limit_s), engine.StrategyParams(workers=2, seed=7)
    )
