from django.contrib import admin

from hub.rosters.models import RosterCell, RosterRun, RosterWish


class RosterCellInline(admin.TabularInline):
    model = RosterCell
    extra = 0
    raw_id_fields = ["shift", "person"]
    readonly_fields = ["source", "created_at"]


class RosterWishInline(admin.TabularInline):
    model = RosterWish
    extra = 0
    raw_id_fields = ["shift", "person"]


@admin.register(RosterRun)
class RosterRunAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "period_start", "period_end", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["organization", "branch", "compound", "job", "created_by"]
    filter_horizontal = ["shifts", "people"]
    readonly_fields = ["result", "proposal", "version", "published_at"]
    inlines = [RosterCellInline, RosterWishInline]
