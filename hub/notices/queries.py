"""Reads of notices for pages and endpoints, scoped through the access layer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from hub.access import changeable, get_changeable, get_visible, may_change, scope_for, visible
from hub.notices.models import Notice, NoticeAttachment, NoticeRecipient
from hub.people.models import Branch
from hub.people.queries import full_name_ids
from hub.privacy.masking import mask_name

_ATTACHMENTS = Prefetch(
    "attachments", queryset=NoticeAttachment.objects.defer("content").order_by("pk")
)


def expand_branches(organization_id: int, branch_ids: Iterable[int]) -> set[int]:
    """The given branches and every branch of the organization below them, in one query."""
    return Branch.objects.filter(organization_id=organization_id).subtree_ids(branch_ids)


def list_my_notices(user: Any) -> QuerySet[NoticeRecipient]:
    """The user's own copies of published notices: not yet acknowledged first, newest first.

    A constant number of queries whatever the count.
    """
    person_id = scope_for(user).person_id
    if person_id is None:
        return NoticeRecipient.objects.none()
    return (
        visible(user, NoticeRecipient.objects.all())
        .filter(person_id=person_id, notice__status=Notice.Status.PUBLISHED)
        .select_related("notice__organization", "notice__sender_branch")
        .annotate(done=ExpressionWrapper(Q(acknowledged_at__isnull=False), BooleanField()))
        .order_by("done", "-notice__published_at", "-notice_id")
    )


def list_sent_notices(user: Any) -> QuerySet[Notice]:
    """Notices the user may manage, with how many copies went out and were acknowledged.

    One query for the page (counts by aggregation, not per row).
    """
    return (
        changeable(user, Notice.objects.all())
        .select_related("organization", "sender_branch")
        .annotate(
            total=Count("recipients"),
            acknowledged=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False)),
        )
        .order_by("status", "-published_at", "-id")
    )


def get_notice_for(user: Any, notice_id: Any) -> Notice:
    """One notice the user may see, with its attachments (no file bytes); else 404."""
    return get_visible(
        user,
        Notice.objects.select_related("organization", "sender_branch").prefetch_related(
            _ATTACHMENTS, "audience"
        ),
        pk=notice_id,
    )


def get_managed_notice_for(user: Any, notice_id: Any) -> Notice:
    """A notice the user may manage: 404 when invisible, 403 when only received or read."""
    return get_changeable(
        user,
        Notice.objects.select_related("organization", "sender_branch").prefetch_related(
            _ATTACHMENTS, "audience"
        ),
        pk=notice_id,
    )


def may_manage(user: Any, notice: Notice) -> bool:
    """Whether the user may see the tally of ``notice`` and remind its members."""
    return may_change(user, notice)


def get_my_copy(user: Any, notice: Notice) -> NoticeRecipient | None:
    """The user's own copy of ``notice``, if it was sent to them."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return None
    return NoticeRecipient.objects.filter(notice=notice, person_id=person_id).first()


def get_my_copy_for(user: Any, notice_id: Any) -> tuple[Notice, NoticeRecipient]:
    """The notice (404 if invisible) and the user's copy (403 if it was not sent to them)."""
    notice = get_notice_for(user, notice_id)
    copy = get_my_copy(user, notice)
    if copy is None:
        raise PermissionDenied(_("This notice was not sent to you."))
    return notice, copy


def get_attachment_for(user: Any, attachment_id: Any) -> NoticeAttachment:
    """One attachment, with its bytes, of a notice the user may see; else 404."""
    return get_visible(user, NoticeAttachment.objects.all(), pk=attachment_id)


@dataclass
class BranchTally:
    branch_id: int | None
    name: str
    total: int = 0
    acknowledged: int = 0
    replied: int = 0
    acknowledged_names: list[str] = field(default_factory=list)
    waiting_names: list[str] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return self.total - self.acknowledged

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.total) if self.total else 0


@dataclass
class ReplyLine:
    number: int
    name: str
    reply: str
    replied_at: Any


@dataclass
class NoticeTally:
    branches: list[BranchTally]
    replies: list[ReplyLine]
    total: int
    acknowledged: int
    replied: int

    @property
    def waiting(self) -> int:
        return self.total - self.acknowledged

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.total) if self.total else 0


def branch_counts(user: Any, notice: Notice) -> list[dict[str, Any]]:
    """Per-branch totals of copies, acknowledgements and replies: one aggregate query."""
    rows: Any = (
        visible(user, NoticeRecipient.objects.filter(notice=notice))
        .values("branch_id", "branch__name")
        .annotate(
            total=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            replied=Count("pk", filter=Q(replied_at__isnull=False)),
        )
        .order_by("branch__name", "branch_id")
    )
    return list(rows)


def notice_tally(user: Any, notice: Notice, *, with_names: bool = True) -> NoticeTally:
    """Who has and has not acknowledged, per branch, and the numbered reply list (接龙).

    Names are masked (张*) unless the user may change the person; phones are never read.
    A constant number of queries: the counts, the copies (with names), the full-name check.
    """
    rows = branch_counts(user, notice)
    branches = {
        row["branch_id"]: BranchTally(
            branch_id=row["branch_id"],
            name=row["branch__name"] or _("(no branch)"),
            total=row["total"],
            acknowledged=row["acknowledged"],
            replied=row["replied"],
        )
        for row in rows
    }
    replies: list[ReplyLine] = []
    if with_names:
        copies = list(
            visible(user, NoticeRecipient.objects.filter(notice=notice))
            .select_related("person")
            .only(
                "pk",
                "branch_id",
                "acknowledged_at",
                "reply",
                "replied_at",
                "person__id",
                "person__name",
            )
            .order_by("person__name", "pk")
        )
        full = full_name_ids(user, [c.person for c in copies])

        def name(copy: NoticeRecipient) -> str:
            return copy.person.name if copy.person_id in full else mask_name(copy.person.name)

        for copy in copies:
            tally = branches.get(copy.branch_id)
            if tally is None:
                continue
            target = tally.acknowledged_names if copy.acknowledged_at else tally.waiting_names
            target.append(name(copy))
        answered = sorted(
            (c for c in copies if c.replied_at is not None), key=lambda c: (c.replied_at, c.pk)
        )
        replies = [
            ReplyLine(number=i, name=name(c), reply=c.reply, replied_at=c.replied_at)
            for i, c in enumerate(answered, start=1)
        ]
    tallies = list(branches.values())
    return NoticeTally(
        branches=tallies,
        replies=replies,
        total=sum(t.total for t in tallies),
        acknowledged=sum(t.acknowledged for t in tallies),
        replied=sum(t.replied for t in tallies),
    )


def reply_list(notice: Notice, *, reader: NoticeRecipient | None, limit: int = 300) -> list[Any]:
    """The 接龙 list as its recipients see it: replies in the order given, names masked.

    Only a recipient (``reader``) or a manager of the notice should be shown it; the caller
    decides. One query.
    """
    if not notice.reply_prompt:
        return []
    rows = (
        NoticeRecipient.objects.filter(notice=notice, replied_at__isnull=False)
        .exclude(reply="")
        .select_related("person")
        .order_by("replied_at", "pk")[:limit]
    )
    return [
        {
            "name": r.person.masked_name,
            "reply": r.reply,
            "mine": reader is not None and r.pk == reader.pk,
        }
        for r in rows
    ]
