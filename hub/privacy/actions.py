"""Revealing a full personal value: an explicit, authorized and logged action."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hub.access import may_reveal
from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Person
from hub.privacy.models import AccessLog

REVEALABLE_FIELDS = ("phone", "id_number")


def _organization_of(by: User, person: Person) -> int | None:
    from hub.access import scope_for

    scope = scope_for(by)
    org_ids = set(person.memberships.values_list("branch__organization_id", flat=True))
    if person.household is not None:
        org_ids.add(person.household.building.compound.organization_id)
    preferred = org_ids & set(scope.org_ids)
    chosen = preferred or org_ids
    return min(chosen) if chosen else None


@transaction.atomic
def reveal_person_field(
    *, by: User, person: Person, field: str, reason: str = "", ip_address: str | None = None
) -> str:
    """Return the full value of ``person.<field>`` and write an AccessLog row.

    Raises DomainError (code ``not_revealable`` or ``forbidden``) when the field is not one
    that can be revealed or the user's roles do not allow it; nothing is logged then.
    """
    if field not in REVEALABLE_FIELDS:
        raise DomainError(_("This field cannot be revealed."), code="not_revealable")
    if not may_reveal(by, person, field):
        raise DomainError(_("Your role may not see this value in full."), code="forbidden")
    AccessLog.objects.create(
        actor=by,
        organization_id=_organization_of(by, person),
        action=AccessLog.Action.REVEAL,
        subject_type="person",
        subject_id=str(person.pk),
        field=field,
        reason=reason[:200],
        ip_address=ip_address,
    )
    return getattr(person, field)


def log_export(
    *, by: User, organization_id: int | None, subject_type: str, fields: str, rows: int
) -> AccessLog:
    """Record that ``by`` exported ``rows`` rows of ``subject_type`` with these fields."""
    return AccessLog.objects.create(
        actor=by,
        organization_id=organization_id,
        action=AccessLog.Action.EXPORT,
        subject_type=subject_type,
        subject_id=str(rows),
        field=fields[:60],
    )
