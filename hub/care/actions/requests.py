"""Requests for help (求助): intake, duplicates, triage, claims, assignment, medicine runs, done.

Invariants: a duplicate (same household or building and room, same need, one still open) is
written as ``merged`` pointing at the open request, never dropped; a claim is one conditional
UPDATE on ``status in (new, triaged)``, so exactly one of two racing volunteers wins; every
status change goes through ``_move`` and ``REQUEST_TRANSITIONS``.
Lock order: the compound row (intake), then requests in primary-key order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hub.access import changeable, scope_for, visible
from hub.accounts.models import User
from hub.care.actions.common import (
    MAX_DETAILS,
    REQUEST_ASSIGNED_TEMPLATE,
    URGENCY_TIMERS,
    _now,
    _phone,
    _require,
    _tell,
)
from hub.care.models import (
    OPEN_STATUSES,
    REQUEST_TRANSITIONS,
    HelpRequest,
    Need,
)
from hub.errors import DomainError
from hub.people.models import Person
from hub.places.models import Building, Compound, Household


# Requests (求助) -------------------------------------------------------------------------------
def _household_for(compound: Compound, building: Building | None, room: str) -> Household | None:
    if building is None or not room:
        return None
    return Household.objects.filter(building=building, room=room).first()


@transaction.atomic
def submit_help_request(
    *,
    compound: Compound,
    for_name: str,
    requester_phone: str,
    need: str,
    urgency: str,
    source: str,
    building: Building | None = None,
    room: str = "",
    requester_name: str = "",
    relation: str = HelpRequest.Relation.SELF,
    details: str = "",
    prescription_holder: str = "",
    pharmacy: str = "",
    now: dt.datetime | None = None,
) -> HelpRequest:
    """Take a request for help from the public form, the hotline or the API.

    The same household (or the same building and room) with the same need and a request still
    open gives a ``merged`` row pointing at the open request, which is returned instead.
    Raises DomainError (required, invalid_phone, invalid_need, invalid_urgency, invalid_relation,
    wrong_building, too_long).
    """
    now = _now(now)
    Compound.objects.select_for_update().filter(pk=compound.pk).first()  # serializes duplicates
    for_name = _require(for_name, _("Say who needs help."), "for_name")[:60]
    phone = _phone(requester_phone)
    if not phone:
        raise DomainError(
            _("Give a phone number we can call back (11 digits)."),
            code="invalid_phone",
            field="requester_phone",
        )
    if need not in Need.values:
        raise DomainError(_("Choose what is needed."), code="invalid_need", field="need")
    if urgency not in HelpRequest.Urgency.values:
        raise DomainError(_("Choose how urgent it is."), code="invalid_urgency", field="urgency")
    if relation not in HelpRequest.Relation.values:
        raise DomainError(_("Choose who you are."), code="invalid_relation", field="relation")
    if building is not None and building.compound_id != compound.pk:
        raise DomainError(
            _("That building is not in this compound."), code="wrong_building", field="building"
        )
    details = details.strip()
    if len(details) > MAX_DETAILS:
        raise DomainError(
            _("Please keep the details under %(n)d characters.") % {"n": MAX_DETAILS},
            code="too_long",
            field="details",
        )
    room = room.strip()[:30]
    household = _household_for(compound, building, room)
    same_place = Q(household=household) if household else Q(building=building, room=room)
    original = (
        HelpRequest.objects.filter(
            same_place, compound=compound, need=need, status__in=OPEN_STATUSES
        )
        .order_by("pk")
        .first()
        if building is not None
        else None
    )
    row = HelpRequest.objects.create(
        organization_id=compound.organization_id,
        compound=compound,
        building=building,
        household=household,
        room=room,
        for_name=for_name,
        requester_name=requester_name.strip()[:60],
        requester_phone=phone,
        relation=relation,
        need=need,
        details=details,
        urgency=urgency,
        source=source,
        status=HelpRequest.Status.MERGED if original else HelpRequest.Status.NEW,
        merged_into=original,
        prescription_holder=prescription_holder.strip()[:60],
        pharmacy=pharmacy.strip()[:120],
        due_at=now + URGENCY_TIMERS[HelpRequest.Urgency(urgency)],
        created_at=now,
    )
    if original is None:
        return row
    # The more urgent word wins: a second caller saying "urgent" shortens the timer.
    sooner = min(original.due_at, row.due_at)
    if sooner < original.due_at:
        HelpRequest.objects.filter(pk=original.pk).update(due_at=sooner, urgency=urgency)
        original.refresh_from_db()
    return original


def _move(req: HelpRequest, to: str) -> None:
    if to not in REQUEST_TRANSITIONS[req.status]:
        raise DomainError(
            _("A request that is “%(status)s” cannot become “%(to)s”.")
            % {"status": req.get_status_display(), "to": HelpRequest.Status(to).label},
            code="invalid_transition",
        )
    req.status = to


def _changeable_request(by: User, req: HelpRequest) -> HelpRequest:
    row = (
        changeable(by, HelpRequest.objects.filter(pk=req.pk))
        .select_for_update(of=("self",))
        .first()
    )
    if row is None:
        raise DomainError(_("Only the coordinator may do this."), code="forbidden")
    return row


@transaction.atomic
def triage_request(
    *, by: User, request: HelpRequest, urgency: str, now: dt.datetime | None = None
) -> HelpRequest:
    """Set a request's urgency (its timer restarts from when it came in) and mark it triaged.

    Raises DomainError (forbidden, invalid_urgency, invalid_transition).
    """
    req = _changeable_request(by, request)
    if urgency not in HelpRequest.Urgency.values:
        raise DomainError(_("Choose how urgent it is."), code="invalid_urgency", field="urgency")
    if not req.may_be_triaged:
        raise DomainError(_("This request is no longer open."), code="invalid_transition")
    if not req.is_claimed:
        _move(req, HelpRequest.Status.TRIAGED)
    req.urgency = urgency
    req.due_at = req.created_at + URGENCY_TIMERS[HelpRequest.Urgency(urgency)]
    req.escalated_at = None if req.due_at > _now(now) else req.escalated_at
    req.save(update_fields=["status", "urgency", "due_at", "escalated_at"])
    return req


@transaction.atomic
def bulk_triage(
    *, by: User, request_ids: Iterable[int], urgency: str, now: dt.datetime | None = None
) -> int:
    """Triage many requests at once (a backlog), locked in primary-key order; all or none.

    Requests already done, cancelled or merged are skipped. Raises DomainError (forbidden when
    any id is not the user's to change, invalid_urgency).
    """
    ids = sorted(set(request_ids))
    if urgency not in HelpRequest.Urgency.values:
        raise DomainError(_("Choose how urgent it is."), code="invalid_urgency", field="urgency")
    rows = list(
        changeable(by, HelpRequest.objects.filter(pk__in=ids))
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise DomainError(_("Some of these requests are not yours to triage."), code="forbidden")
    count = 0
    for req in rows:
        if req.may_be_triaged and not req.is_claimed:
            triage_request(by=by, request=req, urgency=urgency, now=now)
            count += 1
    return count


@transaction.atomic
def claim_request(*, by: User, request: HelpRequest, now: dt.datetime | None = None) -> HelpRequest:
    """A volunteer takes a request: one conditional UPDATE, so exactly one claim wins.

    Raises DomainError (no_person, already_claimed, not_open).
    """
    scope = scope_for(by)
    if not scope.person_id:
        raise DomainError(_("Your account is not linked to a person."), code="no_person")
    if not visible(by, HelpRequest.objects.filter(pk=request.pk)).exists():
        raise DomainError(_("This request is not open to you."), code="forbidden")
    won = HelpRequest.objects.filter(
        pk=request.pk, status__in=(HelpRequest.Status.NEW, HelpRequest.Status.TRIAGED)
    ).update(status=HelpRequest.Status.CLAIMED, assignee_id=scope.person_id, claimed_at=_now(now))
    req = HelpRequest.objects.get(pk=request.pk)
    if not won:
        if req.status == HelpRequest.Status.CLAIMED:
            raise DomainError(
                _("Someone else has already taken this request."), code="already_claimed"
            )
        raise DomainError(_("This request is no longer open."), code="not_open")
    return req


@transaction.atomic
def assign_request(
    *, by: User, request: HelpRequest, person: Person, now: dt.datetime | None = None
) -> HelpRequest:
    """The coordinator gives a request to a volunteer, who is told through the outbox.

    Raises DomainError (forbidden, invalid_transition).
    """
    req = _changeable_request(by, request)
    if not req.may_be_assigned:
        if req.is_claimed:
            raise DomainError(
                _("Someone else has already taken this request."), code="already_claimed"
            )
        raise DomainError(_("This request is no longer open."), code="not_open")
    _move(req, HelpRequest.Status.CLAIMED)
    req.assignee, req.claimed_at = person, _now(now)
    req.save(update_fields=["status", "assignee", "claimed_at"])
    _tell(
        REQUEST_ASSIGNED_TEMPLATE,
        {
            "id": req.pk,
            "need": str(req.get_need_display()),
            "name": req.for_name,
            "path": f"/care/requests/{req.pk}/",
        },
        organization=req.organization,
        person=person,
        dedupe_key=f"care:assigned:{req.pk}:{person.pk}:{req.claimed_at.isoformat()}",
    )
    return req


def _request_for_worker(by: User, request: HelpRequest) -> HelpRequest:
    scope = scope_for(by)
    row = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if scope.person_id and row.assignee_id == scope.person_id:
        return row
    return _changeable_request(by, request)


@transaction.atomic
def resolve_request(
    *, by: User, request: HelpRequest, resolution: str, now: dt.datetime | None = None
) -> HelpRequest:
    """Close a request as done with what was done; its merged duplicates close with it.

    The assignee or the coordinator may. Raises DomainError (forbidden, required,
    invalid_transition).
    """
    req = _request_for_worker(by, request)
    if not req.may_be_resolved:
        raise DomainError(_("This request is no longer open."), code="invalid_transition")
    resolution = _require(resolution, _("Say what was done."), "resolution")
    _move(req, HelpRequest.Status.DONE)
    req.resolution, req.resolved_at = resolution[:500], _now(now)
    req.save(update_fields=["status", "resolution", "resolved_at"])
    return req


@transaction.atomic
def cancel_request(*, by: User, request: HelpRequest, reason: str) -> HelpRequest:
    """Cancel a request (a wrong number, help no longer needed). Raises DomainError (forbidden,
    required, invalid_transition)."""
    req = _changeable_request(by, request)
    if not req.may_be_cancelled:
        raise DomainError(_("This request is no longer open."), code="invalid_transition")
    reason = _require(reason, _("Say why it is cancelled."), "resolution")
    _move(req, HelpRequest.Status.CANCELLED)
    req.resolution = reason[:500]
    req.save(update_fields=["status", "resolution"])
    return req


@transaction.atomic
def record_medicine_step(
    *,
    by: User,
    request: HelpRequest,
    step: str,
    prescription_holder: str = "",
    pharmacy: str = "",
    now: dt.datetime | None = None,
) -> HelpRequest:
    """A medicine refill's run: ``picked_up`` at the pharmacy, then ``handed_over`` to the person.

    Raises DomainError (not_medicine, invalid_step, not_open, required, out_of_order, forbidden).
    """
    req = _request_for_worker(by, request)
    if not req.is_medicine:
        raise DomainError(_("This request is not a medicine refill."), code="not_medicine")
    if step not in ("picked_up", "handed_over"):
        raise DomainError(_("Unknown step."), code="invalid_step")
    expected = req.medicine_next_step
    if expected is None:
        raise DomainError(
            _("This refill has no step left: it was handed over or the request is closed."),
            code="not_open",
        )
    if step == "handed_over" and expected == "picked_up":
        raise DomainError(
            _("Record the pharmacy pick-up before the hand-over."), code="out_of_order"
        )
    now = _now(now)
    if step == "picked_up":
        req.prescription_holder = _require(
            prescription_holder or req.prescription_holder,
            _("Whose prescription is it?"),
            "prescription_holder",
        )[:60]
        req.pharmacy = _require(pharmacy or req.pharmacy, _("Which pharmacy?"), "pharmacy")[:120]
        req.picked_up_at = now
    else:
        req.handed_over_at = now
    req.save(update_fields=["prescription_holder", "pharmacy", "picked_up_at", "handed_over_at"])
    return req
