"""Who may see and change door-knocking rows: the compound's admins and coordinators change
them; building leaders see and record visits in their own buildings; a follow-up's owner sees it."""

from __future__ import annotations

from django.db.models import Q

from hub.access.policy import register
from hub.access.scope import Scope
from hub.campaigns.models import Campaign, Checklist, FollowUp, Visit


def campaign_change(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}compound__organization_id__in": s.admin_org_ids}) | Q(
        **{f"{prefix}compound_id__in": s.compound_ids}
    )


def campaign_visible(s: Scope, prefix: str = "") -> Q:
    return campaign_change(s, prefix) | Q(**{f"{prefix}compound_id__in": s.leader_compound_ids})


register(Campaign, visible=campaign_visible, change=campaign_change)
register(
    Checklist,
    visible=lambda s: Q(organization_id__in=s.org_ids),
    change=lambda s: (
        Q(organization_id__in=s.admin_org_ids) | Q(organization__compounds__id__in=s.compound_ids)
    ),
)
register(
    Visit,
    visible=lambda s: (
        campaign_change(s, "campaign__") | Q(household__building_id__in=s.building_ids)
    ),
    change=lambda s: campaign_change(s, "campaign__"),
)
register(
    FollowUp,
    visible=lambda s: (
        campaign_change(s, "campaign__")
        | Q(household__building_id__in=s.building_ids)
        | Q(owner_id=s.user_id)
    ),
    change=lambda s: campaign_change(s, "campaign__") | Q(owner_id=s.user_id),
)
