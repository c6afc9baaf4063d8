from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "hub.notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.notices.models import Notice, NoticeAttachment

        auditlog.register(Notice)
        auditlog.register(NoticeAttachment, exclude_fields=["content"])
