"""State changes of roster runs (排班): the one write path.

A run is created from chosen shifts and people, solved by a background job
(``rosters.solve``), edited by hand (locked cells), and published as approved sign-ups
through :mod:`hub.volunteering.actions.signups` — which checks every criterion again, notifies each
person and puts the shift in their calendar feed. Publishing is all or nothing. After a
drop-out, a repair proposal re-solves from the published roster changing as little as possible.

``by`` is the acting user; ``by=None`` is the system (the demo seed) and skips authorization.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import engines.roster as engine
from engines.roster.capacity import capacity_shortfalls
from hub.access import visible
from hub.accounts.models import User
from hub.errors import DomainError
from hub.jobs.actions import Progress, create_job
from hub.jobs.models import Job
from hub.people.models import Person
from hub.rosters import adapters
from hub.rosters.models import RosterCell, RosterRun, RosterWish
from hub.rosters.queries import DROPPED_OUT, Hole, roster_holes
from hub.volunteering.actions.signups import (
    approve_signup,
    require_changeable,
    sign_up,
    withdraw_signup,
)
from hub.volunteering.models import Shift, SignUp

MAX_DAYS = 31
MAX_PEOPLE = 500
MAX_WISHES = 1000
REPAIR_SECONDS = 2.0


class PublishRefused(DomainError):
    """Publishing was refused as a whole; ``failures`` lists each cell and its reason."""

    def __init__(self, failures: list[dict[str, Any]]) -> None:
        super().__init__(
            _("Nothing was published: %(n)d place(s) could not be confirmed.")
            % {"n": len(failures)},
            code="publish_refused",
        )
        self.failures = failures


def _lock_run(run: RosterRun) -> RosterRun:
    return RosterRun.objects.select_for_update(of=("self",)).get(pk=run.pk)


def _bump(run: RosterRun, **fields: Any) -> None:
    RosterRun.objects.filter(pk=run.pk).update(version=F("version") + 1, **fields)
    run.refresh_from_db()


# Creating ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Wish:
    """A wish to give ``create_run``: ``person`` wants (or would rather not) work ``shift``, or
    any shift on ``day`` — exactly one of the two."""

    person: Person
    wanted: bool
    shift: Shift | None = None
    day: dt.date | None = None


def _common(values: set[Any]) -> Any:
    return next(iter(values)) if len(values) == 1 else None


@transaction.atomic
def create_run(
    *,
    by: User | None,
    title: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    shifts: Iterable[Shift],
    people: Iterable[Person],
    rules: Mapping[str, Any] | None = None,
    weights: Mapping[str, Any] | None = None,
    wishes: Iterable[Wish] = (),
) -> RosterRun:
    """Create a draft run over ``shifts`` (all of one organization, of the run's kind, inside the
    period) for ``people``, with their ``wishes``.

    The user must be able to change every shift's post and see every person; the run takes the
    posts' organization (and their branch or compound when they share one), so whoever manages
    the posts manages the run. A wish must name one of the run's people and one of its shifts
    or a day of its period, once. Raises DomainError: required, period, too_long, no_shifts,
    no_people, too_many_people, outside_period, wrong_kind, one_organization, forbidden,
    not_found, invalid, wish.
    """
    title = title.strip()
    if not title:
        raise DomainError(_("Give the roster a title."), code="required", field="title")
    if period_end < period_start:
        raise DomainError(
            _("The last day must not be before the first day."), code="period", field="period_end"
        )
    if (period_end - period_start).days + 1 > MAX_DAYS:
        raise DomainError(
            _("A roster covers at most %(n)d days.") % {"n": MAX_DAYS},
            code="too_long",
            field="period_end",
        )
    shift_list = list(
        Shift.objects.select_related("post").filter(pk__in=[s.pk for s in shifts]).order_by("pk")
    )
    person_list = list(Person.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"))
    if not shift_list:
        raise DomainError(_("Choose at least one shift."), code="no_shifts", field="shifts")
    if not person_list:
        raise DomainError(_("Choose at least one person."), code="no_people", field="people")
    if len(person_list) > MAX_PEOPLE:
        raise DomainError(
            _("A roster takes at most %(n)d people.") % {"n": MAX_PEOPLE},
            code="too_many_people",
            field="people",
        )
    for shift in shift_list:
        day = timezone.localdate(shift.starts_at)
        if not period_start <= day <= period_end:
            raise DomainError(
                _("The shift %(shift)s lies outside the roster's period.") % {"shift": shift},
                code="outside_period",
                field="shifts",
            )
        if shift.post.kind != kind:
            raise DomainError(
                _("The shift %(shift)s is not of this roster's kind.") % {"shift": shift},
                code="wrong_kind",
                field="shifts",
            )
    posts = {s.post for s in shift_list}
    organization_ids = {p.organization_id for p in posts}
    if len(organization_ids) != 1:
        raise DomainError(
            _("All shifts of a roster must belong to one organization."),
            code="one_organization",
            field="shifts",
        )
    if by is not None:
        for post in sorted(posts, key=lambda p: p.pk):
            require_changeable(by, post, _("You may only roster shifts you manage."))
        seen = visible(by, Person.objects.filter(pk__in=[p.pk for p in person_list])).count()
        if seen != len(person_list):
            raise DomainError(_("Some of these people are unknown."), code="not_found")
    run = RosterRun.objects.create(
        organization_id=organization_ids.pop(),
        branch_id=_common({p.branch_id for p in posts}),
        compound_id=_common({p.compound_id for p in posts}),
        title=title[:160],
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        rules=_clean_numbers(rules or {}, adapters.DEFAULT_RULES),
        weights=_clean_numbers(weights or {}, adapters.DEFAULT_WEIGHTS),
        created_by=by,
    )
    run.shifts.set(shift_list)
    run.people.set(person_list)
    RosterWish.objects.bulk_create(_wishes(run, list(wishes), shift_list, person_list))
    require_changeable(by, run, _("You may only roster shifts you manage."))
    return run


def _wishes(
    run: RosterRun, wishes: list[Wish], shifts: list[Shift], people: list[Person]
) -> list[RosterWish]:
    """The wishes as rows of ``run``, each checked against the run's people, shifts and days."""
    if len(wishes) > MAX_WISHES:
        raise DomainError(
            _("A roster takes at most %(n)d wishes.") % {"n": MAX_WISHES},
            code="wish",
            field="wishes",
        )
    shift_ids = {s.pk for s in shifts}
    person_ids = {p.pk for p in people}
    seen: set[tuple[int, Any]] = set()
    rows = []
    for wish in wishes:
        if wish.person.pk not in person_ids:
            raise DomainError(
                _("%(name)s has a wish but is not one of the roster's people.")
                % {"name": wish.person.name},
                code="wish",
                field="wishes",
            )
        if (wish.shift is None) == (wish.day is None):
            raise DomainError(
                _("A wish names either one shift or one day."), code="wish", field="wishes"
            )
        if wish.shift is not None and wish.shift.pk not in shift_ids:
            raise DomainError(
                _("A wish of %(name)s names a shift that is not in the roster.")
                % {"name": wish.person.name},
                code="wish",
                field="wishes",
            )
        if wish.day is not None and not run.period_start <= wish.day <= run.period_end:
            raise DomainError(
                _("A wish of %(name)s names a day outside the roster's period.")
                % {"name": wish.person.name},
                code="wish",
                field="wishes",
            )
        key = (wish.person.pk, wish.shift.pk if wish.shift is not None else wish.day)
        if key in seen:
            raise DomainError(
                _("%(name)s has two wishes for the same shift or day.")
                % {"name": wish.person.name},
                code="wish",
                field="wishes",
            )
        seen.add(key)
        rows.append(
            RosterWish(
                run=run, person=wish.person, wanted=wish.wanted, shift=wish.shift, day=wish.day
            )
        )
    return rows


def _clean_numbers(values: Mapping[str, Any], allowed: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in allowed or value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise DomainError(
                _("Rules and weights are whole numbers."), code="invalid", field=name
            ) from None
        if number < 0:
            raise DomainError(
                _("Rules and weights cannot be negative."), code="invalid", field=name
            )
        out[name] = number
    return out


# Solving -------------------------------------------------------------------------------------
@transaction.atomic
def start_roster_run(*, by: User | None, run: RosterRun) -> Job:
    """Queue the run's solve as a background job (kind ``rosters.solve``).

    Refused for a published run or one already being solved. Raises DomainError: forbidden,
    published, busy.
    """
    require_changeable(by, run, _("You may not change this roster."))
    run = _lock_run(run)
    if run.is_published:
        raise DomainError(
            _("This roster is published: repair it instead of solving it again."),
            code="published",
        )
    if run.is_solving and run.job and not run.job.is_finished:
        raise DomainError(_("This roster is being solved right now."), code="busy")
    job = create_job(
        kind="rosters.solve",
        by=by,
        organization_id=run.organization_id,
        params={
            "run_id": run.pk,
            "version": run.version,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
    )
    _bump(run, status=RosterRun.Status.QUEUED, job=job)
    return job


@transaction.atomic
def create_and_start_run(
    *,
    by: User | None,
    title: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    shifts: Iterable[Shift],
    people: Iterable[Person],
    rules: Mapping[str, Any] | None = None,
    weights: Mapping[str, Any] | None = None,
    wishes: Iterable[Wish] = (),
) -> RosterRun:
    """Create a run (``create_run``) and queue its solve (``start_roster_run``): both or neither.

    Raises what either raises.
    """
    run = create_run(
        by=by,
        title=title,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        shifts=shifts,
        people=people,
        rules=rules,
        weights=weights,
        wishes=wishes,
    )
    start_roster_run(by=by, run=run)
    run.refresh_from_db()
    return run


def _no_progress(done: int, total: int, message: str = "") -> None:
    return None


def solve_seconds() -> float:
    """The engine's time limit for a run (setting ``ROSTER_SOLVE_SECONDS``, default 10 s)."""
    return float(getattr(settings, "ROSTER_SOLVE_SECONDS", 10.0))


def solve_run(
    run_id: int, *, progress: Progress | None = None, time_limit_s: float | None = None
) -> RosterRun:
    """Solve the run now and store its cells and explanations (the job's work).

    Idempotent: unlocked engine cells are replaced, locked cells are kept; a published run is
    left alone. The engine runs outside any transaction; the cells are written in one.
    """
    progress = progress or _no_progress  # messages kept as msgids: |translated shows them
    run = RosterRun.objects.get(pk=run_id)
    if run.is_published:
        return run
    progress(1, 4, gettext_noop("Reading shifts and people"))
    locked = list(
        RosterCell.objects.filter(run=run, locked=True).values_list("person_id", "shift_id")
    )
    try:
        problem, index = adapters.build_problem(run, locked=locked)
    except engine.ProblemError as exc:
        _fail(run, str(exc))
        raise DomainError(str(exc), code="problem") from exc
    shortfalls = capacity_shortfalls(problem)
    progress(2, 4, gettext_noop("Solving"))
    result = engine.solve(problem, adapters.solve_params(time_limit_s or solve_seconds()))
    progress(3, 4, gettext_noop("Saving the roster"))
    payload = adapters.result_json(result, index, shortfalls)
    pairs = adapters.assignments(result, index)
    with transaction.atomic():
        run = _lock_run(run)
        if run.is_published:
            return run
        RosterCell.objects.filter(run=run, locked=False).delete()
        keep = set(RosterCell.objects.filter(run=run).values_list("person_id", "shift_id"))
        RosterCell.objects.bulk_create(
            [
                RosterCell(run=run, person_id=p, shift_id=s, source=RosterCell.Source.ENGINE)
                for p, s in sorted(pairs)
                if (p, s) not in keep
            ]
        )
        status = RosterRun.Status.SOLVED if result.has_roster else RosterRun.Status.FAILED
        _bump(run, status=status, result=payload, proposal={})
    progress(4, 4, gettext_noop("Done"))
    return run


def _fail(run: RosterRun, message: str) -> None:
    _bump(run, status=RosterRun.Status.FAILED, result={"status": "error", "error": message})


# Editing by hand -----------------------------------------------------------------------------
@transaction.atomic
def toggle_cell(
    *, by: User | None, run: RosterRun, shift: Shift, person: Person
) -> RosterCell | None:
    """Put ``person`` on ``shift`` as a locked cell, or take them off if they are on it.

    Locked cells survive every re-solve. Only the run's own shifts and people; not once
    published. Returns the new cell or None. Raises DomainError: forbidden, published,
    not_in_run.
    """
    require_changeable(by, run, _("You may not change this roster."))
    run = _lock_run(run)
    if not run.is_editable:
        raise DomainError(_("This roster can no longer be edited by hand."), code="published")
    if not (run.shifts.filter(pk=shift.pk).exists() and run.people.filter(pk=person.pk).exists()):
        raise DomainError(_("This shift or person is not part of the roster."), code="not_in_run")
    cell = RosterCell.objects.filter(run=run, shift=shift, person=person).first()
    if cell is not None:
        cell.delete()
        _bump(run)
        return None
    cell = RosterCell.objects.create(
        run=run, shift=shift, person=person, locked=True, source=RosterCell.Source.HAND
    )
    _bump(run)
    return cell


# Publishing ----------------------------------------------------------------------------------
def _place(by: User | None, shift: Shift, person: Person, now: dt.datetime) -> str | None:
    """Confirm ``person`` on ``shift`` (sign-up, then approval if pending); the refusal text or
    None. Runs in a savepoint so one refusal leaves nothing half-written."""
    existing = SignUp.objects.filter(
        shift_id=shift.pk, person_id=person.pk, status__in=SignUp.ACTIVE
    ).first()
    try:
        with transaction.atomic():
            signup = existing or sign_up(by=by, shift=shift, person=person, now=now)
            if signup.status == SignUp.Status.PENDING:
                approve_signup(by=by, signup=signup, now=now)
            elif signup.status == SignUp.Status.WAITLISTED:
                raise DomainError(_("The shift is full."), code="full")
    except DomainError as exc:
        return exc.message
    return None


def _failure(shift: Shift, person: Person, reason: str) -> dict[str, Any]:
    start = timezone.localtime(shift.starts_at)
    return {
        "shift": shift.pk,
        "person": person.pk,
        "text": f"{person.name} · {shift.post.name} {start:%m-%d %H:%M}: {reason}",
    }


@transaction.atomic
def publish_run(*, by: User | None, run: RosterRun, now: dt.datetime | None = None) -> RosterRun:
    """Publish a solved roster: every cell becomes an approved sign-up, all or nothing.

    Each place goes through ``sign_up``/``approve_signup`` (every criterion is checked again,
    the person is notified and the shift appears in their calendar). If any place is refused,
    nothing is published and :class:`PublishRefused` lists every refused cell with its reason.
    Raises DomainError: forbidden, not_solved, empty, publish_refused.
    """
    require_changeable(by, run, _("You may not change this roster."))
    now = now or timezone.now()
    run = _lock_run(run)
    if not run.may_be_published:
        raise DomainError(
            _("Only a solved roster can be published (this one is %(status)s).")
            % {"status": run.get_status_display()},
            code="not_solved",
        )
    cells = list(
        RosterCell.objects.filter(run=run)
        .select_related("shift__post", "person")
        .order_by("shift__starts_at", "shift_id", "person_id")
    )
    if not cells:
        raise DomainError(_("The roster is empty: there is nothing to publish."), code="empty")
    failures = []
    for cell in cells:
        reason = _place(by, cell.shift, cell.person, now)
        if reason is not None:
            failures.append(_failure(cell.shift, cell.person, reason))
    if failures:
        raise PublishRefused(failures)
    published = [[c.person_id, c.shift_id] for c in cells]
    _bump(
        run,
        status=RosterRun.Status.PUBLISHED,
        published_at=now,
        result={**run.result, "published": published},
    )
    return run


# Drop-outs and repair ------------------------------------------------------------------------
def sealed_from(found: Iterable[Hole], now: dt.datetime) -> dt.datetime:
    """When a repair reads the sealed compounds: at the first shift a seal takes a place from
    (a seal may start later than now), else now; never before now."""
    starts = [h.cell.shift.starts_at for h in found if h.code != DROPPED_OUT]
    return max(now, min(starts)) if starts else now


@transaction.atomic
def propose_repair(
    *,
    by: User | None,
    run: RosterRun,
    now: dt.datetime | None = None,
    time_limit_s: float = REPAIR_SECONDS,
) -> RosterRun:
    """Propose the fewest changes that refill a published roster's holes (a withdrawal, a
    sealed compound), from now on; stored on the run for the coordinator to publish.

    Shifts already started are left as they are. Raises DomainError: forbidden,
    not_published, no_roster.
    """
    require_changeable(by, run, _("You may not change this roster."))
    now = now or timezone.now()
    run = _lock_run(run)
    if not run.is_published:
        raise DomainError(_("Only a published roster can be repaired."), code="not_published")
    found = roster_holes(run, now=now)
    gone = {(h.cell.person_id, h.cell.shift_id) for h in found}
    cells = set(RosterCell.objects.filter(run=run).values_list("person_id", "shift_id"))
    kept = cells - gone
    problem, index = adapters.build_problem(
        run, published=cells, after=now, at=sealed_from(found, now)
    )
    previous = {
        (adapters.pid(p), adapters.sid(s))
        for p, s in kept
        if adapters.pid(p) in index.people and adapters.sid(s) in index.shifts
    }
    result = engine.repair(problem, previous, params=adapters.solve_params(time_limit_s))
    if not result.has_roster:
        raise DomainError(
            _("No repaired roster keeps every rule: %(why)s")
            % {"why": "; ".join(index.words(s) for s in result.shortfalls) or result.status},
            code="no_roster",
        )
    proposed = set(adapters.assignments(result, index))
    future = {index.pair(p, s) for p, s in previous}
    add = sorted(proposed - future)
    remove = sorted(future - proposed)
    payload = adapters.result_json(result, index, result.shortfall_reasons or result.shortfalls)
    _bump(
        run,
        proposal={
            "add": [list(x) for x in add],
            "remove": [list(x) for x in remove],
            "holes": sorted([list(x) for x in gone]),
            "result": payload,
            "made_at": now.isoformat(),
        },
    )
    return run


@transaction.atomic
def publish_repair(*, by: User | None, run: RosterRun, now: dt.datetime | None = None) -> RosterRun:
    """Apply the stored repair proposal, all or nothing: removed places are withdrawn (the
    person is told), added ones signed up and approved; the run's cells follow.

    Raises DomainError: forbidden, no_proposal, publish_refused (with every refused place).
    """
    require_changeable(by, run, _("You may not change this roster."))
    now = now or timezone.now()
    run = _lock_run(run)
    proposal = run.proposal or {}
    if not run.is_published or "add" not in proposal:
        raise DomainError(_("There is no repair proposal to publish."), code="no_proposal")
    people = {p.pk: p for p in Person.objects.filter(pk__in=_ids(proposal, 0))}
    shifts = {
        s.pk: s for s in Shift.objects.select_related("post").filter(pk__in=_ids(proposal, 1))
    }
    failures = []
    # Holes left by a sealed compound still hold their sign-up: it is withdrawn with the rest.
    for person_id, shift_id in proposal["remove"] + proposal["holes"]:
        for signup in SignUp.objects.filter(
            person_id=person_id, shift_id=shift_id, status__in=SignUp.ACTIVE
        ).order_by("pk"):
            withdraw_signup(by=by, signup=signup, reason=_("The roster was repaired."), now=now)
    for person_id, shift_id in proposal["add"]:
        reason = _place(by, shifts[shift_id], people[person_id], now)
        if reason is not None:
            failures.append(_failure(shifts[shift_id], people[person_id], reason))
    if failures:
        raise PublishRefused(failures)
    for person_id, shift_id in proposal["remove"] + proposal["holes"]:
        RosterCell.objects.filter(run=run, person_id=person_id, shift_id=shift_id).delete()
    RosterCell.objects.bulk_create(
        [
            RosterCell(run=run, person_id=p, shift_id=s, source=RosterCell.Source.ENGINE)
            for p, s in proposal["add"]
        ],
        ignore_conflicts=True,
    )
    published = sorted(
        [p, s] for p, s in RosterCell.objects.filter(run=run).values_list("person_id", "shift_id")
    )
    _bump(run, proposal={}, result={**run.result, "published": published})
    return run


def _ids(proposal: Mapping[str, Any], position: int) -> set[int]:
    return {pair[position] for key in ("add", "remove") for pair in proposal[key]}
