"""The notification outbox and the group-robot / webhook channels organizations configure."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.privacy.masking import mask_phone


class Message(models.Model):
    """One notification to deliver: written in the transaction of the change that causes it.

    The dispatcher claims due rows with a conditional UPDATE (``pending`` → ``sending``), so two
    workers never send one row; ``next_attempt_at`` doubles as the claim's lease while sending,
    after which a row left ``sending`` by a killed worker is reclaimed.
    """

    class Channel(models.TextChoices):
        CONSOLE = "console", _("Console (log)")
        EMAIL = "email", _("Email")
        WEBHOOK = "webhook", _("Webhook")
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk group robot")
        FEISHU = "feishu", _("Feishu group robot")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    address = models.CharField(
        _("address"),
        max_length=254,
        blank=True,
        help_text=_("An email address, a phone number, or the name of a configured channel."),
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.CONSOLE
    )
    template = models.CharField(_("template"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claim_token = models.CharField(max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notify_message_dedupe_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(address=""),
                name="notify_message_has_destination",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed"]),
                name="notify_message_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notify_message_sent_has_time",
            ),
        ]
        indexes = [
            # The dispatcher's query: due pending rows, and expired 'sending' leases.
            models.Index(fields=["status", "next_attempt_at"], name="notify_message_due"),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.destination} ({self.status})"

    @property
    def destination(self) -> str:
        """Who or where this goes, masked for lists and logs."""
        if self.recipient_id is not None and self.recipient is not None:
            return str(self.recipient)
        if self.channel == self.Channel.SMS:
            return mask_phone(self.address)
        return self.address

    @property
    def text(self) -> str:
        """Subject and body as one plain text, for channels without a subject line."""
        return f"{self.subject}\n{self.body}" if self.subject else self.body


def validate_http_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValidationError(_("Enter an http:// or https:// address."), code="invalid")


class Channel(models.Model):
    """A webhook or group robot an organization delivers to; its URL and secret are secrets."""

    class Kind(models.TextChoices):
        WEBHOOK = "webhook", _("Webhook")
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk group robot")
        FEISHU = "feishu", _("Feishu group robot")

    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_channels",
        verbose_name=_("organization"),
        help_text=_("Empty for a channel every organization may use."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.SlugField(
        _("name"), max_length=60, help_text=_("Messages name the channel by this in “address”.")
    )
    url = models.CharField(_("webhook URL"), max_length=500, validators=[validate_http_url])
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk/Feishu signing secret, or the HMAC key for a generic webhook."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("notification channel")
        verbose_name_plural = _("notification channels")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(organization__isnull=False),
                name="notify_channel_name_unique_in_org",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(organization__isnull=True),
                name="notify_channel_name_unique_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def masked_url(self) -> str:
        """Scheme and host only: the path and query of a robot URL carry its access token."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/…" if parts.netloc else "…"
