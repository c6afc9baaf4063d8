"""Who may see the outbox and the channels: org admins of the message's or channel's organization.

Rows without an organization (system messages, shared channels) are for superusers only. Nobody
changes a message by hand: outcomes are written by the dispatcher, retries by ``retry_messages``.
"""

from __future__ import annotations

from django.db.models import Q

from hub.access.policy import NOTHING, register
from hub.notify.models import Channel, ChannelRoute, Message

register(
    Message,
    visible=lambda s: Q(organization_id__in=s.admin_org_ids),
    change=lambda s: NOTHING,
)
register(
    Channel,
    visible=lambda s: Q(organization_id__in=s.admin_org_ids),
    change=lambda s: Q(organization_id__in=s.admin_org_ids),
)
register(
    ChannelRoute,
    visible=lambda s: Q(organization_id__in=s.admin_org_ids),
    change=lambda s: Q(organization_id__in=s.admin_org_ids),
)
