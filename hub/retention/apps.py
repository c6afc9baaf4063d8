from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    """The shared retention purge: a service that runs every purger registered with
    ``hub.privacy.retention`` (as a job, or from cron with ``manage.py purge_retention``)."""

    name = "hub.retention"
    verbose_name = _("Retention purge")

    def ready(self) -> None:
        from hub.retention import purge  # noqa: F401  (registers the privacy.purge job kind)
