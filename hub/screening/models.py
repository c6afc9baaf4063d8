"""Screening rounds (核酸筛查): points, slots, the slot plan, codes, tubes, scans, coverage inputs.

Health data (tube results) lives in its own model, ``TubeResult``, shown only to the roles that
need it and purged after retention; the rest says who was sampled where, not what was found.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hub.places.models import AreaStatus


class ScreeningRound(models.Model):
    """One PCR round at a compound: a time window cut into slots, points, and a pooling rule."""

    class Pooling(models.TextChoices):
        POOLED = "pooled", _("Pooled tubes (e.g. 10-in-1)")
        HOUSEHOLD = "household", _("One tube per household (sealed buildings)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PLANNED = "planned", _("Slots planned")
        OPEN = "open", _("Sampling")
        CLOSED = "closed", _("Closed")

    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.CASCADE,
        related_name="screening_rounds",
        verbose_name=_("compound"),
    )
    closure = models.ForeignKey(
        "screening.ClosureRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screening_rounds",
        verbose_name=_("closure round"),
    )
    name = models.CharField(_("name"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=20)
    pooling = models.CharField(
        _("pooling"), max_length=16, choices=Pooling.choices, default=Pooling.POOLED
    )
    pool_size = models.PositiveSmallIntegerField(_("samples per tube"), default=10)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    samplers = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("samplers")
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("screening round")
        verbose_name_plural = _("screening rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="screening_round_window_positive"
            ),
            models.CheckConstraint(
                condition=Q(pool_size__gte=1, pool_size__lte=20), name="screening_pool_size_range"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=120),
                name="screening_slot_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def accepts_scans(self) -> bool:
        return self.status != self.Status.CLOSED


class SamplingPoint(models.Model):
    """A sampling point of a round: how many residents it samples per slot, and walks to it."""

    round = models.ForeignKey(
        ScreeningRound, on_delete=models.CASCADE, related_name="points", verbose_name=_("round")
    )
    name = models.CharField(_("name"), max_length=80)
    capacity = models.PositiveIntegerField(_("residents per slot"))
    # Building id (as text) → metres; a building not listed walks the default distance.
    walk = models.JSONField(_("walking metres by building"), default=dict, blank=True)

    class Meta:
        ordering = ["round", "name"]
        verbose_name = _("sampling point")
        verbose_name_plural = _("sampling points")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="sampling_point_name_unique"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="sampling_point_capacity"),
        ]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["round", "index"]
        constraints = [
            models.UniqueConstraint(fields=["round", "index"], name="slot_index_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class SlotAssignment(models.Model):
    """A building (or one unit of it) goes down to one point in one slot."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="assignments")
    building = models.ForeignKey("places.Building", on_delete=models.CASCADE, related_name="+")
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="assignments")
    point = models.ForeignKey(SamplingPoint, on_delete=models.CASCADE, related_name="assignments")
    residents = models.PositiveIntegerField(_("residents"))
    called_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__index", "point__name", "building__sort_key", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "building", "unit"], name="slot_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building_id}{self.unit} @ {self.slot_id}/{self.point_id}"


class PointDuty(models.Model):
    """Who samples, scans codes or keeps order at which point, in one slot or the whole round."""

    class Duty(models.TextChoices):
        SAMPLE = "sample", _("Takes samples")
        SCAN = "scan", _("Scans codes")
        ORDER = "order", _("Keeps order")

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="duties")
    point = models.ForeignKey(
        SamplingPoint, on_delete=models.CASCADE, related_name="duties", verbose_name=_("point")
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="duties",
        verbose_name=_("slot"),
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    duty = models.CharField(_("duty"), max_length=8, choices=Duty.choices)
    assigned_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["point__name", "slot__index", "duty", "id"]
        verbose_name = _("point duty")
        verbose_name_plural = _("point duties")
        constraints = [
            # A slot of NULL is the whole round; one row per person and slot in a round.
            models.UniqueConstraint(
                fields=["round", "slot", "person"],
                condition=Q(slot__isnull=False),
                name="point_duty_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(slot__isnull=True),
                name="point_duty_once_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty} {self.person_id} @ {self.point_id}/{self.slot_id}"

    @property
    def lets_scan(self) -> bool:
        """Samplers and code scanners may scan at the round; order keepers do not."""
        return self.duty in (self.Duty.SAMPLE, self.Duty.SCAN)


class HomeSampling(models.Model):
    """A bed-bound or immobile resident sampled at home by a home team."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="home_list")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="home_sampling_unique"),
        ]

    def __str__(self) -> str:
        return f"home {self.person_id}"


class Exemption(models.Model):
    """A resident not expected at this round: away from the compound or in hospital."""

    class Reason(models.TextChoices):
        AWAY = "away", _("Away")
        HOSPITALIZED = "hospitalized", _("In hospital")

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="exemptions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="exemption_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.person_id}"


class ScreeningCode(models.Model):
    """A resident's personal screening code; the QR carries only a signed random token."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="screening_code"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("screening code")
        verbose_name_plural = _("screening codes")

    def __str__(self) -> str:
        return f"code {self.pk}"


class Tube(models.Model):
    """A sample tube at a point; it closes when it holds its pool size (or by hand)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="tubes")
    point = models.ForeignKey(
        SamplingPoint, on_delete=models.CASCADE, null=True, blank=True, related_name="tubes"
    )
    label = models.CharField(_("tube label"), max_length=40)
    capacity = models.PositiveSmallIntegerField(_("samples per tube"))
    count = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    is_retest = models.BooleanField(default=False)
    opened_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "opened_at", "id"]
        verbose_name = _("tube")
        verbose_name_plural = _("tubes")
        constraints = [
            models.UniqueConstraint(fields=["round", "label"], name="tube_label_unique"),
            models.CheckConstraint(
                condition=Q(count__lte=F("capacity")), name="tube_count_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Sample(models.Model):
    """One resident scanned into one tube; a resident is sampled once per round (and once more
    when a re-test is ordered)."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="samples")
    tube = models.ForeignKey(Tube, on_delete=models.CASCADE, related_name="samples")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey(
        "places.Building", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_retest = models.BooleanField(default=False)
    at_home = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=64, unique=True)
    scanned_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scanned_at = models.DateTimeField()

    class Meta:
        ordering = ["scanned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "is_retest"], name="sample_once_per_round"
            ),
        ]
        indexes = [models.Index(fields=["round", "building"], name="sample_round_building")]

    def __str__(self) -> str:
        return f"sample {self.pk}"


class TubeResult(models.Model):
    """The laboratory's result for a tube (health data: kept apart, logged, purged)."""

    class Result(models.TextChoices):
        NEGATIVE = "negative", _("Negative")
        ABNORMAL = "abnormal", _("Abnormal")

    tube = models.OneToOneField(Tube, on_delete=models.CASCADE, related_name="result")
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tube result")
        verbose_name_plural = _("tube results")

    def __str__(self) -> str:
        return f"result of tube {self.tube_id}"


class Retest(models.Model):
    """A resident whose pooled tube came back abnormal and must be sampled again, alone."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="retests")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    source_tube = models.ForeignKey(Tube, on_delete=models.CASCADE, related_name="retests")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="retest_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"retest {self.person_id}"


class ClosureRound(models.Model):
    """A compound's (or one building's) closed management, e.g. 48 hours, and its repeats."""

    compound = models.ForeignKey(
        "places.Compound", on_delete=models.CASCADE, related_name="closure_rounds"
    )
    building = models.ForeignKey(
        "places.Building", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("round number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    area_status = models.CharField(
        _("area status"), max_length=16, choices=AreaStatus.Status.choices
    )
    status_record = models.ForeignKey(
        "places.AreaStatus", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posts = models.ManyToManyField("volunteering.Post", blank=True, related_name="+")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["compound", "number"]
        verbose_name = _("closure round")
        verbose_name_plural = _("closure rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "number"], name="closure_round_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="closure_round_window_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.compound} #{self.number}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def may_be_closed_at(self, moment: dt.datetime) -> bool:
        """A round is closed once, and not before it has started."""
        return self.closed_at is None and moment >= self.starts_at


class KitHandout(models.Model):
    """Antigen kits handed to a household (who got how many, when, from whom)."""

    household = models.ForeignKey("places.Household", on_delete=models.CASCADE, related_name="+")
    kits = models.PositiveSmallIntegerField(_("kits"))
    handed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handed_at = models.DateTimeField()

    class Meta:
        ordering = ["-handed_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(kits__gt=0), name="kit_handout_positive")]

    def __str__(self) -> str:
        return f"{self.kits} kits to {self.household_id}"


class AntigenReport(models.Model):
    """One antigen self-test result per person per day (health data: kept apart, purged)."""

    class Result(models.TextChoices):
        NEGATIVE = "negative", _("Negative")
        POSITIVE = "positive", _("Positive")
        INVALID = "invalid", _("Invalid test")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    photo = models.BinaryField(null=True, blank=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True)
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="antigen_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"antigen {self.person_id} {self.day}"
