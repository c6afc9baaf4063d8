"""Reads for the roster pages, exports and API, scoped through the access layer."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hub.access import get_visible, visible
from hub.people.models import Branch, Membership, Person
from hub.people.queries import full_name_ids
from hub.rosters.models import RosterCell, RosterRun
from hub.volunteering.models import Post, Shift, SignUp


def list_runs(user: Any) -> QuerySet[RosterRun]:
    """Runs the user may see, newest period first (one query, any size)."""
    return (
        visible(user, RosterRun.objects.all())
        .select_related("organization", "compound", "branch")
        .order_by("-period_start", "-id")
    )


def get_run_for(user: Any, run_id: int) -> RosterRun:
    """One run the user may see; 404 otherwise (also for other organizations)."""
    return get_visible(
        user,
        RosterRun.objects.select_related("organization", "job", "compound", "branch"),
        pk=run_id,
    )


# The grid ------------------------------------------------------------------------------------
@dataclass
class Column:
    shift: Shift
    day: dt.date
    label: str
    unfilled: int = 0
    staffed: int = 0


@dataclass
class Slot:
    shift: Shift
    cell: RosterCell | None


@dataclass
class Row:
    person: Person
    name: str
    cells: list[Slot] = field(default_factory=list)
    count: int = 0
    minutes: int = 0

    @property
    def hours(self) -> str:
        return f"{self.minutes / 60:g}"


@dataclass
class Grid:
    days: list[tuple[dt.date, int]]
    columns: list[Column]
    rows: list[Row]


def grid(user: Any, run: RosterRun) -> Grid:
    """The run as a week grid: rows are people, columns the shifts grouped by day.

    Names are masked unless the user may change the person. Constant query count.
    """
    shifts = list(run.shifts.select_related("post").order_by("starts_at", "post__name", "pk"))
    people = list(run.people.order_by("name", "pk"))
    cells = list(RosterCell.objects.filter(run=run))
    by_pair = {(c.person_id, c.shift_id): c for c in cells}
    full = full_name_ids(user, people)
    unfilled = {u["shift"]: u["missing"] for u in (run.result or {}).get("unfilled", [])}
    columns = []
    for shift in shifts:
        start = timezone.localtime(shift.starts_at)
        end = timezone.localtime(shift.ends_at)
        columns.append(
            Column(
                shift=shift,
                day=start.date(),
                label=f"{shift.post.name} {start:%H:%M}–{end:%H:%M}",
                unfilled=unfilled.get(shift.pk, 0),
            )
        )
    rows = []
    for person in people:
        row = Row(person=person, name=person.name if person.pk in full else person.masked_name)
        for column in columns:
            cell = by_pair.get((person.pk, column.shift.pk))
            row.cells.append(Slot(column.shift, cell))
            if cell is not None:
                row.count += 1
                column.staffed += 1
                delta = column.shift.ends_at - column.shift.starts_at
                row.minutes += int(delta.total_seconds() // 60)
        rows.append(row)
    days: dict[dt.date, int] = defaultdict(int)
    for column in columns:
        days[column.day] += 1
    return Grid(days=sorted(days.items()), columns=columns, rows=rows)


def proposal_lines(run: RosterRun) -> dict[str, list[str]]:
    """The stored repair proposal in words: who is removed from and added to which shift."""
    proposal = run.proposal or {}
    pairs = [tuple(x) for key in ("add", "remove", "holes") for x in proposal.get(key, [])]
    people = Person.objects.in_bulk({p for p, _ in pairs})
    shifts = Shift.objects.select_related("post").in_bulk({s for _, s in pairs})

    def say(pair: list[int]) -> str:
        person, shift = people.get(pair[0]), shifts.get(pair[1])
        if person is None or shift is None:
            return "?"
        start = timezone.localtime(shift.starts_at)
        return f"{person.name} · {shift.post.name} {start:%m-%d %H:%M}"

    return {key: [say(x) for x in proposal.get(key, [])] for key in ("holes", "remove", "add")}


# Duty statistics (值班统计) -------------------------------------------------------------------
NIGHT_END = dt.time(22, 0)
NIGHT_START = dt.time(6, 0)


def is_night(starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    """A night duty ends after 22:00 (or on a later day) or starts before 06:00, local time."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return start.time() < NIGHT_START or end.date() > start.date() or end.time() > NIGHT_END


@dataclass
class DutyLine:
    person_id: int
    name: str
    branch: str
    shifts: int = 0
    minutes: int = 0
    nights: int = 0
    weekends: int = 0

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))


@dataclass
class DutyStats:
    start: dt.date
    end: dt.date
    lines: list[DutyLine]
    branches: list[DutyLine]
    spread: Decimal
    cv: Decimal | None
    total_hours: Decimal


def duty_stats(
    user: Any, *, start: dt.date, end: dt.date, branch: Branch | None = None
) -> DutyStats:
    """Per person and branch: duty shifts, hours, nights and weekend shifts from approved
    sign-ups on duty posts starting in [start, end], with the fairness of hours across people
    (spread max−min and coefficient of variation). Scoped to the sign-ups the user may see;
    names masked unless the user may change the person. Constant query count.
    """
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time(0, 0), tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    signups = visible(
        user,
        SignUp.objects.filter(
            status=SignUp.Status.APPROVED,
            shift__post__kind=Post.Kind.DUTY,
            shift__starts_at__gte=lo,
            shift__starts_at__lt=hi,
        ),
    )
    rows = list(signups.values_list("person_id", "shift__starts_at", "shift__ends_at"))
    person_ids = {r[0] for r in rows}
    memberships = Membership.objects.filter(person_id__in=person_ids).select_related("branch")
    if branch is not None:
        memberships = memberships.filter(branch=branch)
    branch_of: dict[int, str] = {}
    for m in memberships.order_by("branch__name", "pk"):
        branch_of.setdefault(m.person_id, m.branch.name)
    if branch is not None:
        person_ids &= set(branch_of)
    people = list(Person.objects.filter(pk__in=person_ids))
    full = full_name_ids(user, people)
    lines = {
        p.pk: DutyLine(
            person_id=p.pk,
            name=p.name if p.pk in full else p.masked_name,
            branch=branch_of.get(p.pk, ""),
        )
        for p in people
    }
    for person_id, starts_at, ends_at in rows:
        line = lines.get(person_id)
        if line is None:
            continue
        line.shifts += 1
        line.minutes += int((ends_at - starts_at).total_seconds() // 60)
        line.nights += is_night(starts_at, ends_at)
        line.weekends += timezone.localtime(starts_at).weekday() >= 5
    ordered = sorted(lines.values(), key=lambda x: (x.branch, -x.minutes, x.name))
    by_branch: dict[str, DutyLine] = {}
    for line in ordered:
        agg = by_branch.setdefault(line.branch, DutyLine(0, "", line.branch))
        agg.shifts += line.shifts
        agg.minutes += line.minutes
        agg.nights += line.nights
        agg.weekends += line.weekends
    hours = [line.minutes / 60 for line in ordered]
    spread = Decimal(str(round(max(hours) - min(hours), 1))) if hours else Decimal("0")
    cv = None
    if len(hours) >= 2 and statistics.mean(hours) > 0:
        cv = Decimal(str(round(statistics.pstdev(hours) / statistics.mean(hours), 2)))
    total = (Decimal(sum(line.minutes for line in ordered)) / 60).quantize(Decimal("0.1"))
    return DutyStats(
        start=start,
        end=end,
        lines=ordered,
        branches=list(by_branch.values()),
        spread=spread,
        cv=cv,
        total_hours=total,
    )
