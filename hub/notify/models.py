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
        NONE = "none", _("No channel configured")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Routing found no channel for it (outside development): kept, never dispatched.
        UNROUTED = "unrouted", _("No channel configured")

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
    route = models.ForeignKey(
        "notify.ChannelRoute",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("route"),
    )
    topic = models.CharField(_("kind of message"), max_length=16, blank=True)
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
                condition=Q(status__in=["pending", "sending", "sent", "failed", "unrouted"]),
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


class Topic(models.TextChoices):
    """The kinds of message a route may be limited to (a route with none serves every kind)."""

    NOTICES = "notices", _("Notices")
    DRIVES = "drives", _("Recruitment drives")
    SIGNUPS = "signups", _("Sign-up decisions")
    SHIFTS = "shifts", _("Shift reminders and changes")
    HOURS = "hours", _("Service hours")
    GENERAL = "general", _("Other messages")


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


class ChannelRoute(models.Model):
    """Where an organization's messages go: for a scope (a building, a compound, a branch, or
    the whole organization), for messages to a group or to one person, by which medium.

    Routing (``hub.notify.routing``) takes the nearest scope that has a usable route: building →
    compound → organization for places, branch → parent branches → organization for branches.
    A robot route names a configured :class:`Channel`; SMS and email routes reach one person.
    """

    class Audience(models.TextChoices):
        GROUP = "group", _("A group chat")
        PERSON = "person", _("One person")

    class Medium(models.TextChoices):
        ROBOT = "robot", _("Group robot or webhook")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.CASCADE,
        related_name="channel_routes",
        verbose_name=_("organization"),
    )
    branch = models.ForeignKey(
        "people.Branch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channel_routes",
        verbose_name=_("branch"),
    )
    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channel_routes",
        verbose_name=_("compound"),
    )
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channel_routes",
        verbose_name=_("building"),
    )
    audience = models.CharField(
        _("messages for"), max_length=8, choices=Audience.choices, default=Audience.GROUP
    )
    medium = models.CharField(
        _("medium"), max_length=8, choices=Medium.choices, default=Medium.ROBOT
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routes",
        verbose_name=_("robot"),
    )
    topics = models.JSONField(
        _("kinds of message"),
        default=list,
        blank=True,
        help_text=_("Empty: every kind of message."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "id"]
        verbose_name = _("notification route")
        verbose_name_plural = _("notification routes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(branch__isnull=True, compound__isnull=True)
                    | Q(branch__isnull=True, building__isnull=True)
                    | Q(compound__isnull=True, building__isnull=True)
                ),
                name="notify_route_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(medium="robot", channel__isnull=False)
                | (~Q(medium="robot") & Q(channel__isnull=True)),
                name="notify_route_robot_has_channel",
            ),
            models.CheckConstraint(
                condition=Q(medium="robot") | Q(audience="person"),
                name="notify_route_sms_email_for_people",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["group", "person"])
                & Q(medium__in=["robot", "sms", "email"]),
                name="notify_route_choices_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_label} → {self.medium_label}"

    @property
    def scope_label(self) -> str:
        """The building, compound or branch this route serves, else its organization."""
        if self.building_id is not None and self.building is not None:
            return f"{self.building.compound} {self.building}"
        for scope in (self.compound, self.branch):
            if scope is not None:
                return str(scope)
        return str(self.organization)

    @property
    def medium_label(self) -> str:
        if self.medium == self.Medium.ROBOT and self.channel is not None:
            return str(self.channel)
        return str(self.get_medium_display())

    def serves(self, topic: str) -> bool:
        return not self.topics or topic in self.topics
