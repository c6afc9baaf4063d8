"""Read-only admin for screening: every change goes through hub.screening.actions.

Health data (tube results, re-tests) and personal codes are not listed here at all: they are
shown only on the coordinators' pages, where each access is logged.
"""

from typing import Any

from django.contrib import admin

from hub.screening.models import (
    ClosureRound,
    PointDuty,
    SamplingPoint,
    ScreeningRound,
    Slot,
    Tube,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ScreeningRound)
class ScreeningRoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "compound", "starts_at", "pooling", "status"]
    exclude = ["samplers"]


@admin.register(SamplingPoint)
class SamplingPointAdmin(ReadOnlyAdmin):
    list_display = ["name", "round", "capacity"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ["round", "index", "starts_at", "ends_at"]


@admin.register(Tube)
class TubeAdmin(ReadOnlyAdmin):
    list_display = ["label", "round", "count", "capacity", "status"]


@admin.register(ClosureRound)
class ClosureRoundAdmin(ReadOnlyAdmin):
    list_display = ["compound", "number", "starts_at", "ends_at", "area_status"]
    exclude = ["posts"]


@admin.register(PointDuty)
class PointDutyAdmin(ReadOnlyAdmin):
    list_display = ["round", "point", "slot", "duty"]
    exclude = ["person"]
