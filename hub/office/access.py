"""Who may see and change office operations.

Org admins and office staff manage sites, contractors, areas and requirements; the entry desk sees
its organization's sites, arrivals (masked when written), contractors and areas, and records
entries and cleaning rounds through the actions (which check ``may_work_desk``). Other
organizations see nothing (404).
"""

from __future__ import annotations

from django.db.models import Q

from hub.access.policy import register
from hub.access.scope import Scope
from hub.office.models import (
    AttendanceRequirement,
    CleaningArea,
    CleaningRecord,
    ContractorCompany,
    ContractorWorker,
    Entry,
    Site,
)


def managers(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organization_id__in": s.admin_org_ids | s.office_org_ids})


def desk(s: Scope, prefix: str = "") -> Q:
    return Q(
        **{f"{prefix}organization_id__in": s.admin_org_ids | s.office_org_ids | s.desk_org_ids}
    )


def may_manage(s: Scope, organization_id: int) -> bool:
    """Org admin or office staff of the organization (or a superuser)."""
    return s.is_superuser or organization_id in (s.admin_org_ids | s.office_org_ids)


def may_manage_any(s: Scope) -> bool:
    """Runs the office of some organization (may add sites, contractors and cleaning areas)."""
    return s.is_superuser or bool(s.admin_org_ids | s.office_org_ids)


def may_work_desk(s: Scope, organization_id: int) -> bool:
    """Anyone who may manage, or the organization's entry desk."""
    return may_manage(s, organization_id) or organization_id in s.desk_org_ids


def may_read_summary(s: Scope, organization_id: int) -> bool:
    """The daily summary is for the branch secretaries, the office and the org admins."""
    from hub.accounts.models import Role

    return may_manage(s, organization_id) or organization_id in s.orgs_with(Role.BRANCH_SECRETARY)


register(Site, visible=desk, change=managers)
register(Entry, visible=lambda s: desk(s, "site__"), change=lambda s: managers(s, "site__"))
register(
    AttendanceRequirement,
    visible=lambda s: desk(s, "site__"),
    change=lambda s: managers(s, "site__"),
)
register(ContractorCompany, visible=desk, change=managers)
register(
    ContractorWorker,
    visible=lambda s: desk(s, "company__"),
    change=lambda s: managers(s, "company__"),
)
register(CleaningArea, visible=desk, change=managers)
register(
    CleaningRecord, visible=lambda s: desk(s, "area__"), change=lambda s: managers(s, "area__")
)
