from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "hub.office"
    verbose_name = _("Office operations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.office import models
        from hub.office.purge import purge_expired_entries
        from hub.privacy.retention import register_purger

        # Entry records are not audited: the audit trail is never purged, entries must be.
        for model in (
            models.Site,
            models.ContractorCompany,
            models.AttendanceRequirement,
            models.CleaningArea,
            models.CleaningRecord,
        ):
            if not auditlog.contains(model):
                auditlog.register(model)
        if not auditlog.contains(models.ContractorWorker):
            auditlog.register(models.ContractorWorker, mask_fields=["phone", "name"])
        register_purger("office.entries", purge_expired_entries)
        # Job handlers must be known to workers that never load the URLs.
        from hub.office import jobs  # noqa: F401
