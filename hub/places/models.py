"""Compounds (小区), buildings (楼), households (户), area status history (docs/domain.md §2, 4)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Compound(models.Model):
    """A residential compound, managed by an organization (usually a residents' committee)."""

    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        related_name="compounds",
        verbose_name=_("managing organization"),
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="compound_name_unique_in_organization"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    compound = models.ForeignKey(
        Compound, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("compound")
    )
    name = models.CharField(_("name"), max_length=60)
    sort_key = models.CharField(max_length=120, editable=False)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)

    class Meta:
        ordering = ["compound", "sort_key"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="building_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    """A room (户) in a building; its residents are People whose home household it is."""

    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, related_name="households", verbose_name=_("building")
    )
    room = models.CharField(_("room"), max_length=30)
    sort_key = models.CharField(max_length=120, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["building", "sort_key"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["building", "room"], name="household_room_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.room}"


class AreaStatus(models.Model):
    """One period of a compound's (or one building's) status; history is never overwritten.

    A period is open while ``effective_to`` is null; at most one open period exists per
    compound-wide scope and per building.
    """

    class Status(models.TextChoices):
        SEALED = "sealed", _("Sealed (封控)")
        CONTROLLED = "controlled", _("Controlled (管控)")
        PRECAUTION = "precaution", _("Precaution (防范)")

    compound = models.ForeignKey(
        Compound, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("compound")
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statuses",
        verbose_name=_("building"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    effective_from = models.DateTimeField(_("effective from"))
    effective_to = models.DateTimeField(_("effective to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["compound", "building", "-effective_from"]
        verbose_name = _("area status")
        verbose_name_plural = _("area statuses")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="area_status_period_positive",
            ),
            models.UniqueConstraint(
                fields=["compound"],
                condition=Q(building__isnull=True, effective_to__isnull=True),
                name="area_status_one_open_per_compound",
            ),
            models.UniqueConstraint(
                fields=["building"],
                condition=Q(building__isnull=False, effective_to__isnull=True),
                name="area_status_one_open_per_building",
            ),
        ]
        indexes = [models.Index(fields=["compound", "effective_from"], name="area_status_lookup")]

    def __str__(self) -> str:
        return f"{self.compound} {self.get_status_display()}"
