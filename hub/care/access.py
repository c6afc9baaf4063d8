"""Who may see and change the care register, pairings, contacts, requests and welfare calls.

- The register: the keeping organization's admins, the coordinator of the person's compound and
  its organization's admins change it; the building leader sees it; a volunteer sees only the
  people paired with them (an active pairing).
- Health records (``CareHealth``) are visible only to those who may change the register entry
  and to the paired volunteers, and then only through the logged reveal.
- Requests: the handling organization's admins and the compound's coordinator change them; the
  organization's volunteers and the volunteers living in the compound see them (to claim one);
  an assignee sees what they were given.
- Welfare calls: the organization's admins and the secretaries of the person's branches change
  them; office staff and the assigned caller see them.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from hub.access.policy import NOTHING, register
from hub.access.scope import Scope
from hub.accounts.models import Role
from hub.care.models import (
    OPEN_STATUSES,
    CareHealth,
    CareRecipient,
    ContactLog,
    HelpRequest,
    Pairing,
    Purchase,
    WelfareCall,
    WelfareSchedule,
)
from hub.people.models import Membership, Person


def recipient_change(s: Scope, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}organization_id__in": s.admin_org_ids})
        | Q(**{f"{prefix}household__building__compound__organization_id__in": s.admin_org_ids})
        | Q(**{f"{prefix}household__building__compound_id__in": s.compound_ids})
    )


def paired(s: Scope, prefix: str = "") -> Q:
    """Entries with an active pairing to the user's own person."""
    if not s.person_id:
        return NOTHING
    mine = Pairing.objects.filter(
        recipient_id=OuterRef(f"{prefix}pk"), volunteer_id=s.person_id, status="active"
    )
    return Q(Exists(mine))


def recipient_visible(s: Scope, prefix: str = "") -> Q:
    return (
        recipient_change(s, prefix)
        | Q(**{f"{prefix}household__building_id__in": s.building_ids})
        | paired(s, prefix)
    )


def request_change(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organization_id__in": s.admin_org_ids}) | Q(
        **{f"{prefix}compound_id__in": s.compound_ids}
    )


def request_visible(s: Scope) -> Q:
    q = (
        request_change(s)
        | Q(building_id__in=s.building_ids)
        | Q(organization_id__in=s.orgs_with(Role.VOLUNTEER))
    )
    if s.person_id:
        # Serve where you live (双报到): a volunteer sees the requests of their own compound.
        neighbour = Person.objects.filter(
            pk=s.person_id, household__building__compound_id=OuterRef("compound_id")
        )
        q |= Q(assignee_id=s.person_id) | (Q(Exists(neighbour)) & Q(status__in=OPEN_STATUSES))
    return q


def welfare_change(s: Scope, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}organization_id__in": s.admin_org_ids})
    if s.branch_ids:
        member = Membership.objects.filter(
            person_id=OuterRef(f"{prefix}person_id"), branch_id__in=s.branch_ids
        )
        q |= Q(Exists(member))
    return q


def welfare_visible(s: Scope, prefix: str = "") -> Q:
    q = welfare_change(s, prefix) | Q(**{f"{prefix}organization_id__in": s.office_org_ids})
    if s.person_id:
        q |= Q(**{f"{prefix}caller_id": s.person_id})
    return q


register(CareRecipient, visible=recipient_visible, change=recipient_change)
register(
    CareHealth,
    visible=lambda s: recipient_change(s, "recipient__") | paired(s, "recipient__"),
    change=lambda s: recipient_change(s, "recipient__"),
)
register(
    Pairing,
    visible=lambda s: recipient_visible(s, "recipient__"),
    change=lambda s: recipient_change(s, "recipient__"),
)
register(
    ContactLog,
    visible=lambda s: recipient_visible(s, "recipient__"),
    change=lambda s: recipient_change(s, "recipient__"),
)
register(
    Purchase,
    visible=lambda s: recipient_visible(s, "contact__recipient__"),
    change=lambda s: recipient_change(s, "contact__recipient__"),
)
register(HelpRequest, visible=request_visible, change=request_change)
register(WelfareSchedule, visible=welfare_visible, change=welfare_change)
register(
    WelfareCall,
    visible=lambda s: welfare_visible(s, "schedule__"),
    change=lambda s: welfare_change(s, "schedule__"),
)
