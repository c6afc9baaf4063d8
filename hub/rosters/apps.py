from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    name = "hub.rosters"
    verbose_name = _("Rosters")

    def ready(self) -> None:
        from hub.rosters import jobs  # noqa: F401
