"""Notices from an organization or branch to its members, with acknowledgement and replies."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="notices"
    )
    sender_branch = models.ForeignKey(
        "people.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_notices",
        verbose_name=_("sent by branch"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    audience = models.ManyToManyField(
        "people.Branch",
        related_name="notices",
        verbose_name=_("to branches"),
        help_text=_("Members of these branches and their sub-branches receive the notice."),
    )
    reply_prompt = models.CharField(
        _("reply list prompt (接龙)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 报名 + 可服务时段. Empty: acknowledgement only."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        """Not published yet: it may be edited and published (``publish_notice`` checks this)."""
        return self.status == self.Status.DRAFT


class NoticeAttachment(models.Model):
    """A small file kept in the database, so app servers stay stateless."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class NoticeRecipient(models.Model):
    """One member's copy of a notice: read, acknowledged, replied, reminded."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="notices_received"
    )
    branch = models.ForeignKey(
        "people.Branch",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The branch through which the person received it (for per-branch counts)."),
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reply = models.CharField(_("reply"), max_length=500, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        constraints = [
            models.UniqueConstraint(fields=["notice", "person"], name="notice_once_per_person"),
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | Q(acknowledged_at__isnull=False),
                name="notice_reply_implies_ack",
            ),
        ]
        indexes = [models.Index(fields=["notice", "acknowledged_at"], name="notice_ack_lookup")]

    def __str__(self) -> str:
        return f"{self.notice} → {self.person}"
