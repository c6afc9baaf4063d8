"""What a user's role grants add up to, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.accounts.models import Role, RoleGrant


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    is_superuser: bool = False
    person_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    org_ids: frozenset[int] = field(default_factory=frozenset)
    admin_org_ids: frozenset[int] = field(default_factory=frozenset)
    office_org_ids: frozenset[int] = field(default_factory=frozenset)
    desk_org_ids: frozenset[int] = field(default_factory=frozenset)
    branch_ids: frozenset[int] = field(default_factory=frozenset)
    compound_ids: frozenset[int] = field(default_factory=frozenset)
    building_ids: frozenset[int] = field(default_factory=frozenset)
    leader_compound_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))

    def orgs_with(self, *roles: str) -> frozenset[int]:
        """Organizations in which the user holds one of ``roles``."""
        return frozenset(oid for role, oid in self._role_orgs if role in roles)

    _role_orgs: frozenset[tuple[str, int]] = field(default_factory=frozenset)


ANONYMOUS = Scope(user_id=None)


def _descendants(branch_ids: set[int]) -> set[int]:
    from hub.people.models import Branch

    return Branch.objects.subtree_ids(branch_ids)


def scope_for(user: Any) -> Scope:
    """The user's scope; cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_shouwang_scope", None)
    if cached is not None:
        return cached
    grants = list(
        RoleGrant.objects.filter(user=user)
        .select_related("building")
        .only(
            "role",
            "organization_id",
            "branch_id",
            "compound_id",
            "building_id",
            "building__compound_id",
        )
    )
    by_role: dict[str, set[int]] = {}
    branches: set[int] = set()
    compounds: set[int] = set()
    buildings: set[int] = set()
    leader_compounds: set[int] = set()
    for grant in grants:
        by_role.setdefault(grant.role, set()).add(grant.organization_id)
        if grant.role == Role.BRANCH_SECRETARY and grant.branch_id:
            branches.add(grant.branch_id)
        if grant.role == Role.COMMUNITY_COORDINATOR and grant.compound_id:
            compounds.add(grant.compound_id)
        if grant.role == Role.BUILDING_LEADER and grant.building is not None:
            buildings.add(grant.building.pk)
            leader_compounds.add(grant.building.compound_id)
    scope = Scope(
        user_id=user.pk,
        is_superuser=bool(user.is_superuser),
        person_id=user.person_id,
        roles=frozenset(by_role),
        org_ids=frozenset(oid for oids in by_role.values() for oid in oids),
        admin_org_ids=frozenset(by_role.get(Role.ORG_ADMIN, set())),
        office_org_ids=frozenset(by_role.get(Role.OFFICE_STAFF, set())),
        desk_org_ids=frozenset(by_role.get(Role.ENTRY_DESK, set())),
        branch_ids=frozenset(_descendants(branches)),
        compound_ids=frozenset(compounds),
        building_ids=frozenset(buildings),
        leader_compound_ids=frozenset(leader_compounds),
        _role_orgs=frozenset((r, o) for r, oids in by_role.items() for o in oids),
    )
    user._shouwang_scope = scope
    return scope
