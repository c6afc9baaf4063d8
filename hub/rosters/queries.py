"""Reads for the roster pages, exports and API, scoped through the access layer."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import get_visible, may_change, visible
from hub.accounts.models import User
from hub.people.models import Branch, Membership, Person
from hub.people.queries import full_name_ids
from hub.places.models import AreaStatus
from hub.rosters.models import RosterCell, RosterRun
from hub.volunteering.eligibility import check_sealed
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
    """One shift of the people grid: ``label`` in full (post and time) for a title; ``time``
    (the start) and, only when the time alone does not tell the day's shifts apart, ``post``
    (a short post name) for the compact header a phone has room for."""

    shift: Shift
    day: dt.date
    label: str
    unfilled: int = 0
    staffed: int = 0
    post: str = ""
    time: str = ""


@dataclass
class Slot:
    shift: Shift
    cell: RosterCell | None
    hole: str = ""  # why a published place no longer stands (a Hole's code), else ""


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
class Onshift:
    """One name in a posts-view cell: ``hole`` when the place no longer stands."""

    name: str
    locked: bool = False
    hole: bool = False


@dataclass
class PostShift:
    """One shift of a post on one day, with who is on it: filled against needed places."""

    shift: Shift
    label: str
    needed: int
    people: list[Onshift] = field(default_factory=list)
    unfilled: int = 0

    @property
    def filled(self) -> int:
        return sum(1 for p in self.people if not p.hole)

    @property
    def short(self) -> bool:
        return self.filled < self.needed or self.unfilled > 0


@dataclass
class PostRow:
    post: Post
    name: str
    days: list[list[PostShift]] = field(default_factory=list)


@dataclass
class Grid:
    days: list[tuple[dt.date, int]]
    columns: list[Column]
    rows: list[Row]
    posts: list[PostRow] = field(default_factory=list)

    @property
    def dates(self) -> list[dt.date]:
        return [day for day, _n in self.days]


VIEWS = ("people", "posts")


def grid_view(value: str | None) -> str:
    """The grid's view from a query parameter: ``people`` (the default) or ``posts``."""
    return value if value in VIEWS else VIEWS[0]


def _span(shift: Shift) -> str:
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    return f"{start:%H:%M}–{end:%H:%M}"


def short_post_name(name: str) -> str:
    """A post's name as short as a column header allows: what its brackets hold
    (值班（白班） → 白班), else the name."""
    match = re.search(r"[（(]([^（()）]+)[）)]\s*$", name)
    return match.group(1) if match else name


def _name_clashes(columns: list[Column]) -> None:
    """Name the post on the columns whose day has another shift starting at the same time."""
    starts: dict[tuple[dt.date, str], int] = defaultdict(int)
    for column in columns:
        starts[column.day, column.time] += 1
    for column in columns:
        if starts[column.day, column.time] > 1:
            column.post = short_post_name(column.shift.post.name)


def grid(user: Any, run: RosterRun, holes: Mapping[tuple[int, int], str] | None = None) -> Grid:
    """The run as a week grid, two ways: rows are people (columns the shifts grouped by day),
    and rows are posts (columns the days, each cell the post's shifts that day with who is on
    them, filled against needed).

    ``holes`` maps (person pk, shift pk) of published places that no longer stand to why; they
    are marked, and counted neither as filled nor in the person's shifts and hours. Names are
    masked unless the user may change the person. Constant query count.
    """
    holes = holes or {}
    shifts = list(run.shifts.select_related("post").order_by("starts_at", "post__name", "pk"))
    people = list(run.people.order_by("name", "pk"))
    cells = list(RosterCell.objects.filter(run=run))
    by_pair = {(c.person_id, c.shift_id): c for c in cells}
    full = full_name_ids(user, people)
    names = {p.pk: p.name if p.pk in full else p.masked_name for p in people}
    unfilled = {u["shift"]: u["missing"] for u in (run.result or {}).get("unfilled", [])}
    columns = []
    for shift in shifts:
        columns.append(
            Column(
                shift=shift,
                day=timezone.localtime(shift.starts_at).date(),
                label=f"{shift.post.name} {_span(shift)}",
                unfilled=unfilled.get(shift.pk, 0),
                time=f"{timezone.localtime(shift.starts_at):%H:%M}",
            )
        )
    _name_clashes(columns)
    rows = []
    for person in people:
        row = Row(person=person, name=names[person.pk])
        for column in columns:
            pair = (person.pk, column.shift.pk)
            cell = by_pair.get(pair)
            hole = holes.get(pair, "") if cell else ""
            row.cells.append(Slot(column.shift, cell, hole))
            if cell is not None and not hole:
                row.count += 1
                column.staffed += 1
                delta = column.shift.ends_at - column.shift.starts_at
                row.minutes += int(delta.total_seconds() // 60)
        rows.append(row)
    days: dict[dt.date, int] = defaultdict(int)
    for column in columns:
        days[column.day] += 1
    table = Grid(days=sorted(days.items()), columns=columns, rows=rows)
    table.posts = _post_rows(table, cells, names, holes)
    return table


def _post_rows(
    table: Grid,
    cells: list[RosterCell],
    names: Mapping[int, str],
    holes: Mapping[tuple[int, int], str],
) -> list[PostRow]:
    """Rows = posts: for each post and day, its shifts with the names on them."""
    on_shift: dict[int, list[RosterCell]] = defaultdict(list)
    for cell in sorted(cells, key=lambda c: (names.get(c.person_id, ""), c.person_id)):
        on_shift[cell.shift_id].append(cell)
    dates = table.dates
    rows: dict[int, PostRow] = {}
    for column in table.columns:
        post = column.shift.post
        row = rows.get(post.pk)
        if row is None:
            row = rows[post.pk] = PostRow(post=post, name=post.name, days=[[] for _d in dates])
        row.days[dates.index(column.day)].append(
            PostShift(
                shift=column.shift,
                label=_span(column.shift),
                needed=column.shift.capacity,
                unfilled=column.unfilled,
                people=[
                    Onshift(
                        name=names.get(c.person_id, "?"),
                        locked=c.locked,
                        hole=(c.person_id, c.shift_id) in holes,
                    )
                    for c in on_shift[column.shift.pk]
                ],
            )
        )
    return sorted(rows.values(), key=lambda r: (r.name, r.post.pk))


@dataclass
class HoleLine:
    """A hole in words for the run page: who, which shift, and why."""

    name: str
    shift: str
    reason: str


def hole_lines(user: Any, found: list[Hole]) -> list[HoleLine]:
    """The holes (``actions.Hole``) in words, names masked unless the user may change the
    person. Drop-outs say only that the person withdrew: their reason may be about health."""
    full = full_name_ids(user, [h.cell.person for h in found])
    lines = []
    for hole in found:
        person, shift = hole.cell.person, hole.cell.shift
        start = timezone.localtime(shift.starts_at)
        lines.append(
            HoleLine(
                name=person.name if person.pk in full else person.masked_name,
                shift=f"{shift.post.name} {start:%m-%d %H:%M}",
                reason=hole.text or _("no longer holds the place (withdrew or was taken off)"),
            )
        )
    return lines


def proposal_lines(run: RosterRun, user: Any = None) -> dict[str, list[str]]:
    """The stored repair proposal in words: who is removed from and added to which shift.

    With ``user``, names are masked unless the user may change the person.
    """
    proposal = run.proposal or {}
    pairs = [tuple(x) for key in ("add", "remove", "holes") for x in proposal.get(key, [])]
    people = Person.objects.in_bulk({p for p, _ in pairs})
    shifts = Shift.objects.select_related("post").in_bulk({s for _, s in pairs})
    full = set(people) if user is None else full_name_ids(user, list(people.values()))

    def say(pair: list[int]) -> str:
        person, shift = people.get(pair[0]), shifts.get(pair[1])
        if person is None or shift is None:
            return "?"
        start = timezone.localtime(shift.starts_at)
        name = person.name if person.pk in full else person.masked_name
        return f"{name} · {shift.post.name} {start:%m-%d %H:%M}"

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


def default_stats_period(user: Any, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period duty statistics open on: the whole current month, stretched to cover every
    published roster the user may see that runs now or later (next week's roster included).
    At most one year, as the form allows."""
    start = today.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    spans = visible(
        user,
        RosterRun.objects.filter(status=RosterRun.Status.PUBLISHED, period_end__gte=today),
    ).values_list("period_start", "period_end")
    for first, last in spans:
        start, end = min(start, first), max(end, last)
    return start, min(end, start + dt.timedelta(days=366))


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


# Holes of a published roster, and who manages a run ------------------------------------------
def holes(run: RosterRun) -> list[RosterCell]:
    """Published cells whose person no longer holds an approved sign-up on the shift."""
    cells = list(
        RosterCell.objects.filter(run=run)
        .select_related("shift__post", "person")
        .order_by("shift__starts_at", "shift_id", "person_id")
    )
    held = set(
        SignUp.objects.filter(
            shift_id__in=[c.shift_id for c in cells], status=SignUp.Status.APPROVED
        ).values_list("person_id", "shift_id")
    )
    return [c for c in cells if (c.person_id, c.shift_id) not in held]


@dataclass(frozen=True)
class Hole:
    """A published place that no longer stands, and why (``code``: dropped_out,
    sealed_home or sealed_post; ``text``: the sealing rule in words, empty for a drop-out)."""

    cell: RosterCell
    code: str
    text: str = ""


DROPPED_OUT = "dropped_out"


def _sealed_compound_ids(now: dt.datetime) -> set[int]:
    """Compounds with a sealed period (compound-wide or one building) in force now or later."""
    return set(
        AreaStatus.objects.filter(status=AreaStatus.Status.SEALED)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=now))
        .values_list("compound_id", flat=True)
    )


def roster_holes(run: RosterRun, *, now: dt.datetime | None = None) -> list[Hole]:
    """The published roster's holes: places whose person dropped out (no approved sign-up any
    more), and places of shifts not yet started that a sealed compound now forbids — the
    person lives in a sealed compound and the post is outside it, or the post lies in a
    sealed compound and the person lives elsewhere (the sign-up rule ``check_sealed``, read at
    the shift's start). One place is one hole, the drop-out first.
    """
    now = now or timezone.now()
    dropped = holes(run)
    gone = {c.pk for c in dropped}
    found = [Hole(cell=c, code=DROPPED_OUT) for c in dropped]
    sealed = _sealed_compound_ids(now)
    if not sealed:
        return found
    cells = (
        RosterCell.objects.filter(run=run, shift__starts_at__gt=now)
        .exclude(pk__in=gone)
        .filter(
            Q(person__household__building__compound_id__in=sealed)
            | Q(shift__post__compound_id__in=sealed)
        )
        .select_related("shift__post__compound", "person__household__building__compound")
        .order_by("shift__starts_at", "shift_id", "person_id")
    )
    for cell in cells:
        refusal = check_sealed(cell.person, cell.shift)
        if refusal is not None:
            found.append(Hole(cell=cell, code=refusal.code, text=refusal.message))
    return found


def may_manage(by: User | None, run: RosterRun) -> bool:
    """Whether ``by`` may solve, edit and publish ``run``."""
    return may_change(by, run)
