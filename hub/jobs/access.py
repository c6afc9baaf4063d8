"""Who may see and change jobs: whoever started one; its organization's admins see it."""

from __future__ import annotations

from django.db.models import Q

from hub.access.policy import register
from hub.jobs.models import Job

register(
    Job,
    visible=lambda s: Q(created_by_id=s.user_id) | Q(organization_id__in=s.admin_org_ids),
    change=lambda s: Q(created_by_id=s.user_id),
)
