from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    name = "hub.hours"
    verbose_name = _("Service hours and certificates")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.hours.models import Certificate, CorrectionRequest, HourPolicy, StarAward

        for model in (HourPolicy, CorrectionRequest, StarAward):
            auditlog.register(model)
        auditlog.register(Certificate, exclude_fields=["verify_token"])
        # Workers must know the job kinds even when no page imported them first.
        from hub.hours import jobs  # noqa: F401
