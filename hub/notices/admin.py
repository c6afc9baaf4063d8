"""Read-only admin for notices: every change goes through hub.notices.actions."""

from typing import Any

from django.contrib import admin

from hub.notices.models import Notice, NoticeAttachment, NoticeRecipient


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    fields = ["filename", "content_type", "size"]
    readonly_fields = ["filename", "content_type", "size"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "sender_branch", "status", "published_at"]
    list_filter = ["status", "organization"]
    search_fields = ["title"]
    inlines = [AttachmentInline]


@admin.register(NoticeRecipient)
class NoticeRecipientAdmin(ReadOnlyAdmin):
    list_display = ["notice", "person", "branch", "acknowledged_at", "replied_at", "reminders"]
    list_filter = ["notice__organization"]
    list_select_related = ["notice", "person", "branch"]
    raw_id_fields = ["notice", "person"]
