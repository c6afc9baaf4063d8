"""Door-knocking campaigns (敲门行动): checklists, campaigns over buildings, visits, follow-ups."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def default_quiet_hours() -> list[list[int]]:
    """Early morning, noon and late night: [from hour, to hour) in local time."""
    return [[0, 8], [12, 14], [21, 24]]


class Checklist(models.Model):
    """A configurable list of questions asked at the door ("五个一" is one shipped example)."""

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="checklists"
    )
    name = models.CharField(_("name"), max_length=120)
    # [{"key": "health", "question": "..."}]; keys are stable, questions may be reworded.
    items = models.JSONField(_("items"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="checklist_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.CASCADE, related_name="campaigns"
    )
    name = models.CharField(_("name"), max_length=120)
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="campaigns")
    buildings = models.ManyToManyField("places.Building", related_name="+")
    starts_on = models.DateField(_("starts on"))
    quiet_hours = models.JSONField(_("quiet hours"), default=default_quiet_hours)
    alone_every_days = models.PositiveSmallIntegerField(
        _("visit elderly living alone every (days)"), default=1
    )
    others_every_days = models.PositiveSmallIntegerField(
        _("visit other households every (days)"), default=3
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("door-knocking campaign")
        verbose_name_plural = _("door-knocking campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(alone_every_days__gte=1, others_every_days__gte=1),
                name="campaign_cadence_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        NOBODY_HOME = "nobody_home", _("Nobody home")
        FOLLOW_UP = "follow_up", _("Needs follow-up")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    household = models.ForeignKey("places.Household", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    visited_at = models.DateTimeField(_("visited at"))
    visited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-visited_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "household", "visited_at"], name="visit_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.outcome}"


class FollowUp(models.Model):
    """Work a visit leaves: a phone call to a household nobody answered, or a need found."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone follow-up")
        NEED = "need", _("Need found at the door")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="follow_ups")
    household = models.ForeignKey("places.Household", on_delete=models.CASCADE, related_name="+")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(done_at__isnull=False), name="follow_up_done_at"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(done_at__gte=F("created_at")),
                name="follow_up_done_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.household_id}"
