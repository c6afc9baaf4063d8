from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hub.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    raw_id_fields = ["branch", "compound", "building"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Shouwang", {"fields": ("phone", "person")}))
    raw_id_fields = ["person"]
    inlines = [RoleGrantInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "branch", "compound", "building"]
    list_filter = ["role"]
