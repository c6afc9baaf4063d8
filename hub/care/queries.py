"""Reads of the care pages and endpoints, scoped through hub.access (a read never writes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from hub.access import changeable, get_visible, visible
from hub.care.models import (
    OPEN_STATUSES,
    CareHealth,
    CareRecipient,
    ContactLog,
    HelpRequest,
    Pairing,
    WelfareSchedule,
)


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
