"""The care register: putting people on it, closing entries, revealing health records.

Invariants: one active entry per (organization, person) (a unique constraint); the health
condition is written only to ``CareHealth`` and read in full only through ``reveal_care_health``,
which writes an ``AccessLog`` row first. Lock order: the register entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from hub.access import changeable, scope_for, visible
from hub.accounts.models import User
from hub.care.actions.common import (
    _now,
    _phone,
)
from hub.care.models import (
    CareHealth,
    CareRecipient,
    Need,
    Pairing,
)
from hub.errors import DomainError
from hub.people.models import Organization, Person
from hub.places.models import Household
from hub.privacy.models import AccessLog


# Register ------------------------------------------------------------------------------------
def _may_keep(by: User, organization: Organization, household: Household) -> bool:
    scope = scope_for(by)
    compound = household.building.compound
    return (
        scope.is_superuser
        or organization.pk in scope.admin_org_ids
        or compound.pk in scope.compound_ids
        or compound.organization_id in scope.admin_org_ids
    )


@transaction.atomic
def register_recipient(
    *,
    by: User,
    organization: Organization,
    person: Person,
    category: str,
    needs: Iterable[str] = (),
    household: Household | None = None,
    needs_note: str = "",
    language: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    condition: str = "",
    condition_details: str = "",
) -> CareRecipient:
    """Put a person on the organization's care register; the health condition is stored apart.

    Raises DomainError (no_household, forbidden, invalid_category, invalid_need, invalid_phone,
    already_registered, invalid_condition).
    """
    household = household or person.household
    if household is None:
        raise DomainError(
            _("Record where the person lives first: the register needs a household."),
            code="no_household",
        )
    if not _may_keep(by, organization, household):
        raise DomainError(
            _("Only the organization's admins or the compound's coordinator may do this."),
            code="forbidden",
        )
    if category not in CareRecipient.Category.values:
        raise DomainError(_("Choose a category."), code="invalid_category", field="category")
    needs = list(dict.fromkeys(needs))
    if any(n not in Need.values for n in needs):
        raise DomainError(_("Unknown need."), code="invalid_need", field="needs")
    phone = ""
    if contact_phone.strip():
        phone = _phone(contact_phone)
        if not phone:
            raise DomainError(
                _("The contact phone is not a valid phone number."),
                code="invalid_phone",
                field="contact_phone",
            )
    if condition and condition not in CareHealth.Condition.values:
        raise DomainError(_("Unknown condition."), code="invalid_condition", field="condition")
    if CareRecipient.objects.filter(
        organization=organization, person=person, status=CareRecipient.Status.ACTIVE
    ).exists():
        raise DomainError(_("This person is already on the register."), code="already_registered")
    recipient = CareRecipient.objects.create(
        organization=organization,
        person=person,
        household=household,
        category=category,
        needs=needs,
        needs_note=needs_note.strip()[:200],
        language=language.strip()[:40],
        contact_name=contact_name.strip()[:60],
        contact_phone=phone,
        created_by=by,
    )
    if condition:
        CareHealth.objects.create(
            recipient=recipient, condition=condition, details=condition_details.strip()[:300]
        )
    return recipient


@transaction.atomic
def close_recipient(
    *, by: User, recipient: CareRecipient, now: dt.datetime | None = None
) -> CareRecipient:
    """Take a person off the register and end their pairings; health data is purged 30 days on.

    Raises DomainError (forbidden, already_closed).
    """
    recipient = _changeable_recipient(by, recipient)
    if not recipient.is_active:
        raise DomainError(_("This entry is already closed."), code="already_closed")
    now = _now(now)
    recipient.status, recipient.closed_at = CareRecipient.Status.CLOSED, now
    recipient.save(update_fields=["status", "closed_at"])
    for pairing in recipient.pairings.filter(status=Pairing.Status.ACTIVE):
        pairing.status, pairing.ends_on = Pairing.Status.ENDED, now.date()
        pairing.save(update_fields=["status", "ends_on"])
    return recipient


def _changeable_recipient(by: User, recipient: CareRecipient) -> CareRecipient:
    locked = (
        changeable(by, CareRecipient.objects.filter(pk=recipient.pk))
        .select_for_update(of=("self",))
        .first()
    )
    if locked is None:
        raise DomainError(
            _("Only the organization's admins or the compound's coordinator may do this."),
            code="forbidden",
        )
    return locked


@transaction.atomic
def reveal_care_health(
    *, by: User, recipient: CareRecipient, reason: str = "", ip_address: str | None = None
) -> CareHealth:
    """The person's health record in full, with an AccessLog row saying who saw it and why.

    Raises DomainError (forbidden when the user may not see it, no_health_record).
    """
    health = visible(by, CareHealth.objects.filter(recipient_id=recipient.pk)).first()
    if health is None:
        if not CareHealth.objects.filter(recipient_id=recipient.pk).exists():
            raise DomainError(_("No health record was registered."), code="no_health_record")
        raise DomainError(_("Your role may not see this value in full."), code="forbidden")
    AccessLog.objects.create(
        actor=by,
        organization_id=recipient.organization_id,
        action=AccessLog.Action.REVEAL,
        subject_type="care_health",
        subject_id=str(recipient.pk),
        field="condition",
        reason=reason[:200],
        ip_address=ip_address,
    )
    return health
