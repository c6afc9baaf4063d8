"""Admin for the hours models: read-only views of the ledger and its reviews.

Every change goes through the actions (hub.hours.actions: ledger, stars, exports, certificates), so
the admin never adds, edits or deletes ledger rows; only the rounding policy is editable here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hub.hours.models import (
    Certificate,
    CertificateSequence,
    CorrectionRequest,
    ExportRequest,
    HourEntry,
    HourPolicy,
    StarAward,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by actions: visible to superusers, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HourPolicy)
class HourPolicyAdmin(admin.ModelAdmin):
    list_display = ["organization", "rounding", "updated_at"]
    list_filter = ["rounding"]
    autocomplete_fields = ["organization"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HourEntry)
class HourEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "person",
        "organization",
        "served_on",
        "activity",
        "hours",
        "kind",
        "entry_type",
        "status",
    ]
    list_filter = ["status", "kind", "entry_type", "organization"]
    date_hierarchy = "served_on"
    search_fields = ["activity", "place"]
    list_select_related = ["person", "organization"]
    raw_id_fields = [
        "person",
        "post",
        "shift",
        "checkin",
        "reverses",
        "recorded_by",
        "confirmed_by",
    ]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "entry", "proposed_hours", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["entry", "entry__person"]
    raw_id_fields = ["entry", "requested_by", "decided_by"]


@admin.register(StarAward)
class StarAwardAdmin(ReadOnlyAdmin):
    list_display = ["person", "organization", "level", "status", "notice_until", "decided_at"]
    list_filter = ["status", "level", "organization"]
    list_select_related = ["person", "organization"]
    raw_id_fields = ["person", "reviewed_by"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "person",
        "issuer",
        "period_start",
        "period_end",
        "hours",
        "issued_on",
    ]
    list_filter = ["issuer"]
    search_fields = ["number"]
    list_select_related = ["person", "issuer"]
    exclude = ["verify_token"]
    raw_id_fields = ["person", "issued_by"]


@admin.register(CertificateSequence)
class CertificateSequenceAdmin(ReadOnlyAdmin):
    list_display = ["issuer", "year", "last"]


@admin.register(ExportRequest)
class ExportRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "organization",
        "period_start",
        "period_end",
        "unmasked",
        "status",
        "requested_by",
        "approved_by",
    ]
    list_filter = ["status", "unmasked", "organization"]
    raw_id_fields = ["requested_by", "approved_by"]
