"""Routing: send a message to a building, a compound, a branch, an organization or a person
through the channel its organization configured (a ``ChannelRoute``), via the outbox.

Invariants:

- Every function writes its outbox rows with ``hub.notify.actions.notify`` in the caller's
  transaction (it must run inside ``transaction.atomic``); nothing is sent here.
- The nearest configured scope wins: building → compound → organization for places; branch →
  parent branches → organization for branches; for a person, their building, compound,
  branches (nearest first), then the organization. Only routes of the sending organization
  count, only enabled ones, only those serving the message's ``topic``.
- A group message goes to every usable route of the nearest scope that has one (a building
  with a WeCom and a DingTalk robot gets both); a person gets exactly one message, through the
  first usable route: SMS needs a phone and a vendor template code, email an address, a robot
  an enabled channel.
- Nothing configured: with ``NOTIFY_CONSOLE_FALLBACK`` (on in development, off in tests and
  production) the message goes to the console log; otherwise it is recorded with status
  ``unrouted`` ("no channel configured"), never dispatched, shown on the channel settings page.
  No domain action fails because nobody set up a robot.
- ``dedupe_key`` keeps its meaning: a second call with the same key writes nothing. When a group
  message goes to several routes, the first route's row has the key and each further one has
  ``key@route<pk>``.

No locks are taken: routes are read, messages inserted (the outbox's unique dedupe key guards
retries).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from hub.notify.actions import notify
from hub.notify.channels import sms_template_code
from hub.notify.models import ChannelRoute, Message, Topic
from hub.people.models import Branch, Organization, Person
from hub.places.models import Building, Compound

log = logging.getLogger(__name__)
ORGANIZATION_RANK = 1000


@dataclass(frozen=True)
class Scopes:
    """The scopes a message may be routed by, each with its nearness (lower is nearer)."""

    organization: Organization
    buildings: Mapping[int, int]
    compounds: Mapping[int, int]
    branches: Mapping[int, int]

    def rank(self, route: ChannelRoute) -> int | None:
        if route.building_id is not None:
            return self.buildings.get(route.building_id)
        if route.compound_id is not None:
            return self.compounds.get(route.compound_id)
        if route.branch_id is not None:
            return self.branches.get(route.branch_id)
        return ORGANIZATION_RANK


def console_fallback() -> bool:
    """Whether a message with no configured channel goes to the log (development only)."""
    return bool(getattr(settings, "NOTIFY_CONSOLE_FALLBACK", False))


def branch_chain(branch: Branch) -> dict[int, int]:
    """``{branch id: distance}`` for ``branch`` and its parents (0 for itself)."""
    chain: dict[int, int] = {}
    current: Branch | None = branch
    while current is not None and current.pk not in chain:
        chain[current.pk] = len(chain)
        current = current.parent
    return chain


def enabled_routes(organization: Organization, audience: str) -> list[ChannelRoute]:
    """The organization's enabled routes for ``audience`` (one query)."""
    return list(
        ChannelRoute.objects.filter(organization=organization, audience=audience, enabled=True)
        .select_related("channel", "building__compound", "compound", "branch", "organization")
        .order_by("pk")
    )


def _candidates(
    scopes: Scopes,
    *,
    audience: str,
    topic: str,
    routes: list[ChannelRoute] | None = None,
) -> list[ChannelRoute]:
    """Routes of the organization that serve ``topic`` in one of ``scopes``, nearest first."""
    rows = enabled_routes(scopes.organization, audience) if routes is None else routes
    ranked = []
    for route in rows:
        rank = scopes.rank(route)
        if rank is not None and route.serves(topic):
            ranked.append((rank, route.pk, route))
    return [route for _rank, _pk, route in sorted(ranked, key=lambda item: item[:2])]


def _robot_ready(route: ChannelRoute) -> bool:
    return route.channel is not None and route.channel.enabled


def _write_group(
    scopes: Scopes,
    *,
    label: str,
    template: str,
    params: Mapping[str, Any] | None,
    topic: str,
    dedupe_key: str,
    language: str | None,
    now: dt.datetime | None = None,
) -> list[Message]:
    routes = [r for r in _candidates(scopes, audience="group", topic=topic) if _robot_ready(r)]
    if routes:
        nearest = scopes.rank(routes[0])
        routes = [r for r in routes if scopes.rank(r) == nearest]
        written = []
        for i, route in enumerate(routes):
            assert route.channel is not None
            key = dedupe_key if i == 0 or not dedupe_key else f"{dedupe_key}@route{route.pk}"
            written.append(
                notify(
                    template=template,
                    params=params,
                    channel=route.channel.kind,
                    address=route.channel.name,
                    organization=scopes.organization,
                    dedupe_key=key,
                    language=language,
                    now=now,
                    route=route,
                    topic=topic,
                )
            )
        return written
    return [
        _nowhere(
            scopes.organization,
            address=label,
            template=template,
            params=params,
            topic=topic,
            dedupe_key=dedupe_key,
            language=language,
            now=now,
        )
    ]


def _nowhere(
    organization: Organization,
    *,
    template: str,
    params: Mapping[str, Any] | None,
    topic: str,
    dedupe_key: str,
    language: str | None,
    now: dt.datetime | None = None,
    address: str = "",
    recipient: Person | None = None,
) -> Message:
    """The outcome when no route fits: the console in development, else an ``unrouted`` row."""
    channel = Message.Channel.CONSOLE if console_fallback() else Message.Channel.NONE
    if channel == Message.Channel.NONE:
        log.warning(
            "no notification channel configured for %s (%s, %s)", organization, template, topic
        )
    return notify(
        template=template,
        params=params,
        channel=channel,
        recipient=recipient,
        address=address[:254],
        organization=organization,
        dedupe_key=dedupe_key,
        language=language,
        now=now,
        topic=topic,
    )


def notify_building(
    *,
    building: Building,
    template: str,
    params: Mapping[str, Any] | None = None,
    organization: Organization | None = None,
    topic: str = Topic.GENERAL,
    dedupe_key: str = "",
    language: str | None = None,
    now: dt.datetime | None = None,
) -> list[Message]:
    """Tell a building's group chat (else its compound's, else its organization's).

    ``organization`` is whose routes count: by default the compound's own.
    """
    compound = building.compound
    scopes = Scopes(
        organization=organization or compound.organization,
        buildings={building.pk: 0},
        compounds={compound.pk: 1},
        branches={},
    )
    return _write_group(
        scopes,
        label=f"{compound} {building}",
        template=template,
        params=params,
        topic=topic,
        dedupe_key=dedupe_key,
        language=language,
        now=now,
    )


def notify_compound(
    *,
    compound: Compound,
    template: str,
    params: Mapping[str, Any] | None = None,
    organization: Organization | None = None,
    topic: str = Topic.GENERAL,
    dedupe_key: str = "",
    language: str | None = None,
    now: dt.datetime | None = None,
) -> list[Message]:
    """Tell a compound's group chat (else its organization's)."""
    scopes = Scopes(
        organization=organization or compound.organization,
        buildings={},
        compounds={compound.pk: 1},
        branches={},
    )
    return _write_group(
        scopes,
        label=str(compound),
        template=template,
        params=params,
        topic=topic,
        dedupe_key=dedupe_key,
        language=language,
        now=now,
    )


def notify_branch(
    *,
    branch: Branch,
    template: str,
    params: Mapping[str, Any] | None = None,
    topic: str = Topic.GENERAL,
    dedupe_key: str = "",
    language: str | None = None,
    now: dt.datetime | None = None,
) -> list[Message]:
    """Tell a branch's group chat (else its nearest parent's, else its organization's)."""
    scopes = Scopes(
        organization=branch.organization,
        buildings={},
        compounds={},
        branches={pk: 10 + d for pk, d in branch_chain(branch).items()},
    )
    return _write_group(
        scopes,
        label=str(branch),
        template=template,
        params=params,
        topic=topic,
        dedupe_key=dedupe_key,
        language=language,
        now=now,
    )


def notify_organization(
    *,
    organization: Organization,
    template: str,
    params: Mapping[str, Any] | None = None,
    topic: str = Topic.GENERAL,
    dedupe_key: str = "",
    language: str | None = None,
    now: dt.datetime | None = None,
) -> list[Message]:
    """Tell an organization's own group chat."""
    scopes = Scopes(organization=organization, buildings={}, compounds={}, branches={})
    return _write_group(
        scopes,
        label=str(organization),
        template=template,
        params=params,
        topic=topic,
        dedupe_key=dedupe_key,
        language=language,
        now=now,
    )


def person_scopes(person: Person, organization: Organization) -> Scopes:
    """Where ``person`` lives and which of ``organization``'s branches they belong to."""
    buildings: dict[int, int] = {}
    compounds: dict[int, int] = {}
    household = person.household if person.household_id else None
    if household is not None:
        buildings[household.building_id] = 0
        compounds[household.building.compound_id] = 1
    branches: dict[int, int] = {}
    memberships = [
        m for m in person.memberships.all() if m.branch.organization_id == organization.pk
    ]
    for membership in sorted(memberships, key=lambda m: m.branch_id):
        for pk, distance in branch_chain(membership.branch).items():
            branches[pk] = min(branches.get(pk, ORGANIZATION_RANK), 10 + distance)
    return Scopes(
        organization=organization, buildings=buildings, compounds=compounds, branches=branches
    )


def person_email(person: Person) -> str:
    user = getattr(person, "user", None)
    return (user.email or "") if user is not None else ""


def _usable_for(route: ChannelRoute, person: Person, template: str) -> bool:
    if route.medium == ChannelRoute.Medium.SMS:
        return bool(person.phone) and bool(sms_template_code(template))
    if route.medium == ChannelRoute.Medium.EMAIL:
        return bool(person_email(person))
    return _robot_ready(route)


def notify_person(
    *,
    person: Person,
    template: str,
    organization: Organization,
    params: Mapping[str, Any] | None = None,
    topic: str = Topic.GENERAL,
    dedupe_key: str = "",
    language: str | None = None,
    now: dt.datetime | None = None,
    routes: list[ChannelRoute] | None = None,
) -> Message:
    """Tell one person, through the nearest of ``organization``'s person routes that can reach
    them (SMS with a template code, email, or a group robot); see the module docstring.

    ``routes`` (from ``enabled_routes(organization, "person")``) saves a query per person when
    telling many.
    """
    if dedupe_key:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    routes = enabled_routes(organization, "person") if routes is None else routes
    found = []
    if routes:
        scopes = person_scopes(person, organization)
        found = _candidates(scopes, audience="person", topic=topic, routes=routes)
    for route in found:
        if not _usable_for(route, person, template):
            continue
        if route.medium == ChannelRoute.Medium.ROBOT:
            assert route.channel is not None
            channel, address = route.channel.kind, route.channel.name
        elif route.medium == ChannelRoute.Medium.SMS:
            channel, address = Message.Channel.SMS, ""
        else:
            channel, address = Message.Channel.EMAIL, person_email(person)
        return notify(
            template=template,
            params=params,
            channel=channel,
            recipient=person,
            address=address,
            organization=organization,
            dedupe_key=dedupe_key,
            language=language,
            now=now,
            route=route,
            topic=topic,
        )
    return _nowhere(
        organization,
        recipient=person,
        template=template,
        params=params,
        topic=topic,
        dedupe_key=dedupe_key,
        language=language,
        now=now,
    )


def notify_people(
    *,
    people: Iterable[Person],
    template: str,
    organization: Organization,
    params: Mapping[str, Any] | None = None,
    topic: str = Topic.GENERAL,
    dedupe_key: str = "",
    language: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """``notify_person`` for each of ``people``; ``dedupe_key`` gets ``:<person pk>`` appended.

    Returns how many people were handled (a message already written for a key counts too).
    A queryset of people is loaded with what routing needs in a constant number of queries.
    """
    if isinstance(people, QuerySet):
        people = people.select_related("household__building", "user").prefetch_related(
            "memberships__branch__parent__parent__parent"
        )
    routes = enabled_routes(organization, "person")
    count = 0
    for person in people:
        notify_person(
            person=person,
            template=template,
            organization=organization,
            params=params,
            topic=topic,
            dedupe_key=f"{dedupe_key}:{person.pk}" if dedupe_key else "",
            language=language,
            now=now,
            routes=routes,
        )
        count += 1
    return count
