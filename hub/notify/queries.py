"""Reads of the outbox and the routes: delivery state for coordinators, settings for admins.

``delivery_state`` and ``delivery_summary`` answer "did my message get out?" for a page that
has already decided its reader may see the subject (a notice's sender, a drive's manager): they
say pending / sent / failed / no channel configured, with attempts and the last error, and never
show a recipient's phone or a robot's URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from hub.access import visible
from hub.notify.models import ChannelRoute, Message
from hub.people.models import Organization


@dataclass(frozen=True)
class Delivery:
    status: str
    status_label: str
    attempts: int
    last_error: str
    sent_at: dt.datetime | None
    channel_label: str


def delivery_state(message: Message) -> Delivery:
    """Where one message stands: pending (or sending), sent, failed, or no channel configured."""
    status = Message.Status.PENDING if message.status == Message.Status.SENDING else message.status
    return Delivery(
        status=status,
        status_label=str(Message.Status(status).label),
        attempts=message.attempts,
        last_error=message.last_error,
        sent_at=message.sent_at,
        channel_label=str(message.get_channel_display()),
    )


def messages_with_key_prefix(prefix: str) -> QuerySet[Message]:
    """The messages an action wrote under one dedupe prefix (``notice:12:`` …)."""
    return Message.objects.filter(dedupe_key__startswith=prefix)


def delivery_summary(messages: QuerySet[Message]) -> dict[str, int]:
    """``{status: count}`` over ``messages`` (sending counts as pending), one query."""
    counts = {s: 0 for s in ("pending", "sent", "failed", "unrouted")}
    for row in messages.order_by().values("status").annotate(n=Count("id")):
        key = "pending" if row["status"] == Message.Status.SENDING else row["status"]
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def routes_for(by: Any, organization: Organization) -> list[ChannelRoute]:
    """The organization's routes the user may see (its org admins), nearest scopes last."""
    rows = visible(by, ChannelRoute.objects.filter(organization=organization)).select_related(
        "channel", "branch", "compound", "building__compound", "organization"
    )
    return list(rows.order_by("audience", "id"))


def problems_for(by: Any, organization: Organization, *, limit: int = 20) -> list[Message]:
    """The organization's latest messages that failed or had no channel (newest first)."""
    rows = visible(
        by,
        Message.objects.filter(
            organization=organization,
            status__in=[Message.Status.FAILED, Message.Status.UNROUTED],
        ),
    ).select_related("recipient", "route")
    return list(rows.order_by("-created_at", "-id")[:limit])


def retrying_for(by: Any, organization: Organization, *, limit: int = 20) -> list[Message]:
    """Messages still waiting after at least one failed try (the provider is struggling)."""
    rows = visible(
        by,
        Message.objects.filter(
            organization=organization, status=Message.Status.PENDING, attempts__gt=0
        ).exclude(last_error=""),
    ).select_related("recipient", "route")
    return list(rows.order_by("-created_at", "-id")[:limit])
