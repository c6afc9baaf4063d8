from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "hub.care"
    verbose_name = _("Care")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.care import jobs  # noqa: F401  (registers the job handlers)
        from hub.care.models import (
            CareHealth,
            CareRecipient,
            ContactLog,
            HelpRequest,
            Pairing,
            Purchase,
            WelfareCall,
            WelfareSchedule,
        )
        from hub.care.retention import purge_closed_health
        from hub.privacy.retention import register_purger

        auditlog.register(CareRecipient, mask_fields=["contact_phone"])
        # Health conditions never enter the audit trail: only that the row changed.
        auditlog.register(CareHealth, include_fields=["recipient"])
        auditlog.register(Pairing)
        auditlog.register(ContactLog)
        auditlog.register(Purchase)
        auditlog.register(HelpRequest, mask_fields=["requester_phone"])
        auditlog.register(WelfareSchedule)
        auditlog.register(WelfareCall)
        register_purger("care.health", purge_closed_health)
