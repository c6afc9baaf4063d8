"""The periodic sweep: overdue contacts alert the volunteer, then the coordinator; requests
whose urgency timer ran out escalate.

Invariant: each alert is stamped on its row by a conditional UPDATE before its message is
written, so a rerun at any time sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.care.actions.common import (
    ESCALATE_AFTER,
    ESCALATED_TEMPLATE,
    OVERDUE_TEMPLATE,
    REQUEST_LATE_TEMPLATE,
    _now,
    _tell,
)
from hub.care.models import (
    OPEN_STATUSES,
    HelpRequest,
    Pairing,
)


# Escalation ----------------------------------------------------------------------------------
@transaction.atomic
def escalate_overdue(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic sweep: alert volunteers of overdue contacts, escalate to the coordinator
    ``ESCALATE_AFTER`` later, and escalate requests whose urgency timer ran out.

    Each row is stamped by a conditional UPDATE before its message is written: idempotent.
    """
    now = _now(now)
    counts = {"alerted": 0, "escalated": 0, "requests": 0}
    due = Pairing.objects.filter(status=Pairing.Status.ACTIVE, next_due_at__lt=now).select_related(
        "recipient__person",
        "recipient__organization",
        "recipient__household__building__compound",
        "volunteer",
    )
    for pairing in due.filter(alerted_at__isnull=True).order_by("pk"):
        if Pairing.objects.filter(pk=pairing.pk, alerted_at__isnull=True).update(alerted_at=now):
            counts["alerted"] += 1
            _tell(
                OVERDUE_TEMPLATE,
                _contact_params(pairing),
                organization=pairing.recipient.organization,
                person=pairing.volunteer,
                dedupe_key=f"care:overdue:{pairing.pk}:{pairing.next_due_at.isoformat()}",
            )
    late = due.filter(alerted_at__lte=now - ESCALATE_AFTER, escalated_at__isnull=True)
    for pairing in late.order_by("pk"):
        if Pairing.objects.filter(pk=pairing.pk, escalated_at__isnull=True).update(
            escalated_at=now
        ):
            counts["escalated"] += 1
            _tell(
                ESCALATED_TEMPLATE,
                _contact_params(pairing),
                organization=pairing.recipient.organization,
                compound=pairing.recipient.household.building.compound,
                dedupe_key=f"care:escalated:{pairing.pk}:{pairing.next_due_at.isoformat()}",
            )
    requests = HelpRequest.objects.filter(
        status__in=OPEN_STATUSES, due_at__lt=now, escalated_at__isnull=True
    ).select_related("organization", "compound")
    for req in requests.order_by("pk"):
        if HelpRequest.objects.filter(pk=req.pk, escalated_at__isnull=True).update(
            escalated_at=now
        ):
            counts["requests"] += 1
            _tell(
                REQUEST_LATE_TEMPLATE,
                {
                    "id": req.pk,
                    "need": str(req.get_need_display()),
                    "urgency": str(req.get_urgency_display()),
                    "name": req.for_name,
                    "due": timezone.localtime(req.due_at).strftime("%m-%d %H:%M"),
                },
                organization=req.organization,
                compound=req.compound,
                dedupe_key=f"care:request-late:{req.pk}",
            )
    return counts


def _contact_params(pairing: Pairing) -> dict[str, Any]:
    return {
        "name": pairing.recipient.person.name,
        "mode": str(pairing.get_mode_display()),
        "due": timezone.localtime(pairing.next_due_at).strftime("%m-%d %H:%M"),
        "volunteer": pairing.volunteer.name,
    }
