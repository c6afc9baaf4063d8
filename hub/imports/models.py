"""An uploaded file of members or residents, its validation report and what it wrote."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Kind(models.TextChoices):
        MEMBERS = "members", _("Members of an organization")
        RESIDENTS = "residents", _("Residents of a compound")

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Validating")
        INVALID = "invalid", _("Has errors")
        VALID = "valid", _("Ready to import")
        APPLYING = "applying", _("Importing")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.VALIDATING
    )
    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="import_batches"
    )
    branch = models.ForeignKey(
        "people.Branch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    # The file's header row ({"field", "title"}, field "" for a column not read) and the
    # warnings shown before applying ({"rows", "column", "code"}): see hub.imports.rows.
    columns = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="import_batches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="residents") | Q(compound__isnull=False),
                name="import_residents_need_compound",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
