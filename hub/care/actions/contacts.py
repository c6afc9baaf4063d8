"""The contact log: each call or visit, with purchases, moves the pairing's next due time.

Invariants: only the paired volunteer (for their own pairing) or the coordinator logs; the second
"nobody answered" in a row escalates at once. Lock order: the volunteer's pairing row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hub.access import changeable, scope_for
from hub.accounts.models import User
from hub.care.actions.common import (
    NO_ANSWER_RETRY,
    NO_ANSWER_TEMPLATE,
    _now,
    _tell,
)
from hub.care.models import (
    CareRecipient,
    ContactLog,
    ContactMode,
    Pairing,
    Purchase,
)
from hub.errors import DomainError


# Contact log ---------------------------------------------------------------------------------
def _parse_purchases(purchases: Iterable[dict[str, Any]]) -> list[Purchase]:
    rows = []
    for item in purchases:
        items = (item.get("items") or "").strip()
        if not items:
            continue
        try:
            cost = Decimal(str(item.get("cost") or "0")).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise DomainError(
                _("The cost must be a number of yuan."), code="invalid_cost", field="cost"
            ) from None
        if cost < 0 or cost >= Decimal("1000000"):
            raise DomainError(
                _("The cost must be between 0 and 999,999 yuan."), code="invalid_cost", field="cost"
            )
        rows.append(
            Purchase(
                items=items[:300],
                cost=cost,
                paid_by=(item.get("paid_by") or "").strip()[:60],
                reimbursed=bool(item.get("reimbursed")),
            )
        )
    return rows


@transaction.atomic
def record_contact(
    *,
    by: User,
    recipient: CareRecipient,
    mode: str,
    outcome: str,
    at: dt.datetime | None = None,
    note: str = "",
    needs_found: str = "",
    next_due_at: dt.datetime | None = None,
    purchases: Iterable[dict[str, Any]] = (),
    now: dt.datetime | None = None,
) -> ContactLog:
    """Log a call or visit; move the volunteer's pairing to its next due time.

    A paired volunteer logs for their own pairing; the coordinator may log for anyone. The next
    contact is due at ``next_due_at``, else one cadence interval later (two hours after nobody
    answered). The second "nobody answered" in a row escalates to the coordinator at once.
    Raises DomainError (forbidden, invalid_mode, invalid_outcome, in_future, invalid_cost).
    """
    now = _now(now)
    at = at or now
    scope = scope_for(by)
    mine = None
    if scope.person_id:
        mine = (
            Pairing.objects.select_for_update()
            .filter(recipient_id=recipient.pk, volunteer_id=scope.person_id, status="active")
            .first()
        )
    if mine is None and not changeable(by, CareRecipient.objects.filter(pk=recipient.pk)).exists():
        raise DomainError(
            _("Only the paired volunteers or the coordinator may log contacts."), code="forbidden"
        )
    if mode not in ContactMode.values:
        raise DomainError(_("Choose call or visit."), code="invalid_mode", field="mode")
    if outcome not in ContactLog.Outcome.values:
        raise DomainError(_("Say how the person is."), code="invalid_outcome", field="outcome")
    if at > now + dt.timedelta(minutes=5):
        raise DomainError(_("A contact cannot be in the future."), code="in_future", field="at")
    rows = _parse_purchases(purchases)
    answered = outcome != ContactLog.Outcome.NO_ANSWER
    if mine is not None and next_due_at is None:
        next_due_at = at + (mine.interval if answered else NO_ANSWER_RETRY)
    contact = ContactLog.objects.create(
        recipient=recipient,
        pairing=mine,
        by_person_id=scope.person_id,
        recorded_by=by,
        at=at,
        mode=mode,
        outcome=outcome,
        note=note.strip()[:500],
        needs_found=needs_found.strip()[:300],
        next_due_at=next_due_at,
    )
    for row in rows:
        row.contact = contact
    Purchase.objects.bulk_create(rows)
    if mine is not None:
        mine.missed_in_a_row = 0 if answered else mine.missed_in_a_row + 1
        mine.next_due_at = next_due_at or mine.next_due_at
        mine.alerted_at = mine.escalated_at = None
        mine.save(update_fields=["missed_in_a_row", "next_due_at", "alerted_at", "escalated_at"])
        if mine.missed_in_a_row >= 2:
            _tell(
                NO_ANSWER_TEMPLATE,
                {"name": recipient.person.name, "volunteer": mine.volunteer.name},
                organization=recipient.organization,
                compound=recipient.household.building.compound,
                dedupe_key=f"care:no-answer:{mine.pk}:{contact.pk}",
            )
    return contact


@transaction.atomic
def set_reimbursed(*, by: User, purchase: Purchase) -> Purchase:
    """Mark a purchase as paid back. Raises DomainError (forbidden, already_reimbursed)."""
    row = (
        changeable(by, Purchase.objects.filter(pk=purchase.pk))
        .select_for_update(of=("self",))
        .first()
    )
    if row is None:
        raise DomainError(
            _("Only the coordinator may mark a purchase reimbursed."), code="forbidden"
        )
    if not row.may_be_reimbursed:
        raise DomainError(_("This purchase is reimbursed already."), code="already_reimbursed")
    row.reimbursed = True
    row.save(update_fields=["reimbursed"])
    return row
