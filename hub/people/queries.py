"""Reads of people for pages and endpoints, scoped through the access layer."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from hub.access import visible
from hub.people.identity import to_half_width
from hub.people.models import Branch, Membership, Person


def list_people(user: Any, *, search: str = "", branch_id: int | None = None) -> QuerySet[Person]:
    """People the user may see, newest changes last; a constant number of queries per page."""
    people = visible(user, Person.objects.all())
    search = to_half_width(search).strip()
    if search:
        if search.isdigit() and len(search) >= 4:
            people = people.filter(Q(phone__endswith=search) | Q(name__icontains=search))
        else:
            people = people.filter(name__icontains=search)
    if branch_id:
        people = people.filter(memberships__branch_id=branch_id)
    return (
        people.select_related("household__building__compound")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("branch"))
        )
        .order_by("name", "id")
        .distinct()
    )


def get_person_for(user: Any, person_id: int) -> Person:
    """One person the user may see, else 404."""
    from hub.access import get_visible

    return get_visible(
        user,
        Person.objects.select_related("household__building__compound").prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("branch")), "skills"
        ),
        pk=person_id,
    )


def list_branches(user: Any) -> QuerySet[Branch]:
    return visible(user, Branch.objects.select_related("organization", "parent")).order_by(
        "organization__name", "name"
    )


def full_name_ids(user: Any, people: list[Person]) -> set[int]:
    """Ids among ``people`` whose full name the user needs: those the user may change.

    Everyone else sees the masked name (张*). One query for the whole page.
    """
    from hub.access import changeable

    ids = [p.pk for p in people]
    if not ids:
        return set()
    return set(changeable(user, Person.objects.filter(id__in=ids)).values_list("id", flat=True))
