from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    name = "hub.hours"
    verbose_name = _("Service hours and certificates")

    def ready(self) -> None:
        # Workers must know the job kinds even when no page imported them first.
        from hub.hours import jobs  # noqa: F401
