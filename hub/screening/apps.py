from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "hub.screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.privacy.retention import register_purger
        from hub.screening import models as m
        from hub.screening.retention import purge_results

        auditlog.register(m.ScreeningRound, m2m_fields={"samplers"})
        auditlog.register(m.SamplingPoint)
        auditlog.register(m.Tube)
        auditlog.register(m.Sample, exclude_fields=["person"])
        auditlog.register(m.TubeResult, exclude_fields=["result"])
        auditlog.register(m.ClosureRound)
        auditlog.register(m.KitHandout)
        auditlog.register(m.AntigenReport, exclude_fields=["result", "photo", "photo_type"])
        register_purger("screening.results", purge_results)
