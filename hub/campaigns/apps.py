from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "hub.campaigns"
    verbose_name = _("Door-knocking campaigns")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.campaigns import models as m

        auditlog.register(m.Checklist)
        auditlog.register(m.Campaign, m2m_fields={"buildings"})
        auditlog.register(m.Visit, exclude_fields=["answers", "note"])
        auditlog.register(m.FollowUp, exclude_fields=["note"])
