"""Read-only admin for office operations: every change goes through hub.office.actions.
Entry records show only their masked values; workers' phones are masked."""

from typing import Any

from django.contrib import admin

from hub.office import models
from hub.privacy.masking import mask_phone


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "kind", "require_green", "test_valid_hours"]
    exclude = ["poster_token"]


@admin.register(models.Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["arrived_at", "site", "kind", "outcome", "masked_name"]
    list_filter = ["outcome", "kind"]


@admin.register(models.ContractorCompany)
class CompanyAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization"]


@admin.register(models.ContractorWorker)
class WorkerAdmin(ReadOnlyAdmin):
    list_display = ["masked_name", "masked_phone", "role", "company", "active"]
    exclude = ["name", "phone"]

    @admin.display(description="phone")
    def masked_phone(self, obj: models.ContractorWorker) -> str:
        return mask_phone(obj.phone)


@admin.register(models.AttendanceRequirement)
class RequirementAdmin(ReadOnlyAdmin):
    list_display = ["site", "role", "expected", "due_by"]


@admin.register(models.CleaningArea)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "kind", "every_minutes"]


@admin.register(models.CleaningRecord)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ["area", "done_at", "masked_done_by", "agent", "concentration_mg_l"]
    exclude = ["done_by"]
