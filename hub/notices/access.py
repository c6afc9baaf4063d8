"""Who may see and change notices: senders manage them; recipients see their own copy."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from hub.access.policy import register
from hub.access.scope import Scope
from hub.notices.models import Notice, NoticeAttachment, NoticeRecipient
from hub.volunteering.access import own


def notice_change(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organization_id__in": s.admin_org_ids}) | Q(
        **{f"{prefix}sender_branch_id__in": s.branch_ids}
    )


def notice_visible(s: Scope, prefix: str = "") -> Q:
    q = notice_change(s, prefix) | Q(**{f"{prefix}organization_id__in": s.office_org_ids})
    if s.person_id:
        mine = NoticeRecipient.objects.filter(notice=OuterRef(f"{prefix}pk"), person_id=s.person_id)
        q |= Q(Exists(mine))
    return q


register(Notice, visible=notice_visible, change=notice_change)
register(
    NoticeAttachment,
    visible=lambda s: notice_visible(s, "notice__"),
    change=lambda s: notice_change(s, "notice__"),
)
register(
    NoticeRecipient,
    visible=lambda s: own(s) | notice_change(s, "notice__"),
    change=lambda s: notice_change(s, "notice__"),
)
