"""Reads for the office pages and endpoints: sites, arrivals, attendance, cleaning, the summary.

Reads never write. Lists run a constant number of queries whatever the row count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import get_visible, scope_for, visible
from hub.office.access import may_read_summary
from hub.office.models import (
    AttendanceRequirement,
    CleaningArea,
    CleaningRecord,
    ContractorCompany,
    ContractorRole,
    ContractorWorker,
    Entry,
    Site,
)
from hub.people.models import Membership, Organization
from hub.privacy.masking import mask_name

POSTER_SALT = "office.site-poster"
ARRIVALS_SHOWN = 50


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as an aware half-open interval."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


# Sites and posters -----------------------------------------------------------------------------
def poster_code(site: Site) -> str:
    """The signed code a site's poster carries."""
    return signing.Signer(salt=POSTER_SALT).sign(site.poster_token)


def site_for_code(code: str) -> Site:
    """The site a poster's code names; Http404 for a forged or altered code."""
    try:
        token = signing.Signer(salt=POSTER_SALT).unsign(code)
    except signing.BadSignature:
        raise Http404(
            _("This QR code is not valid. Scan the poster at the entrance again.")
        ) from None
    site = Site.objects.select_related("organization").filter(poster_token=token).first()
    if site is None:
        raise Http404(_("This QR code is not valid. Scan the poster at the entrance again."))
    return site


def list_sites(user: Any) -> QuerySet[Site]:
    return visible(user, Site.objects.select_related("organization")).order_by(
        "organization__name", "name"
    )


def get_site_for(user: Any, site_id: Any) -> Site:
    return get_visible(user, Site.objects.select_related("organization"), pk=site_id)


def managed_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations whose office the user runs (org admin or office staff)."""
    scope = scope_for(user)
    qs = Organization.objects.order_by("name")
    if scope.is_superuser:
        return qs
    return qs.filter(pk__in=scope.admin_org_ids | scope.office_org_ids)


def managed_organization(user: Any, wanted: Any) -> Organization | None:
    """The organization a form chose (``wanted``, its id) among those whose office the user
    runs; without a choice, the only one they run. None when the choice is not theirs."""
    orgs = list(managed_organizations(user))
    for org in orgs:
        if str(org.pk) == str(wanted):
            return org
    return orgs[0] if len(orgs) == 1 or not wanted else None


def is_staff_of(user: Any, site: Site) -> bool:
    """The signed-in user is a member of the site's organization (checks in as staff)."""
    person_id = getattr(user, "person_id", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and person_id
        and Membership.objects.filter(
            person_id=person_id, branch__organization_id=site.organization_id
        ).exists()
    )


def summary_organizations(user: Any) -> list[Organization]:
    scope = scope_for(user)
    orgs = Organization.objects.filter(pk__in=scope.org_ids).order_by("name")
    if scope.is_superuser:
        orgs = Organization.objects.order_by("name")
    return [org for org in orgs if may_read_summary(scope, org.pk)]


# Arrivals ------------------------------------------------------------------------------------
def arrivals(user: Any, site: Site, *, day: dt.date) -> list[Entry]:
    """The site's arrivals of ``day``, newest first (names and phones masked when stored)."""
    start, end = day_bounds(day)
    qs = visible(user, Entry.objects.filter(site=site, arrived_at__gte=start, arrived_at__lt=end))
    return list(qs.order_by("-arrived_at", "-id")[:ARRIVALS_SHOWN])


def arrival_counts(site: Site, *, day: dt.date) -> dict[str, int]:
    start, end = day_bounds(day)
    counts = Entry.objects.filter(site=site, arrived_at__gte=start, arrived_at__lt=end).aggregate(
        admitted=Count("id", filter=Q(outcome=Entry.Outcome.ADMITTED)),
        refused=Count("id", filter=Q(outcome=Entry.Outcome.REFUSED)),
    )
    return {"admitted": counts["admitted"] or 0, "refused": counts["refused"] or 0}


def list_entries(user: Any) -> QuerySet[Entry]:
    return visible(user, Entry.objects.select_related("site")).order_by("-arrived_at", "-id")


# Contractors ---------------------------------------------------------------------------------
def list_companies(user: Any) -> QuerySet[ContractorCompany]:
    return (
        visible(user, ContractorCompany.objects.select_related("organization"))
        .annotate(worker_count=Count("workers", filter=Q(workers__active=True)))
        .order_by("organization__name", "name")
    )


def get_company_for(user: Any, company_id: Any) -> ContractorCompany:
    return get_visible(
        user, ContractorCompany.objects.select_related("organization"), pk=company_id
    )


def site_workers(site: Site) -> list[ContractorWorker]:
    return list(
        ContractorWorker.objects.filter(company__organization_id=site.organization_id, active=True)
        .select_related("company")
        .order_by("role", "name", "pk")
    )


@dataclass
class AttendanceLine:
    requirement: AttendanceRequirement
    present: int
    checked_in: list[ContractorWorker] = field(default_factory=list)
    missing: list[ContractorWorker] = field(default_factory=list)

    @property
    def short(self) -> bool:
        return self.present < self.requirement.expected


def attendance_for_site(site: Site, day: dt.date) -> list[AttendanceLine]:
    """Per required role: who of the organization's contractor staff was admitted on ``day``."""
    start, end = day_bounds(day)
    present_ids = set(
        Entry.objects.filter(
            site=site,
            kind=Entry.Kind.CONTRACTOR,
            outcome=Entry.Outcome.ADMITTED,
            arrived_at__gte=start,
            arrived_at__lt=end,
            worker__isnull=False,
        ).values_list("worker_id", flat=True)
    )
    workers = site_workers(site)
    lines = []
    for requirement in site.requirements.order_by("role"):
        of_role = [w for w in workers if w.role == requirement.role]
        checked = [w for w in of_role if w.pk in present_ids]
        lines.append(
            AttendanceLine(
                requirement=requirement,
                present=len(checked),
                checked_in=checked,
                missing=[w for w in of_role if w.pk not in present_ids],
            )
        )
    return lines


# Cleaning ------------------------------------------------------------------------------------
@dataclass
class CleaningStatus:
    area: CleaningArea
    last: CleaningRecord | None
    due_at: dt.datetime | None  # None: nothing more is due today
    overdue: bool
    done_today: int


def _status(area: CleaningArea, records: list[CleaningRecord], now: dt.datetime) -> CleaningStatus:
    day = timezone.localtime(now).date()
    first = timezone.make_aware(dt.datetime.combine(day, area.day_starts))
    last_round = timezone.make_aware(dt.datetime.combine(day, area.day_ends))
    last = records[0] if records else None
    due_at: dt.datetime | None = first
    if last is not None:
        due_at = max(last.done_at + dt.timedelta(minutes=area.every_minutes), first)
    if due_at is not None and due_at > last_round:
        due_at = None
    return CleaningStatus(
        area=area,
        last=last,
        due_at=due_at,
        overdue=due_at is not None and now > due_at,
        done_today=len(records),
    )


def cleaning_statuses(areas: list[CleaningArea], *, now: dt.datetime) -> list[CleaningStatus]:
    """Each area's last round today, next due time and whether it is overdue at ``now``."""
    start, _end = day_bounds(timezone.localtime(now).date())
    by_area: dict[int, list[CleaningRecord]] = {a.pk: [] for a in areas}
    records = CleaningRecord.objects.filter(
        area__in=[a.pk for a in areas], done_at__gte=start, done_at__lte=now
    ).order_by("-done_at", "-id")
    for record in records:
        by_area[record.area_id].append(record)
    return [_status(area, by_area[area.pk], now) for area in areas]


def list_areas(user: Any) -> QuerySet[CleaningArea]:
    return visible(user, CleaningArea.objects.select_related("organization")).order_by(
        "organization__name", "name"
    )


def get_area_for(user: Any, area_id: Any) -> CleaningArea:
    return get_visible(user, CleaningArea.objects.select_related("organization"), pk=area_id)


def area_sheet(area: CleaningArea, day: dt.date) -> list[CleaningRecord]:
    """The rounds of ``area`` on ``day``, in time order (the daily sheet)."""
    start, end = day_bounds(day)
    return list(area.records.filter(done_at__gte=start, done_at__lt=end).order_by("done_at", "id"))


# The daily summary ---------------------------------------------------------------------------
@dataclass
class DutyLine:
    name: str
    post: str
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass
class RoleLine:
    role: str
    present: int
    expected: int | None

    @property
    def label(self) -> str:
        """The role in the current language (read time, not query time)."""
        return str(ContractorRole(self.role).label)


@dataclass
class DailySummary:
    organization: Organization
    day: dt.date
    on_duty: list[DutyLine]
    contractors: list[RoleLine]
    admitted: int
    refused: int
    visitors: int
    refusals: list[Entry]
    cleaning_done: int
    overdue: list[CleaningStatus]
    areas: list[CleaningStatus]


def on_duty(organization: Organization, day: dt.date) -> list[DutyLine]:
    """Who the published duty roster puts on duty on ``day`` (approved duty sign-ups), masked."""
    from hub.volunteering.models import Post, SignUp

    start, end = day_bounds(day)
    signups = (
        SignUp.objects.filter(
            status=SignUp.Status.APPROVED,
            shift__post__organization=organization,
            shift__post__kind=Post.Kind.DUTY,
            shift__starts_at__lt=end,
            shift__ends_at__gt=start,
        )
        .select_related("person", "shift__post")
        .order_by("shift__starts_at", "shift__post__name", "person__name")
    )
    return [
        DutyLine(
            name=mask_name(s.person.name),
            post=s.shift.post.name,
            starts_at=s.shift.starts_at,
            ends_at=s.shift.ends_at,
        )
        for s in signups
    ]


def daily_summary(organization: Organization, day: dt.date, *, now: dt.datetime) -> DailySummary:
    """One page for the branch secretary: duty, contractors, entries, refusals, disinfection."""
    start, end = day_bounds(day)
    entries = Entry.objects.filter(
        site__organization=organization, arrived_at__gte=start, arrived_at__lt=end
    )
    counts = entries.aggregate(
        admitted=Count("id", filter=Q(outcome=Entry.Outcome.ADMITTED)),
        refused=Count("id", filter=Q(outcome=Entry.Outcome.REFUSED)),
        visitors=Count("id", filter=Q(outcome=Entry.Outcome.ADMITTED, kind=Entry.Kind.VISITOR)),
    )
    present = dict(
        entries.filter(
            kind=Entry.Kind.CONTRACTOR, outcome=Entry.Outcome.ADMITTED, worker__isnull=False
        )
        .values("worker__role")
        .annotate(n=Count("worker", distinct=True))
        .values_list("worker__role", "n")
    )
    expected: dict[str, int] = {}
    for role, n in AttendanceRequirement.objects.filter(
        site__organization=organization
    ).values_list("role", "expected"):
        expected[role] = expected.get(role, 0) + n
    contractors = [
        RoleLine(
            role=r.value,
            present=present.get(r.value, 0),
            expected=expected.get(r.value),
        )
        for r in ContractorRole
        if r.value in present or r.value in expected
    ]
    moment = min(now, end - dt.timedelta(microseconds=1))
    areas = cleaning_statuses(
        list(CleaningArea.objects.filter(organization=organization).order_by("name")), now=moment
    )
    done = CleaningRecord.objects.filter(
        area__organization=organization, done_at__gte=start, done_at__lt=end
    ).count()
    refusals = list(
        entries.filter(outcome=Entry.Outcome.REFUSED).select_related("site").order_by("arrived_at")
    )
    return DailySummary(
        organization=organization,
        day=day,
        on_duty=on_duty(organization, day),
        contractors=contractors,
        admitted=counts["admitted"] or 0,
        refused=counts["refused"] or 0,
        visitors=counts["visitors"] or 0,
        refusals=refusals,
        cleaning_done=done,
        overdue=[s for s in areas if s.overdue],
        areas=areas,
    )


def summary_text(summary: DailySummary) -> str:
    """The summary as a few lines to paste into a group chat (in the current language)."""
    duty = "、".join(f"{d.name}（{d.post}）" for d in summary.on_duty) or _("nobody on the roster")
    contractors = (
        "，".join(
            f"{c.label} {c.present}" + (f"/{c.expected}" if c.expected else "")
            for c in summary.contractors
        )
        or "—"
    )
    overdue = "、".join(s.area.name for s in summary.overdue) or _("none")
    lines = [
        _("%(organization)s office, %(day)s")
        % {"organization": summary.organization.name, "day": summary.day.isoformat()},
        _("On duty: %(names)s") % {"names": duty},
        _("Contractors present: %(roles)s") % {"roles": contractors},
        _("Entries: %(admitted)s admitted (%(visitors)s visitors), %(refused)s refused")
        % {
            "admitted": summary.admitted,
            "visitors": summary.visitors,
            "refused": summary.refused,
        },
        _("Disinfection: %(done)s rounds done; overdue: %(overdue)s")
        % {"done": summary.cleaning_done, "overdue": overdue},
    ]
    return "\n".join(lines)
