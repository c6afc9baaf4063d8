"""Reads for door-knocking pages: campaigns, households due a visit, progress, follow-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, OuterRef, QuerySet, Subquery

from hub.access import get_visible, visible
from hub.campaigns.models import Campaign, FollowUp, Visit
from hub.places.models import Household

ELDERLY_AGE = 60


def get_campaign_for(user: Any, pk: int) -> Campaign:
    return get_visible(user, Campaign.objects.select_related("checklist", "compound"), pk=pk)


def list_campaigns(user: Any) -> QuerySet[Campaign]:
    return visible(user, Campaign.objects.select_related("compound")).order_by("-starts_on", "-pk")


def get_campaign_household(user: Any, campaign: Campaign, household_id: int) -> Household:
    """One of the campaign's households the user may see (404 otherwise)."""
    return get_visible(
        user,
        Household.objects.filter(building__in=campaign.buildings.all()).select_related("building"),
        pk=household_id,
    )


@dataclass
class HouseholdRow:
    household: Household
    alone_elderly: bool
    last_visit: dt.datetime | None
    last_outcome: str
    due: bool


def households(user: Any, campaign: Campaign, *, now: dt.datetime) -> list[HouseholdRow]:
    """Every household of the campaign the user may see, with its cadence and whether it is due.

    An elderly person living alone (one resident aged 60 or more) is due every
    ``alone_every_days``; other households every ``others_every_days``. One query.
    """
    visits = Visit.objects.filter(campaign=campaign, household=OuterRef("pk"))
    rows = (
        visible(user, Household.objects.filter(building__in=campaign.buildings.all()))
        .select_related("building")
        .annotate(
            n_residents=Count("residents", distinct=True),
            oldest=Min("residents__birth_date"),
            last_visit=Subquery(visits.order_by("-visited_at").values("visited_at")[:1]),
            last_outcome=Subquery(visits.order_by("-visited_at").values("outcome")[:1]),
        )
        .order_by("building__sort_key", "sort_key")
    )
    today = now.date()
    out = []
    for h in rows:
        age_cut = today.replace(year=today.year - ELDERLY_AGE)
        alone = h.n_residents == 1 and h.oldest is not None and h.oldest <= age_cut
        every = dt.timedelta(
            days=campaign.alone_every_days if alone else campaign.others_every_days
        )
        due = (
            h.last_visit is None
            or h.last_outcome == Visit.Outcome.NOBODY_HOME
            or (now - h.last_visit >= every - dt.timedelta(hours=2))
        )
        out.append(
            HouseholdRow(
                household=h,
                alone_elderly=alone,
                last_visit=h.last_visit,
                last_outcome=h.last_outcome or "",
                due=due,
            )
        )
    return out


@dataclass
class BuildingProgress:
    name: str
    households: int = 0
    visited: int = 0
    due: int = 0
    open_follow_ups: int = 0


def progress(user: Any, campaign: Campaign, *, now: dt.datetime) -> list[BuildingProgress]:
    """Per building: households, visited at least once, due now, open follow-ups. Two queries."""
    out: dict[int, BuildingProgress] = {}
    for row in households(user, campaign, now=now):
        b = out.setdefault(
            row.household.building_id, BuildingProgress(name=row.household.building.name)
        )
        b.households += 1
        b.visited += int(row.last_visit is not None)
        b.due += int(row.due)
    for bid, n in (
        FollowUp.objects.filter(campaign=campaign, status=FollowUp.Status.OPEN)
        .values("household__building_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("household__building_id", "n")
    ):
        if bid in out:
            out[bid].open_follow_ups = n
    return list(out.values())


def follow_ups(user: Any, campaign: Campaign) -> QuerySet[FollowUp]:
    return (
        visible(user, FollowUp.objects.filter(campaign=campaign))
        .select_related("household__building", "owner")
        .order_by("status", "created_at", "pk")
    )


def may_visit(user: Any, campaign: Campaign, household: Household) -> bool:
    """Admins and coordinators of the compound, and the household's building leader."""
    from hub.access import changeable, scope_for

    scope = scope_for(user)
    if scope.is_superuser or household.building_id in scope.building_ids:
        return True
    return changeable(user, Campaign.objects.filter(pk=campaign.pk)).exists()
