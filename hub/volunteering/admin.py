"""Admin for platform staff. Places, statuses and decisions change only through the app's
actions (they keep ``taken`` equal to the places held and tell people), so those fields are
read-only here and sign-ups and check-ins are view-only."""

from typing import Any

from django.contrib import admin

from hub.volunteering.models import (
    CheckIn,
    Drive,
    HealthDeclaration,
    Post,
    Shift,
    SignUp,
    TrainingRecord,
)


class _ViewOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0
    fields = ["starts_at", "ends_at", "capacity", "taken", "waitlist_size", "status"]
    readonly_fields = ["capacity", "taken", "status"]
    show_change_link = True

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "branch", "kind", "site", "compound", "risk"]
    list_filter = ["kind", "risk", "organization"]
    search_fields = ["name", "site"]
    raw_id_fields = ["lead", "compound"]
    filter_horizontal = ["required_skills"]
    readonly_fields = ["organization", "created_by", "created_at", "updated_at"]
    inlines = [ShiftInline]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["post", "starts_at", "ends_at", "capacity", "taken", "waitlist_size", "status"]
    list_filter = ["status"]
    search_fields = ["post__name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["post"]
    readonly_fields = ["post", "capacity", "taken", "status", "series", "version", "created_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(Drive)
class DriveAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "status", "is_public", "requires_approval"]
    list_filter = ["status", "is_public"]
    search_fields = ["title"]
    readonly_fields = ["organization", "status", "published_at", "created_by", "created_at"]
    filter_horizontal = ["shifts", "branches", "compounds"]
    exclude = ["public_token"]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(SignUp)
class SignUpAdmin(_ViewOnly):
    list_display = ["person", "shift", "status", "drive", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["shift__post__name"]
    raw_id_fields = ["shift", "person", "drive"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "topic", "completed_on"]
    search_fields = ["topic"]
    raw_id_fields = ["person", "recorded_by"]


@admin.register(HealthDeclaration)
class HealthDeclarationAdmin(_ViewOnly):
    # Health data is sensitive: platform staff may see that a declaration exists, nothing more.
    list_display = ["person", "declared_on"]
    fields = ["person", "declared_on"]


@admin.register(CheckIn)
class CheckInAdmin(_ViewOnly):
    list_display = ["person", "shift", "checked_in_at", "checked_out_at", "method", "auto_closed"]
    list_filter = ["method", "auto_closed"]
    raw_id_fields = ["shift", "person", "recorded_by"]
