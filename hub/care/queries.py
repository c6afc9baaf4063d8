"""Reads of the care pages and endpoints, scoped through hub.access (a read never writes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from hub.access import changeable, get_visible, scope_for, visible
from hub.care.models import (
    OPEN_STATUSES,
    CareHealth,
    CareRecipient,
    ContactLog,
    HelpRequest,
    Pairing,
    WelfareSchedule,
)
from hub.people.models import Branch, Organization, Person


def list_recipients(user: Any) -> QuerySet[CareRecipient]:
    """Register entries the user may see (a volunteer: only those paired with them)."""
    return (
        visible(user, CareRecipient.objects.filter(status="active"))
        .select_related("person", "household__building__compound")
        .prefetch_related(
            Prefetch(
                "pairings",
                queryset=Pairing.objects.filter(status="active").select_related("volunteer"),
            )
        )
    )


def get_recipient_for(user: Any, recipient_id: int) -> CareRecipient:
    return get_visible(
        user,
        CareRecipient.objects.select_related("person", "household__building__compound"),
        pk=recipient_id,
    )


def may_change_recipient(user: Any, recipient: CareRecipient) -> bool:
    return changeable(user, CareRecipient.objects.filter(pk=recipient.pk)).exists()


def has_health(recipient: CareRecipient) -> bool:
    return CareHealth.objects.filter(recipient=recipient).exists()


def recent_contacts(user: Any, recipient: CareRecipient) -> QuerySet[ContactLog]:
    return (
        visible(user, ContactLog.objects.filter(recipient=recipient))
        .select_related("by_person")
        .prefetch_related("purchases")[:30]
    )


def list_requests(user: Any, *, open_only: bool = True) -> QuerySet[HelpRequest]:
    rows = visible(user, HelpRequest.objects.exclude(status="merged"))
    if open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    return (
        rows.select_related("compound", "building", "assignee")
        .annotate(merged=Count("duplicates"))
        .order_by("due_at", "id")
    )


def get_request_for(user: Any, request_id: int) -> HelpRequest:
    return get_visible(
        user,
        HelpRequest.objects.select_related("compound", "building", "assignee", "merged_into"),
        pk=request_id,
    )


def may_change_request(user: Any, req: HelpRequest) -> bool:
    return changeable(user, HelpRequest.objects.filter(pk=req.pk)).exists()


def list_welfare(user: Any) -> QuerySet[WelfareSchedule]:
    return (
        visible(user, WelfareSchedule.objects.filter(active=True))
        .select_related("person", "caller", "organization")
        .prefetch_related("calls")
    )


def dashboard(user: Any, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Open needs by urgency and age, overdue contacts, pairings per volunteer, resolved per day.

    Six queries whatever the number of rows.
    """
    now = now or timezone.now()
    open_rows = visible(user, HelpRequest.objects.filter(status__in=OPEN_STATUSES))
    by_urgency = dict(open_rows.values_list("urgency").annotate(n=Count("id")))
    ages = {"lt_1h": 0, "lt_1d": 0, "older": 0}
    for created in open_rows.values_list("created_at", flat=True):
        age = now - created
        ages[
            "lt_1h"
            if age < dt.timedelta(hours=1)
            else "lt_1d"
            if age < dt.timedelta(days=1)
            else "older"
        ] += 1
    pairings = visible(user, Pairing.objects.filter(status="active"))
    overdue = list(
        pairings.filter(next_due_at__lt=now)
        .select_related("recipient__person", "volunteer")
        .order_by("next_due_at")[:50]
    )
    per_volunteer = list(
        pairings.values("volunteer__name")
        .annotate(n=Count("id"))
        .order_by("-n", "volunteer__name")[:50]
    )
    resolved = list(
        visible(
            user,
            HelpRequest.objects.filter(status="done", resolved_at__gte=now - dt.timedelta(days=14)),
        )
        .annotate(day=TruncDate("resolved_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("-day")
    )
    return {
        "by_urgency": [(u, by_urgency.get(u.value, 0)) for u in HelpRequest.Urgency],
        "ages": ages,
        "overdue": overdue,
        "per_volunteer": per_volunteer,
        "resolved": resolved,
    }


# Choices offered on the register, pairing and welfare pages ---------------------------------------
def keeper_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations whose care register the user may add to: their admins' organizations and
    the organizations of the compounds they coordinate."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Organization.objects.order_by("name")
    return (
        Organization.objects.filter(
            Q(pk__in=scope.admin_org_ids) | Q(compounds__pk__in=scope.compound_ids)
        )
        .distinct()
        .order_by("name")
    )


def registrable_people(user: Any, *, search: str = "") -> QuerySet[Person]:
    """People the user may see who have a home (the register needs a household), by name."""
    rows = visible(user, Person.objects.filter(household__isnull=False))
    if search:
        rows = rows.filter(name__icontains=search)
    return rows.select_related("household__building").order_by("name", "pk")


def _serving(org_id: int, compound_q: Q) -> QuerySet[Person]:
    # Members of the organization's branches, and members of any branch living in the compound
    # (serve where you live, 双报到).
    return (
        Person.objects.filter(
            Q(memberships__branch__organization_id=org_id)
            | (Q(memberships__isnull=False) & compound_q)
        )
        .distinct()
        .order_by("name", "pk")
    )


def pairing_candidates(recipient: CareRecipient) -> QuerySet[Person]:
    """Who may be paired with a register entry (the rules are checked again on pairing)."""
    compound_id = recipient.household.building.compound_id
    return _serving(
        recipient.organization_id, Q(household__building__compound_id=compound_id)
    ).exclude(pk=recipient.person_id)


def pairing_teams(recipient: CareRecipient) -> QuerySet[Branch]:
    """Small teams (branches of kind team) with a member who may be paired with the entry."""
    return (
        Branch.objects.filter(
            kind=Branch.Kind.TEAM, memberships__person__in=pairing_candidates(recipient)
        )
        .distinct()
        .order_by("name", "pk")
    )


def request_assignees(req: HelpRequest) -> QuerySet[Person]:
    """Volunteers a coordinator may give a request to: the handling organization's members and
    branch members living in the compound."""
    return _serving(req.organization_id, Q(household__building__compound_id=req.compound_id))


def active_pairings(recipient: CareRecipient) -> QuerySet[Pairing]:
    return recipient.pairings.filter(status=Pairing.Status.ACTIVE).select_related(
        "volunteer", "team"
    )


def welfare_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations whose people the user may schedule calls to (admins, branch secretaries)."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Organization.objects.order_by("name")
    return (
        Organization.objects.filter(
            Q(pk__in=scope.admin_org_ids) | Q(branches__pk__in=scope.branch_ids)
        )
        .distinct()
        .order_by("name")
    )


def welfare_people(user: Any) -> QuerySet[Person]:
    """Members of those organizations that the user may see (who may get or make the calls)."""
    orgs = welfare_organizations(user)
    return (
        visible(user, Person.objects.filter(memberships__branch__organization__in=orgs))
        .distinct()
        .order_by("name", "pk")
    )


def keeper_admin_organizations(user: Any) -> QuerySet[Organization]:
    """The organizations the user administers (for scheduling calls to all seconded staff)."""
    scope = scope_for(user)
    rows = Organization.objects.all()
    if not scope.is_superuser:
        rows = rows.filter(pk__in=scope.admin_org_ids)
    return rows.order_by("name")
