"""Office operations: sites and their entry rule, entry records, contractors and their expected
attendance, cleaning areas and what was done in them.

Entry records (``Entry``) hold health declarations (code colour, last test date) and are kept
apart, masked when written, and purged after their site's retention period (``purge.py``). The
database guards one entry per idempotency key and sane rule and schedule values.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CodeColour(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class ContractorRole(models.TextChoices):
    SECURITY = "security", _("Security")
    CLEANING = "cleaning", _("Cleaning")
    ENGINEERING = "engineering", _("Engineering")


class Site(models.Model):
    """A door people enter through (an office building, a gate), with its entry rule."""

    class Kind(models.TextChoices):
        BUILDING = "building", _("Office building")
        GATE = "gate", _("Gate")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="office_sites"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BUILDING)
    require_green = models.BooleanField(
        _("green code required"),
        default=True,
        help_text=_("Refuse anyone who declares a yellow or red code."),
    )
    test_valid_hours = models.PositiveSmallIntegerField(
        _("negative test valid for (hours)"),
        null=True,
        blank=True,
        default=48,
        help_text=_("Empty: no test required. E.g. 48 for a negative test within 48 hours."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("keep entry records for (days)"),
        default=14,
        help_text=_("Entry records older than this are deleted automatically."),
    )
    poster_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("entry site")
        verbose_name_plural = _("entry sites")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="office_site_name_once"),
            models.CheckConstraint(
                condition=Q(retention_days__gte=1) & Q(retention_days__lte=180),
                name="office_site_retention_range",
            ),
            models.CheckConstraint(
                condition=Q(test_valid_hours__isnull=True)
                | (Q(test_valid_hours__gte=1) & Q(test_valid_hours__lte=720)),
                name="office_site_test_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContractorCompany(models.Model):
    """A company whose staff work on the organization's premises (property, security, cleaning)."""

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="contractor_companies"
    )
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("contractor company")
        verbose_name_plural = _("contractor companies")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="office_company_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ContractorWorker(models.Model):
    """One known member of a contractor's staff; they check in with their phone number."""

    company = models.ForeignKey(ContractorCompany, on_delete=models.CASCADE, related_name="workers")
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20)
    role = models.CharField(_("role"), max_length=16, choices=ContractorRole.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company", "role", "name"]
        verbose_name = _("contractor worker")
        verbose_name_plural = _("contractor workers")
        constraints = [
            models.UniqueConstraint(fields=["company", "phone"], name="office_worker_phone_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_name(self) -> str:
        from hub.privacy.masking import mask_name

        return mask_name(self.name)


class AttendanceRequirement(models.Model):
    """How many contractor staff of a role a site expects each day, present by ``due_by``."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="requirements")
    role = models.CharField(_("role"), max_length=16, choices=ContractorRole.choices)
    expected = models.PositiveSmallIntegerField(_("expected per day"))
    due_by = models.TimeField(_("present by"), default=dt.time(8, 30))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site", "role"]
        verbose_name = _("expected attendance")
        verbose_name_plural = _("expected attendance")
        constraints = [
            models.UniqueConstraint(fields=["site", "role"], name="office_requirement_once"),
            models.CheckConstraint(
                condition=Q(expected__gte=1) & Q(expected__lte=200),
                name="office_requirement_expected_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.get_role_display()} × {self.expected}"


class Entry(models.Model):
    """One arrival at a site: admitted or refused, with the health declaration it was judged on.

    Sensitive and short-lived: names and phones are stored masked, and the row is deleted once its
    site's retention period has passed. Not in the audit trail (which is never purged).
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        CONTRACTOR = "contractor", _("Contractor")
        VISITOR = "visitor", _("Visitor")

    class Method(models.TextChoices):
        QR = "qr", _("QR poster")
        DESK = "desk", pgettext_lazy("entry method", "At the desk")
        MANUAL = "manual", _("Manual register")
        API = "api", _("Turnstile or kiosk")

    class Outcome(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        REFUSED = "refused", _("Refused")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reasons = models.JSONField(_("refusal reasons"), default=list, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"))
    masked_name = models.CharField(_("name (masked)"), max_length=60)
    masked_phone = models.CharField(_("phone (masked)"), max_length=20, blank=True)
    purpose = models.CharField(_("purpose"), max_length=120, blank=True)
    host = models.CharField(_("host"), max_length=60, blank=True)
    code_colour = models.CharField(
        _("declared code colour"), max_length=8, choices=CodeColour.choices
    )
    tested_on = models.DateField(_("last negative test"), null=True, blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(
        ContractorWorker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key = models.CharField(_("idempotency key"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-arrived_at", "-id"]
        verbose_name = _("entry record")
        verbose_name_plural = _("entry records")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "key"], condition=~Q(key=""), name="office_entry_key_once"
            ),
        ]
        indexes = [
            models.Index(fields=["site", "arrived_at"], name="office_entry_site_time"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.masked_name} {self.arrived_at:%Y-%m-%d %H:%M}"

    @property
    def admitted(self) -> bool:
        return self.outcome == self.Outcome.ADMITTED

    @property
    def reason_text(self) -> str:
        """Why it was refused, in the current language (empty when admitted)."""
        from hub.office.reasons import describe_reasons

        return describe_reasons(self.reasons)


class CleaningArea(models.Model):
    """A space cleaned and disinfected on a schedule (lifts every 2 hours, toilets, lobby…)."""

    class Kind(models.TextChoices):
        OFFICE = "office", pgettext_lazy("cleaning area", "Office")
        LIFT = "lift", _("Lift")
        TOILET = "toilet", _("Toilet")
        LOBBY = "lobby", _("Lobby")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="cleaning_areas"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    every_minutes = models.PositiveSmallIntegerField(
        _("disinfect every (minutes)"), default=120, help_text=_("E.g. 120 for every 2 hours.")
    )
    day_starts = models.TimeField(_("first round at"), default=dt.time(8, 0))
    day_ends = models.TimeField(_("last round by"), default=dt.time(20, 0))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("cleaning area")
        verbose_name_plural = _("cleaning areas")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="office_area_name_once"),
            models.CheckConstraint(
                condition=Q(every_minutes__gte=15) & Q(every_minutes__lte=1440),
                name="office_area_interval_range",
            ),
            models.CheckConstraint(
                condition=Q(day_starts__lt=models.F("day_ends")),
                name="office_area_day_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CleaningRecord(models.Model):
    """One round of cleaning and disinfection of an area: who, when, with what, how strong."""

    area = models.ForeignKey(CleaningArea, on_delete=models.CASCADE, related_name="records")
    done_at = models.DateTimeField(_("done at"))
    done_by = models.CharField(_("done by"), max_length=60)
    worker = models.ForeignKey(
        ContractorWorker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agent = models.CharField(_("disinfectant"), max_length=60)
    concentration_mg_l = models.PositiveIntegerField(_("concentration (mg/L)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_at", "-id"]
        verbose_name = _("cleaning record")
        verbose_name_plural = _("cleaning records")
        constraints = [
            models.CheckConstraint(
                condition=Q(concentration_mg_l__gte=1) & Q(concentration_mg_l__lte=10000),
                name="office_cleaning_concentration_range",
            )
        ]
        indexes = [models.Index(fields=["area", "done_at"], name="office_cleaning_area_time")]

    def __str__(self) -> str:
        return f"{self.area} {self.done_at:%Y-%m-%d %H:%M}"

    @property
    def masked_done_by(self) -> str:
        from hub.privacy.masking import mask_name

        return mask_name(self.done_by)
