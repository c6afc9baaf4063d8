"""State changes of notices: create, attach, publish, acknowledge, reply (接龙), remind.

The one write path for notices. Publishing expands the audience to sub-branches and writes one
copy per member together with the outbox rows that tell them, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.access import may_change, scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.notices.models import Notice, NoticeAttachment, NoticeRecipient
from hub.notices.queries import expand_branches
from hub.notify.models import Topic
from hub.notify.routing import enabled_routes, notify_people, notify_person
from hub.notify.templates import register_template
from hub.people.models import Branch, Membership, Organization, Person

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 10
REMIND_EVERY = dt.timedelta(hours=6)
MAX_REPLY_CHARS = NoticeRecipient._meta.get_field("reply").max_length or 500

PUBLISHED_TEMPLATE = "notices.published"
REMINDER_TEMPLATE = "notices.reminder"
register_template(
    PUBLISHED_TEMPLATE,
    gettext_lazy("Notice: {title}"),
    gettext_lazy("{sender} sent you a notice: {title}. Open {path} and tap Acknowledge."),
)
register_template(
    REMINDER_TEMPLATE,
    gettext_lazy("Reminder: {title}"),
    gettext_lazy("You have not acknowledged the notice “{title}” from {sender} yet: {path}"),
)

# Each extension maps to the one content type we store and serve for it, and to the file
# signatures its bytes must start with (the declared type alone is only the browser's guess).
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "txt": ("text/plain", ()),
}
# What browsers and phones send for the same files; anything else is refused.
_DECLARED_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "text/plain; charset=utf-8": "text/plain",
    "application/x-pdf": "application/pdf",
}
_GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*;]')


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _authorize_manage(by: User, notice: Notice) -> None:
    if not may_change(by, notice):
        raise DomainError(_("Only the sender of this notice may do this."), code="forbidden")


@transaction.atomic
def create_notice(
    *,
    by: User,
    organization: Organization,
    title: str,
    body: str,
    audience: Iterable[Branch],
    sender_branch: Branch | None = None,
    reply_prompt: str = "",
) -> Notice:
    """Write a draft notice from an organization (its admin) or a branch (its secretary).

    An org admin may address any branch of the organization; a branch secretary only their own
    branch subtree, and the notice is sent in the name of their branch. The audience is kept as
    chosen; sub-branches are added when it is published.
    Raises DomainError (forbidden, required, empty_audience, audience_out_of_scope,
    sender_branch_out_of_scope, sender_branch_required).
    """
    scope = scope_for(by)
    is_admin = scope.is_superuser or organization.pk in scope.admin_org_ids
    if not is_admin and not scope.branch_ids:
        raise DomainError(
            _("Only an organization admin or a branch secretary may send notices."),
            code="forbidden",
        )
    title, body, reply_prompt = title.strip(), body.strip(), reply_prompt.strip()
    if not title:
        raise DomainError(_("The notice needs a title."), code="required", field="title")
    if not body:
        raise DomainError(_("The notice needs a text."), code="required", field="body")
    branches = list({b.pk: b for b in audience}.values())
    if not branches:
        raise DomainError(
            _("Choose at least one branch to send the notice to."),
            code="empty_audience",
            field="audience",
        )
    if any(b.organization_id != organization.pk for b in branches):
        raise DomainError(
            _("You may only send this notice to branches of %(org)s.") % {"org": organization},
            code="audience_out_of_scope",
            field="audience",
        )
    if sender_branch is not None and sender_branch.organization_id != organization.pk:
        raise DomainError(
            _("The sending branch belongs to another organization."),
            code="sender_branch_out_of_scope",
            field="sender_branch",
        )
    if not is_admin:
        outside = [b.name for b in branches if b.pk not in scope.branch_ids]
        if outside:
            raise DomainError(
                _(
                    "A branch secretary may only send to their own branch and its "
                    "sub-branches: %(b)s."
                )
                % {"b": "、".join(outside)},
                code="audience_out_of_scope",
                field="audience",
            )
        if sender_branch is None:
            sender_branch = _secretary_branch(by, organization, branches)
        elif sender_branch.pk not in scope.branch_ids:
            raise DomainError(
                _("You may only send notices in the name of your own branch."),
                code="sender_branch_out_of_scope",
                field="sender_branch",
            )
    notice = Notice.objects.create(
        organization=organization,
        sender_branch=sender_branch,
        title=title[:200],
        body=body,
        reply_prompt=reply_prompt[:200],
        created_by=by,
    )
    notice.audience.set(branches)
    return notice


def _secretary_branch(by: User, organization: Organization, audience: list[Branch]) -> Branch:
    """The secretary's own branch whose subtree holds the whole audience."""
    from hub.accounts.models import Role

    granted = Branch.objects.filter(
        grants__user=by, grants__role=Role.BRANCH_SECRETARY, organization=organization
    ).order_by("pk")
    wanted = {b.pk for b in audience}
    for branch in granted:
        if wanted <= expand_branches(organization.pk, [branch.pk]):
            return branch
    raise DomainError(
        _("Choose the branch in whose name the notice is sent."),
        code="sender_branch_required",
        field="sender_branch",
    )


def clean_attachment_name(filename: str, extension: str) -> str:
    """A file name safe to store and to send back: no path, no control or reserved characters."""
    name = unicodedata.normalize("NFC", filename or "")
    name = PurePosixPath(name.replace("\\", "/")).name
    name = _CONTROL_CHARS.sub("", name)
    name = re.sub(r"_+", "_", _UNSAFE_NAME_CHARS.sub("_", name))
    name = re.sub(r"\s+", " ", name).strip(" ._")
    stem = name[: -(len(extension) + 1)] if name.lower().endswith("." + extension) else name
    stem = stem.strip(" ._")[:150] or _("attachment")
    return f"{stem}.{extension}"


def _extension(filename: str) -> str:
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    return name.rsplit(".", 1)[1].lower().strip() if "." in name else ""


def _check_content(extension: str, content: bytes) -> None:
    _type, signatures = ATTACHMENT_TYPES[extension]
    if signatures and not content.startswith(signatures):
        raise DomainError(
            _("The file does not look like a .%(ext)s file; it was not attached.")
            % {"ext": extension},
            code="attachment_content_mismatch",
            field="file",
        )
    if not signatures:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(
                _("A .txt attachment must be UTF-8 text."),
                code="attachment_content_mismatch",
                field="file",
            ) from None
        if "\x00" in text:
            raise DomainError(
                _("The file does not look like a .%(ext)s file; it was not attached.")
                % {"ext": extension},
                code="attachment_content_mismatch",
                field="file",
            )


@transaction.atomic
def add_attachment(
    *, by: User, notice: Notice, filename: str, content_type: str, content: bytes
) -> NoticeAttachment:
    """Attach a small file (≤ 5 MB) to a draft notice.

    Only PDF, images (JPEG, PNG), Word, Excel and UTF-8 text are accepted; the extension, the
    declared type and the file's first bytes must agree, and the stored type is ours, not the
    browser's. The name is stripped of paths and unsafe characters.
    Raises DomainError (forbidden, notice_published, attachment_empty, attachment_too_large,
    attachment_type, attachment_content_mismatch, too_many_attachments).
    """
    _authorize_manage(by, notice)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.DRAFT:
        raise DomainError(
            _("Attachments can only be added before the notice is published."),
            code="notice_published",
        )
    if not content:
        raise DomainError(_("The file is empty."), code="attachment_empty", field="file")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            _("The file is %(size).1f MB; an attachment may be at most %(max)d MB.")
            % {"size": len(content) / (1024 * 1024), "max": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            code="attachment_too_large",
            field="file",
        )
    extension = _extension(filename)
    allowed = ", ".join(sorted({f".{ext}" for ext in ATTACHMENT_TYPES}))
    if extension not in ATTACHMENT_TYPES:
        raise DomainError(
            _("This kind of file cannot be attached. Allowed: %(allowed)s.") % {"allowed": allowed},
            code="attachment_type",
            field="file",
        )
    stored_type = ATTACHMENT_TYPES[extension][0]
    declared = (content_type or "").strip().lower()
    declared = _DECLARED_ALIASES.get(declared, declared.split(";")[0].strip())
    if declared not in _GENERIC_TYPES and declared != stored_type:
        raise DomainError(
            _("The file's type (%(declared)s) does not match its name (.%(ext)s).")
            % {"declared": declared, "ext": extension},
            code="attachment_type",
            field="file",
        )
    _check_content(extension, content)
    if notice.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(
            _("A notice may have at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS},
            code="too_many_attachments",
            field="file",
        )
    return NoticeAttachment.objects.create(
        notice=notice,
        filename=clean_attachment_name(filename, extension),
        content_type=stored_type,
        content=content,
        size=len(content),
    )


def _sender_label(notice: Notice) -> str:
    return str(notice.sender_branch or notice.organization)


@transaction.atomic
def publish_notice(*, by: User, notice: Notice, now: dt.datetime | None = None) -> Notice:
    """Send a draft notice: one copy per member of the audience branches and their sub-branches.

    A person in several audience branches gets one copy, recorded against the lowest-numbered
    of their branches among them. Every member is told through the outbox in this transaction
    (dedupe key ``notice:<id>:<person id>``), so a rollback leaves neither copies nor messages.
    Raises DomainError (forbidden, already_published, no_recipients).
    """
    _authorize_manage(by, notice)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_draft:
        raise DomainError(_("This notice has already been published."), code="already_published")
    now = _now(now)
    audience = list(notice.audience.values_list("pk", flat=True))
    branch_ids = expand_branches(notice.organization_id, audience)
    first_branch: dict[int, int] = {}
    for person_id, branch_id in (
        Membership.objects.filter(branch_id__in=branch_ids)
        .order_by("branch_id", "person_id")
        .values_list("person_id", "branch_id")
    ):
        first_branch.setdefault(person_id, branch_id)
    if not first_branch:
        raise DomainError(
            _("Nobody is a member of the chosen branches; the notice was not published."),
            code="no_recipients",
            field="audience",
        )
    NoticeRecipient.objects.bulk_create(
        [
            NoticeRecipient(notice=notice, person_id=person_id, branch_id=branch_id)
            for person_id, branch_id in sorted(first_branch.items())
        ],
        batch_size=500,
    )
    notice.status = Notice.Status.PUBLISHED
    notice.published_at = now
    notice.save(update_fields=["status", "published_at"])
    params = {"title": notice.title, "sender": _sender_label(notice), "path": _path(notice)}
    notify_people(
        people=Person.objects.filter(pk__in=first_branch).order_by("pk"),
        template=PUBLISHED_TEMPLATE,
        params=params,
        organization=notice.organization,
        topic=Topic.NOTICES,
        dedupe_key=f"notice:{notice.pk}",  # one key per person: notice:<pk>:<person pk>
    )
    return notice


def _path(notice: Notice) -> str:
    from django.urls import reverse

    return reverse("notices:notice-detail", kwargs={"notice_id": notice.pk})


def _my_copy(by: User, notice: Notice) -> NoticeRecipient:
    copy = (
        NoticeRecipient.objects.filter(notice=notice, person_id=by.person_id).first()
        if by.person_id
        else None
    )
    if copy is None:
        raise DomainError(_("This notice was not sent to you."), code="not_a_recipient")
    return copy


@transaction.atomic
def acknowledge_notice(
    *, by: User, notice: Notice, now: dt.datetime | None = None
) -> NoticeRecipient:
    """Record that the member received the notice (收到). Idempotent: the first time stays.

    Raises DomainError (not_a_recipient).
    """
    copy = _my_copy(by, notice)
    NoticeRecipient.objects.filter(pk=copy.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=_now(now)
    )
    copy.refresh_from_db()
    return copy


def _clean_reply(notice: Notice, reply: str) -> str:
    if not notice.reply_prompt:
        raise DomainError(_("This notice does not ask for replies."), code="no_reply_prompt")
    reply = re.sub(r"\s+", " ", reply or "").strip()
    if not reply:
        raise DomainError(
            _("Write your reply, e.g. %(prompt)s.") % {"prompt": notice.reply_prompt},
            code="empty_reply",
            field="reply",
        )
    if len(reply) > MAX_REPLY_CHARS:
        raise DomainError(
            _("A reply may be at most %(n)d characters.") % {"n": MAX_REPLY_CHARS},
            code="reply_too_long",
            field="reply",
        )
    return reply


def _write_reply(copy: NoticeRecipient, reply: str, now: dt.datetime) -> None:
    # One UPDATE keeps the first acknowledgement and the first reply time (the place in the
    # 接龙 list) even when two edits race.
    NoticeRecipient.objects.filter(pk=copy.pk).update(
        reply=reply,
        acknowledged_at=Coalesce(F("acknowledged_at"), Value(now)),
        replied_at=Coalesce(F("replied_at"), Value(now)),
    )
    copy.refresh_from_db()


@transaction.atomic
def reply_to_notice(
    *, by: User, notice: Notice, reply: str, now: dt.datetime | None = None
) -> NoticeRecipient:
    """Put the member's line on the notice's reply list (接龙), e.g. "报名 周六全天".

    Replying acknowledges. Editing a reply keeps its place in the list and the first
    acknowledgement time. Raises DomainError (not_a_recipient, no_reply_prompt, empty_reply,
    reply_too_long).
    """
    copy = _my_copy(by, notice)
    _write_reply(copy, _clean_reply(notice, reply), _now(now))
    return copy


@transaction.atomic
def record_response(
    *,
    by: User,
    notice: Notice,
    person: Person,
    reply: str = "",
    now: dt.datetime | None = None,
) -> NoticeRecipient:
    """The sender records a member's acknowledgement (and reply) given outside the app.

    For members without a phone or an account who answered by call or in the WeChat group.
    Same rules as the member's own acknowledgement and reply. Raises DomainError (forbidden,
    not_a_recipient, no_reply_prompt, empty_reply, reply_too_long).
    """
    _authorize_manage(by, notice)
    copy = NoticeRecipient.objects.filter(notice=notice, person=person).first()
    if copy is None:
        raise DomainError(_("This notice was not sent to this person."), code="not_a_recipient")
    now = _now(now)
    if reply.strip():
        _write_reply(copy, _clean_reply(notice, reply), now)
    else:
        NoticeRecipient.objects.filter(pk=copy.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now
        )
        copy.refresh_from_db()
    return copy


@transaction.atomic
def remind_unacknowledged(
    *, by: User, notice: Notice, branch: Branch | None = None, now: dt.datetime | None = None
) -> int:
    """Remind the members who have not acknowledged (in ``branch``'s subtree, if given).

    Each person is reminded at most once per 6 hours; returns how many were reminded. The
    reminders go through the outbox in this transaction. Raises DomainError (forbidden,
    not_published, branch_out_of_scope, everyone_acknowledged, reminded_recently).
    """
    _authorize_manage(by, notice)
    if notice.status != Notice.Status.PUBLISHED:
        raise DomainError(_("Publish the notice before reminding anyone."), code="not_published")
    now = _now(now)
    pending = NoticeRecipient.objects.filter(notice=notice, acknowledged_at__isnull=True)
    if branch is not None:
        if branch.organization_id != notice.organization_id:
            raise DomainError(
                _("That branch is not part of this notice's organization."),
                code="branch_out_of_scope",
                field="branch",
            )
        pending = pending.filter(branch_id__in=expand_branches(notice.organization_id, [branch.pk]))
    due = pending.filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY))
    # Locked in primary-key order so two senders pressing "remind" at once notify each person once.
    rows = list(
        due.select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", "person_id", "reminders")
    )
    if not rows:
        if not pending.exists():
            raise DomainError(
                _("Everyone has acknowledged this notice."), code="everyone_acknowledged"
            )
        raise DomainError(
            _("Everyone who has not acknowledged was reminded less than 6 hours ago."),
            code="reminded_recently",
        )
    NoticeRecipient.objects.filter(pk__in=[pk for pk, _p, _r in rows]).update(
        reminded_at=now, reminders=F("reminders") + 1
    )
    params = {"title": notice.title, "sender": _sender_label(notice), "path": _path(notice)}
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[p for _pk, p, _r in rows])
        .select_related("household__building", "user")
        .prefetch_related("memberships__branch__parent__parent__parent")
    }
    routes = enabled_routes(notice.organization, "person")
    for _pk, person_id, reminders in rows:
        notify_person(
            person=people[person_id],
            template=REMINDER_TEMPLATE,
            params=params,
            organization=notice.organization,
            topic=Topic.NOTICES,
            dedupe_key=f"notice:{notice.pk}:{person_id}:reminder:{reminders + 1}",
            routes=routes,
        )
    return len(rows)
