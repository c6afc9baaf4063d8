"""The access rules of the base apps' models; every other app registers its own in its access.py."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from hub.access.policy import NOTHING, register
from hub.access.scope import Scope
from hub.accounts.models import Role, RoleGrant
from hub.people.models import Branch, Membership, Organization, Person, Skill
from hub.places.models import AreaStatus, Building, Compound, Household
from hub.privacy.models import AccessLog


def _member_in(
    org_ids: frozenset[int] = frozenset(), branch_ids: frozenset[int] = frozenset()
) -> Q:
    sub = Membership.objects.filter(person=OuterRef("pk"))
    if org_ids:
        sub = sub.filter(branch__organization_id__in=org_ids)
    if branch_ids:
        sub = sub.filter(branch_id__in=branch_ids)
    if not org_ids and not branch_ids:
        return NOTHING
    return Q(Exists(sub))


# Organizations and branches ------------------------------------------------------------------
register(
    Organization,
    visible=lambda s: Q(id__in=s.org_ids),
    change=lambda s: Q(id__in=s.admin_org_ids),
)
register(
    Branch,
    visible=lambda s: Q(organization_id__in=s.org_ids),
    change=lambda s: Q(organization_id__in=s.admin_org_ids),
)
register(Skill, visible=lambda s: Q(), change=lambda s: NOTHING)


# People --------------------------------------------------------------------------------------
def _person_visible(s: Scope) -> Q:
    q = Q(id=s.person_id) if s.person_id else NOTHING
    if s.admin_org_ids:
        q |= _member_in(org_ids=s.admin_org_ids)
        q |= Q(household__building__compound__organization_id__in=s.admin_org_ids)
    if s.office_org_ids:
        q |= _member_in(org_ids=s.office_org_ids)
    if s.branch_ids:
        q |= _member_in(branch_ids=s.branch_ids)
    if s.compound_ids:
        q |= Q(household__building__compound_id__in=s.compound_ids)
    if s.building_ids:
        q |= Q(household__building_id__in=s.building_ids)
    return q


def _person_change(s: Scope) -> Q:
    q = NOTHING
    if s.admin_org_ids:
        q |= _member_in(org_ids=s.admin_org_ids)
        q |= Q(household__building__compound__organization_id__in=s.admin_org_ids)
    if s.branch_ids:
        q |= _member_in(branch_ids=s.branch_ids)
    if s.compound_ids:
        q |= Q(household__building__compound_id__in=s.compound_ids)
    return q


register(Person, visible=_person_visible, change=_person_change)
register(
    Membership,
    visible=lambda s: (
        Q(branch__organization_id__in=s.admin_org_ids | s.office_org_ids)
        | Q(branch_id__in=s.branch_ids)
        | (Q(person_id=s.person_id) if s.person_id else NOTHING)
    ),
    change=lambda s: Q(branch__organization_id__in=s.admin_org_ids) | Q(branch_id__in=s.branch_ids),
)


def reveal_rule(s: Scope, field: str) -> Q | None:
    """Which people's full ``field`` the scope may reveal; None when it may reveal none."""
    if field == "phone":
        q = _person_change(s)
        if s.building_ids:
            q |= Q(household__building_id__in=s.building_ids)
        return q
    if field == "id_number":
        q = NOTHING
        if s.admin_org_ids:
            q |= _member_in(org_ids=s.admin_org_ids)
            q |= Q(household__building__compound__organization_id__in=s.admin_org_ids)
        if s.compound_ids:
            q |= Q(household__building__compound_id__in=s.compound_ids)
        return q
    return None


# Places --------------------------------------------------------------------------------------
def _compound_visible(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organization_id__in": s.admin_org_ids}) | Q(
        **{f"{prefix}id__in": s.compound_ids | s.leader_compound_ids}
    )


def _compound_change(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organization_id__in": s.admin_org_ids}) | Q(
        **{f"{prefix}id__in": s.compound_ids}
    )


register(Compound, visible=_compound_visible, change=_compound_change)
register(
    Building,
    visible=lambda s: _compound_change(s, "compound__") | Q(id__in=s.building_ids),
    change=lambda s: _compound_change(s, "compound__"),
)
register(
    Household,
    visible=lambda s: (
        _compound_change(s, "building__compound__")
        | Q(building_id__in=s.building_ids)
        | (
            Q(Exists(Person.objects.filter(household=OuterRef("pk"), id=s.person_id)))
            if s.person_id
            else NOTHING
        )
    ),
    change=lambda s: _compound_change(s, "building__compound__"),
)
register(
    AreaStatus,
    visible=lambda s: _compound_visible(s, "compound__"),
    change=lambda s: _compound_change(s, "compound__"),
)


# Accounts and logs ---------------------------------------------------------------------------
register(
    RoleGrant,
    visible=lambda s: Q(organization_id__in=s.admin_org_ids) | Q(user_id=s.user_id),
    change=lambda s: (
        Q(organization_id__in=s.admin_org_ids) & ~Q(role=Role.ORG_ADMIN, user_id=s.user_id)
    ),
)
register(
    AccessLog,
    visible=lambda s: Q(organization_id__in=s.admin_org_ids),
    change=lambda s: NOTHING,
)
