from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "hub.notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from hub.notify import jobs  # noqa: F401
