"""Reads of places for pages and endpoints, scoped through the access layer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hub.access import visible
from hub.places.models import AreaStatus, Building, Compound, Household


def status_at(
    compound: Compound, at: dt.datetime | None = None, building: Building | None = None
) -> AreaStatus | None:
    """The area status in force at ``at`` (default now): a building's own status wins over
    the compound's. None when no status was ever set for that moment."""
    at = at or timezone.now()
    covering = Q(effective_from__lte=at) & (Q(effective_to__isnull=True) | Q(effective_to__gt=at))
    base = AreaStatus.objects.filter(covering, compound=compound)
    if building is not None:
        own = base.filter(building=building).order_by("-effective_from").first()
        if own is not None:
            return own
    return base.filter(building__isnull=True).order_by("-effective_from").first()


def list_compounds(user: Any) -> QuerySet[Compound]:
    """Compounds the user may see, with building and household counts (3 queries, any size)."""
    return (
        visible(user, Compound.objects.all())
        .select_related("organization")
        .annotate(
            building_count=Count("buildings", distinct=True),
            household_count=Count("buildings__households", distinct=True),
        )
        .order_by("name")
    )


def current_statuses(compounds: list[Compound]) -> dict[int, AreaStatus]:
    """The open compound-wide status of each compound, in one query."""
    rows = AreaStatus.objects.filter(
        compound__in=compounds, building__isnull=True, effective_to__isnull=True
    )
    return {row.compound_id: row for row in rows}


def list_buildings(user: Any, compound: Compound) -> QuerySet[Building]:
    return (
        visible(user, Building.objects.filter(compound=compound))
        .annotate(
            household_count=Count("households", distinct=True),
            resident_count=Count("households__residents"),
        )
        .order_by("sort_key")
    )


def list_households(user: Any, building: Building) -> QuerySet[Household]:
    return (
        visible(user, Household.objects.filter(building=building))
        .prefetch_related("residents")
        .order_by("sort_key")
    )
