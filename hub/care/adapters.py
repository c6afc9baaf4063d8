"""The only bridge between care rows and ``engines.matcher``: rows → Problem → Result → proposal.

A read: building the proposal writes nothing. The coordinator accepts or edits it and the
pairings are made by ``hub.care.actions.accept_proposal``, which checks every rule again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from engines.matcher import Building as EngineBuilding
from engines.matcher import MatchParams, Need, Problem, Result, Volunteer, solve
from hub.access import changeable
from hub.accounts.models import User
from hub.care.actions import building_sealed, max_pairings
from hub.care.models import CareRecipient, ContactMode, Pairing
from hub.people.models import Organization, Person
from hub.places.models import Building

# The matcher places buildings on a line by their natural order; neighbours in the order are near.
BUILDING_SPACING = 60.0


@dataclass(frozen=True)
class ProposedPair:
    recipient: CareRecipient
    volunteer: Person
    mode: str
    cost: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[tuple[CareRecipient, int, str], ...]
    result: Result


def _buildings(ids: set[int]) -> list[Building]:
    return list(Building.objects.filter(pk__in=ids).order_by("compound_id", "sort_key"))


def candidate_volunteers(organization: Organization) -> list[Person]:
    """Members of the organization's branches, and members of any branch living in one of its
    compounds (serve where you live, 双报到), with their home and skills (3 queries)."""
    return list(
        Person.objects.filter(
            Q(memberships__branch__organization=organization)
            | Q(
                memberships__isnull=False,
                household__building__compound__organization=organization,
            )
        )
        .distinct()
        .select_related("household__building")
        .prefetch_related("skills")
        .order_by("pk")
    )


def build_problem(
    recipients: list[CareRecipient],
    volunteers: list[Person],
    *,
    mode: str,
    now: dt.datetime,
) -> Problem:
    """The matcher's problem: every unpaired entry one need, every volunteer their spare load."""
    load = dict(
        Pairing.objects.filter(volunteer__in=volunteers, status=Pairing.Status.ACTIVE)
        .values_list("volunteer_id")
        .annotate(n=Count("id"))
    )
    ids = {r.household.building_id for r in recipients}
    ids |= {v.household.building_id for v in volunteers if v.household is not None}
    buildings = _buildings(ids)
    position: dict[int, float] = {}
    for b in buildings:
        same = [x for x in buildings if x.compound_id == b.compound_id]
        position[b.pk] = BUILDING_SPACING * same.index(b)
    engine_buildings = tuple(
        EngineBuilding(str(b.pk), str(b.compound_id), position[b.pk], 0.0) for b in buildings
    )
    sealed = frozenset(str(b.pk) for b in buildings if building_sealed(b, now))
    needs = tuple(
        Need(
            id=str(r.pk),
            building=str(r.household.building_id),
            mode="visit" if mode == ContactMode.VISIT else "call",
            required_skills=frozenset({"medical"}) if r.needs_medical_volunteer else frozenset(),
            language=r.language or None,
            priority=3 if r.needs_medical_volunteer else 1,
        )
        for r in recipients
    )
    vols = tuple(
        Volunteer(
            id=str(v.pk),
            building=str(v.household.building_id) if v.household is not None else None,
            skills=frozenset(s.code for s in v.skills.all()),
            capacity=max(0, max_pairings() - load.get(v.pk, 0)),
        )
        for v in volunteers
    )
    return Problem(engine_buildings, vols, needs, sealed_buildings=sealed)


def propose_pairings(
    *,
    by: User,
    organization: Organization,
    mode: str = ContactMode.VISIT,
    now: dt.datetime | None = None,
    method: str = "greedy",
) -> Proposal:
    """A proposal for every active, unpaired entry of the organization the user may change."""
    now = now or timezone.now()
    recipients = list(
        changeable(
            by,
            CareRecipient.objects.filter(organization=organization, status="active").exclude(
                Q(pairings__status=Pairing.Status.ACTIVE)
            ),
        )
        .select_related("person", "household__building")
        .order_by("pk")
    )
    in_care = {r.person_id for r in recipients}
    volunteers = [v for v in candidate_volunteers(organization) if v.pk not in in_care]
    problem = build_problem(recipients, volunteers, mode=mode, now=now)
    result = solve(problem, MatchParams(method="optimal" if method == "optimal" else "greedy"))
    by_recipient = {str(r.pk): r for r in recipients}
    by_volunteer = {str(v.pk): v for v in volunteers}
    pairs = tuple(
        ProposedPair(by_recipient[p.need], by_volunteer[p.volunteer], mode, p.cost, p.reasons)
        for p in result.pairings
    )
    unmatched = tuple((by_recipient[u.need], u.slots, u.reason) for u in result.unmatched)
    return Proposal(pairs=pairs, unmatched=unmatched, result=result)
