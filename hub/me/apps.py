from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeConfig(AppConfig):
    name = "hub.me"
    verbose_name = _("My volunteering")

    def ready(self) -> None:
        from hub.me import jobs  # noqa: F401
