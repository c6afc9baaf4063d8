from django.contrib import admin

from hub.places.models import AreaStatus, Building, Compound, Household


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "district"]
    search_fields = ["name"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "compound", "floors"]
    list_filter = ["compound"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["room", "building"]
    raw_id_fields = ["building"]


@admin.register(AreaStatus)
class AreaStatusAdmin(admin.ModelAdmin):
    list_display = ["compound", "building", "status", "effective_from", "effective_to"]
    list_filter = ["status"]
