"""The service-hour ledger, corrections, star levels, certificates and exports (docs/domain.md §3).

The ledger is append-only: an entry is written once, may move from pending to confirmed once,
and is corrected only by a reversing entry plus a new one. Totals come from confirmed entries.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class HourPolicy(models.Model):
    """How an organization rounds service time (a per-organization setting)."""

    class Rounding(models.TextChoices):
        EXACT = "exact", _("Exact (to 0.01 h)")
        QUARTER = "quarter", _("Nearest quarter hour")
        HALF_15_45 = "half_15_45", _("≤15 min → 0, 15–45 → 0.5, 45–60 → 1")

    organization = models.OneToOneField(
        "people.Organization", on_delete=models.CASCADE, related_name="hour_policy"
    )
    rounding = models.CharField(
        _("rounding"), max_length=16, choices=Rounding.choices, default=Rounding.HALF_15_45
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hour policy")
        verbose_name_plural = _("hour policies")

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_rounding_display()}"


class HourEntry(models.Model):
    """One ledger line. ``kind`` duty lines are duty records, never volunteer hours."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer service")
        DUTY = "duty", _("Duty (值班)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    class EntryType(models.TextChoices):
        ORIGINAL = "original", _("Original")
        REVERSAL = "reversal", _("Reversal")
        CORRECTION = "correction", _("Correction")

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="hour_entries"
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        related_name="hour_entries",
        verbose_name=_("recorded by organization"),
    )
    post = models.ForeignKey(
        "volunteering.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hour_entries",
    )
    shift = models.ForeignKey(
        "volunteering.Shift",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hour_entries",
    )
    checkin = models.ForeignKey(
        "volunteering.CheckIn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hour_entries",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    entry_type = models.CharField(
        _("entry type"), max_length=12, choices=EntryType.choices, default=EntryType.ORIGINAL
    )
    reverses = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversals"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    served_on = models.DateField(_("date"))
    activity = models.CharField(_("activity"), max_length=160)
    place = models.CharField(_("place"), max_length=200, blank=True)
    content = models.CharField(_("content"), max_length=300, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    evaluation = models.CharField(_("evaluation"), max_length=200, blank=True)
    activity_lead = models.CharField(_("activity lead"), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["served_on", "id"]
        verbose_name = _("service-hour entry")
        verbose_name_plural = _("service-hour ledger")
        constraints = [
            # One original entry per check-in: replays never double-count.
            models.UniqueConstraint(
                fields=["checkin"],
                condition=Q(entry_type="original", checkin__isnull=False),
                name="hour_entry_one_original_per_checkin",
            ),
            # An entry is reversed at most once.
            models.UniqueConstraint(
                fields=["reverses"],
                condition=Q(entry_type="reversal"),
                name="hour_entry_reversed_once",
            ),
            models.CheckConstraint(
                condition=Q(entry_type="reversal", hours__lte=0)
                | (~Q(entry_type="reversal") & Q(hours__gte=0)),
                name="hour_entry_sign_matches_type",
            ),
            models.CheckConstraint(
                condition=~Q(entry_type="reversal") | Q(reverses__isnull=False),
                name="hour_entry_reversal_names_its_entry",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(confirmed_at__isnull=False),
                name="hour_entry_confirmed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "organization", "status"], name="hour_entry_person_org"),
            models.Index(fields=["organization", "served_on"], name="hour_entry_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.served_on} {self.hours}h ({self.status})"

    @property
    def may_be_confirmed(self) -> bool:
        """Pending: the pages offer 确认 and ``confirm_entry`` confirms it (once, by a
        conditional UPDATE on this same status)."""
        return self.status == self.Status.PENDING


class CorrectionRequest(models.Model):
    """A volunteer asks for an entry to be corrected; the organizer verifies and decides."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    entry = models.ForeignKey(
        HourEntry, on_delete=models.PROTECT, related_name="correction_requests"
    )
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    proposed_hours = models.DecimalField(_("proposed hours"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="open"), name="correction_one_open_per_entry"
            ),
            models.CheckConstraint(
                condition=Q(proposed_hours__gte=0), name="correction_hours_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} → {self.proposed_hours}h ({self.status})"


STAR_THRESHOLDS = (
    (1, Decimal(100)),
    (2, Decimal(300)),
    (3, Decimal(600)),
    (4, Decimal(1000)),
    (5, Decimal(1500)),
)


class StarAward(models.Model):
    """A star level granted after review and a public notice period (eligible is computed)."""

    class Status(models.TextChoices):
        IN_NOTICE = "in_notice", _("In public notice")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="star_awards"
    )
    organization = models.ForeignKey(
        "people.Organization", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("star level"))
    hours_at_review = models.DecimalField(max_digits=8, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_NOTICE
    )
    notice_until = models.DateField(_("public notice until"))
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("star award")
        verbose_name_plural = _("star awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="star_level_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["person", "organization", "level"],
                condition=~Q(status="rejected"),
                name="star_award_once_per_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ★{self.level} ({self.status})"

    @property
    def is_in_notice(self) -> bool:
        """Still in public notice: it may be granted (once the notice is over) or rejected."""
        return self.status == self.Status.IN_NOTICE

    def notice_running_on(self, day: datetime.date) -> bool:
        """Whether the public notice still runs on ``day`` (it runs through ``notice_until``)."""
        return day <= self.notice_until

    def may_be_granted_on(self, day: datetime.date) -> bool:
        """In notice, and the notice is over on ``day``: what ``grant_star`` requires."""
        return self.is_in_notice and not self.notice_running_on(day)


def new_verify_token() -> str:
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    """A numbered, free, registered certificate of the hours one issuer recorded.

    See docs/domain.md §3 rule 7.

    The figures are snapshots taken at issue time, so a certificate never changes afterwards.
    """

    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="certificates"
    )
    issuer = models.ForeignKey(
        "people.Organization", on_delete=models.PROTECT, related_name="certificates"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    content = models.TextField(_("content of service"))
    person_name = models.CharField(max_length=60)
    id_type = models.CharField(max_length=16, blank=True)
    id_number_masked = models.CharField(max_length=40, blank=True)
    issuer_name = models.CharField(max_length=120)
    person_in_charge = models.CharField(max_length=60, blank=True)
    handler_name = models.CharField(max_length=60, blank=True)
    contact = models.CharField(max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    verify_token = models.CharField(
        max_length=40, unique=True, default=new_verify_token, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="certificate_period_ordered"
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="certificate_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class CertificateSequence(models.Model):
    """The next certificate number per issuer and year, taken with a conditional UPDATE."""

    issuer = models.ForeignKey("people.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="certificate_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}: {self.last}"


class ExportRequest(models.Model):
    """An export of service records; unmasked output needs a second approver."""

    class Status(models.TextChoices):
        READY = "ready", _("Ready")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a second approver")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unmasked = models.BooleanField(_("unmasked"), default=False)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export request")
        verbose_name_plural = _("export requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("requested_by")),
                name="export_second_approver_differs",
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"

    @property
    def is_downloadable(self) -> bool:
        """Masked exports are ready at once; unmasked ones once a second admin approved."""
        return self.status in (self.Status.READY, self.Status.APPROVED)

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == self.Status.AWAITING_APPROVAL

    def may_be_approved_by(self, user: Any) -> bool:
        """Waiting, and ``user`` is not its requester: the second-approver rule."""
        return self.is_awaiting_approval and getattr(user, "pk", None) != self.requested_by_id
