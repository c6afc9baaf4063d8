"""Shared pieces of the care actions: timers, limits, templates and the one notify door."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hub.care.models import (
    HelpRequest,
)
from hub.errors import DomainError
from hub.notify.routing import notify_compound, notify_person
from hub.notify.templates import register_template
from hub.people.identity import normalize_phone
from hub.people.models import Organization, Person
from hub.places.models import Compound

# How long each urgency may wait before it escalates to the coordinator.
URGENCY_TIMERS = {
    HelpRequest.Urgency.URGENT: dt.timedelta(hours=1),
    HelpRequest.Urgency.TODAY: dt.timedelta(hours=8),
    HelpRequest.Urgency.SOON: dt.timedelta(hours=48),
}
# An overdue contact alerts the volunteer at once, and the coordinator this much later.
ESCALATE_AFTER = dt.timedelta(hours=6)
NO_ANSWER_RETRY = dt.timedelta(hours=2)
MAX_DETAILS = HelpRequest._meta.get_field("details").max_length or 1000

OVERDUE_TEMPLATE = "care.contact_overdue"
ESCALATED_TEMPLATE = "care.contact_escalated"
NO_ANSWER_TEMPLATE = "care.no_answer_twice"
REQUEST_LATE_TEMPLATE = "care.request_late"
REQUEST_ASSIGNED_TEMPLATE = "care.request_assigned"
register_template(
    OVERDUE_TEMPLATE,
    gettext_lazy("Contact due: {name}"),
    gettext_lazy("Your {mode} with {name} was due at {due}. Please get in touch and log it."),
)
register_template(
    ESCALATED_TEMPLATE,
    gettext_lazy("Overdue contact: {name}"),
    gettext_lazy("Nobody has contacted {name} since the contact due at {due} ({volunteer})."),
)
register_template(
    NO_ANSWER_TEMPLATE,
    gettext_lazy("Nobody answered twice: {name}"),
    gettext_lazy("{volunteer} could not reach {name} twice in a row. Please check on them now."),
)
register_template(
    REQUEST_LATE_TEMPLATE,
    gettext_lazy("Request waiting too long: {need}"),
    gettext_lazy("Request #{id} ({need}, {urgency}) for {name} is past its time ({due})."),
)
register_template(
    REQUEST_ASSIGNED_TEMPLATE,
    gettext_lazy("Request for you: {need}"),
    gettext_lazy("You were given request #{id}: {need} for {name}. Open {path}."),
)


def max_pairings() -> int:
    """How many active pairings one volunteer may hold (setting ``CARE_MAX_PAIRINGS``)."""
    return int(getattr(settings, "CARE_MAX_PAIRINGS", 3))


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _tell(
    template: str,
    params: dict[str, Any],
    *,
    organization: Organization,
    person: Person | None = None,
    compound: Compound | None = None,
    dedupe_key: str = "",
) -> None:
    """The one place care writes to the outbox: to a person, or to the compound's group (its
    coordinators), through the channel the organization configured (``hub.notify.routing``)."""
    if person is not None:
        notify_person(
            person=person,
            template=template,
            organization=organization,
            params=params,
            dedupe_key=dedupe_key,
        )
    elif compound is not None:
        notify_compound(
            compound=compound,
            template=template,
            params=params,
            organization=organization,
            dedupe_key=dedupe_key,
        )


def _phone(value: str) -> str:
    """Canonical phone digits, or "" when the value is not a phone number."""
    try:
        return normalize_phone(value or "")
    except ValidationError:
        return ""


def _require(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code="required", field=field)
    return value
