"""Admin for supplies: the compound's settings (carts, building positions, walking distances,
how households are told) are edited here; parcels, custody, trips and plans are read-only,
since every change to them goes through hub.supplies.actions. Rooms as typed, phones and
collectors' names are not shown."""

from typing import Any

from django.contrib import admin

from hub.supplies.models import (
    BuildingSpot,
    Cart,
    CustodyEvent,
    Night,
    Parcel,
    Plan,
    SupplySite,
    Trip,
    WalkingDistance,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(SupplySite)
class SupplySiteAdmin(admin.ModelAdmin):
    list_display = ["compound", "notice_via"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["name", "compound", "capacity_count", "capacity_kg", "active"]
    list_filter = ["compound"]


@admin.register(BuildingSpot)
class BuildingSpotAdmin(admin.ModelAdmin):
    list_display = ["building", "x_m", "y_m"]


@admin.register(WalkingDistance)
class WalkingDistanceAdmin(admin.ModelAdmin):
    list_display = ["compound", "frm", "to", "metres"]


@admin.register(Night)
class NightAdmin(ReadOnlyAdmin):
    list_display = ["compound", "date", "title"]


@admin.register(Parcel)
class ParcelAdmin(ReadOnlyAdmin):
    list_display = ["pick_code", "night", "kind", "status", "failure"]
    list_filter = ["kind", "status"]
    fields = ["night", "kind", "status", "pick_code", "barcode", "quantity", "weight_g", "failure"]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    list_display = ["parcel", "stage", "by", "at"]


@admin.register(Trip)
class TripAdmin(ReadOnlyAdmin):
    list_display = ["night", "volunteer", "round", "status", "distance_m"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["night", "trips", "lower_bound", "distance_m", "created_at"]
