"""State changes of organizations, branches, people and memberships: the one write path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import get_changeable, scope_for
from hub.accounts.models import Role, User
from hub.errors import DomainError
from hub.people.identity import birth_date_from_id, normalize_id_number, normalize_phone
from hub.people.models import Branch, Membership, Organization, Person, Skill

PERSON_FIELDS = {
    "name",
    "gender",
    "birth_date",
    "phone",
    "id_type",
    "id_number",
    "political_status",
    "employment_status",
    "party_joined_on",
    "volunteer_number",
}


def clean_person_values(values: dict[str, Any], *, today: dt.date) -> dict[str, Any]:
    """Normalize phone and ID number, derive the birth date from a resident ID.

    ``today`` is the caller's day (a birth date after it is refused). Raises DomainError with
    ``field`` set to the offending field.
    """
    unknown = set(values) - PERSON_FIELDS
    if unknown:
        raise DomainError(
            _("Unknown fields: %s") % ", ".join(sorted(unknown)), code="unknown_field"
        )
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = str(cleaned["name"]).strip()
        if not cleaned["name"]:
            raise DomainError(_("Name is required."), code="required", field="name")
    try:
        if cleaned.get("phone"):
            cleaned["phone"] = normalize_phone(cleaned["phone"])
        id_type = cleaned.get("id_type", Person.IdType.RESIDENT_ID)
        if cleaned.get("id_number"):
            if id_type == Person.IdType.RESIDENT_ID:
                cleaned["id_number"] = normalize_id_number(cleaned["id_number"])
                cleaned.setdefault("birth_date", birth_date_from_id(cleaned["id_number"]))
            else:
                cleaned["id_number"] = str(cleaned["id_number"]).strip().upper()
    except ValidationError as exc:
        field = "phone" if exc.code == "phone" else "id_number"
        raise DomainError(exc.messages[0], code=exc.code or "invalid", field=field) from None
    born = cleaned.get("birth_date")
    if isinstance(born, dt.date) and born > today:
        raise DomainError(_("Birth date is in the future."), code="birth_date", field="birth_date")
    return cleaned


def _authorize_org_admin(by: User, organization: Organization) -> None:
    scope = scope_for(by)
    if not (scope.is_superuser or organization.pk in scope.admin_org_ids):
        raise DomainError(_("Only an organization admin may do this."), code="forbidden")


@transaction.atomic
def create_organization(
    *,
    by: User | None,
    name: str,
    kind: str,
    short_name: str = "",
    person_in_charge: str = "",
    contact_phone: str = "",
) -> Organization:
    """Register an organization. Only the system (``by=None``) or a platform superuser may.

    Raises DomainError (forbidden, unknown_kind, duplicate).
    """
    if by is not None and not by.is_superuser:
        raise DomainError(
            _("Only a platform administrator may add organizations."), code="forbidden"
        )
    if kind not in Organization.Kind.values:
        raise DomainError(_("Unknown organization kind."), code="unknown_kind", field="kind")
    try:
        with transaction.atomic():
            return Organization.objects.create(
                name=name.strip(),
                kind=kind,
                short_name=short_name,
                person_in_charge=person_in_charge,
                contact_phone=contact_phone,
            )
    except IntegrityError:
        raise DomainError(
            _("An organization with this name already exists."), code="duplicate"
        ) from None


@transaction.atomic
def create_branch(
    *, by: User, organization: Organization, name: str, kind: str, parent: Branch | None = None
) -> Branch:
    """Add a branch to an organization's tree.

    The parent must belong to the same organization; names are unique within it.
    Raises DomainError (forbidden, parent_elsewhere, duplicate).
    """
    _authorize_org_admin(by, organization)
    if parent is not None and parent.organization_id != organization.pk:
        raise DomainError(
            _("The parent branch belongs to another organization."), code="parent_elsewhere"
        )
    try:
        with transaction.atomic():
            return Branch.objects.create(
                organization=organization, name=name.strip(), kind=kind, parent=parent
            )
    except IntegrityError:
        raise DomainError(_("A branch with this name already exists."), code="duplicate") from None


@transaction.atomic
def create_person(
    *,
    by: User,
    values: dict[str, Any],
    branch: Branch | None = None,
    household: Any = None,
    skills: list[str] | None = None,
    now: dt.datetime | None = None,
) -> Person:
    """Create a person as a member of ``branch`` and/or a resident of ``household``.

    A person always enters through a branch or a household the user may change, so nobody is
    created outside every scope. ``now`` (default: the clock at the call) dates the birth-date
    check. Raises DomainError (no_scope, forbidden, duplicate_id, birth_date, …).
    """
    if branch is None and household is None:
        raise DomainError(_("Choose a branch or a household for the new person."), code="no_scope")
    scope = scope_for(by)
    if branch is not None and not (
        scope.is_superuser
        or branch.organization_id in scope.admin_org_ids
        or branch.pk in scope.branch_ids
    ):
        raise DomainError(_("You may not add members to this branch."), code="forbidden")
    if household is not None:
        from hub.places.models import Household

        get_changeable(by, Household.objects.all(), pk=household.pk)
    cleaned = clean_person_values(values, today=timezone.localdate(now))
    try:
        with transaction.atomic():
            person = Person.objects.create(household=household, **cleaned)
    except IntegrityError:
        raise DomainError(
            _("Another person already has this ID number."), code="duplicate_id", field="id_number"
        ) from None
    if branch is not None:
        Membership.objects.create(branch=branch, person=person)
    if skills:
        person.skills.set(Skill.objects.filter(code__in=skills))
    return person


@transaction.atomic
def update_person(
    *,
    by: User,
    person: Person,
    values: dict[str, Any],
    version: int,
    now: dt.datetime | None = None,
) -> Person:
    """Change a person's details, refusing a stale edit.

    ``version`` is the version the editor loaded; when someone saved in between, the second
    save gets DomainError(code="conflict") and the first edit stays. ``now`` (default: the clock
    at the call) dates the birth-date check.
    """
    person = get_changeable(by, Person.objects.all(), pk=person.pk)
    cleaned = clean_person_values(values, today=timezone.localdate(now))
    try:
        with transaction.atomic():
            updated = Person.objects.filter(pk=person.pk, version=version).update(
                version=version + 1, **cleaned
            )
    except IntegrityError:
        raise DomainError(
            _("Another person already has this ID number."), code="duplicate_id", field="id_number"
        ) from None
    if not updated:
        raise DomainError(
            _("Someone else changed this person after you opened it. Reload and try again."),
            code="conflict",
        )
    before = {k: getattr(person, k) for k in cleaned}
    person.refresh_from_db()
    # auditlog follows save() signals; a conditional UPDATE bypasses them, so log here too.
    changes = {
        k: [_audit_value(k, before[k]), _audit_value(k, getattr(person, k))]
        for k in cleaned
        if before[k] != getattr(person, k)
    }
    if changes:
        from auditlog.models import LogEntry

        LogEntry.objects.log_create(
            person, action=LogEntry.Action.UPDATE, changes=changes, force_log=True
        )
    return person


def _audit_value(field: str, value: Any) -> str:
    from hub.privacy.masking import mask_id_number, mask_phone

    if field == "phone":
        return mask_phone(value or "")
    if field == "id_number":
        return mask_id_number(value or "")
    return "" if value is None else str(value)


@transaction.atomic
def add_membership(
    *, by: User, person: Person, branch: Branch, title: str = "", seconded_to: str = ""
) -> Membership:
    """Put a person in a branch (idempotent: an existing membership is updated, not doubled)."""
    scope = scope_for(by)
    if not (
        scope.is_superuser
        or branch.organization_id in scope.admin_org_ids
        or branch.pk in scope.branch_ids
    ):
        raise DomainError(_("You may not add members to this branch."), code="forbidden")
    membership, _created = Membership.objects.update_or_create(
        branch=branch, person=person, defaults={"title": title, "seconded_to": seconded_to}
    )
    return membership


def grant_role(
    *,
    by: User | None,
    user: User,
    role: str,
    organization: Organization,
    branch: Branch | None = None,
    compound: Any = None,
    building: Any = None,
) -> Any:
    """Give ``user`` a role in a scope; ``by=None`` is the system (seed, commands).

    Only an org admin of ``organization`` may grant. Raises DomainError on a scope that does not
    fit the role or belongs to another organization.
    """
    from hub.accounts.models import RoleGrant

    if by is not None:
        _authorize_org_admin(by, organization)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), code="unknown_role")
    if branch is not None and branch.organization_id != organization.pk:
        raise DomainError(_("The branch belongs to another organization."), code="scope_elsewhere")
    if compound is not None and compound.organization_id != organization.pk:
        raise DomainError(
            _("The compound belongs to another organization."), code="scope_elsewhere"
        )
    if building is not None and building.compound.organization_id != organization.pk:
        raise DomainError(
            _("The building belongs to another organization."), code="scope_elsewhere"
        )
    try:
        with transaction.atomic():
            grant, _created = RoleGrant.objects.get_or_create(
                user=user,
                role=role,
                organization=organization,
                branch=branch,
                compound=compound if role in {Role.COMMUNITY_COORDINATOR} else None,
                building=building,
            )
    except IntegrityError:
        raise DomainError(_("This role needs a narrower scope."), code="scope_missing") from None
    if hasattr(user, "_shouwang_scope"):
        del user._shouwang_scope
    return grant
