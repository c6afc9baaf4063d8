"""Reads of the service-hour ledger: totals, a person's ledger, pending lists, star candidates.

Totals come only from *confirmed* entries and are computed in the database with aggregates, so
each function runs a constant number of queries whatever the number of entries. Reversals and
corrections are confirmed entries, so a corrected entry counts once at its corrected value.
Volunteer hours and duty records (值班) are always kept apart: duty never counts as volunteer
service (docs/domain.md §3 rule 3).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from hub.access import changeable, get_visible, scope_for, visible
from hub.accounts.models import Role, User
from hub.hours.models import (
    STAR_THRESHOLDS,
    CorrectionRequest,
    ExportRequest,
    HourEntry,
    HourPolicy,
    StarAward,
)
from hub.people.models import Branch, Membership, Organization, Person
from hub.privacy.masking import mask_name

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
_SUM_FIELD = DecimalField(max_digits=12, decimal_places=2)

CONFIRMED = Q(status=HourEntry.Status.CONFIRMED)
VOLUNTEER = Q(kind=HourEntry.Kind.VOLUNTEER)
DUTY = Q(kind=HourEntry.Kind.DUTY)


ISSUERS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR)


def issuer_choices(user: Any) -> Any:
    """Organizations whose certificates ``user`` may issue or print: admin or coordinator there."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Organization.objects.order_by("name")
    return Organization.objects.filter(id__in=scope.orgs_with(*ISSUERS)).order_by("name")


def hour_policy_for(organization: Organization) -> HourPolicy:
    """The organization's rounding policy; the default (15/45 rule), unsaved, when it has set
    none (``actions.ledger.set_hour_policy`` writes one)."""
    try:
        return HourPolicy.objects.get(organization=organization)
    except HourPolicy.DoesNotExist:
        return HourPolicy(organization=organization)


def _hours_sum(condition: Q | None = None) -> Coalesce:
    return Coalesce(
        Sum("hours", filter=condition, output_field=_SUM_FIELD),
        Value(ZERO, output_field=_SUM_FIELD),
        output_field=_SUM_FIELD,
    )


def _as_hours(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _in_period(
    qs: QuerySet[HourEntry],
    *,
    organization: Organization | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[HourEntry]:
    if organization is not None:
        qs = qs.filter(organization=organization)
    if start is not None:
        qs = qs.filter(served_on__gte=start)
    if end is not None:
        qs = qs.filter(served_on__lte=end)
    return qs


# --------------------------------------------------------------------------------------------
# Totals (unscoped: the caller has already decided the reader may see this person/branch/org)
# --------------------------------------------------------------------------------------------


def confirmed_hours(
    *,
    person: Person,
    organization: Organization | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Decimal:
    """Confirmed volunteer hours of ``person`` (one query), quantized to 0.01 h.

    ``organization`` limits the sum to what that organization recorded (a certificate sums only
    its issuer's records, docs/domain.md §3 rule 1); ``start``/``end`` are inclusive service dates.
    Duty records and pending entries never count. Not an officially certified figure.
    """
    qs = _in_period(
        HourEntry.objects.filter(CONFIRMED & VOLUNTEER, person=person),
        organization=organization,
        start=start,
        end=end,
    )
    return _as_hours(qs.aggregate(total=_hours_sum())["total"])


@dataclass(frozen=True)
class Totals:
    """Ledger totals of a person, branch or organization over a period."""

    volunteer_hours: Decimal
    volunteer_entries: int
    people: int
    duty_records: int
    duty_hours: Decimal
    pending_entries: int


def totals_of(qs: QuerySet[HourEntry]) -> Totals:
    """Totals of any (already scoped) set of entries, in one query."""
    # Count originals only: a corrected entry (original + reversal + correction) is one record.
    originals = Q(entry_type=HourEntry.EntryType.ORIGINAL)
    row = qs.aggregate(
        volunteer_hours=_hours_sum(CONFIRMED & VOLUNTEER),
        volunteer_entries=Count("id", filter=CONFIRMED & VOLUNTEER & originals),
        people=Count("person_id", filter=CONFIRMED & VOLUNTEER, distinct=True),
        duty_records=Count("id", filter=CONFIRMED & DUTY & originals),
        duty_hours=_hours_sum(CONFIRMED & DUTY),
        pending_entries=Count("id", filter=Q(status=HourEntry.Status.PENDING)),
    )
    return Totals(
        volunteer_hours=_as_hours(row["volunteer_hours"]),
        volunteer_entries=row["volunteer_entries"],
        people=row["people"],
        duty_records=row["duty_records"],
        duty_hours=_as_hours(row["duty_hours"]),
        pending_entries=row["pending_entries"],
    )


def person_totals(
    *,
    person: Person,
    organization: Organization | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Totals:
    """Volunteer hours, duty records and pending count of one person (one query)."""
    qs = HourEntry.objects.filter(person=person)
    return totals_of(_in_period(qs, organization=organization, start=start, end=end))


def organization_totals(
    *,
    organization: Organization,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Totals:
    """Totals of everything ``organization`` recorded in the period (one query)."""
    return totals_of(
        _in_period(HourEntry.objects.all(), organization=organization, start=start, end=end)
    )


def _branch_members(branch: Branch) -> Any:
    return Membership.objects.filter(branch_id__in=Branch.objects.subtree_ids([branch.pk])).values(
        "person_id"
    )


def branch_totals(
    *,
    branch: Branch,
    organization: Organization | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Totals:
    """Totals of the members of ``branch`` and its sub-branches (two queries).

    Members serve where they live (双报到), so by default this sums what *any* organization
    recorded for them; ``organization`` limits it to one recorder.
    """
    qs = HourEntry.objects.filter(person_id__in=_branch_members(branch))
    return totals_of(_in_period(qs, organization=organization, start=start, end=end))


def branch_member_totals(
    *,
    branch: Branch,
    organization: Organization | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """Per member of the branch subtree: person_id, name, volunteer hours, duty records/hours.

    One row per member with at least one entry in the period, most volunteer hours first
    (two queries).
    """
    qs = _in_period(
        HourEntry.objects.filter(person_id__in=_branch_members(branch)),
        organization=organization,
        start=start,
        end=end,
    )
    originals = Q(entry_type=HourEntry.EntryType.ORIGINAL)
    rows = (
        qs.values("person_id", "person__name")
        .annotate(
            volunteer_hours=_hours_sum(CONFIRMED & VOLUNTEER),
            duty_records=Count("id", filter=CONFIRMED & DUTY & originals),
            duty_hours=_hours_sum(CONFIRMED & DUTY),
        )
        .order_by("-volunteer_hours", "person__name", "person_id")
    )
    return [
        {
            "person_id": r["person_id"],
            "name": r["person__name"],
            "masked_name": mask_name(r["person__name"]),
            "volunteer_hours": _as_hours(r["volunteer_hours"]),
            "duty_records": r["duty_records"],
            "duty_hours": _as_hours(r["duty_hours"]),
        }
        for r in rows
    ]


def totals_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations whose totals ``user`` reads: those they administer (all for a superuser)."""
    scope = scope_for(user)
    orgs = Organization.objects.all()
    return orgs if scope.is_superuser else orgs.filter(id__in=scope.admin_org_ids)


def totals_branches(user: Any) -> QuerySet[Branch]:
    """Branches whose members' totals ``user`` reads: every branch of an organization they
    administer, and the branches they are secretary of (all for a superuser)."""
    scope = scope_for(user)
    branches = Branch.objects.select_related("organization")
    if scope.is_superuser:
        return branches
    return branches.filter(Q(organization_id__in=scope.admin_org_ids) | Q(id__in=scope.branch_ids))


def totals_for(
    user: Any,
    *,
    person: int | None = None,
    branch: int | None = None,
    organization: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Totals:
    """The totals the API's ``hours/totals`` answers, by primary keys, for ``user``.

    A branch's members (``totals_branches``); another person's entries that the user may see;
    an organization's records (``totals_organizations``); else the user's own. Raises Http404
    for what the user may not see, PermissionDenied for a branch or an organization they see but
    whose totals are not theirs to read.
    """
    scope = scope_for(user)
    org = None
    if organization is not None:
        org = get_visible(user, Organization.objects.all(), pk=organization)
    if branch is not None:
        found = get_visible(user, Branch.objects.all(), pk=branch)
        if not totals_branches(user).filter(pk=found.pk).exists():
            raise PermissionDenied(_("Only the branch's secretary or its organization's admins."))
        return branch_totals(branch=found, organization=org, start=start, end=end)
    if person is not None and person != scope.person_id:
        other = get_visible(user, Person.objects.all(), pk=person)
        # Another person's totals cover only the entries this user may see.
        entries = visible(user, HourEntry.objects.filter(person=other))
        return totals_of(_in_period(entries, organization=org, start=start, end=end))
    if org is not None and person is None:
        if not totals_organizations(user).filter(pk=org.pk).exists():
            raise PermissionDenied(_("Only the organization's admins see its totals."))
        return organization_totals(organization=org, start=start, end=end)
    if scope.person_id is None:
        return totals_of(HourEntry.objects.none())
    me = Person.objects.get(pk=scope.person_id)
    return person_totals(person=me, organization=org, start=start, end=end)


def totals_by_month_and_activity(
    *, person: Person, organization: Organization | None = None
) -> list[dict[str, Any]]:
    """Confirmed volunteer hours of ``person`` per month and activity (one query).

    Rows ``{"month": date (first of month), "activity": str, "hours": Decimal, "entries": int}``,
    newest month first. Reversals and corrections carry their original's activity, so a
    corrected entry lands in the same row at its corrected value.
    """
    qs = HourEntry.objects.filter(CONFIRMED & VOLUNTEER, person=person)
    if organization is not None:
        qs = qs.filter(organization=organization)
    rows = (
        qs.annotate(month=TruncMonth("served_on"))
        .values("month", "activity")
        .annotate(
            hours=_hours_sum(),
            entries=Count("id", filter=Q(entry_type=HourEntry.EntryType.ORIGINAL)),
        )
        .order_by("-month", "activity")
    )
    result = []
    for r in rows:
        month = r["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        result.append(
            {
                "month": month,
                "activity": r["activity"],
                "hours": _as_hours(r["hours"]),
                "entries": r["entries"],
            }
        )
    return result


# --------------------------------------------------------------------------------------------
# Scoped reads for pages and endpoints
# --------------------------------------------------------------------------------------------


def _entry_columns(qs: QuerySet[HourEntry]) -> QuerySet[HourEntry]:
    return qs.select_related(
        "person",
        "organization",
        "post",
        "shift",
        "shift__post",
        "checkin",
        "recorded_by",
        "confirmed_by",
        "reverses",
    )


def entries_for(user: Any) -> QuerySet[HourEntry]:
    """Every ledger entry ``user`` may see, with its related rows loaded (constant queries)."""
    return _entry_columns(visible(user, HourEntry.objects.all())).order_by("-served_on", "-id")


def ledger_for_person(user: Any, person: Person) -> QuerySet[HourEntry]:
    """The entries of ``person`` that ``user`` may see, oldest first, related rows loaded.

    A volunteer sees all their own entries (every organization); an organizer sees only what
    their organization recorded or their posts produced. Includes reversals and corrections
    so the history stays visible.
    """
    return _entry_columns(visible(user, HourEntry.objects.filter(person=person))).order_by(
        "served_on", "id"
    )


def pending_entries_for(user: Any, *, shift_id: int | None = None) -> QuerySet[HourEntry]:
    """Pending entries ``user`` may confirm, grouped-by-shift order (newest shift first)."""
    qs = changeable(user, HourEntry.objects.filter(status=HourEntry.Status.PENDING))
    if shift_id is not None:
        qs = qs.filter(shift_id=shift_id)
    return _entry_columns(qs).order_by("-served_on", "shift_id", "person__name", "id")


def entry_history(entry: HourEntry) -> list[HourEntry]:
    """The chain an entry belongs to, oldest first: original, reversal, correction, … (one query).

    A reversal's ``reverses`` names the entry it cancels and a correction's ``reverses`` names
    the entry it replaces, so the chain is walked through that one link. Every entry of the
    chain shares person, recorder and service date, which bounds the query.
    """
    candidates = {
        e.pk: e
        for e in HourEntry.objects.filter(
            person_id=entry.person_id,
            organization_id=entry.organization_id,
            served_on=entry.served_on,
        ).select_related("recorded_by", "confirmed_by")
    }
    candidates.setdefault(entry.pk, entry)
    root = candidates[entry.pk]
    seen = {root.pk}
    while root.reverses_id is not None and root.reverses_id in candidates:
        root = candidates[root.reverses_id]
        if root.pk in seen:
            break
        seen.add(root.pk)
    children: dict[int, list[HourEntry]] = {}
    for e in candidates.values():
        if e.reverses_id is not None:
            children.setdefault(e.reverses_id, []).append(e)
    chain: list[HourEntry] = []
    stack = [root]
    while stack:
        current = stack.pop()
        chain.append(current)
        stack.extend(sorted(children.get(current.pk, []), key=lambda e: e.pk, reverse=True))
    return sorted(chain, key=lambda e: (e.created_at, e.pk))


def correction_requests_for(user: Any, *, status: str | None = None) -> QuerySet[CorrectionRequest]:
    """Correction requests ``user`` may see (their own, or those on entries they manage)."""
    qs = visible(user, CorrectionRequest.objects.all())
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "entry", "entry__person", "entry__organization", "entry__post", "requested_by", "decided_by"
    ).order_by("-created_at", "-id")


def correction_inbox_for(user: Any) -> QuerySet[CorrectionRequest]:
    """Open correction requests ``user`` may decide (the organizer's inbox)."""
    return correction_requests_for_changeable(user).filter(status=CorrectionRequest.Status.OPEN)


def correction_requests_for_changeable(user: Any) -> QuerySet[CorrectionRequest]:
    """Correction requests on entries ``user`` manages."""
    return (
        changeable(user, CorrectionRequest.objects.all())
        .select_related(
            "entry",
            "entry__person",
            "entry__organization",
            "entry__post",
            "requested_by",
            "decided_by",
        )
        .order_by("-created_at", "-id")
    )


def star_awards_for(user: Any) -> QuerySet[StarAward]:
    """Star awards ``user`` may see (their own, or their organization's reviews)."""
    return (
        visible(user, StarAward.objects.all())
        .select_related("person", "organization", "reviewed_by")
        .order_by("-created_at", "-id")
    )


def exports_for(user: Any) -> QuerySet[ExportRequest]:
    """Export requests of the organizations ``user`` administers."""
    return (
        visible(user, ExportRequest.objects.all())
        .select_related("organization", "requested_by", "approved_by")
        .order_by("-created_at", "-id")
    )


def admin_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations ``user`` administers (for star reviews and exports)."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(id__in=scope.admin_org_ids)


def star_level_for(hours: Decimal) -> int:
    """The highest star level (0–5) reached by ``hours`` of confirmed volunteer service."""
    level = 0
    for lvl, threshold in STAR_THRESHOLDS:
        if hours >= threshold:
            level = lvl
    return level


def star_candidates(*, organization: Organization, min_level: int = 1) -> list[dict[str, Any]]:
    """People whose hours the organization recorded and who are eligible for a star level.

    Eligibility sums *all* confirmed volunteer hours of the person across organizations (stars
    are a person's standing, not one issuer's certificate). Rows: person_id, name, hours,
    eligible_level, granted_level, in_notice_level, may_start_review. Three queries.
    """
    people = HourEntry.objects.filter(organization=organization).values("person_id").distinct()
    lowest = STAR_THRESHOLDS[max(0, min_level - 1)][1]
    rows = list(
        HourEntry.objects.filter(CONFIRMED & VOLUNTEER, person_id__in=people)
        .values("person_id", "person__name")
        .annotate(hours=_hours_sum())
        .filter(hours__gte=lowest)
        .order_by("-hours", "person_id")
    )
    awards: dict[int, dict[str, int]] = {}
    for award in StarAward.objects.filter(
        organization=organization, person_id__in=[r["person_id"] for r in rows]
    ).exclude(status=StarAward.Status.REJECTED):
        slot = awards.setdefault(award.person_id, {"granted": 0, "in_notice": 0})
        key = "granted" if award.status == StarAward.Status.GRANTED else "in_notice"
        slot[key] = max(slot[key], award.level)
    result = []
    for r in rows:
        hours = _as_hours(r["hours"])
        got = awards.get(r["person_id"], {"granted": 0, "in_notice": 0})
        result.append(
            {
                "person_id": r["person_id"],
                "name": r["person__name"],
                "masked_name": mask_name(r["person__name"]),
                "hours": hours,
                "eligible_level": star_level_for(hours),
                "granted_level": got["granted"],
                "in_notice_level": got["in_notice"],
                # A higher level than any granted or in notice: a review may start.
                "may_start_review": star_level_for(hours) > max(got["granted"], got["in_notice"]),
            }
        )
    return result


def star_status_of(*, person: Person) -> dict[str, Any]:
    """A person's star standing: hours, eligible level, and their awards (two queries)."""
    hours = confirmed_hours(person=person)
    awards = list(
        StarAward.objects.filter(person=person)
        .select_related("organization")
        .order_by("-level", "-created_at")
    )
    return {"hours": hours, "eligible_level": star_level_for(hours), "awards": awards}


# Certificates ---------------------------------------------------------------------------------
def may_request_for(by: User, *, person: Person, issuer: Organization) -> bool:
    """Whether ``by`` may request ``issuer``'s certificate for ``person``.

    The volunteer for themself; an org admin of the issuer; or a coordinator of the issuer (a
    role in the issuer, and the right to confirm this person's entries there: the secretary of
    the organizing branch or the coordinator of the post's compound).
    """
    scope = scope_for(by)
    if scope.is_superuser or issuer.pk in scope.admin_org_ids:
        return True
    if scope.person_id is not None and scope.person_id == person.pk:
        return True
    if issuer.pk not in scope.org_ids:
        return False
    entries = HourEntry.objects.filter(person=person, organization=issuer)
    return changeable(by, entries).exists()


def batch_candidates(
    by: User, *, issuer: Organization, start: datetime.date, end: datetime.date
) -> list[Person]:
    """People with confirmed volunteer hours from ``issuer`` in the period whose entries ``by``
    manages (two queries), by name."""
    entries = changeable(
        by,
        HourEntry.objects.filter(
            organization=issuer,
            kind=HourEntry.Kind.VOLUNTEER,
            status=HourEntry.Status.CONFIRMED,
            served_on__gte=start,
            served_on__lte=end,
        ),
    )
    return list(Person.objects.filter(pk__in=entries.values("person_id")).order_by("name", "pk"))
