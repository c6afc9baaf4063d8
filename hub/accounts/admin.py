"""The admin for accounts. Phones are never shown in full: the change form shows the masked
number and takes a new one only when typed (left blank, the phone stays as it is)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import RoleGrant, User
from hub.people.identity import normalize_phone
from hub.privacy.masking import mask_phone


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    raw_id_fields = ["branch", "compound", "building"]


class MaskedPhoneChangeForm(UserChangeForm):
    phone = forms.CharField(
        label=_("New phone number"),
        required=False,
        max_length=40,
        help_text=_("Leave blank to keep the current number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["phone"] = ""
        if self.instance.pk and self.instance.phone:
            self.fields["phone"].help_text = _("Current: %(masked)s. Leave blank to keep it.") % {
                "masked": mask_phone(self.instance.phone)
            }

    def clean_phone(self) -> str | None:
        typed = self.cleaned_data.get("phone") or ""
        if not typed.strip():
            return self.instance.phone
        try:
            return normalize_phone(typed)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = MaskedPhoneChangeForm
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Shouwang", {"fields": ("phone", "person")}))
    raw_id_fields = ["person"]
    inlines = [RoleGrantInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "branch", "compound", "building"]
    list_filter = ["role"]
