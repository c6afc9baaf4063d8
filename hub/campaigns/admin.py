"""Admin for door-knocking: checklists are edited here (the 五个一 example included); campaigns,
visits and follow-ups are read-only (their answers and notes are not shown)."""

from typing import Any

from django.contrib import admin

from hub.campaigns.models import Campaign, Checklist


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "compound", "starts_on"]
    exclude = ["buildings"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
