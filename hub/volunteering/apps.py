from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "hub.volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        from hub.people.audit import register_volunteering

        register_volunteering()
        # Job handlers must be known to workers that never load the URLs.
        from hub.volunteering import checkins  # noqa: F401
