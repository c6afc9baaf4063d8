"""Who may see and change ledger entries, corrections, awards, certificates and exports.

A volunteer sees their own records; the recording organization's admins and the coordinators of
the post (its branch secretary or compound coordinator) see and confirm them.
"""

from __future__ import annotations

from django.db.models import Q

from hub.access.policy import NOTHING, register
from hub.access.scope import Scope
from hub.hours.models import (
    Certificate,
    CertificateSequence,
    CorrectionRequest,
    ExportRequest,
    HourEntry,
    HourPolicy,
    StarAward,
)
from hub.volunteering.access import own, post_change


def entry_visible(s: Scope, prefix: str = "") -> Q:
    return (
        own(s, f"{prefix}person_id")
        | Q(**{f"{prefix}organization_id__in": s.admin_org_ids})
        | post_change(s, f"{prefix}post__")
    )


def entry_change(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organization_id__in": s.admin_org_ids}) | post_change(
        s, f"{prefix}post__"
    )


register(HourEntry, visible=entry_visible, change=entry_change)
register(
    CorrectionRequest,
    visible=lambda s: entry_visible(s, "entry__"),
    change=lambda s: entry_change(s, "entry__"),
)
register(
    StarAward,
    visible=lambda s: own(s) | Q(organization_id__in=s.admin_org_ids),
    change=lambda s: Q(organization_id__in=s.admin_org_ids),
)
register(
    Certificate,
    visible=lambda s: own(s) | Q(issuer_id__in=s.admin_org_ids) | Q(issued_by_id=s.user_id),
    change=lambda s: Q(issuer_id__in=s.admin_org_ids),
)
register(CertificateSequence, visible=lambda s: NOTHING, change=lambda s: NOTHING)
register(
    ExportRequest,
    visible=lambda s: Q(organization_id__in=s.admin_org_ids),
    change=lambda s: Q(organization_id__in=s.admin_org_ids),
)
register(
    HourPolicy,
    visible=lambda s: Q(organization_id__in=s.org_ids),
    change=lambda s: Q(organization_id__in=s.admin_org_ids),
)
