"""Writing notifications to the outbox and delivering them with retries.

``notify`` runs inside the caller's transaction: the outbox row commits or rolls back with the
change that caused it, and a dispatch job is scheduled on commit (once per commit). Delivery
happens only in ``dispatch_due`` — from that job or from the ``dispatch_notifications`` loop —
never in a web request. Delivery is at least once: a worker killed after the provider accepted
a message but before the row was marked sent will send it again when its lease expires.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.errors import DomainError
from hub.notify.channels import DeliveryError, deliver
from hub.notify.models import Message
from hub.notify.templates import render
from hub.people.models import Organization, Person

log = logging.getLogger(__name__)

DISPATCH_JOB = "notify.dispatch"
Send = Callable[[Message], None]


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("NOTIFY_MAX_ATTEMPTS", 16))


def backoff_delay(attempts: int, *, rng: random.Random | None = None) -> dt.timedelta:
    """The wait after the ``attempts``-th failed try: base × 2^(attempts−1), capped, jittered.

    Jitter takes the delay down by up to a quarter, so retries of a burst spread out while the
    sequence still never shrinks: 30 s, 1 min, 2 min … capped at 30 min. With 16 attempts the
    retries span about 4–5 hours.
    """
    base = float(_setting("NOTIFY_BACKOFF_BASE", 30))
    cap = float(_setting("NOTIFY_BACKOFF_CAP", 30 * 60))
    ceiling = min(cap, base * 2 ** max(0, min(attempts - 1, 32)))
    jitter = (rng or random).uniform(0.75, 1.0)
    return dt.timedelta(seconds=ceiling * jitter)


# Writing -------------------------------------------------------------------------------------
def notify(
    *,
    template: str,
    params: Mapping[str, Any] | None = None,
    channel: str = Message.Channel.CONSOLE,
    recipient: Person | None = None,
    address: str = "",
    organization: Organization | None = None,
    dedupe_key: str = "",
    language: str | None = None,
    route: Any = None,
    topic: str = "",
    now: dt.datetime | None = None,
) -> Message:
    """Write one message to the outbox, in the caller's transaction, and schedule its dispatch.

    Apps call this through ``hub.notify.routing`` (which picks ``channel``, ``address`` and
    ``route`` from what the organization configured). ``channel="none"`` records a message that
    routing could not place (status ``unrouted``): it is kept for the settings page and never
    dispatched.

    The body is rendered now in ``language`` (default ``NOTIFY_LANGUAGE``, else the site's
    language). A non-empty ``dedupe_key`` makes the call idempotent: a second call with the same
    key returns the first message and writes nothing. Must run inside ``transaction.atomic``.
    Raises ``DomainError`` for an unknown template or channel, a missing parameter, or a message
    with nowhere to go. The message is due at ``now`` (default: the clock at the call); the
    routing functions pass their own ``now`` through.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("notify() must run inside the transaction of the change it reports")
    if channel not in Message.Channel.values:
        raise DomainError(
            _("Unknown notification channel “%(channel)s”.") % {"channel": channel},
            code="notify_unknown_channel",
        )
    if recipient is None and not address:
        raise DomainError(
            _("A notification needs a recipient or an address."), code="notify_no_destination"
        )
    if channel == Message.Channel.EMAIL and not address:
        raise DomainError(_("An email notification needs an address."), code="notify_no_address")
    if dedupe_key:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    values = dict(params or {})
    language = language or _setting("NOTIFY_LANGUAGE", settings.LANGUAGE_CODE)
    subject, body = render(template, values, language=language)
    unrouted = channel == Message.Channel.NONE
    try:
        with transaction.atomic():
            message = Message.objects.create(
                recipient=recipient,
                address=address,
                channel=channel,
                status=Message.Status.UNROUTED if unrouted else Message.Status.PENDING,
                route=route,
                topic=topic,
                template=template,
                params=values,
                language=language,
                subject=subject[:200],
                body=body,
                organization=organization,
                dedupe_key=dedupe_key,
                next_attempt_at=now or timezone.now(),
            )
    except IntegrityError:
        # Another transaction wrote the same key between our check and our insert.
        existing = Message.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None
        if existing is None:
            raise
        return existing
    if not unrouted:
        _schedule_dispatch_on_commit()
    return message


def _schedule_dispatch_on_commit() -> None:
    # One dispatch job per commit, however many messages it wrote: skip if this transaction
    # already holds our callback (a rolled-back savepoint drops it, so we register again).
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _start_dispatch_job for entry in pending):
        return
    transaction.on_commit(_start_dispatch_job, robust=True)


def _start_dispatch_job() -> None:
    from hub.jobs.actions import create_job

    create_job(kind=DISPATCH_JOB)


def retry_messages(*, ids: list[int], now: dt.datetime | None = None) -> int:
    """Put failed messages back in the queue with a fresh count of attempts; returns how many.

    Only ``failed`` rows change: sent messages are never sent again from here.
    """
    now = now or timezone.now()
    with transaction.atomic():
        count = Message.objects.filter(pk__in=ids, status=Message.Status.FAILED).update(
            status=Message.Status.PENDING, attempts=0, next_attempt_at=now, claim_token=""
        )
        if count:
            _schedule_dispatch_on_commit()
    return count


# Delivering ----------------------------------------------------------------------------------
@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    deferred: int = 0  # released untried: their channel was down earlier in this run
    reclaimed: int = 0  # found 'sending' after their lease ran out (a killed worker)

    def __iadd__(self, other: DispatchReport) -> DispatchReport:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def reclaim_stuck(*, now: dt.datetime) -> int:
    """Rows left 'sending' past their lease go back to 'pending' (or 'failed' if out of tries)."""
    stuck = Message.objects.filter(status=Message.Status.SENDING, next_attempt_at__lte=now)
    out_of_tries = stuck.filter(attempts__gte=max_attempts()).update(
        status=Message.Status.FAILED,
        claim_token="",
        last_error="the worker sending this message stopped; no tries left",
    )
    back = stuck.update(status=Message.Status.PENDING, claim_token="", next_attempt_at=now)
    if back or out_of_tries:
        log.warning("reclaimed %s notification(s) from a stopped worker", back + out_of_tries)
    return back + out_of_tries


def claim_due(*, now: dt.datetime, limit: int) -> list[Message]:
    """Claim up to ``limit`` due messages for this caller alone.

    A conditional UPDATE (``status='pending' AND next_attempt_at <= now``) flips them to
    'sending' with a fresh token; a row another worker claimed first no longer matches, so it is
    never claimed twice. The claim counts as an attempt and leases the row until
    ``now + NOTIFY_SENDING_LEASE``.
    """
    token = uuid.uuid4().hex
    lease = dt.timedelta(seconds=int(_setting("NOTIFY_SENDING_LEASE", 15 * 60)))
    due = Message.objects.filter(status=Message.Status.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])
    if not ids:
        return []
    due.filter(id__in=ids).update(
        status=Message.Status.SENDING,
        claim_token=token,
        attempts=F("attempts") + 1,
        next_attempt_at=now + lease,
    )
    return list(
        Message.objects.filter(id__in=ids, claim_token=token, status=Message.Status.SENDING)
        .select_related("recipient", "route__channel")
        .order_by("id")
    )


def _mine(message: Message) -> Any:
    return Message.objects.filter(
        pk=message.pk, claim_token=message.claim_token, status=Message.Status.SENDING
    )


def _release(message: Message, *, at: dt.datetime) -> None:
    # Handed back untried: the claim's attempt does not count.
    _mine(message).update(
        status=Message.Status.PENDING,
        claim_token="",
        attempts=F("attempts") - 1,
        next_attempt_at=at,
    )


def dispatch_due(
    *,
    now: dt.datetime | None = None,
    limit: int = 100,
    send: Send | None = None,
    rng: random.Random | None = None,
) -> DispatchReport:
    """Deliver the messages due at ``now``: claim, send, then mark sent / retry later / failed.

    A provider error never escapes: the message waits ``backoff_delay`` and is tried again, and
    is marked failed only after ``NOTIFY_MAX_ATTEMPTS`` tries. After ``NOTIFY_CIRCUIT_FAILURES``
    failures of one channel in a run, that channel's other messages are released untried, so a
    dead provider costs one run a few timeouts, not one per message. Must not run inside a
    transaction (each outcome is written on its own).
    """
    now = now or timezone.now()
    send = send or deliver
    report = DispatchReport(reclaimed=reclaim_stuck(now=now))
    claimed = claim_due(now=now, limit=limit)
    report.claimed = len(claimed)
    circuit_failures = int(_setting("NOTIFY_CIRCUIT_FAILURES", 3))
    # Stop sending well before the lease runs out, so no other worker reclaims a live claim.
    budget = int(_setting("NOTIFY_SENDING_LEASE", 15 * 60)) / 2
    started = time.monotonic()
    failures: dict[tuple[str, int | None, str], int] = {}
    for message in claimed:
        route = (message.channel, message.organization_id, message.address)
        if message.channel == Message.Channel.SMS or message.channel == Message.Channel.EMAIL:
            route = (message.channel, None, "")
        if failures.get(route, 0) >= circuit_failures or time.monotonic() - started > budget:
            _release(message, at=now + backoff_delay(1, rng=rng))
            report.deferred += 1
            continue
        try:
            send(message)
        except Exception as exc:
            failures[route] = failures.get(route, 0) + 1
            if not isinstance(exc, DeliveryError):
                log.exception("notification #%s: unexpected error from its channel", message.pk)
            _record_failure(message, exc, now=now, rng=rng, report=report)
        else:
            _mine(message).update(
                status=Message.Status.SENT, sent_at=now, claim_token="", last_error=""
            )
            report.sent += 1
    return report


def _record_failure(
    message: Message,
    exc: Exception,
    *,
    now: dt.datetime,
    rng: random.Random | None,
    report: DispatchReport,
) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if message.attempts >= max_attempts():
        _mine(message).update(status=Message.Status.FAILED, claim_token="", last_error=error)
        log.error(
            "notification #%s failed for good after %s tries: %s",
            message.pk,
            message.attempts,
            error,
        )
        report.failed += 1
        return
    _mine(message).update(
        status=Message.Status.PENDING,
        claim_token="",
        last_error=error,
        next_attempt_at=now + backoff_delay(message.attempts, rng=rng),
    )
    report.retrying += 1


def next_due_at() -> dt.datetime | None:
    """When the earliest waiting message falls due (None when nothing waits)."""
    return (
        Message.objects.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING])
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


# Routes: where an organization's messages go (configured by its org admins) -----------------
def _require_admin(by: Any, organization: Organization) -> None:
    from hub.access import scope_for

    scope = scope_for(by)
    if not (scope.is_superuser or organization.pk in scope.admin_org_ids):
        raise DomainError(
            _("Only an admin of this organization may configure its notifications."),
            code="forbidden",
        )


def _check_scope(organization: Organization, *, branch: Any, compound: Any, building: Any) -> None:
    given = [x for x in (branch, compound, building) if x is not None]
    if len(given) > 1:
        raise DomainError(
            _("Choose one of branch, compound or building, or none for the whole organization."),
            code="route_one_scope",
        )
    if branch is not None and branch.organization_id != organization.pk:
        raise DomainError(
            _("That branch belongs to another organization."), code="route_foreign_scope"
        )
    place = compound or (building.compound if building is not None else None)
    if place is not None and place.organization_id != organization.pk:
        raise DomainError(
            _("That compound belongs to another organization."), code="route_foreign_scope"
        )


def _check_topics(topics: Any) -> list[str]:
    from hub.notify.models import Topic

    chosen = sorted(set(topics or []))
    unknown = [t for t in chosen if t not in Topic.values]
    if unknown:
        raise DomainError(
            _("Unknown kind of message: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            code="route_unknown_topic",
        )
    return chosen


@transaction.atomic
def add_robot(
    *,
    by: Any,
    organization: Organization,
    kind: str,
    url: str,
    secret: str = "",
    audience: str = "group",
    branch: Any = None,
    compound: Any = None,
    building: Any = None,
    topics: Any = (),
) -> Any:
    """Configure a group robot (WeCom, DingTalk, Feishu or a generic webhook) for a scope.

    Writes the organization's ``Channel`` (its URL and secret stay secret) and the
    ``ChannelRoute`` that sends the scope's messages to it. Raises DomainError: forbidden,
    route_unknown_kind, invalid_url, route_one_scope, route_foreign_scope, route_unknown_topic.
    """
    from django.core.exceptions import ValidationError

    from hub.notify.models import Channel, ChannelRoute, validate_http_url

    _require_admin(by, organization)
    if kind not in Channel.Kind.values:
        raise DomainError(_("Choose the kind of robot."), code="route_unknown_kind", field="kind")
    url = (url or "").strip()
    try:
        validate_http_url(url)
    except ValidationError:
        raise DomainError(
            _("Enter the robot's http:// or https:// address."), code="invalid_url", field="url"
        ) from None
    if audience not in ChannelRoute.Audience.values:
        raise DomainError(_("Choose who the messages are for."), code="route_unknown_audience")
    _check_scope(organization, branch=branch, compound=compound, building=building)
    chosen = _check_topics(topics)
    taken = set(Channel.objects.filter(organization=organization).values_list("name", flat=True))
    number = 1
    while f"{kind}-{number}" in taken:
        number += 1
    channel = Channel.objects.create(
        organization=organization, kind=kind, name=f"{kind}-{number}", url=url, secret=secret
    )
    return ChannelRoute.objects.create(
        organization=organization,
        branch=branch,
        compound=compound,
        building=building,
        audience=audience,
        medium=ChannelRoute.Medium.ROBOT,
        channel=channel,
        topics=chosen,
        created_by=by if getattr(by, "pk", None) else None,
    )


@transaction.atomic
def add_person_route(
    *,
    by: Any,
    organization: Organization,
    medium: str,
    branch: Any = None,
    compound: Any = None,
    building: Any = None,
    topics: Any = (),
) -> Any:
    """Send messages for one person of the scope by SMS or email.

    Raises DomainError: forbidden, route_unknown_medium, route_one_scope, route_foreign_scope,
    route_unknown_topic.
    """
    from hub.notify.models import ChannelRoute

    _require_admin(by, organization)
    if medium not in (ChannelRoute.Medium.SMS, ChannelRoute.Medium.EMAIL):
        raise DomainError(_("Choose SMS or email."), code="route_unknown_medium", field="medium")
    _check_scope(organization, branch=branch, compound=compound, building=building)
    return ChannelRoute.objects.create(
        organization=organization,
        branch=branch,
        compound=compound,
        building=building,
        audience=ChannelRoute.Audience.PERSON,
        medium=medium,
        topics=_check_topics(topics),
        created_by=by if getattr(by, "pk", None) else None,
    )


@transaction.atomic
def remove_route(*, by: Any, route: Any) -> None:
    """Remove a route (and its robot, which no other route uses). Messages keep their text."""
    from hub.notify.models import ChannelRoute

    _require_admin(by, route.organization)
    channel = route.channel
    ChannelRoute.objects.filter(pk=route.pk).delete()
    if channel is not None and not channel.routes.exists():
        channel.delete()


TEST_TEMPLATE = "notify.test"


@transaction.atomic
def send_test_message(*, by: Any, route: Any, now: dt.datetime | None = None) -> Message:
    """Write a test message through ``route`` (to the admin themself for SMS and email routes),
    due at ``now`` (default: the clock at the call).

    Raises DomainError: forbidden, route_disabled, test_no_phone, test_no_email.
    """
    from hub.notify.models import ChannelRoute, Topic

    _require_admin(by, route.organization)
    if not route.enabled or (route.channel is not None and not route.channel.enabled):
        raise DomainError(_("This route is switched off."), code="route_disabled")
    params = {"organization": str(route.organization), "scope": route.scope_label}
    common: dict[str, Any] = {
        "template": TEST_TEMPLATE,
        "params": params,
        "organization": route.organization,
        "route": route,
        "topic": Topic.GENERAL,
        "now": now,
    }
    if route.medium == ChannelRoute.Medium.ROBOT:
        return notify(channel=route.channel.kind, address=route.channel.name, **common)
    person = getattr(by, "person", None)
    if route.medium == ChannelRoute.Medium.SMS:
        if person is None or not person.phone:
            raise DomainError(
                _("Your account has no phone number to send the test SMS to."),
                code="test_no_phone",
            )
        return notify(channel=Message.Channel.SMS, recipient=person, **common)
    if not getattr(by, "email", ""):
        raise DomainError(
            _("Your account has no email address to send the test to."), code="test_no_email"
        )
    return notify(channel=Message.Channel.EMAIL, address=by.email, recipient=person, **common)
