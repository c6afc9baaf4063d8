from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "hub.volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.volunteering.models import Drive, Post, Shift, SignUp

        for model in (Post, Shift, Drive, SignUp):
            auditlog.register(model)
        # Job handlers must be known to workers that never load the URLs.
        from hub.volunteering import jobs  # noqa: F401
        from hub.volunteering.actions import checkins  # noqa: F401
