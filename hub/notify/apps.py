from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "hub.notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.notify import jobs  # noqa: F401
        from hub.notify.models import Channel, ChannelRoute

        # Who configured which robot, and when; the robot URL and secret carry its token.
        if not auditlog.contains(ChannelRoute):
            auditlog.register(ChannelRoute)
        if not auditlog.contains(Channel):
            auditlog.register(Channel, exclude_fields=["url", "secret"])
