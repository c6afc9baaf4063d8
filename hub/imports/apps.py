from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "hub.imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.imports.models import ImportBatch

        auditlog.register(ImportBatch, exclude_fields=["content", "preview", "errors"])
        from hub.imports import jobs  # noqa: F401
        from hub.imports.actions import purge_import_files
        from hub.privacy.retention import register_purger

        register_purger("imports.files", purge_import_files)
