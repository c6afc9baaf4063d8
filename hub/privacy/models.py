"""The access log: every reveal of a full personal value and every export leaves a row here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    class Action(models.TextChoices):
        REVEAL = "reveal", _("Revealed a full value")
        EXPORT = "export", _("Exported personal data")

    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="access_logs",
        verbose_name=_("actor"),
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name=_("organization"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    subject_type = models.CharField(_("subject type"), max_length=60)
    subject_id = models.CharField(_("subject id"), max_length=40)
    field = models.CharField(_("field"), max_length=60)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="access_log_subject")]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.subject_type}:{self.subject_id}.{self.field}"


class PurgeLog(models.Model):
    """What one retention purger removed in one run of the shared purge (hub.retention.purge)."""

    run_at = models.DateTimeField(_("run at"), db_index=True)
    purger = models.CharField(_("purger"), max_length=100)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-run_at", "purger"]
        verbose_name = _("retention purge entry")
        verbose_name_plural = _("retention purges")

    def __str__(self) -> str:
        return f"{self.run_at:%Y-%m-%d %H:%M} {self.purger}: {self.removed}"
