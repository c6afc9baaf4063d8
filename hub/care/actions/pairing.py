"""Pairing volunteers with people in care (结对), one by one, by team or from a proposal.

Invariants: one active pairing per (entry, volunteer) (a unique constraint); at most
``max_pairings()`` active pairings per volunteer, counted under a lock on the volunteer's person
row; a visit into a sealed building only from a volunteer living in it; the seriously ill only
with a medical volunteer. Lock order: register entry, then volunteer person rows in pk order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.care.actions.common import (
    _now,
    max_pairings,
)
from hub.care.actions.register import _changeable_recipient
from hub.care.models import (
    CareRecipient,
    ContactMode,
    Pairing,
)
from hub.errors import DomainError
from hub.people.models import Branch, Person
from hub.places.models import AreaStatus, Building
from hub.places.queries import status_at


# Pairing -------------------------------------------------------------------------------------
def building_sealed(building: Building, at: dt.datetime) -> bool:
    """Whether ``building`` is sealed at ``at`` (its own status, else its compound's)."""
    found = status_at(building.compound, at, building=building)
    return found is not None and found.status == AreaStatus.Status.SEALED


def _check_pairing_rules(
    recipient: CareRecipient, volunteer: Person, mode: str, now: dt.datetime
) -> None:
    building = recipient.household.building
    if mode == ContactMode.VISIT and building_sealed(building, now):
        home = volunteer.household
        if home is None or home.building_id != building.pk:
            raise DomainError(
                _(
                    "%(building)s is sealed: only a volunteer living in it may visit. "
                    "Pair someone inside, or pair by phone."
                )
                % {"building": building.name},
                code="sealed_building",
            )
    if recipient.needs_medical_volunteer and not volunteer.skills.filter(code="medical").exists():
        raise DomainError(
            _("A seriously ill person is paired only with a volunteer with a medical background."),
            code="needs_medical",
        )


def _pair(
    *,
    by: User,
    recipient: CareRecipient,
    volunteer: Person,
    mode: str,
    per_week: int,
    starts_on: dt.date,
    ends_on: dt.date | None,
    team: Branch | None,
    now: dt.datetime,
) -> Pairing:
    if mode not in ContactMode.values:
        raise DomainError(_("Choose call or visit."), code="invalid_mode", field="mode")
    if not 1 <= per_week <= 14:
        raise DomainError(
            _("Contacts per week must be between 1 and 14."),
            code="invalid_cadence",
            field="per_week",
        )
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The end is before the start."), code="invalid_period", field="ends_on")
    if not recipient.is_active:
        raise DomainError(_("This entry is closed."), code="closed")
    _check_pairing_rules(recipient, volunteer, mode, now)
    Person.objects.select_for_update().filter(pk=volunteer.pk).first()
    if Pairing.objects.filter(
        recipient=recipient, volunteer=volunteer, status=Pairing.Status.ACTIVE
    ).exists():
        raise DomainError(
            _("This volunteer is already paired with this person."), code="already_paired"
        )
    load = Pairing.objects.filter(volunteer=volunteer, status=Pairing.Status.ACTIVE).count()
    if load >= max_pairings():
        raise DomainError(
            _("%(name)s already cares for %(count)d people, the most one volunteer may take.")
            % {"name": volunteer.name, "count": load},
            code="load_limit",
        )
    start = dt.datetime.combine(starts_on, dt.time(10), tzinfo=timezone.get_current_timezone())
    return Pairing.objects.create(
        recipient=recipient,
        volunteer=volunteer,
        team=team,
        mode=mode,
        per_week=per_week,
        starts_on=starts_on,
        ends_on=ends_on,
        next_due_at=max(start, now),
        created_by=by,
    )


@transaction.atomic
def pair_volunteer(
    *,
    by: User,
    recipient: CareRecipient,
    volunteer: Person,
    mode: str,
    per_week: int,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    team: Branch | None = None,
    now: dt.datetime | None = None,
) -> Pairing:
    """Pair a volunteer with a person in care (结对), with a contact cadence.

    Raises DomainError (forbidden, invalid_mode, invalid_cadence, invalid_period, closed,
    sealed_building, needs_medical, already_paired, load_limit).
    """
    now = _now(now)
    recipient = _changeable_recipient(by, recipient)
    return _pair(
        by=by,
        recipient=recipient,
        volunteer=volunteer,
        mode=mode,
        per_week=per_week,
        starts_on=starts_on or timezone.localdate(now),
        ends_on=ends_on,
        team=team,
        now=now,
    )


@transaction.atomic
def pair_team(
    *,
    by: User,
    recipient: CareRecipient,
    team: Branch,
    mode: str,
    per_week: int,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> list[Pairing]:
    """Pair every member of a small team (a branch of kind team) with the person, all or none.

    Raises DomainError (empty_team and those of ``pair_volunteer``).
    """
    members = list(Person.objects.filter(memberships__branch=team).order_by("pk").distinct())
    if not members:
        raise DomainError(_("This team has no members."), code="empty_team")
    return [
        pair_volunteer(
            by=by,
            recipient=recipient,
            volunteer=m,
            mode=mode,
            per_week=per_week,
            starts_on=starts_on,
            ends_on=ends_on,
            team=team,
            now=now,
        )
        for m in members
    ]


@transaction.atomic
def accept_proposal(
    *,
    by: User,
    pairs: Sequence[tuple[CareRecipient, Person, str]],
    per_week: int,
    now: dt.datetime | None = None,
) -> list[Pairing]:
    """Accept the matcher's proposal (as edited by the coordinator): every pair or none.

    ``pairs`` are (entry, volunteer, mode). Each is checked like ``pair_volunteer``; the first
    refusal rolls back the whole proposal and names the pair.
    """
    made = []
    for recipient, volunteer, mode in sorted(pairs, key=lambda p: (p[0].pk, p[1].pk)):
        try:
            made.append(
                pair_volunteer(
                    by=by,
                    recipient=recipient,
                    volunteer=volunteer,
                    mode=mode,
                    per_week=per_week,
                    now=now,
                )
            )
        except DomainError as exc:
            raise DomainError(
                _("%(volunteer)s → %(person)s: %(reason)s")
                % {
                    "volunteer": volunteer.name,
                    "person": recipient.person.name,
                    "reason": exc.message,
                },
                code=exc.code,
            ) from exc
    return made


@transaction.atomic
def end_pairing(*, by: User, pairing: Pairing, now: dt.datetime | None = None) -> Pairing:
    """End an active pairing today. Raises DomainError (forbidden, already_ended)."""
    _changeable_recipient(by, pairing.recipient)
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if not pairing.is_active:
        raise DomainError(_("This pairing has ended already."), code="already_ended")
    pairing.status, pairing.ends_on = Pairing.Status.ENDED, timezone.localdate(_now(now))
    pairing.save(update_fields=["status", "ends_on"])
    return pairing
