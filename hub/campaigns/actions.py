"""Door-knocking: checklists (五个一 ships as an editable example), campaigns, visits, follow-ups.

Invariants:
* a campaign covers at least one household (a campaign over empty buildings is refused);
* a visit's answers only use the keys of the campaign's checklist; every visit has a client
  idempotency key (unique), so a phone that re-sends a visit records it once;
* visits are refused in the campaign's quiet hours (early morning, noon, late night by default);
* "nobody home" leaves a phone follow-up; "needs follow-up" leaves a need with an owner.

Lock order: none beyond single-row inserts (follow-ups are written in the visit's transaction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.access import get_changeable, scope_for
from hub.accounts.models import User
from hub.campaigns.models import Campaign, Checklist, FollowUp, Visit
from hub.campaigns.queries import may_visit
from hub.errors import DomainError
from hub.people.models import Organization
from hub.places.models import Building, Compound, Household

FIVE_ONES = "五个一"
FIVE_ONES_ITEMS = [
    {"key": "health", "question": gettext_lazy("Asked about everyone's health (一次问候)")},
    {
        "key": "needs",
        "question": gettext_lazy("Asked about food and medicine needs (一次需求摸排)"),
    },
    {"key": "notice", "question": gettext_lazy("Handed over the latest notice (一份告知书)")},
    {
        "key": "contact",
        "question": gettext_lazy("Left the building group and hotline (一张联系卡)"),
    },
    {"key": "antigen", "question": gettext_lazy("Checked antigen kits at home (一次抗原核对)")},
]


def _clean_items(items: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned, keys = [], set()
    for item in items:
        key = str(item.get("key", "")).strip()
        question = str(item.get("question", "")).strip()
        if not key or not question or key in keys or len(key) > 40 or len(question) > 200:
            raise DomainError(
                _("Each checklist item needs a unique key and a question."), code="items"
            )
        keys.add(key)
        cleaned.append({"key": key, "question": question})
    if not cleaned:
        raise DomainError(_("A checklist needs at least one item."), code="items")
    return cleaned


def _require_admin_or_coordinator(by: User | None, organization: Organization) -> None:
    if by is None:
        return
    scope = scope_for(by)
    if scope.is_superuser or organization.pk in scope.admin_org_ids:
        return
    if Compound.objects.filter(organization=organization, pk__in=scope.compound_ids).exists():
        return
    raise DomainError(_("Only an admin or a coordinator may edit checklists."), code="forbidden")


@transaction.atomic
def save_checklist(
    *, by: User | None, organization: Organization, name: str, items: Iterable[Mapping[str, Any]]
) -> Checklist:
    """Create or edit the checklist ``name`` of ``organization`` (items replace the old ones)."""
    _require_admin_or_coordinator(by, organization)
    name = name.strip()
    if not name:
        raise DomainError(_("Give the checklist a name."), code="required", field="name")
    checklist, _created = Checklist.objects.update_or_create(
        organization=organization, name=name, defaults={"items": _clean_items(items)}
    )
    return checklist


def five_ones_checklist(*, by: User | None, organization: Organization) -> Checklist:
    """The shipped "五个一" example for ``organization`` (made once; edit it like any other)."""
    found = Checklist.objects.filter(organization=organization, name=FIVE_ONES).first()
    if found is not None:
        return found
    # Stored as data in the compound's language (Chinese); edited like any other checklist.
    with translation.override("zh-hans"):
        items = [{"key": i["key"], "question": str(i["question"])} for i in FIVE_ONES_ITEMS]
    return save_checklist(by=by, organization=organization, name=FIVE_ONES, items=items)


@transaction.atomic
def create_campaign(
    *,
    by: User | None,
    compound: Compound,
    name: str,
    checklist: Checklist | None = None,
    buildings: Iterable[Building],
    starts_on: dt.date,
    quiet_hours: list[list[int]] | None = None,
    alone_every_days: int = 1,
    others_every_days: int = 3,
) -> Campaign:
    """Start a door-knocking campaign over ``buildings`` of ``compound``.

    Without ``checklist`` the organization's shipped "五个一" is used (made on first use, in
    this transaction, so a refused campaign leaves no checklist behind).

    Raises DomainError: forbidden, required, checklist_elsewhere, building_elsewhere,
    no_households, quiet_hours, cadence.
    """
    if by is not None:
        get_changeable(by, Compound.objects.all(), pk=compound.pk)
    name = name.strip()
    if not name:
        raise DomainError(_("Give the campaign a name."), code="required", field="name")
    if checklist is None:
        checklist = five_ones_checklist(by=by, organization=compound.organization)
    if checklist.organization_id != compound.organization_id:
        raise DomainError(
            _("That checklist belongs to another organization."), code="checklist_elsewhere"
        )
    buildings = list(buildings)
    if any(b.compound_id != compound.pk for b in buildings):
        raise DomainError(_("A building is in another compound."), code="building_elsewhere")
    if not Household.objects.filter(building__in=buildings).exists():
        raise DomainError(
            _("The chosen buildings have no households on the register: import them first."),
            code="no_households",
            field="buildings",
        )
    hours = quiet_hours if quiet_hours is not None else [[0, 8], [12, 14], [21, 24]]
    if any(len(h) != 2 or not 0 <= h[0] < h[1] <= 24 for h in hours):
        raise DomainError(_("Quiet hours are pairs of hours from 0 to 24."), code="quiet_hours")
    if alone_every_days < 1 or others_every_days < 1:
        raise DomainError(_("Visit every household at least every day or more."), code="cadence")
    campaign = Campaign.objects.create(
        compound=compound,
        name=name,
        checklist=checklist,
        starts_on=starts_on,
        quiet_hours=hours,
        alone_every_days=alone_every_days,
        others_every_days=others_every_days,
        created_by=by,
    )
    campaign.buildings.set(buildings)
    return campaign


def in_quiet_hours(campaign: Campaign, moment: dt.datetime) -> bool:
    """Whether ``moment`` (local time) falls in one of the campaign's quiet hours."""
    local = timezone.localtime(moment)
    hour = local.hour + local.minute / 60
    return any(start <= hour < end for start, end in campaign.quiet_hours)


@transaction.atomic
def record_visit(
    *,
    by: User,
    campaign: Campaign,
    household: Household,
    outcome: str,
    idempotency_key: str,
    now: dt.datetime,
    answers: Mapping[str, bool] | None = None,
    note: str = "",
    owner: User | None = None,
) -> Visit:
    """Record a knock at ``household``'s door; a replayed key returns the first visit.

    Raises DomainError: idempotency_key, forbidden, household_elsewhere, outcome, answers,
    quiet_hours, owner_needed.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise DomainError(
            _("Every visit needs an idempotency key of 1 to 64 characters."),
            code="idempotency_key",
        )
    found = Visit.objects.filter(idempotency_key=key).first()
    if found is not None:
        return found
    if not may_visit(by, campaign, household):
        raise DomainError(_("You may not record visits in this building."), code="forbidden")
    if not campaign.buildings.filter(pk=household.building_id).exists():
        raise DomainError(
            _("This household is not in the campaign's buildings."), code="household_elsewhere"
        )
    if outcome not in Visit.Outcome.values:
        raise DomainError(_("Choose done, nobody home or needs follow-up."), code="outcome")
    answers = dict(answers or {})
    allowed = {item["key"] for item in campaign.checklist.items}
    if set(answers) - allowed:
        raise DomainError(_("An answer does not belong to the checklist."), code="answers")
    if in_quiet_hours(campaign, now):
        raise DomainError(
            _("Quiet hours: do not knock now (early morning, noon or late night)."),
            code="quiet_hours",
        )
    if outcome == Visit.Outcome.FOLLOW_UP and not note.strip():
        raise DomainError(
            _("Say what the household needs, so the follow-up owner knows."),
            code="note_needed",
            field="note",
        )
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                campaign=campaign,
                household=household,
                outcome=outcome,
                answers={k: bool(v) for k, v in answers.items()},
                note=note.strip()[:300],
                visited_at=now,
                visited_by=by,
                idempotency_key=key,
            )
    except IntegrityError:
        return Visit.objects.get(idempotency_key=key)
    if outcome == Visit.Outcome.NOBODY_HOME:
        FollowUp.objects.create(
            campaign=campaign,
            household=household,
            visit=visit,
            kind=FollowUp.Kind.PHONE,
            owner=by,
            created_at=now,
        )
    elif outcome == Visit.Outcome.FOLLOW_UP:
        FollowUp.objects.create(
            campaign=campaign,
            household=household,
            visit=visit,
            kind=FollowUp.Kind.NEED,
            note=visit.note,
            owner=owner or by,
            created_at=now,
        )
    return visit


@transaction.atomic
def close_follow_up(*, by: User, follow_up: FollowUp, now: dt.datetime) -> FollowUp:
    """Mark a follow-up done (idempotent); its owner or the campaign's coordinators may."""
    follow_up = get_changeable(by, FollowUp.objects.all(), pk=follow_up.pk)
    FollowUp.objects.filter(pk=follow_up.pk, status=FollowUp.Status.OPEN).update(
        status=FollowUp.Status.DONE, done_at=now
    )
    follow_up.refresh_from_db()
    return follow_up
