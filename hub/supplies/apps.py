from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliesConfig(AppConfig):
    name = "hub.supplies"
    verbose_name = _("Supplies")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hub.supplies import models

        # Phones and rooms as typed are personal; the audit trail keeps them masked.
        auditlog.register(models.Parcel, mask_fields=["contact_phone", "raw_room", "proxy_name"])
        for model in (
            models.Night,
            models.Cart,
            models.Plan,
            models.Trip,
            models.SupplySite,
            models.BuildingSpot,
            models.WalkingDistance,
        ):
            auditlog.register(model)
