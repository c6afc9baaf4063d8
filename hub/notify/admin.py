from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.notify.actions import retry_messages
from hub.notify.models import Channel, ChannelRoute, Message


class ChannelForm(forms.ModelForm):
    # The secret is write-only: never rendered back into the page; empty keeps the old one.
    secret = forms.CharField(
        label=_("signing secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current secret."),
    )
    clear_secret = forms.BooleanField(label=_("remove the secret"), required=False)

    class Meta:
        model = Channel
        fields = ["organization", "kind", "name", "url", "secret", "enabled"]

    def clean_secret(self) -> str:
        value: str = self.cleaned_data.get("secret") or ""
        if self.data.get("clear_secret"):
            return ""
        if not value and self.instance.pk:
            return self.instance.secret
        return value


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelForm
    list_display = ["name", "kind", "organization", "masked_url", "has_secret", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name"]

    @admin.display(description=_("webhook URL"))
    def masked_url(self, obj: Channel) -> str:
        return obj.masked_url

    @admin.display(description=_("signed"), boolean=True)
    def has_secret(self, obj: Channel) -> bool:
        return bool(obj.secret)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "template",
        "channel",
        "destination",
        "organization",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["template", "dedupe_key"]
    list_select_related = ["recipient", "organization"]
    actions = ["retry"]
    exclude = ["recipient", "claim_token"]
    readonly_fields = [
        "destination",
        "address",
        "channel",
        "template",
        "params",
        "language",
        "subject",
        "body",
        "organization",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "dedupe_key",
        "created_at",
        "sent_at",
    ]

    @admin.display(description=_("recipient"))
    def destination(self, obj: Message) -> str:
        return obj.destination

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # messages are written by actions, in the transaction of their cause

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Saving a whole row back could undo a dispatcher's concurrent update: no edit form.
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("notify.change_message"))

    @admin.action(description=_("Retry the selected failed notifications"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = retry_messages(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued again.",
                "%(count)d notifications queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ChannelRoute)
class ChannelRouteAdmin(admin.ModelAdmin):
    list_display = ["id", "organization", "scope_label", "audience", "medium", "channel", "enabled"]
    list_filter = ["audience", "medium", "enabled"]
    raw_id_fields = ["branch", "compound", "building", "channel", "created_by"]
